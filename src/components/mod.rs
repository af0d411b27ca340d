//! Widgets shared by the pages.

pub mod chart;
pub mod list;
pub mod shell;
pub mod status;

pub use shell::Shell;
pub use status::{DataView, DemoBadge, ResourceView, RetryPanel, Skeleton};
