//! Complaint handling in [`SqliteStore`]: the inbox, a case with its contact, steps and notes, and
//! each change (status, reply, note, transfer) in one transaction that first checks the case is
//! still as the handler saw it.

use super::SqliteStore;
use super::complaints::rfc3339;
use crate::params::spelling;
use crate::store::rows::date_string;
use crate::store::rows::handling::{
    CaseGroupRow, CaseRow, CaseStepRow, InboxRow, NoteRow, case_group, case_record, case_step,
    inbox_item, internal_note,
};
use crate::store::{CaseChange, CaseRecord, InboxFilter, StoreResult};
use gongshi_domain::complaint::{ComplaintStatus, TrackingCode};
use gongshi_domain::dashboard::CaseGroup;
use gongshi_domain::handling::InboxItem;
use gongshi_domain::{AuthorityId, DistrictCode};
use time::OffsetDateTime;

impl SqliteStore {
    pub(super) async fn case_groups_impl(
        &self,
        district: &DistrictCode,
        authority: Option<&AuthorityId>,
    ) -> StoreResult<Vec<CaseGroup>> {
        let rows: Vec<CaseGroupRow> = sqlx::query_as(
            "SELECT status, reply_due, supervised, COUNT(*) FROM complaints \
             WHERE district = ?1 AND (?2 IS NULL OR authority = ?2) AND status <> 'closed' \
             GROUP BY status, reply_due, supervised",
        )
        .bind(district.as_str())
        .bind(authority.map(AuthorityId::as_str))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(case_group).collect()
    }

    pub(super) async fn complaint_inbox_impl(
        &self,
        f: &InboxFilter,
    ) -> StoreResult<Vec<(i64, InboxItem)>> {
        let rows: Vec<InboxRow> = sqlx::query_as(
            "SELECT id, code, kind, status, supervised, submitted_at, reply_due, locality, \
             authority, description FROM complaints \
             WHERE district = ?1 AND (?2 IS NULL OR authority = ?2) AND (?3 IS NULL OR status = ?3) \
             AND (?4 IS NULL OR kind = ?4) AND (?5 IS NULL OR supervised = ?5) AND id < ?6 \
             AND (?8 IS NULL OR status IN (SELECT value FROM json_each(?8))) \
             AND (?9 IS NULL OR reply_due >= ?9) AND (?10 IS NULL OR reply_due <= ?10) \
             ORDER BY id DESC LIMIT ?7",
        )
        .bind(f.district.as_str())
        .bind(f.authority.as_ref().map(AuthorityId::as_str))
        .bind(f.status.map(|s| spelling(&s)))
        .bind(f.kind.map(|k| spelling(&k)))
        .bind(f.supervised.map(i64::from))
        .bind(f.before.unwrap_or(i64::MAX))
        .bind(i64::from(f.limit))
        .bind(f.queue.map(|q| {
            serde_json::to_string(&q.statuses).expect("statuses serialise")
        }))
        .bind(f.queue.and_then(|q| q.due_from).map(date_string))
        .bind(f.queue.and_then(|q| q.due_until).map(date_string))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(inbox_item).collect()
    }

    pub(super) async fn case_impl(&self, code: &TrackingCode) -> StoreResult<Option<CaseRecord>> {
        let row: Option<CaseRow> = sqlx::query_as(
            "SELECT c.id, c.kind, c.status, c.supervised, c.submitted_at, c.reply_due, c.district, \
             c.locality, c.address, c.latitude, c.longitude, c.happened_on, c.matter, c.domain, \
             c.officer, c.description, c.privacy, c.authority, c.route, c.photos, \
             k.complaint IS NOT NULL AS has_contact, k.name AS contact_name, \
             k.phone AS contact_phone, k.email AS contact_email \
             FROM complaints c LEFT JOIN complaint_contacts k ON k.complaint = c.id \
             WHERE c.code = ?",
        )
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        let events: Vec<CaseStepRow> = sqlx::query_as(
            "SELECT at, status, note, actor, authority FROM complaint_events \
             WHERE complaint = ? ORDER BY n",
        )
        .bind(row.id())
        .fetch_all(&self.pool)
        .await?;
        let timeline = events
            .into_iter()
            .map(case_step)
            .collect::<StoreResult<Vec<_>>>()?;
        let notes: Vec<NoteRow> = sqlx::query_as(
            "SELECT at, actor, text FROM complaint_notes WHERE complaint = ? ORDER BY n",
        )
        .bind(row.id())
        .fetch_all(&self.pool)
        .await?;
        let notes = notes
            .into_iter()
            .map(internal_note)
            .collect::<StoreResult<Vec<_>>>()?;
        case_record(code, row, timeline, notes).map(Some)
    }

    pub(super) async fn change_case_impl(
        &self,
        code: &TrackingCode,
        expected: (ComplaintStatus, &AuthorityId),
        change: &CaseChange,
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
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
