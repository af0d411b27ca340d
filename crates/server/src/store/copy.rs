//! `gongshi migrate-data`: a SQLite deployment copied into PostgreSQL, all or nothing.
//!
//! The two schemas are column for column the same, so rows are copied as they are, table by table
//! in the order the migrations create them (references point backwards, or are deferred). The one
//! exception is the penalty search rows, which SQLite keeps contentless: they are built again from
//! each record's public projection, exactly as publishing builds them, and the listed records'
//! ones copied beside the listing (a PostgreSQL table of its own). The copy is one PostgreSQL
//! transaction holding the writer lock, read from one SQLite snapshot; then vacuumed and analysed;
//! afterwards every table's count and the change log's chain (recomputed, with the same head) are
//! compared.

use super::{PgStore, SqliteStore, StoreError, StoreResult};
use futures_util::TryStreamExt;
use sqlx::{Postgres, QueryBuilder, Row};

/// Every table, in the order the migrations create them.
pub const TABLES: [&str; 33] = [
    "districts",
    "departments",
    "authorities",
    "zones",
    "localities",
    "teams",
    "matters",
    "delegations",
    "officers",
    "officer_personal",
    "auxiliaries",
    "penalties",
    "penalty_public",
    "penalty_private",
    "penalty_search",
    "penalty_listing",
    "penalty_listed",
    "penalty_monthly",
    "penalty_matter_use",
    "penalty_summary_state",
    "complaints",
    "complaint_contacts",
    "complaint_photos",
    "complaint_events",
    "complaint_idempotency",
    "complaint_submissions",
    "complaint_challenges_used",
    "server_secrets",
    "staff_users",
    "staff_sessions",
    "staff_login_failures",
    "public_log",
    "complaint_notes",
];

/// Tables whose id PostgreSQL assigns (an identity column): its sequence continues after the copy.
const IDENTITIES: [(&str, &str); 3] = [
    ("delegations", "id"),
    ("complaints", "id"),
    ("staff_users", "id"),
];

/// PostgreSQL's bound on parameters in one statement, less a margin.
const MAX_PARAMETERS: usize = 60_000;

/// What was copied: rows per table, and the change log's length and head.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Copied {
    pub tables: Vec<(&'static str, u64)>,
    pub log_entries: u64,
    pub log_head: String,
}

/// Why a copy was refused or failed verification.
#[derive(Debug, thiserror::Error)]
pub enum CopyError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "the PostgreSQL database already holds data ({table} has rows): copy into a new database"
    )]
    TargetNotEmpty { table: &'static str },
    #[error("after the copy {table} has {postgres} rows in PostgreSQL but {sqlite} in SQLite")]
    CountDiffers {
        table: &'static str,
        sqlite: u64,
        postgres: u64,
    },
    #[error("the SQLite database holds no district: nothing to copy (is --from right?)")]
    SourceEmpty,
    #[error("the change log does not verify: {0}")]
    LogBroken(String),
    #[error("the copied change log ends at {postgres} but the original at {sqlite}")]
    LogDiffers { sqlite: String, postgres: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Integer,
    Real,
    Text,
    Bytes,
}

/// A value read from SQLite, to bind in PostgreSQL.
enum Value {
    Integer(Option<i64>),
    Real(Option<f64>),
    Text(Option<String>),
    Bytes(Option<Vec<u8>>),
}

async fn columns(target: &PgStore, table: &str) -> StoreResult<Vec<(String, Kind)>> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::text, data_type::text FROM information_schema.columns \
         WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(target.primary())
    .await?;
    rows.into_iter()
        .map(|(name, ty)| {
            let kind = match ty.as_str() {
                "bigint" => Kind::Integer,
                "double precision" => Kind::Real,
                "text" => Kind::Text,
                "bytea" => Kind::Bytes,
                other => {
                    return Err(StoreError::Corrupt {
                        what: "PostgreSQL column type",
                        detail: format!("{table}.{name} is {other}"),
                    });
                }
            };
            Ok((name, kind))
        })
        .collect()
}

