//! What the SQLite and PostgreSQL log code shares (no database access): a stored row read back
//! into a [`LogEntry`].

use crate::store::{StoreError, StoreResult};
use gongshi_domain::log::LogEntry;

/// A `public_log` row: `seq, prev, change, hash, content`.
pub(in crate::store) type LogRow = (i64, String, String, String, Option<String>);

pub(in crate::store) fn corrupt(e: serde_json::Error) -> StoreError {
    StoreError::Corrupt {
        what: "log entry",
        detail: e.to_string(),
    }
}

pub(in crate::store) fn entry((seq, prev, change, hash, content): LogRow) -> StoreResult<LogEntry> {
    Ok(LogEntry {
        seq: u64::try_from(seq).unwrap_or(0),
        prev,
        change: serde_json::from_str(&change).map_err(corrupt)?,
        hash,
        content: content
            .map(|c| serde_json::from_str(&c))
            .transpose()
            .map_err(corrupt)?,
    })
}
