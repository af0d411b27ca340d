//! The complaint half of [`SqliteStore`]: submissions written in one IMMEDIATE transaction (so the
//! idempotency, rate-limit, replay and repeat checks see every earlier submission), contacts and
//! photos kept apart, and the timeline read back for tracking.

use super::SqliteStore;
use super::catalog::date_string;
use crate::params::spelling;
use crate::store::rows::complaints::{
    ComplaintRow, PublicComplaintTuple, TimelineRow, china_day, complaint_record, complaint_stats,
    public_complaint, public_complaints_query, rate_limit_wait, stats_days,
};
pub(crate) use crate::store::rows::rfc3339;
use crate::store::rows::to_json;
use crate::store::{
    ComplaintRecord, ComplaintWrite, RateLimits, StoreError, StoreResult, Submitted,
};
use gongshi_domain::complaint::{REPEAT_WINDOW_DAYS, TrackingCode, is_supervised};
use time::Duration;

/// Appends ` AND column IN (…)`, a parameter for each value: [`public_complaints_query`]'s list.
fn push_any(q: &mut sqlx::QueryBuilder<'_, sqlx::Sqlite>, column: &str, values: Vec<String>) {
    q.push(format!(" AND {column} IN ("));
    let mut list = q.separated(", ");
    for value in values {
        list.push_bind(value);
    }
    q.push(")");
}

