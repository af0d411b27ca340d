//! What the SQLite and PostgreSQL catalog code shares (no database access): matter rows read
//! back, and the filter both stores build (generic over the database).

use super::{date, parse};
use crate::params::spelling;
use crate::store::{MatterFilter, StoreError, StoreResult};
use gongshi_domain::catalog::{Delegation, LegalBasis, Matter};
use serde::de::DeserializeOwned;
use sqlx::{Database, Encode, QueryBuilder, Type};

fn unit_enum<T: DeserializeOwned>(what: &'static str, s: &str) -> StoreResult<T> {
    parse(what, s)
}

/// code, name, domain, power kind, class, level, department, legal basis (JSON)
pub(in crate::store) type MatterRow = (
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
);

pub(in crate::store) fn matter(row: MatterRow) -> StoreResult<Matter> {
    let (code, name, domain, power_kind, class, level, department, legal_basis) = row;
    let legal_basis: Vec<LegalBasis> =
        serde_json::from_str(&legal_basis).map_err(|e| StoreError::Corrupt {
            what: "legal basis",
            detail: e.to_string(),
        })?;
    Ok(Matter {
        code: parse("matter code", &code)?,
        name: parse("matter name", &name)?,
        domain: unit_enum("domain", &domain)?,
        power_kind: unit_enum("power kind", &power_kind)?,
        class: unit_enum("class", &class)?,
        level: unit_enum("level", &level)?,
        legal_basis,
        department: parse("department", &department)?,
    })
}

/// matter, locality, act, effective, document
pub(in crate::store) type DelegationRow = (String, String, String, String, String);

pub(in crate::store) fn delegation(row: DelegationRow) -> StoreResult<Delegation> {
    let (matter, locality, act, effective, document) = row;
    Ok(Delegation {
        matter: parse("matter code", &matter)?,
        locality: parse("locality", &locality)?,
        act: unit_enum("act", &act)?,
        effective: date(&effective)?,
        document: parse("document number", &document)?,
    })
}

/// A matter's legal basis as stored (the `legal_basis` column).
pub(in crate::store) fn legal_basis_json(m: &Matter) -> StoreResult<String> {
    serde_json::to_string(&m.legal_basis).map_err(|e| StoreError::Corrupt {
        what: "legal basis",
        detail: e.to_string(),
    })
}

/// A matter's `search` column: code, name and legal basis in one normalised string (ASCII in upper
/// case, as the query is normalised), so a plain substring test is the whole search rule.
pub(in crate::store) fn search_text(m: &Matter) -> String {
    let search = std::iter::once(m.code.to_string())
        .chain(std::iter::once(m.name.to_string()))
        .chain(m.legal_basis.iter().flat_map(|b| {
            [
                b.law.to_string(),
                b.article.to_string(),
                b.text.as_ref().map(ToString::to_string).unwrap_or_default(),
            ]
        }))
        .collect::<Vec<_>>()
        .join(" ");
    gongshi_domain::search::normalise_text(&search)
}

/// Appends ` WHERE …` for the filters of `f` on the `m.` columns but the delegation state (the
/// latest act is found each store's own way). `contains` is the store's substring function,
/// `contains(haystack, needle)` giving the 1-based position of `needle` or 0 (`instr`, `strpos`).
pub(in crate::store) fn push_matter_filter<DB>(
    q: &mut QueryBuilder<'_, DB>,
    f: &MatterFilter,
    contains: &str,
) where
    DB: Database,
    for<'q> String: Encode<'q, DB> + Type<DB>,
{
    q.push(" WHERE 1 = 1");
    if let Some(d) = &f.district {
        q.push(" AND m.district = ").push_bind(d.to_string());
    }
    if let Some(d) = &f.domain {
        q.push(" AND m.domain = ").push_bind(spelling(d));
    }
    if let Some(k) = &f.power_kind {
        q.push(" AND m.power_kind = ").push_bind(spelling(k));
    }
    if let Some(c) = &f.class {
        q.push(" AND m.class = ").push_bind(spelling(c));
    }
    if let Some(l) = &f.level {
        q.push(" AND m.level = ").push_bind(spelling(l));
    }
    if let Some(query) = &f.q {
        // `search` is stored with ASCII in upper case and the query is normalised the same way,
        // so a plain substring test (no pattern syntax to escape) is the whole rule.
        for word in query.words() {
            q.push(" AND (");
            for (i, alternative) in word.alternatives.iter().enumerate() {
                if i > 0 {
                    q.push(" OR ");
                }
                q.push(format!("{contains}(m.search, "))
                    .push_bind(alternative.clone())
                    .push(") > 0");
            }
            q.push(")");
        }
    }
}
