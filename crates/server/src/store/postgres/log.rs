//! The log half of [`PgStore`] (PostgreSQL): to be ported from the SQLite store.

#![allow(unused_imports, unused_variables)]

use super::PgStore;
use crate::store::{StoreError, StoreResult};
use gongshi_domain::log::{LogChange, LogEntry, canonical, next_entry};
use serde_json::Value;

impl PgStore {
    pub(super) async fn append_log_impl(
        &self,
        change: &LogChange,
        content: &Value,
    ) -> StoreResult<LogEntry> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn log_entries_impl(
        &self,
        after: u64,
        limit: u32,
        subject: Option<&str>,
    ) -> StoreResult<Vec<LogEntry>> {
        unimplemented!("PostgreSQL: not ported yet")
    }
}
