//! What the SQLite and PostgreSQL penalties code shares (no database access): what a write derives
//! from a record, which text the search index holds, how a query becomes n-grams, and how listed and
//! exported rows read back.

use super::{date_string, from_json, locality_kind, parse, sort_key, stored_date, to_json};
use crate::params::spelling;
use crate::store::{
    PenaltyCursor, PenaltyFilter, PenaltyRow, PenaltyWrite, StoreError, StoreResult,
};
use gongshi_domain::api::{
    AuthorityRef, DistrictRef, Facet, FacetCount, LocalityRef, MatterRef, disjunctive_facets,
};
use gongshi_domain::mask::mask_person_name;
use gongshi_domain::money::Fen;
use gongshi_domain::penalty::{
    PartyKind, Penalty, PenaltyDetail, PenaltyId, PenaltyKind, PenaltyListItem, PenaltyPage,
    PenaltySummary, PublicPenalty, Visibility, WithdrawnStub, visibility,
};
use gongshi_domain::penalty_import::fields_of;
use gongshi_domain::search::{NgramQuery, SearchQuery};
use time::Date;

/// A result row of either store, read by column position.
pub(in crate::store) trait Columns {
    fn text(&self, at: usize) -> StoreResult<String>;
    fn opt_text(&self, at: usize) -> StoreResult<Option<String>>;
    fn int(&self, at: usize) -> StoreResult<i64>;
    fn opt_int(&self, at: usize) -> StoreResult<Option<i64>>;
}

impl<R: sqlx::Row> Columns for R
where
    usize: sqlx::ColumnIndex<R>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    fn text(&self, at: usize) -> StoreResult<String> {
        Ok(self.try_get(at)?)
    }

    fn opt_text(&self, at: usize) -> StoreResult<Option<String>> {
        Ok(self.try_get(at)?)
    }

    fn int(&self, at: usize) -> StoreResult<i64> {
        Ok(self.try_get(at)?)
    }

    fn opt_int(&self, at: usize) -> StoreResult<Option<i64>> {
        Ok(self.try_get(at)?)
    }
}

/// The public text a record is found by: decision number, party as published, credit code, facts.
pub(in crate::store) fn search_fields(pp: &PublicPenalty) -> [&str; 4] {
    [
        pp.decision_number.as_str(),
        &pp.party.name,
        pp.party.credit_code.as_ref().map_or("", |c| c.as_str()),
        &pp.facts,
    ]
}

/// A query's words, each as the n-grams of its forms (the typed word and its synonyms); words with
/// no letter, digit or Han character to look for are left out. Empty when no word is left.
pub(in crate::store) fn ngram_words(q: &SearchQuery) -> Vec<Vec<NgramQuery>> {
    q.words()
        .iter()
        .map(|w| {
            w.alternatives
                .iter()
                .filter_map(|a| NgramQuery::of(a))
                .collect::<Vec<_>>()
        })
        .filter(|forms| !forms.is_empty())
        .collect()
}

/// Whether the summary table can answer for `f`: no filter outside its columns.
pub(in crate::store) fn summarised(f: &PenaltyFilter) -> bool {
    f.matter.is_none()
        && f.decided_from.is_none()
        && f.decided_to.is_none()
        && f.fine_min.is_none()
        && f.fine_max.is_none()
        && f.q.as_ref().is_none_or(|q| ngram_words(q).is_empty())
}

/// What a written record stores besides its own fields.
pub(in crate::store) struct Derived {
    pub key: i64,
    /// As published: masked for a person whose record is never published.
    pub party_name: String,
    pub ends: String,
    pub working_days: Option<i64>,
    pub late: Option<i64>,
    /// The public projection as JSON (none for a restricted case).
    pub public: Option<String>,
    pub withdrawal: Option<String>,
}

pub(in crate::store) fn derive(w: &PenaltyWrite) -> StoreResult<Derived> {
    let p = &w.penalty;
    let party_name = match &w.public {
        Some(public) => public.party.name.clone(),
        None if p.party.kind == PartyKind::NaturalPerson => mask_person_name(p.party.name.as_str()),
        None => p.party.name.to_string(),
    };
    let timeliness = w.public.as_ref().and_then(|pp| pp.timeliness);
    Ok(Derived {
        key: sort_key(p.decided, p.id)?,
        party_name,
        ends: date_string(p.publication_ends()),
        working_days: timeliness.map(|t| i64::from(t.working_days)),
        late: timeliness.map(|t| i64::from(t.late)),
        public: w
            .public
            .as_ref()
            .map(|pp| to_json("public penalty", pp))
            .transpose()?,
        withdrawal: p
            .withdrawal
            .as_ref()
            .map(|wd| to_json("withdrawal", wd))
            .transpose()?,
    })
}

/// The JSON and spelled-out columns of a record's private part.
pub(in crate::store) struct Private {
    pub others_named: String,
    /// The unscrubbed text: `{violation, facts, basis, content, remarks}`.
    pub text: String,
    pub restriction: Option<String>,
    pub fields: String,
}

