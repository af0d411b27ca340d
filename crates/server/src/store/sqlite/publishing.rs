//! Staff writes to penalties in [`SqliteStore`]: new records, corrections and withdrawals, each in
//! one transaction with its public log entry, adjusting the summaries by the records written instead
//! of rebuilding them.

use super::SqliteStore;
use super::log::append;
use super::penalties::{sort_key, write_batch};
use crate::store::rows::publishing::{
    GroupRow, StaffListRow, StaffPenaltyRecord, StateRow, penalty_group, penalty_id, penalty_state,
    staff_penalty, staff_penalty_row,
};
use crate::store::{
    Publication, Rewritten, StaffPenalty, StaffPenaltyRow, StoreError, StoreResult,
};
use gongshi_domain::dashboard::PenaltyGroup;
use gongshi_domain::penalty::{PenaltyId, Withdrawal};
use gongshi_domain::{AuthorityId, DistrictCode};

/// `key IN (…)` over a JSON array of keys bound as one parameter.
const KEYS: &str = "key IN (SELECT value FROM json_each(?1))";

/// Adds (`sign` 1) or takes away (`sign` -1) the records with `keys` from the summaries: the day's
/// listing and its counts, the monthly statistics and the matters used. Taking away runs before the
/// rows are deleted, adding after they are written.
async fn adjust_summaries(
    tx: &mut sqlx::SqliteConnection,
    keys: &[i64],
    sign: i64,
) -> StoreResult<()> {
    let keys = serde_json::to_string(keys).map_err(|e| StoreError::Corrupt {
        what: "keys",
        detail: e.to_string(),
    })?;
    let monthly = format!(
        "INSERT INTO penalty_monthly (district, month, locality, authority, domain, procedure, \
         party_kind, kinds, n, fine, confiscated, on_time, late) \
         SELECT district, substr(decided, 1, 7), locality, authority, domain, procedure, \
         party_kind, kinds, ?2 * count(*), ?2 * sum(fine), ?2 * sum(confiscated), \
         ?2 * coalesce(sum(late = 0), 0), ?2 * coalesce(sum(late = 1), 0) \
         FROM penalties WHERE {KEYS} AND withdrawn IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 \
         ON CONFLICT (district, month, locality, authority, domain, procedure, party_kind, kinds) \
         DO UPDATE SET n = n + excluded.n, fine = fine + excluded.fine, \
         confiscated = confiscated + excluded.confiscated, on_time = on_time + excluded.on_time, \
         late = late + excluded.late"
    );
    let matter_use = format!(
        "INSERT INTO penalty_matter_use (district, year, locality, matter, n) \
         SELECT district, CAST(substr(decided, 1, 4) AS INTEGER), locality, matter, ?2 * count(*) \
         FROM penalties WHERE {KEYS} AND withdrawn IS NULL GROUP BY 1, 2, 3, 4 \
         ON CONFLICT (district, year, locality, matter) DO UPDATE SET n = n + excluded.n"
    );
    let listed = format!(
        "INSERT INTO penalty_listed (district, locality, authority, domain, party_kind, procedure, \
         kinds, n) SELECT district, locality, authority, domain, party_kind, procedure, kinds, \
         ?2 * count(*) FROM penalty_listing WHERE {KEYS} GROUP BY 1, 2, 3, 4, 5, 6, 7 \
         ON CONFLICT (district, locality, authority, domain, party_kind, procedure, kinds) \
         DO UPDATE SET n = n + excluded.n"
    );
    // What the listing holds is what is listed on the day it was built for (none yet: nothing).
    let listing = format!(
        "INSERT INTO penalty_listing (key, district, locality, authority, domain, matter, \
         party_kind, procedure, kinds, fine) SELECT key, district, locality, authority, domain, \
         matter, party_kind, procedure, kinds, fine FROM penalties, penalty_summary_state \
         WHERE {KEYS} AND restricted = 0 AND published <= listed_on AND ends > listed_on"
    );
    let statements: Vec<String> = if sign > 0 {
        vec![monthly, matter_use, listing, listed]
    } else {
        vec![
            monthly,
            matter_use,
            listed,
            format!("DELETE FROM penalty_listing WHERE {KEYS}"),
        ]
    };
    for statement in statements {
        sqlx::query(&statement)
            .bind(&keys)
            .bind(sign)
            .execute(&mut *tx)
            .await?;
    }
    for statement in [
        "DELETE FROM penalty_monthly WHERE n = 0",
        "DELETE FROM penalty_matter_use WHERE n = 0",
        "DELETE FROM penalty_listed WHERE n = 0",
    ] {
        sqlx::query(statement).execute(&mut *tx).await?;
    }
    Ok(())
}