async fn target_count(target: &PgStore, table: &str) -> StoreResult<u64> {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(target.primary())
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

async fn source_count(read: &mut sqlx::SqliteConnection, table: &str) -> StoreResult<u64> {
    let (n,): (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {table}"))
        .fetch_one(&mut *read)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

async fn insert(
    tx: &mut sqlx::PgConnection,
    table: &str,
    names: &str,
    batch: &mut Vec<Vec<Value>>,
) -> StoreResult<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let mut q = QueryBuilder::<Postgres>::new(format!("INSERT INTO {table} ({names}) "));
    q.push_values(batch.drain(..), |mut b, row| {
        for value in row {
            match value {
                Value::Integer(v) => b.push_bind(v),
                Value::Real(v) => b.push_bind(v),
                Value::Text(v) => b.push_bind(v),
                Value::Bytes(v) => b.push_bind(v),
            };
        }
    });
    q.build().execute(&mut *tx).await?;
    Ok(())
}

/// Copies one table's rows as they are; answers how many.
async fn copy_table(
    read: &mut sqlx::SqliteConnection,
    tx: &mut sqlx::PgConnection,
    table: &'static str,
    columns: &[(String, Kind)],
    progress: &(dyn Fn(&str, u64) + Send + Sync),
) -> StoreResult<u64> {
    let names = columns
        .iter()
        .map(|(name, _)| name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    // Photos are up to 5 MB each: a few per statement keeps every message far below PostgreSQL's
    // 1 GB bound (and the memory a batch holds small).
    let most = if columns.iter().any(|(_, kind)| *kind == Kind::Bytes) {
        20
    } else {
        5_000
    };
    let per_batch = (MAX_PARAMETERS / columns.len().max(1)).clamp(1, most);
    let mut batch = Vec::with_capacity(per_batch);
    let mut copied = 0;
    let select = format!("SELECT {names} FROM {table}");
    let mut rows = sqlx::query(&select).fetch(&mut *read);
    while let Some(row) = rows.try_next().await? {
        let mut values = Vec::with_capacity(columns.len());
        for (i, (_, kind)) in columns.iter().enumerate() {
            values.push(match kind {
                Kind::Integer => Value::Integer(row.try_get(i)?),
                Kind::Real => Value::Real(row.try_get(i)?),
                Kind::Text => Value::Text(row.try_get(i)?),
                Kind::Bytes => Value::Bytes(row.try_get(i)?),
            });
        }
        batch.push(values);
        if batch.len() == per_batch {
            copied += batch.len() as u64;
            insert(tx, table, &names, &mut batch).await?;
            progress(table, copied);
        }
    }
    copied += batch.len() as u64;
    insert(tx, table, &names, &mut batch).await?;
    progress(table, copied);
    Ok(copied)
}

/// Builds the search rows from the public projections already copied; answers their count.
async fn rebuild_search(
    tx: &mut sqlx::PgConnection,
    progress: &(dyn Fn(&str, u64) + Send + Sync),
) -> StoreResult<u64> {
    let n = super::postgres::rebuild_search_index(tx).await?;
    progress("penalty_search", n);
    Ok(n)
}

/// Copies everything in `source` into the empty `target`, then checks the copy.
pub async fn copy(
    source: &SqliteStore,
    target: &PgStore,
    progress: &(dyn Fn(&str, u64) + Send + Sync),
) -> Result<Copied, CopyError> {
    if source_count(
        &mut *source.pool().acquire().await.map_err(StoreError::from)?,
        "districts",
    )
    .await?
        == 0
    {
        return Err(CopyError::SourceEmpty);
    }
    for table in TABLES {
        if table != "penalty_summary_state" && target_count(target, table).await? > 0 {
            return Err(CopyError::TargetNotEmpty { table });
        }
    }
    let mut layout = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let columns = if table == "penalty_search" {
            Vec::new()
        } else {
            columns(target, table).await?
        };
        layout.push((table, columns));
    }

    // One snapshot of the source: a server still writing to it changes nothing copied.
    let mut read = source.pool().begin().await.map_err(StoreError::from)?;
    let mut counts = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let of = if table == "penalty_search" {
            "penalty_public"
        } else {
            table
        };
        counts.push((table, source_count(&mut read, of).await?));
    }
    let mut tx = target.write().await?;
    sqlx::query("DELETE FROM penalty_summary_state")
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    let mut tables = Vec::with_capacity(TABLES.len());
    for (table, columns) in &layout {
        let n = if *table == "penalty_search" {
            rebuild_search(&mut tx, progress).await?
        } else {
            copy_table(&mut read, &mut tx, table, columns, progress).await?
        };
        tables.push((*table, n));
    }
    // The listed records' search rows, beside the listing (a table SQLite does not have).
    let n = super::postgres::list_text(&mut tx).await?;
    progress("penalty_listing_text", n);
    tables.push(("penalty_listing_text", n));
    // Counted inside the transaction: a copy that does not add up is rolled back, not left behind.
    for (table, sqlite) in &counts {
        let (n,): (i64,) = sqlx::query_as(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut *tx)
            .await
            .map_err(StoreError::from)?;
        let postgres = u64::try_from(n).unwrap_or(0);
        if postgres != *sqlite {
            return Err(CopyError::CountDiffers {
                table,
                sqlite: *sqlite,
                postgres,
            });
        }
    }
    for (table, column) in IDENTITIES {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', '{column}'), \
             coalesce(max({column}), 0) + 1, false) FROM {table}"
        ))
        .execute(&mut *tx)
        .await
        .map_err(StoreError::from)?;
    }
    tx.commit().await.map_err(StoreError::from)?;
    read.rollback().await.map_err(StoreError::from)?;
    // A bulk load leaves the planner without statistics and every page unmarked in the visibility
    // map: the first queries would plan blind and visit the heap. VACUUM cannot run inside the
    // copy's transaction, so it runs after.
    progress("VACUUM (ANALYZE)", 0);
    sqlx::query("VACUUM (ANALYZE)")
        .execute(target.primary())
        .await
        .map_err(StoreError::from)?;

    let verified = crate::check_chain(target)
        .await?
        .map_err(|b| CopyError::LogBroken(b.to_string()))?;
    let original = crate::check_chain(source)
        .await?
        .map_err(|b| CopyError::LogBroken(format!("already in SQLite: {b}")))?;
    if verified.head != original.head {
        return Err(CopyError::LogDiffers {
            sqlite: original.head,
            postgres: verified.head,
        });
    }
    Ok(Copied {
        tables,
        log_entries: verified.entries,
        log_head: verified.head,
    })
}