pub(in crate::store) fn private_part(p: &Penalty) -> StoreResult<Private> {
    let text = serde_json::json!({
        "violation": p.violation,
        "facts": p.facts,
        "basis": p.basis,
        "content": p.content,
        "remarks": p.remarks,
    });
    Ok(Private {
        others_named: to_json("others named", &p.others_named)?,
        text: text.to_string(),
        restriction: p.restriction.map(|r| spelling(&r)),
        fields: to_json("fields", &fields_of(p))?,
    })
}

const FACET_FIELDS: [&str; 5] = ["locality", "authority", "domain", "party_kind", "procedure"];

/// Facets from rows grouped by the five single-valued fields and the kinds: each facet counts what
/// passes every other filter; the kind facet counts a decision under each kind it imposes.
pub(in crate::store) fn facets_from(
    groups: Vec<([String; 5], u32, u64)>,
    f: &PenaltyFilter,
) -> Vec<Facet> {
    let chosen = [
        f.locality.as_ref().map(ToString::to_string),
        f.authority.as_ref().map(ToString::to_string),
        f.domain.map(|d| spelling(&d)),
        f.party_kind.map(|k| spelling(&k)),
        f.procedure.map(|p| spelling(&p)),
    ];
    let kind_passes = |kinds: u32| f.kind.is_none_or(|k| kinds & k.bit() != 0);
    let mut facets = disjunctive_facets(
        &FACET_FIELDS,
        &chosen,
        groups
            .iter()
            .filter(|(_, kinds, _)| kind_passes(*kinds))
            .map(|(values, _, n)| (values.clone(), *n)),
    );
    let mut by_kind = [0u64; PenaltyKind::ALL.len()];
    for (values, kinds, n) in &groups {
        let others = (0..5).all(|i| chosen[i].as_ref().is_none_or(|c| *c == values[i]));
        if others {
            for (i, k) in PenaltyKind::ALL.iter().enumerate() {
                if kinds & k.bit() != 0 {
                    by_kind[i] += n;
                }
            }
        }
    }
    facets.push(Facet {
        field: "kind".to_owned(),
        counts: PenaltyKind::ALL
            .iter()
            .zip(by_kind)
            .filter(|(_, n)| *n > 0)
            .map(|(k, count)| FacetCount {
                value: spelling(k),
                count,
            })
            .collect(),
    });
    facets
}

/// The columns [`list_row`] reads (`p` penalties, `a` authorities, `l` localities, `m` matters).
pub(in crate::store) const LIST_COLUMNS: &str = "p.key, p.id, p.decision_number, p.party_kind, \
     p.party_name, p.kinds, p.fine, p.confiscated, p.decided, p.published, p.procedure, p.late, \
     p.withdrawn, p.withdrawal, a.id, a.name, a.kind, l.id, l.name, l.kind, m.code, m.name";

fn authority_ref(r: &impl Columns, at: usize) -> StoreResult<AuthorityRef> {
    Ok(AuthorityRef {
        id: parse("authority", &r.text(at)?)?,
        name: parse("authority name", &r.text(at + 1)?)?,
        kind: parse("authority kind", &r.text(at + 2)?)?,
    })
}

fn locality_ref(r: &impl Columns, at: usize) -> StoreResult<LocalityRef> {
    Ok(LocalityRef {
        id: parse("locality", &r.text(at)?)?,
        name: parse("locality name", &r.text(at + 1)?)?,
        kind: locality_kind(&r.text(at + 2)?)?,
    })
}

fn matter_ref(r: &impl Columns, at: usize) -> StoreResult<MatterRef> {
    Ok(MatterRef {
        code: parse("matter", &r.text(at)?)?,
        name: parse("matter name", &r.text(at + 1)?)?,
    })
}

fn unsigned(n: i64) -> u64 {
    u64::try_from(n).unwrap_or(0)
}

/// A listed record as `today` shows it in a list, from a row of [`LIST_COLUMNS`].
pub(in crate::store) fn list_row(r: &impl Columns, today: Date) -> StoreResult<PenaltyRow> {
    let key = r.int(0)?;
    let id = PenaltyId(unsigned(r.int(1)?));
    let fine = unsigned(r.int(6)?);
    let decided = stored_date("decided", &r.text(8)?)?;
    let withdrawn = r
        .opt_text(12)?
        .map(|w| stored_date("withdrawn", &w))
        .transpose()?
        .filter(|w| *w <= today);
    let item = if withdrawn.is_some() {
        let withdrawal = r.opt_text(13)?;
        PenaltyListItem::Withdrawn(WithdrawnStub {
            id,
            decision_number: parse("decision number", &r.text(2)?)?,
            decided,
            authority: authority_ref(r, 14)?,
            locality: locality_ref(r, 17)?,
            withdrawal: from_json("withdrawal", withdrawal.as_deref().unwrap_or("null"))?,
        })
    } else {
        PenaltyListItem::Public(PenaltySummary {
            id,
            decision_number: parse("decision number", &r.text(2)?)?,
            party_kind: parse("party kind", &r.text(3)?)?,
            party_name: r.text(4)?,
            kinds: PenaltyKind::from_bits(u32::try_from(r.int(5)?).unwrap_or(0)),
            fine: Fen(fine),
            confiscated: Fen(unsigned(r.int(7)?)),
            decided,
            published: stored_date("published", &r.text(9)?)?,
            procedure: parse("procedure", &r.text(10)?)?,
            authority: authority_ref(r, 14)?,
            locality: locality_ref(r, 17)?,
            matter: matter_ref(r, 20)?,
            late: r.opt_int(11)?.map(|l| l == 1),
        })
    };
    Ok(PenaltyRow {
        item,
        cursor: PenaltyCursor { key, fine },
    })
}

