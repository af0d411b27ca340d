//! What both stores share: stored values read back into domain types, with the same parsers the
//! API uses for input, so that a value read back is as valid as one accepted. Nothing here touches a
//! database; the SQLite and PostgreSQL schemas are column for column the same (text, 64-bit
//! integers, dates as ISO 8601 text), so a row reads the same from either, and the filters both
//! stores build are built once here, generic over the database.

pub(in crate::store) mod catalog;
pub(in crate::store) mod complaints;
pub(in crate::store) mod handling;
pub(in crate::store) mod log;
pub(in crate::store) mod penalties;
pub(in crate::store) mod publishing;
pub(in crate::store) mod roster;
pub(in crate::store) mod staff;

use super::{LocalityFilter, StoreError, StoreResult};
use gongshi_domain::api::DistrictSummary;
use gongshi_domain::penalty::PenaltyId;
use gongshi_domain::{AuthorityKind, LocalityKind, TeamKind};
use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::{Database, Encode, QueryBuilder, Type};
use time::format_description::well_known::Rfc3339;
use time::macros::{date, format_description};
use time::{Date, OffsetDateTime};

/// Parses a stored value with the same parser the API uses for input, so a value read back is as
/// valid as one accepted.
pub(in crate::store) fn parse<T: DeserializeOwned>(
    what: &'static str,
    value: &str,
) -> StoreResult<T> {
    serde_json::from_value(serde_json::Value::String(value.to_owned())).map_err(|e| {
        StoreError::Corrupt {
            what,
            detail: format!("{value:?}: {e}"),
        }
    })
}

pub(in crate::store) fn parse_opt<T: DeserializeOwned>(
    what: &'static str,
    value: Option<&str>,
) -> StoreResult<Option<T>> {
    value.map(|v| parse(what, v)).transpose()
}

pub(in crate::store) fn authority_kind(s: &str) -> StoreResult<AuthorityKind> {
    parse("authority kind", s)
}

pub(in crate::store) fn team_kind(s: &str) -> StoreResult<TeamKind> {
    parse("team kind", s)
}

pub(in crate::store) fn locality_kind(s: &str) -> StoreResult<LocalityKind> {
    LocalityKind::parse(s).ok_or_else(|| StoreError::Corrupt {
        what: "locality kind",
        detail: s.to_owned(),
    })
}

/// Appends ` WHERE …` for the filters of `filter` on the localities' `l.` columns.
pub(in crate::store) fn push_locality_filter<DB>(
    q: &mut QueryBuilder<'_, DB>,
    filter: &LocalityFilter,
) where
    DB: Database,
    for<'q> String: Encode<'q, DB> + Type<DB>,
{
    q.push(" WHERE 1 = 1");
    if let Some(d) = &filter.district {
        q.push(" AND l.district = ").push_bind(d.to_string());
    }
    if let Some(z) = &filter.zone {
        q.push(" AND l.zone = ").push_bind(z.to_string());
    }
    if let Some(k) = filter.kind {
        q.push(" AND l.kind = ").push_bind(k.as_str().to_owned());
    }
    match filter.zoned {
        Some(true) => q.push(" AND l.zone IS NOT NULL"),
        Some(false) => q.push(" AND l.zone IS NULL"),
        None => q,
    };
}

pub(in crate::store) fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(0)
}

pub(in crate::store) type DistrictSummaryRow =
    (String, String, String, Option<String>, bool, i64, i64);

pub(in crate::store) fn district_summary(row: DistrictSummaryRow) -> StoreResult<DistrictSummary> {
    let (code, name, province, city, demo, zones, localities) = row;
    Ok(DistrictSummary {
        code: parse("district code", &code)?,
        name: parse("district name", &name)?,
        province: parse("province", &province)?,
        city: parse_opt("city", city.as_deref())?,
        demo,
        zone_count: count(zones),
        locality_count: count(localities),
    })
}

pub(in crate::store) fn date_string(d: Date) -> String {
    d.format(format_description!("[year]-[month]-[day]"))
        .unwrap_or_default()
}

pub(in crate::store) fn date(s: &str) -> StoreResult<Date> {
    Date::parse(s, format_description!("[year]-[month]-[day]")).map_err(|e| StoreError::Corrupt {
        what: "date",
        detail: format!("{s:?}: {e}"),
    })
}

/// Timestamps are stored in UTC with a fixed width (microseconds, `Z`), so comparing them as text
/// orders them in time.
pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z"
        ))
        .unwrap_or_default()
}

pub(in crate::store) fn timestamp(what: &'static str, s: &str) -> StoreResult<OffsetDateTime> {
    OffsetDateTime::parse(s, &Rfc3339).map_err(|e| StoreError::Corrupt {
        what,
        detail: format!("{s:?}: {e}"),
    })
}

/// The smallest sort key of a decision date.
pub(in crate::store) fn day_key(d: Date) -> i64 {
    (d - date!(2000 - 01 - 01)).whole_days() << 32
}

/// The sort key: days from 2000-01-01 to the decision, then the id, so that key order is
/// (decision date, id) order.
pub(in crate::store) fn sort_key(decided: Date, id: PenaltyId) -> StoreResult<i64> {
    let id = i64::try_from(id.0)
        .ok()
        .filter(|id| *id < 1 << 32)
        .ok_or_else(|| StoreError::Corrupt {
            what: "penalty id",
            detail: format!("{id} is not below 2^32"),
        })?;
    Ok(day_key(decided) | id)
}

pub(in crate::store) fn to_json<T: Serialize>(what: &'static str, v: &T) -> StoreResult<String> {
    serde_json::to_string(v).map_err(|e| StoreError::Corrupt {
        what,
        detail: e.to_string(),
    })
}

pub(in crate::store) fn from_json<T: serde::de::DeserializeOwned>(
    what: &'static str,
    s: &str,
) -> StoreResult<T> {
    serde_json::from_str(s).map_err(|e| StoreError::Corrupt {
        what,
        detail: format!("{s:?}: {e}"),
    })
}

pub(in crate::store) fn stored_date(what: &'static str, s: &str) -> StoreResult<Date> {
    parse(what, s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_order_by_date_then_id() {
        let a = sort_key(date!(2024 - 03 - 05), PenaltyId(9)).expect("key");
        let b = sort_key(date!(2024 - 03 - 05), PenaltyId(10)).expect("key");
        let c = sort_key(date!(2024 - 03 - 06), PenaltyId(1)).expect("key");
        assert!(a < b && b < c);
        assert_eq!(a & 0xffff_ffff, 9);
        assert!(sort_key(date!(2024 - 03 - 05), PenaltyId(1 << 32)).is_err());
    }
}
