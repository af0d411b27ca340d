//! `GET /api/v1/health`: 200 once the database answers and is migrated, 503 otherwise. Load
//! balancers, scripts and the tests wait on it.

use crate::AppState;
use crate::error::envelope;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongshi_domain::api::{ErrorBody, ErrorCode, Health};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(health))
}

/// Whether the service can answer.
#[utoipa::path(get, path = "/health", tag = "service", responses(
    (status = 200, body = Health),
    (status = 503, body = ErrorBody, description = "The database is not reachable"),
))]
async fn health(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => Json(Health {
            status: "ok".to_owned(),
            version: env!("CARGO_PKG_VERSION").to_owned(),
        })
        .into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            envelope(
                StatusCode::SERVICE_UNAVAILABLE,
                ErrorCode::Unavailable,
                "database unavailable".to_owned(),
                None,
            )
        }
    }
}
