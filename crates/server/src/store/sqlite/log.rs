//! The public change log in [`SqliteStore`]: appended inside the writer's transaction with the write
//! lock held (so entries never fork and a change is never logged without being made, or made without
//! being logged), read in order.

use super::SqliteStore;
use crate::store::StoreResult;
use crate::store::rows::log::{LogRow as Row, corrupt, entry};
use gongshi_domain::log::{LogChange, LogEntry, canonical, next_entry};
use serde_json::Value;

/// Appends `change` (whose content is `content`) after the last entry. The caller's transaction
/// must hold the write lock (`BEGIN IMMEDIATE`).
pub(super) async fn append(
    tx: &mut sqlx::SqliteConnection,
    change: LogChange,
    content: Value,
) -> StoreResult<LogEntry> {
    let last: Option<Row> = sqlx::query_as(
        "SELECT seq, prev, change, hash, content FROM public_log ORDER BY seq DESC LIMIT 1",
    )
    .fetch_optional(&mut *tx)
    .await?;
    let last = last.map(entry).transpose()?;
    let next = next_entry(last.as_ref(), change, content);
    let change = serde_json::to_value(&next.change).map_err(corrupt)?;
    sqlx::query(
        "INSERT INTO public_log (seq, prev, change, hash, subject, content) \
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(i64::try_from(next.seq).unwrap_or(i64::MAX))
    .bind(&next.prev)
    .bind(canonical(&change))
    .bind(&next.hash)
    .bind(&next.change.subject)
    .bind(next.content.as_ref().map(canonical))
    .execute(&mut *tx)
    .await?;
    Ok(next)
}

impl SqliteStore {
    pub(super) async fn append_log_impl(
        &self,
        change: &LogChange,
        content: &Value,
    ) -> StoreResult<LogEntry> {
        // IMMEDIATE: the last entry read is still the last when the new one is written.
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let next = append(&mut tx, change.clone(), content.clone()).await?;
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
            "SELECT seq, prev, change, hash, content FROM public_log
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
