//! What the SQLite and PostgreSQL penalties code shares (no database access): what a write derives
//! from a record, which text the search index holds, how a query becomes n-grams, the filters,
//! order and INSERTs both build (generic over the database, the search clause passed in), and how
//! listed and exported rows read back.

use super::{
    date_string, day_key, from_json, locality_kind, parse, sort_key, stored_date, to_json,
};
use crate::params::spelling;
use crate::store::{
    PenaltyCursor, PenaltyFilter, PenaltyRow, PenaltySort, PenaltyWrite, StoreError, StoreResult,
};
use futures_util::future::BoxFuture;
use gongshi_domain::DistrictCode;
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
use sqlx::{Database, Encode, QueryBuilder, Type};
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

/// Which filters a clause leaves out (a facet does not filter on its own field).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::store) enum Leave {
    Nothing,
    /// Every filter the summary table has a column for: what facets are computed over.
    FacetFields,
}

/// Appends ` AND …` for every filter of `f` on the listing's `s.` columns (the listing holds only
/// what is listed on the day it was built for: see either store's
/// `refresh_penalty_summaries_impl`). The search index is each store's own: `search` appends its
/// ` AND s.key IN (…)` for a query, or nothing when the query has nothing to look for.
pub(in crate::store) fn push_filters<'a, DB>(
    q: &mut QueryBuilder<'a, DB>,
    f: &PenaltyFilter,
    leave: Leave,
    search: impl FnOnce(&mut QueryBuilder<'a, DB>, &SearchQuery),
) where
    DB: Database,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    q.push(" 1 = 1");
    if let Some(d) = &f.district {
        q.push(" AND s.district = ").push_bind(d.to_string());
    }
    if let Some(m) = &f.matter {
        q.push(" AND s.matter = ").push_bind(m.to_string());
    }
    // A decision-date range is a range of sort keys.
    if let Some(d) = f.decided_from {
        q.push(" AND s.key >= ").push_bind(day_key(d));
    }
    if let Some(d) = f.decided_to {
        q.push(" AND s.key < ")
            .push_bind(day_key(d + time::Duration::DAY));
    }
    if let Some(min) = f.fine_min {
        q.push(" AND s.fine >= ").push_bind(min.0 as i64);
    }
    if let Some(max) = f.fine_max {
        q.push(" AND s.fine <= ").push_bind(max.0 as i64);
    }
    if let Some(query) = &f.q {
        search(q, query);
    }
    if leave == Leave::FacetFields {
        return;
    }
    push_facet_filters(q, f, "s.");
}

/// The filters on the dimensions the summary table has, on columns prefixed with `prefix`.
pub(in crate::store) fn push_facet_filters<DB>(
    q: &mut QueryBuilder<'_, DB>,
    f: &PenaltyFilter,
    prefix: &str,
) where
    DB: Database,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    if let Some(l) = &f.locality {
        q.push(format!(" AND {prefix}locality = "))
            .push_bind(l.to_string());
    }
    if let Some(a) = &f.authority {
        q.push(format!(" AND {prefix}authority = "))
            .push_bind(a.to_string());
    }
    if let Some(d) = f.domain {
        q.push(format!(" AND {prefix}domain = "))
            .push_bind(spelling(&d));
    }
    if let Some(k) = f.party_kind {
        q.push(format!(" AND {prefix}party_kind = "))
            .push_bind(spelling(&k));
    }
    if let Some(p) = f.procedure {
        q.push(format!(" AND {prefix}procedure = "))
            .push_bind(spelling(&p));
    }
    if let Some(k) = f.kind {
        q.push(format!(" AND ({prefix}kinds & "))
            .push_bind(i64::from(k.bit()))
            .push(") <> 0");
    }
}

/// The joins that [`PAGE_COLUMNS`] reads from (`p` penalties, `a` authorities, `l` localities, `m`
/// matters, `d` districts, `pp` the public part).
pub(in crate::store) const PAGE_JOINS: &str = " FROM penalties p \
     JOIN authorities a ON a.id = p.authority \
     JOIN localities l ON l.id = p.locality JOIN matters m ON m.code = p.matter \
     JOIN districts d ON d.code = p.district LEFT JOIN penalty_public pp ON pp.key = p.key";

/// The joins from a batch of listed keys (`s`) to what an export row reads.
pub(in crate::store) const LISTED_BATCH_JOINS: &str = " s JOIN penalties p ON p.key = s.key \
     JOIN authorities a ON a.id = p.authority \
     JOIN localities l ON l.id = p.locality JOIN matters m ON m.code = p.matter \
     JOIN districts d ON d.code = p.district LEFT JOIN penalty_public pp ON pp.key = p.key";

/// Appends the keyset condition for the rows after `after` (if any) and ` ORDER BY …` for `sort`.
pub(in crate::store) fn push_order<DB>(
    q: &mut QueryBuilder<'_, DB>,
    sort: PenaltySort,
    after: Option<PenaltyCursor>,
) where
    DB: Database,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
{
    if let Some(c) = after {
        let fine = c.fine as i64;
        match sort {
            PenaltySort::Newest => q.push(" AND s.key < ").push_bind(c.key),
            PenaltySort::Oldest => q.push(" AND s.key > ").push_bind(c.key),
            PenaltySort::FineDesc => q
                .push(" AND (s.fine, s.key) < (")
                .push_bind(fine)
                .push(", ")
                .push_bind(c.key)
                .push(")"),
            PenaltySort::FineAsc => q
                .push(" AND (s.fine, s.key) > (")
                .push_bind(fine)
                .push(", ")
                .push_bind(c.key)
                .push(")"),
        };
    }
    q.push(order_clause(sort));
}

