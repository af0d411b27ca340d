//! gongshi's domain: the organisation of street-level enforcement, the values it is described with,
//! and the wire types the server and the browser exchange.
//!
//! No IO lives here: the browser (WebAssembly) and the server run this same code, so a value that
//! parses in one parses in the other. Every newtype has one way in (`parse` / `TryFrom<String>`) and
//! deserialising goes through it, so a value that exists is valid.

pub mod api;
pub mod calendar;
pub mod catalog;
pub mod catalog_dataset;
pub mod certificate;
pub mod codes;
pub mod complaint;
pub mod dashboard;
pub mod dataset;
pub mod division;
pub mod handling;
pub mod ids;
pub mod import_layout;
pub mod log;
pub mod mask;
pub mod money;
pub mod officer;
pub mod org;
pub mod penalty;
pub mod penalty_import;
pub mod penalty_stats;
pub mod phone;
pub mod roster_dataset;
pub mod roster_import;
pub mod search;
pub mod staff;
pub mod text;

#[cfg(test)]
mod fixtures;

pub use division::{DistrictCode, DistrictCodeError};
pub use ids::{AuthorityId, DepartmentId, LocalityId, Slug, SlugError, TeamId, ZoneId};
pub use org::{
    Authority, AuthorityKind, Department, District, DistrictOrg, Locality, LocalityKind, Team,
    TeamKind, Zone,
};
pub use phone::{PhoneNumber, PhoneNumberError};
pub use text::{Name, NameError, Text, TextError};
