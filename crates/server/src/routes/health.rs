//! Health for load balancers, scripts and the tests:
//! - `GET /api/v1/health`: 200 once the database answers and is migrated, 503 otherwise;
//! - `GET /api/v1/health/live`: 200 while the process answers at all (a database outage is not a
//!   reason to restart every instance);
//! - `GET /api/v1/health/ready`: like `health` (the primary and any read replica answer), and 503
//!   from the moment the instance is told to stop, so a balancer sends it nothing new while it
//!   finishes what it has.

use crate::AppState;
use crate::error::envelope;
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongshi_domain::api::{ErrorBody, ErrorCode, Health};
use std::sync::atomic::Ordering;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(health))
        .routes(routes!(live))
        .routes(routes!(ready))
}

fn ok() -> Response {
    Json(Health {
        status: "ok".to_owned(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
    })
    .into_response()
}

fn unavailable(message: &str) -> Response {
    envelope(
        StatusCode::SERVICE_UNAVAILABLE,
        ErrorCode::Unavailable,
        message.to_owned(),
        None,
    )
}

async fn database(state: &AppState) -> Response {
    match state.store.ping().await {
        Ok(()) => ok(),
        Err(e) => {
            tracing::warn!(error = %e, "health check failed");
            unavailable("database unavailable")
        }
    }
}

/// Whether the service can answer.
#[utoipa::path(get, path = "/health", tag = "service", responses(
    (status = 200, body = Health),
    (status = 503, body = ErrorBody, description = "The database is not reachable"),
))]
async fn health(State(state): State<AppState>) -> Response {
    database(&state).await
}

/// Whether the process answers (liveness): never asks the database.
#[utoipa::path(get, path = "/health/live", tag = "service", responses(
    (status = 200, body = Health),
))]
async fn live() -> Response {
    ok()
}

/// Whether this instance should get requests (readiness): the database answers and the instance
/// is not shutting down.
#[utoipa::path(get, path = "/health/ready", tag = "service", responses(
    (status = 200, body = Health),
    (status = 503, body = ErrorBody, description = "Shutting down, or the database is not reachable"),
))]
async fn ready(State(state): State<AppState>) -> Response {
    if state.draining.load(Ordering::Relaxed) {
        return unavailable("shutting down");
    }
    database(&state).await
}
