//! Complaint handling in [`SqliteStore`]: the inbox, a case with its contact, steps and notes, and
//! each change (status, reply, note, transfer) in one transaction that first checks the case is
//! still as the handler saw it.

use super::catalog::date;
use super::complaints::{rfc3339, timestamp};
use super::{SqliteStore, parse};
use crate::params::spelling;
use crate::store::{CaseChange, CaseRecord, InboxFilter, StoreResult};
use gongshi_domain::complaint::{ComplaintStatus, Contact, GeoPoint, TrackingCode};
use gongshi_domain::dashboard::CaseGroup;
use gongshi_domain::handling::{CaseStep, InboxItem, InternalNote};
use gongshi_domain::{AuthorityId, DistrictCode};
use sqlx::Row;
use time::OffsetDateTime;

/// Characters of the description an inbox row shows.
const SUMMARY_CHARS: usize = 60;

impl SqliteStore {
    pub(super) async fn case_groups_impl(
        &self,
        district: &DistrictCode,
        authority: Option<&AuthorityId>,
    ) -> StoreResult<Vec<CaseGroup>> {
        let rows: Vec<(String, Option<String>, i64, i64)> = sqlx::query_as(
            "SELECT status, reply_due, supervised, COUNT(*) FROM complaints \
             WHERE district = ?1 AND (?2 IS NULL OR authority = ?2) AND status <> 'closed' \
             GROUP BY status, reply_due, supervised",
        )
        .bind(district.as_str())
        .bind(authority.map(AuthorityId::as_str))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(status, due, supervised, count)| {
                Ok(CaseGroup {
                    status: parse("status", &status)?,
                    reply_due: due.map(|d| date(&d)).transpose()?,
                    supervised: supervised != 0,
                    count: u64::try_from(count).unwrap_or(0),
                })
            })
            .collect()
    }

    pub(super) async fn complaint_inbox_impl(
        &self,
        f: &InboxFilter,
    ) -> StoreResult<Vec<(i64, InboxItem)>> {
        let rows = sqlx::query(
            "SELECT id, code, kind, status, supervised, submitted_at, reply_due, locality, \
             authority, description FROM complaints \
             WHERE district = ?1 AND (?2 IS NULL OR authority = ?2) AND (?3 IS NULL OR status = ?3) \
             AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR supervised = ?5) AND id < ?6 \
             ORDER BY id DESC LIMIT ?7",
        )
        .bind(f.district.as_str())
        .bind(f.authority.as_ref().map(AuthorityId::as_str))
        .bind(f.status.map(|s| spelling(&s)))
        .bind(f.kind.map(|k| spelling(&k)))
        .bind(f.supervised.map(i64::from))
        .bind(f.before.unwrap_or(i64::MAX))
        .bind(i64::from(f.limit))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let description: String = r.try_get(9)?;
                let due: Option<String> = r.try_get(6)?;
                Ok((
                    r.try_get(0)?,
                    InboxItem {
                        code: parse("tracking code", &r.try_get::<String, _>(1)?)?,
                        kind: parse("kind", &r.try_get::<String, _>(2)?)?,
                        status: parse("status", &r.try_get::<String, _>(3)?)?,
                        supervised: r.try_get::<i64, _>(4)? != 0,
                        submitted_at: timestamp("submitted at", &r.try_get::<String, _>(5)?)?,
                        reply_due: due.map(|d| date(&d)).transpose()?,
                        overdue: false,
                        locality: parse("locality", &r.try_get::<String, _>(7)?)?,
                        authority: parse("authority", &r.try_get::<String, _>(8)?)?,
                        summary: description.chars().take(SUMMARY_CHARS).collect(),
                    },
                ))
            })
            .collect()
    }

    pub(super) async fn case_impl(&self, code: &TrackingCode) -> StoreResult<Option<CaseRecord>> {
        let row = sqlx::query(
            "SELECT c.id, c.kind, c.status, c.supervised, c.submitted_at, c.reply_due, c.district, \
             c.locality, c.address, c.latitude, c.longitude, c.happened_on, c.matter, c.domain, \
             c.officer, c.description, c.privacy, c.authority, c.route, c.photos, \
             k.complaint IS NOT NULL, k.name, k.phone, k.email \
             FROM complaints c LEFT JOIN complaint_contacts k ON k.complaint = c.id \
             WHERE c.code = ?",
        )
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(r) = row else {
            return Ok(None);
        };
        let id: i64 = r.try_get(0)?;
        let opt = |i: usize| -> StoreResult<Option<String>> { Ok(r.try_get(i)?) };
        let location = match (
            r.try_get::<Option<f64>, _>(9)?,
            r.try_get::<Option<f64>, _>(10)?,
        ) {
            (Some(latitude), Some(longitude)) => Some(GeoPoint {
                latitude,
                longitude,
            }),
            _ => None,
        };
        let contact = if r.try_get::<bool, _>(20)? {
            Some(Contact {
                name: opt(21)?.map(|n| parse("contact name", &n)).transpose()?,
                phone: opt(22)?.map(|p| parse("contact phone", &p)).transpose()?,
                email: opt(23)?.map(|e| parse("contact email", &e)).transpose()?,
            })
        } else {
            None
        };
        let route: String = r.try_get(18)?;
        let events = sqlx::query(
            "SELECT at, status, note, actor, authority FROM complaint_events \
             WHERE complaint = ? ORDER BY n",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let timeline = events
            .iter()
            .map(|e| {
                let authority: Option<String> = e.try_get(4)?;
                Ok(CaseStep {
                    at: timestamp("event time", &e.try_get::<String, _>(0)?)?,
                    status: parse("status", &e.try_get::<String, _>(1)?)?,
                    note: e.try_get(2)?,
                    actor: e.try_get(3)?,
                    authority: authority.map(|a| parse("authority", &a)).transpose()?,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let notes: Vec<(String, String, String)> = sqlx::query_as(
            "SELECT at, actor, text FROM complaint_notes WHERE complaint = ? ORDER BY n",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let notes = notes
            .into_iter()
            .map(|(at, actor, text)| {
                Ok(InternalNote {
                    at: timestamp("note time", &at)?,
                    actor,
                    text,
                })
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let authority: AuthorityId = parse("authority", &r.try_get::<String, _>(17)?)?;
        // Where it was first sent: the submission step's body (or, with no step naming one, the
        // body holding it, never moved).
        let original = timeline
            .first()
            .and_then(|s| s.authority.clone())
            .unwrap_or_else(|| authority.clone());
        Ok(Some(CaseRecord {
            code: code.clone(),
            kind: parse("kind", &r.try_get::<String, _>(1)?)?,
            status: parse("status", &r.try_get::<String, _>(2)?)?,
            supervised: r.try_get::<i64, _>(3)? != 0,
            submitted_at: timestamp("submitted at", &r.try_get::<String, _>(4)?)?,
            reply_due: opt(5)?.map(|d| date(&d)).transpose()?,
            district: parse("district", &r.try_get::<String, _>(6)?)?,
            locality: parse("locality", &r.try_get::<String, _>(7)?)?,
            address: opt(8)?,
            location,
            happened_on: date(&r.try_get::<String, _>(11)?)?,
            matter: opt(12)?.map(|m| parse("matter", &m)).transpose()?,
            domain: opt(13)?.map(|d| parse("domain", &d)).transpose()?,
            officer: opt(14)?.map(|o| parse("officer", &o)).transpose()?,
            description: r.try_get(15)?,
            privacy: parse("privacy", &r.try_get::<String, _>(16)?)?,
            authority,
            route: gongshi_domain::complaint::Route {
                authority: original,
                reason: serde_json::from_str(&route).map_err(|e| {
                    crate::store::StoreError::Corrupt {
                        what: "route",
                        detail: e.to_string(),
                    }
                })?,
            },
            photos: u32::try_from(r.try_get::<i64, _>(19)?).unwrap_or(0),
            contact,
            timeline,
            notes,
        }))
    }

    pub(super) async fn change_case_impl(
        &self,
        code: &TrackingCode,
        expected: (ComplaintStatus, &AuthorityId),
        change: &CaseChange,
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(i64, String, String)> =
            sqlx::query_as("SELECT id, status, authority FROM complaints WHERE code = ?")
                .bind(code.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let Some((id, status, authority)) = row else {
            return Ok(false);
        };
        if status != spelling(&expected.0) || authority != expected.1.as_str() {
            return Ok(false);
        }
        let at = rfc3339(at);
        let (status, note, authority) = match change {
            CaseChange::Note(text) => {
                sqlx::query(
                    "INSERT INTO complaint_notes (complaint, n, at, actor, text) VALUES (?1, \
                     (SELECT coalesce(max(n), 0) + 1 FROM complaint_notes WHERE complaint = ?1), \
                     ?2, ?3, ?4)",
                )
                .bind(id)
                .bind(&at)
                .bind(actor)
                .bind(text)
                .execute(&mut *tx)
                .await?;
                tx.commit().await?;
                return Ok(true);
            }
            CaseChange::Status(s) => (*s, None, authority),
            CaseChange::Reply(text) => (ComplaintStatus::Replied, Some(text.clone()), authority),
            CaseChange::Transfer { to, reason } => (
                ComplaintStatus::Referred,
                Some(reason.clone()),
                to.to_string(),
            ),
        };
        sqlx::query("UPDATE complaints SET status = ?, authority = ? WHERE id = ?")
            .bind(spelling(&status))
            .bind(&authority)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO complaint_events (complaint, n, at, status, note, actor, authority) \
             VALUES (?1, (SELECT max(n) + 1 FROM complaint_events WHERE complaint = ?1), \
             ?2, ?3, ?4, ?5, ?6)",
        )
        .bind(id)
        .bind(&at)
        .bind(spelling(&status))
        .bind(note)
        .bind(actor)
        .bind(&authority)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    pub(super) async fn complaint_photo_impl(
        &self,
        code: &TrackingCode,
        n: u32,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        Ok(sqlx::query_as(
            "SELECT p.content_type, p.bytes FROM complaint_photos p \
             JOIN complaints c ON c.id = p.complaint WHERE c.code = ? AND p.n = ?",
        )
        .bind(code.as_str())
        .bind(i64::from(n))
        .fetch_optional(&self.pool)
        .await?)
    }
}
