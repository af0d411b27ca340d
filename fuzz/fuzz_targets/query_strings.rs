//! Query strings as the API's routes read them: arbitrary text deserialised as each list route's
//! parameters (as `axum::extract::Query` does) and checked by the same functions its handler calls
//! (`GET /penalties` and its exports, `/officers`, `/localities`, `/matters`, `/districts`), and
//! every value run through the shared readers the other routes use (dates, years, flags, ids,
//! district codes, wire enums, page sizes, cursors) and Open311's request ids.
//!
//! Beyond "no panic", what the code promises: page sizes stay within 1–200, ranges accepted are
//! not upside down, a cursor the API issues reads back to the same key, a wire enum is spelled as
//! it was read, a year is within 2000–2100.

#![no_main]

use gongshi_domain::catalog::{Domain, MatterClass, MatterCode, MatterLevel, PowerKind};
use gongshi_domain::certificate::{CertificateNumber, StatusKind};
use gongshi_domain::complaint::{ComplaintKind, ComplaintStatus, TrackingCode};
use gongshi_domain::penalty::{PartyKind, PenaltyKind, Procedure, Severity};
use gongshi_domain::{AuthorityId, DepartmentId, DistrictCode, LocalityId, ZoneId};
use gongshi_server::fuzzing::{self, shared};
use libfuzzer_sys::fuzz_target;
use std::collections::HashMap;

fn limit_ok(limit: u32) {
    assert!((1..=200).contains(&limit), "limit {limit}");
}

/// A wire enum read from `raw` is spelled `raw`.
fn wire_enum<T: serde::de::DeserializeOwned + serde::Serialize>(raw: &str) {
    if let Ok(Some(v)) = shared::unit_enum::<T>(Some(raw)) {
        assert_eq!(shared::spelling(&v), raw);
    }
}

fn lists(q: &str) {
    if let Ok((list, _sort)) = fuzzing::penalty_list(q) {
        limit_ok(list.limit);
        let f = &list.filter;
        if let (Some(from), Some(to)) = (f.decided_from, f.decided_to) {
            assert!(from <= to);
        }
        if let (Some(min), Some(max)) = (f.fine_min, f.fine_max) {
            assert!(min <= max);
        }
        if let Some(q) = &f.q {
            assert!(!q.words().is_empty() && q.words().len() <= 6);
        }
        if let Some(c) = list.after {
            let next = format!("cursor={}", fuzzing::penalty_cursor(c));
            let (again, _) = fuzzing::penalty_list(&next).expect("an issued cursor reads");
            assert_eq!(again.after, Some(c));
        }
    }
    if let Ok(list) = fuzzing::officer_list(q) {
        limit_ok(list.limit);
        if let Some(q) = &list.filter.q {
            assert!((1..=32).contains(&q.chars().count()), "q {q:?}");
        }
        if let Some(n) = &list.after {
            let next = shared::encode_cursor(n.as_str());
            let again = shared::decode_cursor(Some(&next), CertificateNumber::parse);
            assert_eq!(again.ok().flatten().as_ref(), Some(n));
        }
    }
    if let Ok(list) = fuzzing::locality_list(q) {
        limit_ok(list.limit);
    }
    if let Ok(list) = fuzzing::matter_list(q) {
        limit_ok(list.limit);
        if list.filter.delegated.is_some() {
            assert!(
                list.filter.locality.is_some(),
                "`delegated` needs a locality"
            );
        }
    }
    if let Ok(list) = fuzzing::district_list(q) {
        limit_ok(list.limit);
    }
}

fn value(v: &str) {
    let raw = Some(v);
    if let Ok(Some(d)) = shared::date(raw) {
        assert_eq!(shared::date(Some(&d.to_string())).ok().flatten(), Some(d));
    }
    if let Ok(Some(y)) = shared::year(raw) {
        assert!((2000..=2100).contains(&y));
    }
    if let Ok(Some(b)) = shared::boolean(raw) {
        assert_eq!(b.to_string(), v);
    }
    if let Ok(Some(d)) = shared::district(raw) {
        assert_eq!(d.as_str(), v);
    }
    let _ = shared::id::<LocalityId>(raw);
    let _ = shared::id::<AuthorityId>(raw);
    let _ = shared::id::<ZoneId>(raw);
    let _ = shared::id::<DepartmentId>(raw);
    wire_enum::<Domain>(v);
    wire_enum::<PowerKind>(v);
    wire_enum::<MatterClass>(v);
    wire_enum::<MatterLevel>(v);
    wire_enum::<PenaltyKind>(v);
    wire_enum::<PartyKind>(v);
    wire_enum::<Procedure>(v);
    wire_enum::<Severity>(v);
    wire_enum::<StatusKind>(v);
    wire_enum::<ComplaintKind>(v);
    wire_enum::<ComplaintStatus>(v);
    if let Ok(limit) = shared::limit(raw) {
        limit_ok(limit);
    }
    // Any key reads back from the cursor it makes; a cursor we did not issue is refused cleanly.
    let issued = shared::encode_cursor(v);
    assert_eq!(
        shared::decode_cursor(Some(&issued), Ok::<_, ()>)
            .ok()
            .flatten()
            .as_deref(),
        Some(v)
    );
    let _ = shared::decode_cursor(raw, DistrictCode::parse);
    let _ = shared::decode_cursor(raw, MatterCode::parse);
    let _ = shared::decode_cursor(raw, LocalityId::parse);
    let _ = shared::decode_cursor(raw, CertificateNumber::parse);
    // Open311's `service_request_id`: tracking codes separated by commas.
    for id in v.split(',') {
        if let Ok(code) = TrackingCode::parse(id) {
            assert_eq!(TrackingCode::parse(&code.to_string()), Ok(code));
        }
    }
}

fuzz_target!(|bytes: &[u8]| {
    let Ok(q) = std::str::from_utf8(bytes) else {
        return;
    };
    lists(q);
    // Open311 reads its query and its form body as plain pairs.
    let _ = serde_urlencoded::from_str::<HashMap<String, String>>(q);
    if let Ok(pairs) = serde_urlencoded::from_str::<Vec<(String, String)>>(q) {
        for (_, v) in pairs.iter().take(16) {
            value(v);
        }
    }
});
