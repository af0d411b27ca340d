//! `GET /api/v1/jurisdiction?matter=…&locality=…&date=…`: who may enforce a matter at a place on a
//! date, with the reason chain, and the locality's supervision line for complaints.

use crate::AppState;
use crate::error::{ApiError, Result};
use crate::params;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use gongshi_domain::LocalityId;
use gongshi_domain::api::{ErrorBody, JurisdictionView};
use gongshi_domain::catalog::MatterCode;
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(answer))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct Params {
    /// The matter code (required).
    matter: Option<String>,
    /// The locality where it happens (required).
    locality: Option<String>,
    /// The date, YYYY-MM-DD (default: today, China Standard Time).
    date: Option<String>,
}

/// Who may enforce the matter there on that date, and why.
#[utoipa::path(get, path = "/jurisdiction", tag = "catalog", params(Params), responses(
    (status = 200, body = JurisdictionView),
    (status = 400, body = ErrorBody),
    (status = 404, body = ErrorBody, description = "No such matter or locality, or they are in different districts"),
))]
async fn answer(
    State(state): State<AppState>,
    params: std::result::Result<Query<Params>, QueryRejection>,
) -> Result<Json<JurisdictionView>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let code = MatterCode::parse(params.matter.as_deref().unwrap_or_default())
        .map_err(|e| ApiError::invalid("matter", e))?;
    let locality = LocalityId::parse(params.locality.as_deref().unwrap_or_default())
        .map_err(|e| ApiError::invalid("locality", e))?;
    let date = params::date("date", params.date.as_deref())?.unwrap_or_else(params::today);

    let matter = state
        .store
        .matter(&code)
        .await?
        .ok_or(ApiError::NotFound { what: "matter" })?;
    let district = state.store.district_of_locality(&locality).await?;
    let org = super::district_org(&state, district, "locality").await?;
    let history = state
        .store
        .delegations(Some(&code), Some(&locality))
        .await?;
    org.jurisdiction_view(&matter, &history, &locality, date)
        .map(Json)
        .map_err(super::resolve_error)
}
