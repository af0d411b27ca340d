//! What the SQLite and PostgreSQL handling code shares (no database access).

use super::{date, parse, timestamp};
use crate::store::{CaseRecord, StoreError, StoreResult};
use gongshi_domain::AuthorityId;
use gongshi_domain::complaint::{Contact, GeoPoint, Route, TrackingCode};
use gongshi_domain::dashboard::CaseGroup;
use gongshi_domain::handling::{CaseStep, InboxItem, InternalNote};

/// Characters of the description an inbox row shows.
const SUMMARY_CHARS: usize = 60;

/// status, reply due, supervised (0/1), cases
pub(in crate::store) type CaseGroupRow = (String, Option<String>, i64, i64);

pub(in crate::store) fn case_group(row: CaseGroupRow) -> StoreResult<CaseGroup> {
    let (status, due, supervised, count) = row;
    Ok(CaseGroup {
        status: parse("status", &status)?,
        reply_due: due.map(|d| date(&d)).transpose()?,
        supervised: supervised != 0,
        count: u64::try_from(count).unwrap_or(0),
    })
}

/// id (the cursor), code, kind, status, supervised (0/1), submission time, reply due, locality,
/// authority, description
pub(in crate::store) type InboxRow = (
    i64,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
    String,
    String,
    String,
);

pub(in crate::store) fn inbox_item(row: InboxRow) -> StoreResult<(i64, InboxItem)> {
    let (id, code, kind, status, supervised, at, due, locality, authority, description) = row;
    Ok((
        id,
        InboxItem {
            code: parse("tracking code", &code)?,
            kind: parse("kind", &kind)?,
            status: parse("status", &status)?,
            supervised: supervised != 0,
            submitted_at: timestamp("submitted at", &at)?,
            reply_due: due.map(|d| date(&d)).transpose()?,
            overdue: false,
            locality: parse("locality", &locality)?,
            authority: parse("authority", &authority)?,
            summary: description.chars().take(SUMMARY_CHARS).collect(),
        },
    ))
}

/// A case as read: the complaint's columns by name, with its contact (`has_contact` when it has a
/// contact row, whose columns are `contact_*`).
#[derive(Debug, sqlx::FromRow)]
pub(in crate::store) struct CaseRow {
    id: i64,
    kind: String,
    status: String,
    supervised: i64,
    submitted_at: String,
    reply_due: Option<String>,
    district: String,
    locality: String,
    address: Option<String>,
    latitude: Option<f64>,
    longitude: Option<f64>,
    happened_on: String,
    matter: Option<String>,
    domain: Option<String>,
    officer: Option<String>,
    description: String,
    privacy: String,
    authority: String,
    route: String,
    photos: i64,
    has_contact: bool,
    contact_name: Option<String>,
    contact_phone: Option<String>,
    contact_email: Option<String>,
}

impl CaseRow {
    /// The complaint's id, which its steps and notes refer to.
    pub(in crate::store) fn id(&self) -> i64 {
        self.id
    }
}

/// at, status, public note, actor, authority holding the case after the step
pub(in crate::store) type CaseStepRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub(in crate::store) fn case_step(row: CaseStepRow) -> StoreResult<CaseStep> {
    let (at, status, note, actor, authority) = row;
    Ok(CaseStep {
        at: timestamp("event time", &at)?,
        status: parse("status", &status)?,
        note,
        actor,
        authority: authority.map(|a| parse("authority", &a)).transpose()?,
    })
}

/// at, actor, text
pub(in crate::store) type NoteRow = (String, String, String);

pub(in crate::store) fn internal_note(row: NoteRow) -> StoreResult<InternalNote> {
    let (at, actor, text) = row;
    Ok(InternalNote {
        at: timestamp("note time", &at)?,
        actor,
        text,
    })
}

pub(in crate::store) fn case_record(
    code: &TrackingCode,
    r: CaseRow,
    timeline: Vec<CaseStep>,
    notes: Vec<InternalNote>,
) -> StoreResult<CaseRecord> {
    let location = match (r.latitude, r.longitude) {
        (Some(latitude), Some(longitude)) => Some(GeoPoint {
            latitude,
            longitude,
        }),
        _ => None,
    };
    let contact = if r.has_contact {
        Some(Contact {
            name: r
                .contact_name
                .map(|n| parse("contact name", &n))
                .transpose()?,
            phone: r
                .contact_phone
                .map(|p| parse("contact phone", &p))
                .transpose()?,
            email: r
                .contact_email
                .map(|e| parse("contact email", &e))
                .transpose()?,
        })
    } else {
        None
    };
    let authority: AuthorityId = parse("authority", &r.authority)?;
    // Where it was first sent: the submission step's body (or, with no step naming one, the body
    // holding it, never moved).
    let original = timeline
        .first()
        .and_then(|s| s.authority.clone())
        .unwrap_or_else(|| authority.clone());
    Ok(CaseRecord {
        code: code.clone(),
        kind: parse("kind", &r.kind)?,
        status: parse("status", &r.status)?,
        supervised: r.supervised != 0,
        submitted_at: timestamp("submitted at", &r.submitted_at)?,
        reply_due: r.reply_due.map(|d| date(&d)).transpose()?,
        district: parse("district", &r.district)?,
        locality: parse("locality", &r.locality)?,
        address: r.address,
        location,
        happened_on: date(&r.happened_on)?,
        matter: r.matter.map(|m| parse("matter", &m)).transpose()?,
        domain: r.domain.map(|d| parse("domain", &d)).transpose()?,
        officer: r.officer.map(|o| parse("officer", &o)).transpose()?,
        description: r.description,
        privacy: parse("privacy", &r.privacy)?,
        authority,
        route: Route {
            authority: original,
            reason: serde_json::from_str(&r.route).map_err(|e| StoreError::Corrupt {
                what: "route",
                detail: e.to_string(),
            })?,
        },
        photos: u32::try_from(r.photos).unwrap_or(0),
        contact,
        timeline,
        notes,
    })
}