/// ` ORDER BY …` on the listing's columns.
pub(in crate::store) fn order_clause(sort: PenaltySort) -> &'static str {
    match sort {
        PenaltySort::Newest => " ORDER BY s.key DESC",
        PenaltySort::Oldest => " ORDER BY s.key ASC",
        PenaltySort::FineDesc => " ORDER BY s.fine DESC, s.key DESC",
        PenaltySort::FineAsc => " ORDER BY s.fine ASC, s.key ASC",
    }
}

/// The INSERTs of a batch (`derived` from its records in the same order): its `penalties` rows,
/// the public parts of the `published` ones (each paired with what the store's search index takes
/// for it, which is the store's own to write), and the private parts, to run in that order.
pub(in crate::store) fn batch_inserts<'a, DB, T>(
    district: &DistrictCode,
    batch: &[PenaltyWrite],
    derived: &[Derived],
    published: &[(&Derived, T)],
) -> StoreResult<Vec<QueryBuilder<'a, DB>>>
where
    DB: Database,
    for<'q> String: Encode<'q, DB> + Type<DB>,
    for<'q> i64: Encode<'q, DB> + Type<DB>,
    for<'q> Option<String>: Encode<'q, DB>,
    for<'q> Option<i64>: Encode<'q, DB>,
{
    let mut inserts = Vec::with_capacity(3);
    let mut q = QueryBuilder::new(
        "INSERT INTO penalties (key, id, district, locality, authority, matter, domain, \
         decision_number, party_kind, party_name, procedure, severity, kinds, fine, confiscated, \
         decided, published, ends, withdrawn, restricted, working_days, late, withdrawal) ",
    );
    q.push_values(batch.iter().zip(derived), |mut b, (w, d)| {
        let p = &w.penalty;
        b.push_bind(d.key)
            .push_bind(p.id.0 as i64)
            .push_bind(district.to_string())
            .push_bind(p.locality.to_string())
            .push_bind(p.authority.to_string())
            .push_bind(p.matter.to_string())
            .push_bind(spelling(&w.domain))
            .push_bind(p.decision_number.to_string())
            .push_bind(spelling(&p.party.kind))
            .push_bind(d.party_name.clone())
            .push_bind(spelling(&p.procedure))
            .push_bind(spelling(&p.severity))
            .push_bind(i64::from(PenaltyKind::bits(&p.kinds)))
            .push_bind(p.fine.0 as i64)
            .push_bind(p.confiscated.0 as i64)
            .push_bind(date_string(p.decided))
            .push_bind(date_string(p.published))
            .push_bind(d.ends.clone())
            .push_bind(p.withdrawal.as_ref().map(|wd| date_string(wd.date)))
            .push_bind(i64::from(p.restriction.is_some()))
            .push_bind(d.working_days)
            .push_bind(d.late)
            .push_bind(d.withdrawal.clone());
    });
    inserts.push(q);

    if !published.is_empty() {
        let mut q = QueryBuilder::new("INSERT INTO penalty_public (key, public) ");
        q.push_values(published, |mut b, (d, _)| {
            b.push_bind(d.key).push_bind(d.public.clone());
        });
        inserts.push(q);
    }

    let private = batch
        .iter()
        .map(|w| private_part(&w.penalty))
        .collect::<StoreResult<Vec<_>>>()?;
    let mut q = QueryBuilder::new(
        "INSERT INTO penalty_private (id, party_name, representative, id_number, address, \
         others_named, text, restriction, fields) ",
    );
    q.push_values(batch.iter().zip(private), |mut b, (w, private)| {
        let p = &w.penalty;
        b.push_bind(p.id.0 as i64)
            .push_bind(p.party.name.to_string())
            .push_bind(p.party.representative.as_ref().map(ToString::to_string))
            .push_bind(p.party.id_number.as_ref().map(|n| n.as_str().to_owned()))
            .push_bind(p.party.address.as_ref().map(ToString::to_string))
            .push_bind(private.others_named)
            .push_bind(private.text)
            .push_bind(private.restriction)
            .push_bind(private.fields);
    });
    inserts.push(q);
    Ok(inserts)
}

/// Rows an export reads at a time.
pub(in crate::store) const EXPORT_BATCH: i64 = 1000;

/// The next [`EXPORT_BATCH`] listed records after a cursor, as a store reads them from `P` (its
/// pool).
pub(in crate::store) type ExportBatch<'a> =
    BoxFuture<'a, StoreResult<Vec<(PenaltyCursor, PenaltyPage)>>>;

/// The listed records `filter` asks for, in `sort` order, read a batch at a time with `batch` on
/// `pool` until a batch comes back short; each batch a statement of its own, so an export holds no
/// transaction open while the client reads.
pub(in crate::store) fn export_penalties<P, F>(
    pool: P,
    filter: PenaltyFilter,
    sort: PenaltySort,
    batch: F,
) -> tokio::sync::mpsc::Receiver<StoreResult<PenaltyPage>>
where
    P: Send + Sync + 'static,
    F: for<'a> Fn(&'a P, &'a PenaltyFilter, PenaltySort, Option<PenaltyCursor>) -> ExportBatch<'a>
        + Send
        + 'static,
{
    let (tx, rx) = tokio::sync::mpsc::channel(256);
    tokio::spawn(async move {
        let mut after = None;
        loop {
            let batch = match batch(&pool, &filter, sort, after).await {
                Ok(batch) => batch,
                Err(e) => {
                    let _ = tx.send(Err(e)).await;
                    return;
                }
            };
            let full = batch.len() as i64 == EXPORT_BATCH;
            for (cursor, page) in batch {
                after = Some(cursor);
                // The reader went away (the client hung up): stop reading.
                if tx.send(Ok(page)).await.is_err() {
                    return;
                }
            }
            if !full {
                return;
            }
        }
    });
    rx
}
