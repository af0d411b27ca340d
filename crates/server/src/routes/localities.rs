//! `GET /api/v1/localities` (filtered, faceted, keyset-paged) and `GET /api/v1/localities/{id}`.

use crate::AppState;
use crate::error::{ApiError, Result};
use crate::store::LocalityFilter;
use crate::{paging, params};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use gongshi_domain::api::{
    CatalogChange, ErrorBody, LocalitySummary, LocalityView, MatterRef, Page,
};
use gongshi_domain::{LocalityId, LocalityKind, ZoneId};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(catalog_changes))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ListParams {
    /// 6-digit district code.
    district: Option<String>,
    /// Zone id.
    zone: Option<String>,
    /// subdistrict, town, township or special_area.
    kind: Option<String>,
    /// `true`: only localities in a zone; `false`: only those in none.
    zoned: Option<String>,
    /// Page size, 1–200 (default 50).
    limit: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
}

impl ListParams {
    pub(super) fn filter(&self) -> Result<LocalityFilter> {
        Ok(LocalityFilter {
            district: params::district(self.district.as_deref())?,
            zone: self
                .zone
                .as_deref()
                .map(ZoneId::parse)
                .transpose()
                .map_err(|e| ApiError::invalid("zone", e))?,
            kind: self
                .kind
                .as_deref()
                .map(|k| {
                    LocalityKind::parse(k).ok_or_else(|| {
                        ApiError::invalid(
                            "kind",
                            "one of subdistrict, town, township, special_area",
                        )
                    })
                })
                .transpose()?,
            zoned: self
                .zoned
                .as_deref()
                .map(|z| match z {
                    "true" => Ok(true),
                    "false" => Ok(false),
                    _ => Err(ApiError::invalid("zoned", "true or false")),
                })
                .transpose()?,
        })
    }
}

/// Localities, by id, with counts by kind and zone over the whole filtered set.
#[utoipa::path(get, path = "/localities", tag = "organisation", params(ListParams), responses(
    (status = 200, body = Page<LocalitySummary>),
    (status = 400, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    params: std::result::Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Page<LocalitySummary>>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let filter = params.filter()?;
    let limit = paging::limit(params.limit.as_deref())?;
    let after = paging::decode_cursor(params.cursor.as_deref(), LocalityId::parse)?;
    let rows = state
        .store
        .localities(&filter, after.as_ref(), limit + 1)
        .await?;
    let (items, next) = paging::split_page(rows, limit, |l| l.id.to_string());
    let facets = state.store.locality_facets(&filter).await?;
    let kind = filter.kind.map(|k| params::spelling(&k));
    let total = facets
        .iter()
        .find(|f| f.field == "kind")
        .map(|f| f.total(kind.as_deref()));
    Ok(Json(Page {
        items,
        next,
        facets,
        total,
        total_is_lower_bound: false,
    }))
}

/// A locality: in whose name matters are enforced here, by which team, its zone, address and
/// supervision phone.
#[utoipa::path(get, path = "/localities/{id}", tag = "organisation",
    params(("id" = String, Path, description = "Locality id, e.g. xc-nankeng")),
    responses(
        (status = 200, body = LocalityView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn detail(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<LocalityView>> {
    let id = LocalityId::parse(id).map_err(|e| ApiError::invalid("id", e))?;
    let code = state.store.district_of_locality(&id).await?;
    let org = super::district_org(&state, code, "locality").await?;
    org.locality_view(&id)
        .map(Json)
        .ok_or(ApiError::NotFound { what: "locality" })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ChangesParams {
    /// Changes after this date, YYYY-MM-DD (required).
    from: Option<String>,
    /// Up to and including this date, YYYY-MM-DD (default: today, China Standard Time).
    to: Option<String>,
}

/// What was delegated to or revoked from a locality after `from` and up to `to`, in date order.
#[utoipa::path(get, path = "/localities/{id}/catalog/changes", tag = "catalog",
    params(("id" = String, Path, description = "Locality id, e.g. xc-nankeng"), ChangesParams),
    responses(
        (status = 200, body = Vec<CatalogChange>),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn catalog_changes(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: std::result::Result<Query<ChangesParams>, QueryRejection>,
) -> Result<Json<Vec<CatalogChange>>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let id = LocalityId::parse(id).map_err(|e| ApiError::invalid("id", e))?;
    let from = crate::params::date("from", params.from.as_deref())?
        .ok_or_else(|| ApiError::invalid("from", "a real date as YYYY-MM-DD"))?;
    let to = crate::params::date("to", params.to.as_deref())?.unwrap_or_else(crate::params::today);
    if to < from {
        return Err(ApiError::invalid("to", "must not be before `from`"));
    }
    let code = state.store.district_of_locality(&id).await?;
    let org = super::district_org(&state, code, "locality").await?;
    let history = state.store.delegations(None, Some(&id)).await?;
    let filter = crate::store::MatterFilter {
        district: Some(org.district.code.clone()),
        domain: None,
        power_kind: None,
        class: None,
        level: None,
        locality: None,
        delegated: None,
        as_of: to,
        q: None,
    };
    let names: std::collections::BTreeMap<_, _> = state
        .store
        .matters(&filter, None, u32::MAX)
        .await?
        .into_iter()
        .map(|m| (m.code, m.name))
        .collect();
    let changes = gongshi_domain::catalog::changes_between(&history, &id, from, to)
        .into_iter()
        .filter_map(|d| {
            names.get(&d.matter).map(|name| CatalogChange {
                matter: MatterRef {
                    code: d.matter.clone(),
                    name: name.clone(),
                },
                act: d.act,
                effective: d.effective,
                document: d.document.clone(),
            })
        })
        .collect();
    Ok(Json(changes))
}
