//! What the SQLite and PostgreSQL publishing code shares (no database access): the staff side's
//! rows read back into [`StaffPenalty`], [`StaffPenaltyRow`], [`PenaltyGroup`] and
//! [`PenaltyState`].

use super::{from_json, parse, stored_date};
use crate::store::{PenaltyState, StaffPenalty, StaffPenaltyRow, StoreResult};
use gongshi_domain::dashboard::PenaltyGroup;
use gongshi_domain::penalty::{PenaltyId, Withdrawal};
use gongshi_domain::penalty_import::Fields;

pub(in crate::store) fn penalty_id(n: i64) -> PenaltyId {
    PenaltyId(u64::try_from(n).unwrap_or(0))
}

/// `p.district, p.authority, p.published, p.withdrawal, pr.fields, p.decision_number, p.decided,
/// p.ends, p.restricted` of the record with the id.
pub(in crate::store) type StaffPenaltyRecord = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    i64,
);

pub(in crate::store) fn staff_penalty(
    id: i64,
    row: StaffPenaltyRecord,
) -> StoreResult<StaffPenalty> {
    let (district, authority, published, withdrawal, fields, number, decided, ends, restricted) =
        row;
    Ok(StaffPenalty {
        id: penalty_id(id),
        district: parse("district", &district)?,
        authority: parse("authority", &authority)?,
        published: stored_date("published", &published)?,
        decision_number: parse("decision number", &number)?,
        decided: stored_date("decided", &decided)?,
        ends: stored_date("ends", &ends)?,
        restricted: restricted == 1,
        withdrawal: withdrawal
            .map(|w| from_json::<Withdrawal>("withdrawal", &w))
            .transpose()?,
        fields: fields
            .map(|f| from_json::<Fields>("fields", &f))
            .transpose()?,
    })
}

/// `id, decision_number, party_name, decided, published, ends, withdrawn, restricted`.
pub(in crate::store) type StaffListRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
);

pub(in crate::store) fn staff_penalty_row(row: StaffListRow) -> StoreResult<StaffPenaltyRow> {
    let (id, number, party_name, decided, published, ends, withdrawn, restricted) = row;
    Ok(StaffPenaltyRow {
        id: penalty_id(id),
        decision_number: parse("decision number", &number)?,
        party_name,
        decided: stored_date("decided", &decided)?,
        published: stored_date("published", &published)?,
        ends: stored_date("ends", &ends)?,
        withdrawn: withdrawn
            .map(|w| stored_date("withdrawn", &w))
            .transpose()?,
        restricted: restricted == 1,
    })
}

/// `restricted, published, ends, withdrawn, late, COUNT(*)`: one group of an authority's records.
pub(in crate::store) type GroupRow = (i64, String, String, Option<String>, Option<i64>, i64);

pub(in crate::store) fn penalty_group(row: GroupRow) -> StoreResult<PenaltyGroup> {
    let (restricted, published, ends, withdrawn, late, count) = row;
    Ok(PenaltyGroup {
        restricted: restricted == 1,
        published: stored_date("published", &published)?,
        ends: stored_date("ends", &ends)?,
        withdrawn: withdrawn
            .map(|w| stored_date("withdrawn", &w))
            .transpose()?,
        late: late == Some(1),
        count: u64::try_from(count).unwrap_or(0),
    })
}

/// `id, restricted, published, ends, withdrawn`, and the latest log entry's sequence number.
pub(in crate::store) type StateRow = (i64, i64, String, String, Option<String>, Option<i64>);

pub(in crate::store) fn penalty_state(row: StateRow) -> StoreResult<PenaltyState> {
    let (id, restricted, published, ends, withdrawn, latest) = row;
    Ok((
        penalty_id(id),
        restricted == 1,
        stored_date("published", &published)?,
        stored_date("ends", &ends)?,
        withdrawn
            .map(|w| stored_date("withdrawn", &w))
            .transpose()?,
        latest.and_then(|l| u64::try_from(l).ok()),
    ))
}
