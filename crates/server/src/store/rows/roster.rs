//! What the SQLite and PostgreSQL roster code shares (no database access).

use super::{from_json, parse};
use crate::store::{StoreError, StoreResult};
use gongshi_domain::certificate::Certificate;
use gongshi_domain::officer::{Officer, Personal, Unit};

/// The `team` and `department` columns of a unit (exactly one is set).
pub(in crate::store) fn unit_columns(unit: &Unit) -> (Option<&str>, Option<&str>) {
    match unit {
        Unit::Team(t) => (Some(t.as_str()), None),
        Unit::Department(d) => (None, Some(d.as_str())),
    }
}

fn unit(team: Option<&str>, department: Option<&str>) -> StoreResult<Unit> {
    match (team, department) {
        (Some(t), None) => Ok(Unit::Team(parse("team", t)?)),
        (None, Some(d)) => Ok(Unit::Department(parse("department", d)?)),
        _ => Err(StoreError::Corrupt {
            what: "unit",
            detail: "an officer has exactly one of team and department".into(),
        }),
    }
}

/// The officers table's columns in the order of `OFFICER_COLUMNS` (id, district, name, team,
/// department, certificate, issuer, area, categories, history, secondments).
pub(in crate::store) type OfficerRow = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    String,
    String,
    String,
);

/// id number, birth date, phone, home address
pub(in crate::store) type PersonalRow = (
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

/// An officer without personal data: what every public read returns.
pub(in crate::store) fn officer(row: OfficerRow) -> StoreResult<Officer> {
    let (
        id,
        district,
        name,
        team,
        department,
        number,
        issuer,
        area,
        categories,
        history,
        secondments,
    ) = row;
    Ok(Officer {
        id: parse("officer id", &id)?,
        district: parse("district", &district)?,
        name: parse("officer name", &name)?,
        unit: unit(team.as_deref(), department.as_deref())?,
        certificate: Certificate {
            number: parse("certificate number", &number)?,
            issuer: parse("issuer", &issuer)?,
            categories: from_json("categories", &categories)?,
            area: parse("area", &area)?,
            history: from_json("certificate history", &history)?,
        },
        secondments: from_json("secondments", &secondments)?,
        personal: Personal::default(),
    })
}

/// An officer's personal data, from `officer_personal`.
pub(in crate::store) fn personal(row: PersonalRow) -> StoreResult<Personal> {
    let (id_number, birth_date, phone, home_address) = row;
    Ok(Personal {
        id_number: id_number.map(|s| parse("ID number", &s)).transpose()?,
        birth_date: birth_date.map(|s| parse("birth date", &s)).transpose()?,
        phone: phone.map(|s| parse("phone", &s)).transpose()?,
        home_address: home_address.map(|s| parse("address", &s)).transpose()?,
    })
}
