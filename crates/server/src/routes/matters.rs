//! `GET /api/v1/matters` (filtered, searched, faceted, keyset-paged) and
//! `GET /api/v1/matters/{code}` (the matter with its delegation timeline at every locality).

use crate::AppState;
use crate::error::{ApiError, Result};
use crate::store::MatterFilter;
use crate::{paging, params};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use gongshi_domain::api::{ErrorBody, MatterView, Page};
use gongshi_domain::catalog::{Matter, MatterCode};
use gongshi_domain::search::SearchQuery;
use gongshi_domain::{DistrictCode, LocalityId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ListParams {
    /// Words to find in the code, name or legal basis (1 or more characters, e.g. 占道, 犬); plain
    /// words also find the official phrase (占道 → 占用城市道路). Every word must match.
    q: Option<String>,
    /// 6-digit district code.
    district: Option<String>,
    /// urban_management, market_regulation, natural_resources, …
    domain: Option<String>,
    /// penalty, inspection or coercion.
    power_kind: Option<String>,
    /// A, B or C.
    class: Option<String>,
    /// district or locality.
    level: Option<String>,
    /// Only matters delegated to this locality on `date` (its catalog); see `delegated`.
    locality: Option<String>,
    /// With `locality`: `true` (the default) for matters delegated to it on `date`, `false` for
    /// those not delegated to it.
    delegated: Option<String>,
    /// The as-of date, YYYY-MM-DD (default: today, China Standard Time).
    date: Option<String>,
    /// Page size, 1–200 (default 50).
    limit: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
}

impl ListParams {
    pub(super) fn filter(&self) -> Result<MatterFilter> {
        let q = self
            .q
            .as_deref()
            .map(SearchQuery::parse)
            .transpose()
            .map_err(|e| ApiError::invalid("q", e))?
            .flatten();
        let locality = self
            .locality
            .as_deref()
            .map(LocalityId::parse)
            .transpose()
            .map_err(|e| ApiError::invalid("locality", e))?;
        let delegated = params::boolean("delegated", self.delegated.as_deref())?;
        if delegated.is_some() && locality.is_none() {
            return Err(ApiError::invalid(
                "locality",
                "`delegated` needs a locality",
            ));
        }
        Ok(MatterFilter {
            district: params::district(self.district.as_deref())?,
            domain: params::unit_enum(
                "domain",
                self.domain.as_deref(),
                "a domain such as urban_management",
            )?,
            power_kind: params::unit_enum(
                "power_kind",
                self.power_kind.as_deref(),
                "penalty, inspection or coercion",
            )?,
            class: params::unit_enum("class", self.class.as_deref(), "A, B or C")?,
            level: params::unit_enum("level", self.level.as_deref(), "district or locality")?,
            // A locality alone asks for its catalog: the matters delegated to it on the date.
            delegated: delegated.or(locality.as_ref().map(|_| true)),
            locality,
            as_of: params::date("date", self.date.as_deref())?.unwrap_or_else(params::today),
            q,
        })
    }
}

/// Matters, by code, with counts by domain, power kind, class and level over the filtered set.
#[utoipa::path(get, path = "/matters", tag = "catalog", params(ListParams), responses(
    (status = 200, body = Page<Matter>),
    (status = 400, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    params: std::result::Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Page<Matter>>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let filter = params.filter()?;
    let limit = paging::limit(params.limit.as_deref())?;
    let after = paging::decode_cursor(params.cursor.as_deref(), MatterCode::parse)?;
    // The page and the counts are independent reads: run them at once on two connections.
    let (rows, facets) = tokio::try_join!(
        state.store.matters(&filter, after.as_ref(), limit + 1),
        state.store.matter_facets(&filter),
    )?;
    let (items, next) = paging::split_page(rows, limit, |m| m.code.to_string());
    let domain = filter.domain.map(|d| params::spelling(&d));
    let total = facets
        .iter()
        .find(|f| f.field == "domain")
        .map(|f| f.total(domain.as_deref()));
    Ok(Json(Page {
        items,
        next,
        facets,
        total,
        total_is_lower_bound: false,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DetailParams {
    /// The date the per-locality state is given for, YYYY-MM-DD (default: today).
    date: Option<String>,
}

/// A matter with who holds it at every locality of its district and the acts that led there.
#[utoipa::path(get, path = "/matters/{code}", tag = "catalog",
    params(("code" = String, Path, description = "16-character matter code, e.g. 350602001F004200"), DetailParams),
    responses(
        (status = 200, body = MatterView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn detail(
    State(state): State<AppState>,
    Path(code): Path<String>,
    params: std::result::Result<Query<DetailParams>, QueryRejection>,
) -> Result<Json<MatterView>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let code = MatterCode::parse(code).map_err(|e| ApiError::invalid("code", e))?;
    let as_of = params::date("date", params.date.as_deref())?.unwrap_or_else(params::today);
    let not_found = || ApiError::NotFound { what: "matter" };
    let matter = state.store.matter(&code).await?.ok_or_else(not_found)?;
    let history = state.store.delegations(Some(&code), None).await?;
    let district = DistrictCode::parse(&code.as_str()[..6]).ok();
    let org = super::district_org(&state, district, "matter").await?;
    org.matter_view(matter, &history, as_of)
        .map(Json)
        .ok_or_else(not_found)
}