/// The record with `id` (stored under `key`), its search terms and its public and private parts,
/// gone (its summaries taken away first).
async fn remove(tx: &mut sqlx::SqliteConnection, key: i64, id: PenaltyId) -> StoreResult<()> {
    let id = i64::try_from(id.0).unwrap_or(-1);
    adjust_summaries(tx, &[key], -1).await?;
    for statement in [
        "DELETE FROM penalty_search WHERE rowid = ?1",
        "DELETE FROM penalty_public WHERE key = ?1",
        "DELETE FROM penalty_private WHERE id = ?2",
        "DELETE FROM penalties WHERE key = ?1",
    ] {
        sqlx::query(statement)
            .bind(key)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Whether `authority` has a record numbered `number` other than `except`.
async fn number_taken(
    tx: &mut sqlx::SqliteConnection,
    authority: &AuthorityId,
    number: &str,
    except: Option<PenaltyId>,
) -> StoreResult<bool> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM penalties WHERE authority = ? AND decision_number = ? AND id != ? LIMIT 1",
    )
    .bind(authority.as_str())
    .bind(number)
    .bind(except.map_or(-1, |e| i64::try_from(e.0).unwrap_or(-1)))
    .fetch_optional(&mut *tx)
    .await?;
    Ok(found.is_some())
}

/// The key of the record with `id` and whether it is withdrawn.
async fn state(tx: &mut sqlx::SqliteConnection, id: PenaltyId) -> StoreResult<Option<(i64, bool)>> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT key, withdrawn FROM penalties WHERE id = ?")
            .bind(i64::try_from(id.0).unwrap_or(-1))
            .fetch_optional(&mut *tx)
            .await?;
    Ok(row.map(|(key, withdrawn)| (key, withdrawn.is_some())))
}

