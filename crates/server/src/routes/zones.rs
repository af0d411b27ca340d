//! `GET /api/v1/zones/{id}`: a joint enforcement zone (片区) with its lead, centre, legal reviewer
//! and member localities with their deputy leads.

use crate::AppState;
use crate::error::{ApiError, Result};
use axum::Json;
use axum::extract::{Path, State};
use gongshi_domain::ZoneId;
use gongshi_domain::api::{ErrorBody, ZoneView};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(detail))
}

/// A zone.
#[utoipa::path(get, path = "/zones/{id}", tag = "organisation",
    params(("id" = String, Path, description = "Zone id, e.g. xc-east")),
    responses(
        (status = 200, body = ZoneView),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn detail(State(state): State<AppState>, Path(id): Path<String>) -> Result<Json<ZoneView>> {
    let id = ZoneId::parse(id).map_err(|e| ApiError::invalid("id", e))?;
    let org = super::district_org(&state, state.store.district_of_zone(&id).await?, "zone").await?;
    org.zone_view(&id)
        .map(Json)
        .ok_or(ApiError::NotFound { what: "zone" })
}
