//! What the SQLite and PostgreSQL complaints code shares (no database access): rows read back, and
//! the public query both stores build (generic over the database).

use super::{date, parse, rfc3339, timestamp};
use crate::params::spelling;
use crate::store::{
    ComplaintRecord, ComplaintStatsRows, PublicComplaintFilter, PublicComplaintRow, StoreResult,
};
use gongshi_domain::complaint::{TimelineEntry, TrackingCode};
use sqlx::{Database, Encode, QueryBuilder, Type};
use time::{Date, Duration, OffsetDateTime};

/// The day in China Standard Time, which repeat windows and reply deadlines count in.
pub(in crate::store) fn china_day(t: OffsetDateTime) -> Date {
    t.to_offset(time::macros::offset!(+8)).date()
}

/// Seconds a client over a rate limit waits: until `mark` (the submission time of the
/// (count − limit + 1)-th oldest mark in the window, as stored) ages out of the `window`; at least
/// one.
pub(in crate::store) fn rate_limit_wait(
    mark: Option<&str>,
    window: Duration,
    at: OffsetDateTime,
) -> StoreResult<i64> {
    let frees_at = match mark {
        Some(mark) => timestamp("submission time", mark)? + window,
        None => at + window,
    };
    Ok((frees_at - at).whole_seconds().max(1))
}

/// The first and last submission day statistics cover: a year's, or every day.
pub(in crate::store) fn stats_days(year: Option<i32>) -> (String, String) {
    match year {
        Some(y) => (format!("{y:04}-01-01"), format!("{y:04}-12-31")),
        None => ("0000-01-01".to_owned(), "9999-12-31".to_owned()),
    }
}

/// id, secret SHA-256, kind, district, authority, status, supervised (0/1), submission day,
/// reply due
pub(in crate::store) type ComplaintRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    String,
    Option<String>,
);

/// at, status, public note
pub(in crate::store) type TimelineRow = (String, String, Option<String>);

pub(in crate::store) fn complaint_record(
    code: &TrackingCode,
    row: ComplaintRow,
    events: Vec<TimelineRow>,
) -> StoreResult<ComplaintRecord> {
    let (_, secret, kind, district, authority, status, supervised, on, due) = row;
    let timeline = events
        .into_iter()
        .map(|(at, status, note)| {
            Ok(TimelineEntry {
                at: timestamp("event time", &at)?,
                status: parse("status", &status)?,
                note,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;
    Ok(ComplaintRecord {
        code: code.clone(),
        secret_sha256: secret,
        kind: parse("kind", &kind)?,
        district: parse("district", &district)?,
        authority: parse("authority", &authority)?,
        status: parse("status", &status)?,
        supervised: supervised != 0,
        submitted_on: date(&on)?,
        reply_due: due.map(|d| date(&d)).transpose()?,
        timeline,
    })
}

/// The statistics groups as read: (locality, submissions, supervised), (kind, submissions),
/// (status, submissions), and (submission day, first reply time) of every replied submission.
pub(in crate::store) fn complaint_stats(
    by_locality: Vec<(String, i64, i64)>,
    by_kind: Vec<(String, i64)>,
    by_status: Vec<(String, i64)>,
    replies: Vec<(String, String)>,
) -> StoreResult<ComplaintStatsRows> {
    let n = |v: i64| u64::try_from(v).unwrap_or(0);
    Ok(ComplaintStatsRows {
        by_locality: by_locality
            .into_iter()
            .map(|(l, c, s)| Ok((parse("locality", &l)?, n(c), n(s))))
            .collect::<StoreResult<_>>()?,
        by_kind: by_kind
            .into_iter()
            .map(|(k, c)| Ok((parse("kind", &k)?, n(c))))
            .collect::<StoreResult<_>>()?,
        by_status: by_status
            .into_iter()
            .map(|(k, c)| Ok((parse("status", &k)?, n(c))))
            .collect::<StoreResult<_>>()?,
        replies: replies
            .into_iter()
            .map(|(on, at)| Ok((date(&on)?, china_day(timestamp("reply time", &at)?))))
            .collect::<StoreResult<_>>()?,
    })
}

/// code, kind, domain (its own or its matter's), district, authority, status, submission time,
/// reply due, time of the latest step
pub(in crate::store) type PublicComplaintTuple = (
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
);

pub(in crate::store) fn public_complaint(
    row: PublicComplaintTuple,
) -> StoreResult<PublicComplaintRow> {
    let (code, kind, domain, district, authority, status, at, due, updated) = row;
    let submitted_at = timestamp("submission time", &at)?;
    Ok(PublicComplaintRow {
        code: parse("tracking code", &code)?,
        kind: parse("kind", &kind)?,
        domain: domain.map(|d| parse("domain", &d)).transpose()?,
        district: parse("district", &district)?,
        authority: parse("authority", &authority)?,
        status: parse("status", &status)?,
        submitted_at,
        updated_at: updated
            .map(|u| timestamp("event time", &u))
            .transpose()?
            .unwrap_or(submitted_at),
        reply_due: due.map(|d| date(&d)).transpose()?,
    })
}

/// The query for the submissions `f` asks for, newest first, as rows of [`PublicComplaintTuple`].
/// `push_any` appends ` AND column …`, true when the column holds one of the values (each store
/// spells a list its own way).
pub(in crate::store) fn public_complaints_query<'a, DB>(
    f: &PublicComplaintFilter,
    push_any: impl Fn(&mut QueryBuilder<'a, DB>, &str, Vec<String>),
) -> QueryBuilder<'a, DB>
where
    DB: Database,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    let mut q = QueryBuilder::new(
        // The domain a submission names, or its matter's (from the catalog).
        "SELECT c.code, c.kind, coalesce(c.domain, m.domain), c.district, c.authority,
                c.status, c.submitted_at, c.reply_due,
                (SELECT max(at) FROM complaint_events e WHERE e.complaint = c.id)
         FROM complaints c LEFT JOIN matters m ON m.code = c.matter
         WHERE c.submitted_at >= ",
    );
    q.push_bind(rfc3339(f.from));
    q.push(" AND c.submitted_at <= ").push_bind(rfc3339(f.to));
    if !f.codes.is_empty() {
        let codes = f.codes.iter().map(|c| c.as_str().to_owned()).collect();
        push_any(&mut q, "c.code", codes);
    }
    if let Some(kind) = &f.kind {
        q.push(" AND c.kind = ").push_bind(spelling(kind));
    }
    if let Some(domain) = &f.domain {
        q.push(" AND coalesce(c.domain, m.domain) = ")
            .push_bind(spelling(domain));
    }
    if !f.statuses.is_empty() {
        push_any(
            &mut q,
            "c.status",
            f.statuses.iter().map(spelling).collect(),
        );
    }
    q.push(" ORDER BY c.submitted_at DESC, c.id DESC LIMIT ")
        .push_bind(i64::from(f.limit));
    q
}