impl SqliteStore {
    pub(super) async fn publish_penalties_impl(
        &self,
        district: &DistrictCode,
        make: &(dyn Fn(PenaltyId) -> Vec<Publication> + Send + Sync),
    ) -> StoreResult<Option<Vec<(PenaltyId, Option<u64>)>>> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let (last,): (i64,) = sqlx::query_as("SELECT coalesce(max(id), 0) FROM penalties")
            .fetch_one(&mut *tx)
            .await?;
        let publications = make(penalty_id(last + 1));
        // Checked again here, under the write lock: a double submit or a retried import commit
        // does not publish a number twice.
        for p in &publications {
            let penalty = &p.write.penalty;
            if number_taken(
                &mut tx,
                &penalty.authority,
                penalty.decision_number.as_str(),
                None,
            )
            .await?
            {
                return Ok(None);
            }
        }
        let mut out = Vec::with_capacity(publications.len());
        let mut keys = Vec::with_capacity(publications.len());
        for chunk in publications.chunks(super::penalties::BATCH) {
            let writes: Vec<_> = chunk.iter().map(|p| p.write.clone()).collect();
            write_batch(&mut tx, district, &writes).await?;
        }
        for p in publications {
            let id = p.write.penalty.id;
            keys.push(sort_key(p.write.penalty.decided, id)?);
            let seq = match p.log {
                Some((change, content)) => Some(append(&mut tx, change, content).await?.seq),
                None => None,
            };
            out.push((id, seq));
        }
        adjust_summaries(&mut tx, &keys, 1).await?;
        tx.commit().await?;
        Ok(Some(out))
    }

    pub(super) async fn replace_penalty_impl(
        &self,
        district: &DistrictCode,
        publication: Publication,
    ) -> StoreResult<Rewritten> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let p = &publication.write.penalty;
        let key = match state(&mut tx, p.id).await? {
            None => return Ok(Rewritten::Missing),
            Some((_, true)) => return Ok(Rewritten::Withdrawn),
            Some((key, false)) => key,
        };
        if number_taken(
            &mut tx,
            &p.authority,
            p.decision_number.as_str(),
            Some(p.id),
        )
        .await?
        {
            return Ok(Rewritten::NumberTaken);
        }
        remove(&mut tx, key, p.id).await?;
        write_batch(&mut tx, district, std::slice::from_ref(&publication.write)).await?;
        adjust_summaries(&mut tx, &[sort_key(p.decided, p.id)?], 1).await?;
        let seq = match publication.log {
            Some((change, content)) => Some(append(&mut tx, change, content).await?.seq),
            None => None,
        };
        tx.commit().await?;
        Ok(Rewritten::Done(seq))
    }

    pub(super) async fn withdraw_penalty_impl(
        &self,
        id: PenaltyId,
        withdrawal: &Withdrawal,
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Rewritten> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let key = match state(&mut tx, id).await? {
            None => return Ok(Rewritten::Missing),
            Some((_, true)) => return Ok(Rewritten::Withdrawn),
            Some((key, false)) => key,
        };
        adjust_summaries(&mut tx, &[key], -1).await?;
        sqlx::query("UPDATE penalties SET withdrawn = ?, withdrawal = ? WHERE key = ?")
            .bind(super::catalog::date_string(withdrawal.date))
            .bind(super::penalties::to_json("withdrawal", withdrawal)?)
            .bind(key)
            .execute(&mut *tx)
            .await?;
        adjust_summaries(&mut tx, &[key], 1).await?;
        let entry = append(&mut tx, log.0, log.1).await?;
        tx.commit().await?;
        Ok(Rewritten::Done(Some(entry.seq)))
    }

    pub(super) async fn staff_penalty_impl(
        &self,
        id: PenaltyId,
    ) -> StoreResult<Option<StaffPenalty>> {
        let Ok(id) = i64::try_from(id.0) else {
            return Ok(None);
        };
        let row: Option<StaffPenaltyRecord> = sqlx::query_as(
            "SELECT p.district, p.authority, p.published, p.withdrawal, pr.fields, \
             p.decision_number, p.decided, p.ends, p.restricted \
             FROM penalties p JOIN penalty_private pr ON pr.id = p.id WHERE p.id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| staff_penalty(id, r)).transpose()
    }

    pub(super) async fn staff_penalties_impl(
        &self,
        authority: &AuthorityId,
        before: Option<PenaltyId>,
        limit: u32,
    ) -> StoreResult<Vec<StaffPenaltyRow>> {
        let before = before.map_or(i64::MAX, |b| i64::try_from(b.0).unwrap_or(i64::MAX));
        let rows: Vec<StaffListRow> = sqlx::query_as(
            "SELECT id, decision_number, party_name, decided, published, ends, withdrawn, \
             restricted FROM penalties WHERE authority = ? AND id < ? ORDER BY id DESC LIMIT ?",
        )
        .bind(authority.as_str())
        .bind(before)
        .bind(i64::from(limit))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(staff_penalty_row).collect()
    }

    pub(super) async fn penalty_groups_impl(
        &self,
        authority: &AuthorityId,
    ) -> StoreResult<Vec<PenaltyGroup>> {
        let rows: Vec<GroupRow> = sqlx::query_as(
            "SELECT restricted, published, ends, withdrawn, late, COUNT(*) FROM penalties \
             WHERE authority = ? GROUP BY restricted, published, ends, withdrawn, late",
        )
        .bind(authority.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(penalty_group).collect()
    }

    pub(super) async fn decision_numbers_taken_impl(
        &self,
        authority: &AuthorityId,
        numbers: &[String],
    ) -> StoreResult<Vec<(String, PenaltyId)>> {
        let numbers = serde_json::to_string(numbers).map_err(|e| StoreError::Corrupt {
            what: "decision numbers",
            detail: e.to_string(),
        })?;
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT decision_number, id FROM penalties WHERE authority = ? \
             AND decision_number IN (SELECT value FROM json_each(?))",
        )
        .bind(authority.as_str())
        .bind(numbers)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(n, id)| (n, penalty_id(id)))
            .collect())
    }

    pub(super) async fn penalty_states_impl(
        &self,
        ids: &[PenaltyId],
    ) -> StoreResult<Vec<crate::store::PenaltyState>> {
        let ids: Vec<i64> = ids.iter().filter_map(|i| i64::try_from(i.0).ok()).collect();
        let ids = serde_json::to_string(&ids).map_err(|e| StoreError::Corrupt {
            what: "ids",
            detail: e.to_string(),
        })?;
        let rows: Vec<StateRow> = sqlx::query_as(
            "SELECT id, restricted, published, ends, withdrawn, \
             (SELECT max(seq) FROM public_log WHERE subject = 'penalty:' || id) \
             FROM penalties WHERE id IN (SELECT value FROM json_each(?))",
        )
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(penalty_state).collect()
    }
}