/// The columns [`page_row`] reads (`p` penalties, `pp` penalty_public, `d` districts, `a`
/// authorities, `l` localities, `m` matters).
pub(in crate::store) const PAGE_COLUMNS: &str = "p.id, p.restricted, p.published, p.ends, \
     p.withdrawn, p.withdrawal, pp.public, p.decision_number, p.decided, d.code, d.name, d.demo, \
     a.id, a.name, a.kind, l.id, l.name, l.kind, m.code, m.name";

/// What a record's address shows on `today`, from a row of [`PAGE_COLUMNS`].
pub(in crate::store) fn page_row(
    r: &impl Columns,
    today: Date,
) -> StoreResult<Option<PenaltyPage>> {
    let id = PenaltyId(unsigned(r.int(0)?));
    let restricted = r.int(1)?;
    let published = stored_date("published", &r.text(2)?)?;
    let ends = stored_date("ends", &r.text(3)?)?;
    let withdrawn = r
        .opt_text(4)?
        .map(|w| stored_date("withdrawn", &w))
        .transpose()?;
    Ok(
        match visibility(restricted == 1, published, ends, withdrawn, today) {
            Visibility::Hidden => None,
            Visibility::Removed { on } => Some(PenaltyPage::Removed { id, removed_on: on }),
            Visibility::Withdrawn { .. } => {
                let withdrawal = r.opt_text(5)?;
                Some(PenaltyPage::Withdrawn(WithdrawnStub {
                    id,
                    decision_number: parse("decision number", &r.text(7)?)?,
                    decided: stored_date("decided", &r.text(8)?)?,
                    authority: authority_ref(r, 12)?,
                    locality: locality_ref(r, 15)?,
                    withdrawal: from_json("withdrawal", withdrawal.as_deref().unwrap_or("null"))?,
                }))
            }
            Visibility::Public => {
                let public = r.opt_text(6)?;
                let record = from_json("public penalty", public.as_deref().unwrap_or("null"))?;
                Some(PenaltyPage::Public(Box::new(PenaltyDetail {
                    record,
                    district: DistrictRef {
                        code: parse("district", &r.text(9)?)?,
                        name: parse("district name", &r.text(10)?)?,
                        demo: r.int(11)? != 0,
                    },
                    authority: authority_ref(r, 12)?,
                    locality: locality_ref(r, 15)?,
                    matter: matter_ref(r, 18)?,
                })))
            }
        },
    )
}

/// A listed record as one element of an export batch: key, fine, withdrawn, withdrawal, public
/// record, id, decision number, decided, district, authority, locality, matter.
#[derive(serde::Deserialize)]
struct ExportRow(
    i64,
    u64,
    Option<Date>,
    Option<gongshi_domain::penalty::Withdrawal>,
    Option<PublicPenalty>,
    PenaltyId,
    gongshi_domain::penalty::DecisionNumber,
    Date,
    DistrictRef,
    AuthorityRef,
    LocalityRef,
    MatterRef,
);

/// An export batch read as one JSON array of [`ExportRow`]s, as `today` shows its records.
pub(in crate::store) fn export_rows(
    json: &str,
    today: Date,
) -> StoreResult<Vec<(PenaltyCursor, PenaltyPage)>> {
    let rows: Vec<ExportRow> = from_json("export batch", json)?;
    rows.into_iter()
        .map(|r| {
            let ExportRow(
                key,
                fine,
                withdrawn,
                withdrawal,
                public,
                id,
                number,
                decided,
                district,
                authority,
                locality,
                matter,
            ) = r;
            let cursor = PenaltyCursor { key, fine };
            let page = match (withdrawn.filter(|w| *w <= today), withdrawal, public) {
                (Some(_), Some(withdrawal), _) => PenaltyPage::Withdrawn(WithdrawnStub {
                    id,
                    decision_number: number,
                    decided,
                    authority,
                    locality,
                    withdrawal,
                }),
                (None, _, Some(record)) => PenaltyPage::Public(Box::new(PenaltyDetail {
                    record,
                    district,
                    authority,
                    locality,
                    matter,
                })),
                _ => {
                    return Err(StoreError::Corrupt {
                        what: "listed penalty",
                        detail: format!("{id} has neither a public record nor a withdrawal"),
                    });
                }
            };
            Ok((cursor, page))
        })
        .collect()
}
