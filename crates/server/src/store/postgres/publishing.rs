//! Staff writes to penalties in [`PgStore`] (PostgreSQL): new records, corrections and withdrawals,
//! each in one transaction with its public log entry and the writer lock held ([`PgStore::write`]),
//! adjusting the summaries by the records written instead of rebuilding them; and the staff side's
//! reads of an authority's records.

use super::PgStore;
use super::log::append;
use super::penalties::{BATCH, LISTING_INSERT, LISTING_TEXT_INSERT, write_batch};
use crate::store::rows::publishing::{
    GroupRow, StaffListRow, StaffPenaltyRecord, StateRow, penalty_group, penalty_id, penalty_state,
    staff_penalty, staff_penalty_row,
};
use crate::store::rows::{date_string, sort_key, to_json};
use crate::store::{Publication, Rewritten, StaffPenalty, StaffPenaltyRow, StoreResult};
use gongshi_domain::dashboard::PenaltyGroup;
use gongshi_domain::penalty::{PenaltyId, Withdrawal};
use gongshi_domain::{AuthorityId, DistrictCode};

/// `key IN (…)` over an array of keys bound as one parameter.
const KEYS: &str = "key = ANY($1)";

/// Adds (`sign` 1) or takes away (`sign` -1) the records with `keys` from the summaries: the day's
/// listing and its counts, the monthly statistics and the matters used. Taking away runs before the
/// rows are deleted, adding after they are written.
async fn adjust_summaries(tx: &mut sqlx::PgConnection, keys: &[i64], sign: i64) -> StoreResult<()> {
    let monthly = format!(
        "INSERT INTO penalty_monthly (district, month, locality, authority, domain, procedure, \
         party_kind, kinds, n, fine, confiscated, on_time, late) \
         SELECT district, substr(decided, 1, 7), locality, authority, domain, procedure, \
         party_kind, kinds, $2 * count(*), $2 * sum(fine)::BIGINT, \
         $2 * sum(confiscated)::BIGINT, $2 * count(*) FILTER (WHERE late = 0), \
         $2 * count(*) FILTER (WHERE late = 1) \
         FROM penalties WHERE {KEYS} AND withdrawn IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 \
         ON CONFLICT (district, month, locality, authority, domain, procedure, party_kind, kinds) \
         DO UPDATE SET n = penalty_monthly.n + excluded.n, \
         fine = penalty_monthly.fine + excluded.fine, \
         confiscated = penalty_monthly.confiscated + excluded.confiscated, \
         on_time = penalty_monthly.on_time + excluded.on_time, \
         late = penalty_monthly.late + excluded.late"
    );
    let matter_use = format!(
        "INSERT INTO penalty_matter_use (district, year, locality, matter, n) \
         SELECT district, CAST(substr(decided, 1, 4) AS BIGINT), locality, matter, $2 * count(*) \
         FROM penalties WHERE {KEYS} AND withdrawn IS NULL GROUP BY 1, 2, 3, 4 \
         ON CONFLICT (district, year, locality, matter) \
         DO UPDATE SET n = penalty_matter_use.n + excluded.n"
    );
    let listed = format!(
        "INSERT INTO penalty_listed (district, locality, authority, domain, party_kind, procedure, \
         kinds, n) SELECT district, locality, authority, domain, party_kind, procedure, kinds, \
         $2 * count(*) FROM penalty_listing WHERE {KEYS} GROUP BY 1, 2, 3, 4, 5, 6, 7 \
         ON CONFLICT (district, locality, authority, domain, party_kind, procedure, kinds) \
         DO UPDATE SET n = penalty_listed.n + excluded.n"
    );
    // What the listing holds is what is listed on the day it was built for (none yet: nothing).
    let listing = format!(
        "{LISTING_INSERT} CROSS JOIN penalty_summary_state st WHERE p.key = ANY($1) \
         AND p.restricted = 0 AND p.published <= st.listed_on AND p.ends > st.listed_on"
    );
    // Each statement with whether it takes the sign ($2): PostgreSQL refuses a bind it does not use.
    let statements: Vec<(String, bool)> = if sign > 0 {
        vec![
            (monthly, true),
            (matter_use, true),
            (listing, false),
            (
                format!("{LISTING_TEXT_INSERT} WHERE l.key = ANY($1)"),
                false,
            ),
            (listed, true),
        ]
    } else {
        vec![
            (monthly, true),
            (matter_use, true),
            (listed, true),
            (
                format!("DELETE FROM penalty_listing_text WHERE {KEYS}"),
                false,
            ),
            (format!("DELETE FROM penalty_listing WHERE {KEYS}"), false),
        ]
    };
    for (statement, signed) in statements {
        let query = sqlx::query(&statement).bind(keys);
        let query = if signed { query.bind(sign) } else { query };
        query.execute(&mut *tx).await?;
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
async fn remove(tx: &mut sqlx::PgConnection, key: i64, id: PenaltyId) -> StoreResult<()> {
    let id = i64::try_from(id.0).unwrap_or(-1);
    adjust_summaries(tx, &[key], -1).await?;
    for (statement, by_key) in [
        ("DELETE FROM penalty_search WHERE key = $1", true),
        ("DELETE FROM penalty_public WHERE key = $1", true),
        ("DELETE FROM penalty_private WHERE id = $1", false),
        ("DELETE FROM penalties WHERE key = $1", true),
    ] {
        sqlx::query(statement)
            .bind(if by_key { key } else { id })
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// Whether `authority` has a record numbered `number` other than `except`.
async fn number_taken(
    tx: &mut sqlx::PgConnection,
    authority: &AuthorityId,
    number: &str,
    except: Option<PenaltyId>,
) -> StoreResult<bool> {
    let found: Option<(i64,)> = sqlx::query_as(
        "SELECT id FROM penalties WHERE authority = $1 AND decision_number = $2 AND id <> $3 LIMIT 1",
    )
    .bind(authority.as_str())
    .bind(number)
    .bind(except.map_or(-1, |e| i64::try_from(e.0).unwrap_or(-1)))
    .fetch_optional(&mut *tx)
    .await?;
    Ok(found.is_some())
}

/// The key of the record with `id` and whether it is withdrawn.
async fn state(tx: &mut sqlx::PgConnection, id: PenaltyId) -> StoreResult<Option<(i64, bool)>> {
    let row: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT key, withdrawn FROM penalties WHERE id = $1")
            .bind(i64::try_from(id.0).unwrap_or(-1))
            .fetch_optional(&mut *tx)
            .await?;
    Ok(row.map(|(key, withdrawn)| (key, withdrawn.is_some())))
}

impl PgStore {
    pub(super) async fn publish_penalties_impl(
        &self,
        district: &DistrictCode,
        make: &(dyn Fn(PenaltyId) -> Vec<Publication> + Send + Sync),
    ) -> StoreResult<Option<Vec<(PenaltyId, Option<u64>)>>> {
        // The writer lock: the first free id read here stays free until this commits, whichever
        // instance publishes meanwhile (they queue).
        let mut tx = self.write().await?;
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
        for chunk in publications.chunks(BATCH) {
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
        let mut tx = self.write().await?;
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
        let mut tx = self.write().await?;
        let key = match state(&mut tx, id).await? {
            None => return Ok(Rewritten::Missing),
            Some((_, true)) => return Ok(Rewritten::Withdrawn),
            Some((key, false)) => key,
        };
        adjust_summaries(&mut tx, &[key], -1).await?;
        sqlx::query("UPDATE penalties SET withdrawn = $1, withdrawal = $2 WHERE key = $3")
            .bind(date_string(withdrawal.date))
            .bind(to_json("withdrawal", withdrawal)?)
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
             FROM penalties p JOIN penalty_private pr ON pr.id = p.id WHERE p.id = $1",
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
             restricted FROM penalties WHERE authority = $1 AND id < $2 ORDER BY id DESC LIMIT $3",
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
             WHERE authority = $1 GROUP BY restricted, published, ends, withdrawn, late \
             ORDER BY restricted, published, ends, withdrawn NULLS FIRST, late NULLS FIRST",
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
        let rows: Vec<(String, i64)> = sqlx::query_as(
            "SELECT decision_number, id FROM penalties WHERE authority = $1 \
             AND decision_number = ANY($2)",
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
        let rows: Vec<StateRow> = sqlx::query_as(
            "SELECT id, restricted, published, ends, withdrawn, \
             (SELECT max(seq) FROM public_log WHERE subject = 'penalty:' || id::text) \
             FROM penalties WHERE id = ANY($1)",
        )
        .bind(ids)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(penalty_state).collect()
    }
}
