//! `GET /api/v1/districts` and `GET /api/v1/districts/{code}`: the organisation of a district.

use crate::AppState;
use crate::error::{ApiError, Result};
use crate::paging;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use gongshi_domain::DistrictCode;
use gongshi_domain::api::{DistrictSummary, DistrictView, ErrorBody, Page};
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
    /// Page size, 1–200 (default 50).
    limit: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
}

/// Districts with published data, by division code.
#[utoipa::path(get, path = "/districts", tag = "organisation", params(ListParams), responses(
    (status = 200, body = Page<DistrictSummary>),
    (status = 400, body = ErrorBody),
))]
async fn list(
    State(state): State<AppState>,
    params: std::result::Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Page<DistrictSummary>>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let limit = paging::limit(params.limit.as_deref())?;
    let after = paging::decode_cursor(params.cursor.as_deref(), DistrictCode::parse)?;
    let rows = state.store.districts(after.as_ref(), limit + 1).await?;
    let (items, next) = paging::split_page(rows, limit, |d| d.code.to_string());
    Ok(Json(Page {
        items,
        next,
        facets: Vec::new(),
        total: None,
        total_is_lower_bound: false,
    }))
}

/// A district: its bureau and district-level teams, departments, zones with their leads, centres and
/// members, localities in no zone, and special areas.
#[utoipa::path(get, path = "/districts/{code}", tag = "organisation",
    params(("code" = String, Path, description = "6-digit division code, e.g. 350602")),
    responses(
        (status = 200, body = DistrictView),
        (status = 400, body = ErrorBody, description = "Not a district code"),
        (status = 404, body = ErrorBody),
    ))]
async fn detail(
    State(state): State<AppState>,
    Path(code): Path<String>,
) -> Result<Json<DistrictView>> {
    let code = DistrictCode::parse(code).map_err(|e| ApiError::invalid("code", e))?;
    let org = super::district_org(&state, Some(code), "district").await?;
    org.view()
        .map(Json)
        .ok_or(ApiError::NotFound { what: "district" })
}
