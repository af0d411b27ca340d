//! The public change log in [`SqliteStore`]: appended under the write lock, read in order.

use super::SqliteStore;
use crate::store::{StoreError, StoreResult};
use gongshi_domain::log::{LogChange, LogEntry, canonical, next_entry};

type Row = (i64, String, String, String);

fn entry((seq, prev, change, hash): Row) -> StoreResult<LogEntry> {
    let change: LogChange = serde_json::from_str(&change).map_err(|e| StoreError::Corrupt {
        what: "log entry",
        detail: e.to_string(),
    })?;
    Ok(LogEntry {
        seq: u64::try_from(seq).unwrap_or(0),
        prev,
        change,
        hash,
    })
}

impl SqliteStore {
    pub(super) async fn append_log_impl(&self, change: &LogChange) -> StoreResult<LogEntry> {
        // IMMEDIATE: the last entry read is still the last when the new one is written.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let last: Option<Row> = sqlx::query_as(
            "SELECT seq, prev, change, hash FROM public_log ORDER BY seq DESC LIMIT 1",
        )
        .fetch_optional(&mut *tx)
        .await?;
        let last = last.map(entry).transpose()?;
        let next = next_entry(last.as_ref(), change.clone());
        let value = serde_json::to_value(&next.change).map_err(|e| StoreError::Corrupt {
            what: "log change",
            detail: e.to_string(),
        })?;
        sqlx::query(
            "INSERT INTO public_log (seq, prev, change, hash, subject) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(i64::try_from(next.seq).unwrap_or(i64::MAX))
        .bind(&next.prev)
        .bind(canonical(&value))
        .bind(&next.hash)
        .bind(&next.change.subject)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(next)
    }

    pub(super) async fn log_entries_impl(
        &self,
        after: u64,
        limit: u32,
        subject: Option<&str>,
    ) -> StoreResult<Vec<LogEntry>> {
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT seq, prev, change, hash FROM public_log
             WHERE seq > ? AND (? IS NULL OR subject = ?)
             ORDER BY seq LIMIT ?",
        )
        .bind(i64::try_from(after).unwrap_or(i64::MAX))
        .bind(subject)
        .bind(subject)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(entry).collect()
    }
}