impl SqliteStore {
    pub(super) async fn server_secret_impl(&self, name: &str) -> StoreResult<String> {
        let read = || {
            sqlx::query_as::<_, (String,)>("SELECT value FROM server_secrets WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.pool)
        };
        if let Some((value,)) = read().await? {
            return Ok(value);
        }
        // Created once; two instances starting together both try, the first insert wins and both
        // read it.
        let candidate = {
            use rand::RngCore;
            let mut bytes = [0u8; 32];
            rand::rngs::OsRng.fill_bytes(&mut bytes);
            bytes.iter().map(|b| format!("{b:02x}")).collect::<String>()
        };
        sqlx::query(
            "INSERT INTO server_secrets (name, value) VALUES (?, ?) ON CONFLICT DO NOTHING",
        )
        .bind(name)
        .bind(&candidate)
        .execute(&self.writer)
        .await?;
        read().await?.map(|(v,)| v).ok_or(StoreError::Corrupt {
            what: "server secret",
            detail: format!("{name} was not stored"),
        })
    }

    pub(super) async fn submit_complaint_impl(
        &self,
        w: &ComplaintWrite,
        limits: RateLimits,
    ) -> StoreResult<Submitted> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let now = rfc3339(w.submitted_at);

        if let Some((key, body)) = &w.idempotency {
            let seen: Option<(String, String)> = sqlx::query_as(
                "SELECT body_sha256, answer FROM complaint_idempotency WHERE key = ?",
            )
            .bind(key)
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((seen_body, answer)) = seen {
                return Ok(if &seen_body == body {
                    Submitted::Replayed { answer }
                } else {
                    Submitted::KeyReused
                });
            }
        }

        // Rate limits: over a limit, the wait is until enough marks in that window have aged out
        // of it — the (count − limit + 1)-th oldest — and the longest wait of all windows counts.
        let mut wait = 0i64;
        for (limit, window) in [
            (limits.per_hour, Duration::HOUR),
            (limits.per_day, Duration::DAY),
        ] {
            let since = rfc3339(w.submitted_at - window);
            let (count,): (i64,) = sqlx::query_as(
                "SELECT count(*) FROM complaint_submissions WHERE client = ? AND at > ?",
            )
            .bind(&w.client)
            .bind(&since)
            .fetch_one(&mut *tx)
            .await?;
            if count >= i64::from(limit) {
                let mark: Option<(String,)> = sqlx::query_as(
                    "SELECT at FROM complaint_submissions WHERE client = ? AND at > ?
                     ORDER BY at LIMIT 1 OFFSET ?",
                )
                .bind(&w.client)
                .bind(&since)
                .bind(count - i64::from(limit))
                .fetch_optional(&mut *tx)
                .await?;
                let mark = mark.map(|(at,)| at);
                wait = wait.max(rate_limit_wait(mark.as_deref(), window, w.submitted_at)?);
            }
        }
        if wait > 0 {
            return Ok(Submitted::RateLimited {
                retry_after: u64::try_from(wait).unwrap_or(1),
            });
        }

        if let Some((signature, expires)) = &w.challenge {
            sqlx::query("DELETE FROM complaint_challenges_used WHERE expires_at < ?")
                .bind(&now)
                .execute(&mut *tx)
                .await?;
            let fresh = sqlx::query(
                "INSERT INTO complaint_challenges_used (signature, expires_at) VALUES (?, ?)
                 ON CONFLICT DO NOTHING",
            )
            .bind(signature)
            .bind(rfc3339(*expires))
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if fresh == 0 {
                return Ok(Submitted::ChallengeSpent);
            }
        }

        let taken: Option<(i64,)> = sqlx::query_as("SELECT id FROM complaints WHERE code = ?")
            .bind(w.code.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Ok(Submitted::CodeTaken);
        }

        let c = &w.complaint;
        let today = china_day(w.submitted_at);
        let (earlier,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM complaints WHERE locality = ? AND topic = ? AND submitted_on > ?",
        )
        .bind(c.locality.as_str())
        .bind(&w.topic)
        .bind(date_string(today - Duration::days(REPEAT_WINDOW_DAYS)))
        .fetch_one(&mut *tx)
        .await?;
        let supervised = is_supervised(u64::try_from(earlier).unwrap_or(0) + 1);
        let outcome = if supervised { &w.supervised } else { &w.normal };
        let route = to_json("route", &outcome.route.reason)?;

        let id: i64 = sqlx::query_scalar(
            "INSERT INTO complaints (code, secret_sha256, kind, district, locality, address,
                 latitude, longitude, happened_on, matter, domain, officer, description, privacy,
                 authority, route, supervised, topic, status, submitted_at, submitted_on,
                 reply_due, photos)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, ?, ?, ?)
             RETURNING id",
        )
        .bind(w.code.as_str())
        .bind(&w.secret_sha256)
        .bind(spelling(&c.kind))
        .bind(c.district.as_str())
        .bind(c.locality.as_str())
        .bind(c.address.as_ref().map(|a| a.as_str()))
        .bind(c.location.map(|p| p.latitude))
        .bind(c.location.map(|p| p.longitude))
        .bind(date_string(c.happened_on))
        .bind(c.matter.as_ref().map(|m| m.as_str()))
        .bind(c.domain.as_ref().map(spelling))
        .bind(c.officer.as_ref().map(|o| o.as_str()))
        .bind(c.description.as_str())
        .bind(spelling(&c.privacy))
        .bind(outcome.route.authority.as_str())
        .bind(route)
        .bind(supervised)
        .bind(&w.topic)
        .bind(&now)
        .bind(date_string(today))
        .bind(w.reply_due.map(date_string))
        .bind(i64::try_from(w.photos.len()).unwrap_or(0))
        .fetch_one(&mut *tx)
        .await?;

        if let Some(contact) = &c.contact {
            sqlx::query(
                "INSERT INTO complaint_contacts (complaint, name, phone, email) VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(contact.name.as_ref().map(|n| n.as_str()))
            .bind(contact.phone.as_ref().map(|p| p.as_str()))
            .bind(contact.email.as_ref().map(|e| e.as_str()))
            .execute(&mut *tx)
            .await?;
        }
        for (n, photo) in w.photos.iter().enumerate() {
            sqlx::query(
                "INSERT INTO complaint_photos (complaint, n, content_type, bytes) VALUES (?, ?, ?, ?)",
            )
            .bind(id)
            .bind(i64::try_from(n).unwrap_or(0))
            .bind(photo.content_type)
            .bind(&photo.bytes)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO complaint_events (complaint, n, at, status, note, authority) \
             VALUES (?, 0, ?, 'received', NULL, ?)",
        )
        .bind(id)
        .bind(&now)
        .bind(outcome.route.authority.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query("INSERT INTO complaint_submissions (client, at) VALUES (?, ?)")
            .bind(&w.client)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        // Old submission marks go as new ones come. Idempotency answers stay as long as their
        // complaint: a draft retried weeks later (a phone left in a drawer) must still get its
        // first answer, not file a second complaint.
        sqlx::query("DELETE FROM complaint_submissions WHERE at < ?")
            .bind(rfc3339(w.submitted_at - Duration::DAY))
            .execute(&mut *tx)
            .await?;
        if let Some((key, body)) = &w.idempotency {
            sqlx::query(
                "INSERT INTO complaint_idempotency (key, complaint, body_sha256, answer, created_at)
                 VALUES (?, ?, ?, ?, ?)",
            )
            .bind(key)
            .bind(id)
            .bind(body)
            .bind(&outcome.stored)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Submitted::Created {
            answer: outcome.answer.clone(),
        })
    }

    pub(super) async fn complaint_impl(
        &self,
        code: &TrackingCode,
    ) -> StoreResult<Option<ComplaintRecord>> {
        let row: Option<ComplaintRow> = sqlx::query_as(
            "SELECT id, secret_sha256, kind, district, authority, status, supervised,
                    submitted_on, reply_due
             FROM complaints WHERE code = ?",
        )
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let events: Vec<TimelineRow> = sqlx::query_as(
            "SELECT at, status, note FROM complaint_events WHERE complaint = ? ORDER BY n",
        )
        .bind(row.0)
        .fetch_all(&self.pool)
        .await?;
        complaint_record(code, row, events).map(Some)
    }

    pub(super) async fn complaint_stats_impl(
        &self,
        district: &gongshi_domain::DistrictCode,
        year: Option<i32>,
    ) -> StoreResult<crate::store::ComplaintStatsRows> {
        // A year is a range of submission days; without one, every day.
        let (from, to) = stats_days(year);
        let scope = "district = ? AND submitted_on BETWEEN ? AND ?";
        let by_locality: Vec<(String, i64, i64)> = sqlx::query_as(&format!(
            "SELECT locality, count(*), sum(supervised) FROM complaints WHERE {scope}
             GROUP BY locality ORDER BY count(*) DESC, locality"
        ))
        .bind(district.as_str())
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await?;
        let by_kind: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT kind, count(*) FROM complaints WHERE {scope} GROUP BY kind ORDER BY kind"
        ))
        .bind(district.as_str())
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await?;
        let by_status: Vec<(String, i64)> = sqlx::query_as(&format!(
            "SELECT status, count(*) FROM complaints WHERE {scope} GROUP BY status ORDER BY status"
        ))
        .bind(district.as_str())
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await?;
        let replies: Vec<(String, String)> = sqlx::query_as(&format!(
            "SELECT c.submitted_on, min(e.at) FROM complaints c
             JOIN complaint_events e ON e.complaint = c.id AND e.status = 'replied'
             WHERE c.{} GROUP BY c.id",
            "district = ? AND c.submitted_on BETWEEN ? AND ?"
        ))
        .bind(district.as_str())
        .bind(&from)
        .bind(&to)
        .fetch_all(&self.pool)
        .await?;
        complaint_stats(by_locality, by_kind, by_status, replies)
    }

    pub(super) async fn public_complaints_impl(
        &self,
        f: &crate::store::PublicComplaintFilter,
    ) -> StoreResult<Vec<crate::store::PublicComplaintRow>> {
        let mut q = public_complaints_query(f, push_any);
        let rows: Vec<PublicComplaintTuple> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(public_complaint).collect()
    }
}
