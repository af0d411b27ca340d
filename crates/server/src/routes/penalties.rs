//! Penalty disclosures: `GET /api/v1/penalties` (filtered, searched, sorted, faceted, keyset-paged)
//! and `GET /api/v1/penalties/{id}` (the record, the stub of a withdrawn one, or "removed on D").
//!
//! Only what is listed today is ever read for the public: published, inside its publication window,
//! never a restricted case; the public projection was masked when the record was written. There is
//! deliberately no as-of date parameter: an earlier date would bring back records the law has
//! taken out of public view.

use crate::AppState;
use crate::error::{ApiError, Result};
use crate::store::{Count, PenaltyCursor, PenaltyFilter, PenaltySort};
use crate::{paging, params};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use gongshi_domain::api::{ErrorBody, Page};
use gongshi_domain::money::Fen;
use gongshi_domain::penalty::{PenaltyId, PenaltyListItem, PenaltyPage};
use gongshi_domain::search::SearchQuery;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
}

/// Counting stops here: a total beyond it is reported as "more than", and facets that would need
/// to count beyond it without the summary table are left out.
pub(crate) const COUNT_CAP: u64 = 20_000;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(crate) struct FilterParams {
    /// Words to find in the decision number, the party's published name, its credit code or the
    /// facts; one character works too (罚), several words must all occur.
    q: Option<String>,
    /// 6-digit district code.
    district: Option<String>,
    /// Where the violation happened.
    locality: Option<String>,
    /// The deciding authority.
    authority: Option<String>,
    /// The matter's domain (urban_management, …).
    domain: Option<String>,
    /// The matter's 16-character code.
    matter: Option<String>,
    /// Decisions imposing this kind: warning, reprimand, fine, confiscate_gains, …
    kind: Option<String>,
    /// natural_person, legal_person, other_organisation or individual_business.
    party_kind: Option<String>,
    /// summary or ordinary.
    procedure: Option<String>,
    /// Decided on or after, YYYY-MM-DD.
    from: Option<String>,
    /// Decided on or before, YYYY-MM-DD.
    to: Option<String>,
    /// Fine of at least this many fen.
    fine_min: Option<String>,
    /// Fine of at most this many fen.
    fine_max: Option<String>,
    /// newest (default), oldest, fine_desc or fine_asc.
    sort: Option<String>,
}

fn fen(field: &'static str, raw: Option<&str>) -> Result<Option<Fen>> {
    raw.map(|s| {
        s.parse::<u64>()
            .map(Fen)
            .map_err(|_| ApiError::invalid(field, "a whole number of fen (1 yuan = 100 fen)"))
    })
    .transpose()
}

impl FilterParams {
    pub(crate) fn filter(&self) -> Result<PenaltyFilter> {
        let q = match self.q.as_deref() {
            None => None,
            Some(q) => SearchQuery::parse(q).map_err(|e| ApiError::invalid("q", e))?,
        };
        let filter = PenaltyFilter {
            district: params::district(self.district.as_deref())?,
            locality: params::id("locality", self.locality.as_deref())?,
            authority: params::id("authority", self.authority.as_deref())?,
            domain: params::unit_enum(
                "domain",
                self.domain.as_deref(),
                "a domain such as urban_management",
            )?,
            matter: self
                .matter
                .as_deref()
                .map(gongshi_domain::catalog::MatterCode::parse)
                .transpose()
                .map_err(|e| ApiError::invalid("matter", e))?,
            kind: params::unit_enum(
                "kind",
                self.kind.as_deref(),
                "a penalty kind such as warning or fine",
            )?,
            party_kind: params::unit_enum(
                "party_kind",
                self.party_kind.as_deref(),
                "natural_person, legal_person, other_organisation or individual_business",
            )?,
            procedure: params::unit_enum(
                "procedure",
                self.procedure.as_deref(),
                "summary or ordinary",
            )?,
            decided_from: params::date("from", self.from.as_deref())?,
            decided_to: params::date("to", self.to.as_deref())?,
            fine_min: fen("fine_min", self.fine_min.as_deref())?,
            fine_max: fen("fine_max", self.fine_max.as_deref())?,
            q,
            today: params::today(),
        };
        if let (Some(from), Some(to)) = (filter.decided_from, filter.decided_to)
            && from > to
        {
            return Err(ApiError::invalid("to", "must not be before `from`"));
        }
        if let (Some(min), Some(max)) = (filter.fine_min, filter.fine_max)
            && min > max
        {
            return Err(ApiError::invalid(
                "fine_max",
                "must not be below `fine_min`",
            ));
        }
        Ok(filter)
    }

    pub(crate) fn sort(&self) -> Result<PenaltySort> {
        match self.sort.as_deref() {
            None | Some("newest") => Ok(PenaltySort::Newest),
            Some("oldest") => Ok(PenaltySort::Oldest),
            Some("fine_desc") => Ok(PenaltySort::FineDesc),
            Some("fine_asc") => Ok(PenaltySort::FineAsc),
            Some(_) => Err(ApiError::invalid(
                "sort",
                "newest, oldest, fine_desc or fine_asc",
            )),
        }
    }
}

/// A place, authority or matter that does not exist is a 404, not an empty list.
pub(crate) async fn check_exists(state: &AppState, f: &PenaltyFilter) -> Result<()> {
    if let Some(d) = &f.district {
        state
            .store
            .district_org(d)
            .await?
            .ok_or(ApiError::NotFound { what: "district" })?;
    }
    if let Some(l) = &f.locality {
        state
            .store
            .district_of_locality(l)
            .await?
            .ok_or(ApiError::NotFound { what: "locality" })?;
    }
    if let Some(m) = &f.matter {
        state
            .store
            .matter(m)
            .await?
            .ok_or(ApiError::NotFound { what: "matter" })?;
    }
    if let Some(a) = &f.authority {
        let known = match &f.district {
            Some(d) => state
                .store
                .district_org(d)
                .await?
                .is_some_and(|o| o.authority(a).is_some()),
            None => {
                let mut found = false;
                for d in state.store.districts(None, u32::MAX).await? {
                    if let Some(o) = state.store.district_org(&d.code).await?
                        && o.authority(a).is_some()
                    {
                        found = true;
                        break;
                    }
                }
                found
            }
        };
        if !known {
            return Err(ApiError::NotFound { what: "authority" });
        }
    }
    Ok(())
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct PageParams {
    /// Page size, 1–200 (default 50).
    pub(super) limit: Option<String>,
    /// The `next` value of the previous page.
    pub(super) cursor: Option<String>,
}

pub(super) fn cursor_key(c: PenaltyCursor) -> String {
    format!("{}.{}", c.fine, c.key)
}

pub(super) fn parse_cursor(s: String) -> std::result::Result<PenaltyCursor, ()> {
    let (fine, key) = s.split_once('.').ok_or(())?;
    Ok(PenaltyCursor {
        fine: fine.parse().map_err(|_| ())?,
        key: key.parse().map_err(|_| ())?,
    })
}

/// Penalty decisions listed today, newest first unless sorted otherwise, with the total and counts
/// by locality, authority, domain, kind, party kind and procedure.
#[utoipa::path(get, path = "/penalties", tag = "penalties", params(FilterParams, PageParams), responses(
    (status = 200, body = Page<PenaltyListItem>, description = "Withdrawn decisions appear as stubs (`status: withdrawn`). Facets (`locality`, `authority`, `domain`, `kind`, `party_kind`, `procedure`) each leave out their own filter; they are absent when a search or a date or amount range matches more than 20,000 records. `total` is exact unless `total_is_lower_bound` is set"),
    (status = 400, body = ErrorBody),
    (status = 404, body = ErrorBody, description = "No such district, locality, authority or matter"),
))]
async fn list(
    State(state): State<AppState>,
    filter: std::result::Result<Query<FilterParams>, QueryRejection>,
    page: std::result::Result<Query<PageParams>, QueryRejection>,
) -> Result<Json<Page<PenaltyListItem>>> {
    let Query(params) = filter.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let Query(page) = page.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let filter = params.filter()?;
    let sort = params.sort()?;
    let limit = paging::limit(page.limit.as_deref())?;
    let after = paging::decode_cursor(page.cursor.as_deref(), parse_cursor)?;
    check_exists(&state, &filter).await?;

    let rows = state
        .store
        .penalties(&filter, sort, after, limit + 1)
        .await?;
    let Count { value, exact } = state.store.penalty_count(&filter, COUNT_CAP).await?;
    let facets = state
        .store
        .penalty_facets(&filter, COUNT_CAP)
        .await?
        .unwrap_or_default();
    let (rows, next) = paging::split_page(rows, limit, |r| cursor_key(r.cursor));
    Ok(Json(Page {
        items: rows.into_iter().map(|r| r.item).collect(),
        next,
        facets,
        total: Some(value),
        total_is_lower_bound: !exact,
    }))
}

/// One decision: the public record while it is listed, the stub of a withdrawn one, or the day it
/// was removed from public view. A record that is never published (minors, secrets, privacy) or
/// not yet published is a 404, like one that does not exist.
#[utoipa::path(get, path = "/penalties/{id}", tag = "penalties",
    params(("id" = u64, Path, description = "The record's number")),
    responses(
        (status = 200, body = PenaltyPage),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<PenaltyPage>> {
    let id: PenaltyId = id
        .parse()
        .map_err(|_| ApiError::invalid("id", "a record number"))?;
    state
        .store
        .penalty(id, params::today())
        .await?
        .map(Json)
        .ok_or(ApiError::NotFound { what: "penalty" })
}
