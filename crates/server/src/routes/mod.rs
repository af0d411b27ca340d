//! `/api/v1`: one module per resource, each with its own `router()`, merged here. Every handler is
//! registered through `utoipa_axum::routes!`, so a route cannot exist without its OpenAPI entry.

mod catalog_staff;
pub(crate) mod complaints;
mod dashboard;
mod districts;
#[doc(hidden)]
pub mod fuzzing;
mod handling;
mod health;
mod import_file;
mod jurisdiction;
mod localities;
pub(crate) mod log;
mod matters;
mod officers;
mod penalties;
mod penalty_exports;
mod penalty_stats;
mod publishing;
mod roster_import;
mod roster_staff;
pub(crate) mod staff;
mod users;
mod zones;

use crate::AppState;
use crate::error::{ApiError, Result};
use axum::Json;
use gongshi_domain::{DistrictCode, DistrictOrg};
use std::sync::LazyLock;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "gongshi",
        description = "Public API of gongshi (公示), the transparency portal for street- and \
                       township-level comprehensive administrative law enforcement. Errors share one \
                       envelope (ErrorBody); lists answer as Page with a keyset `next` cursor; GETs \
                       carry a weak ETag and honour If-None-Match.",
        license(name = "MIT OR Apache-2.0")
    ),
    tags(
        (name = "service", description = "Health and this document"),
        (name = "organisation", description = "Districts, zones, localities, authorities and teams"),
        (name = "catalog", description = "Enforcement matters, their delegation to localities, and who may enforce what where"),
        (name = "roster", description = "Officers (public record only), certificate checks, zone rosters and whether an officer may enforce a matter at a place"),
        (name = "complaints", description = "Tips about violations (举报) and complaints about enforcement conduct (投诉): proof-of-work challenge, submission, tracking"),
        (name = "penalties", description = "Penalty decisions as published (双公示): masked, inside their publication window, with withdrawn ones as stubs; search, exports and statistics"),
        (name = "log", description = "The public change log: every publication, correction, withdrawal, certificate status change and catalog round, hash-chained"),
        (name = "staff", description = "The staff side (session cookie; writes need X-CSRF-Token): sign-in, publishing, imports, complaint handling, the roster, accounts"),
    )
)]
struct ApiDoc;

/// Reads a JSON body, answering 400 `invalid_body` with what is wrong.
fn json_body<T: serde::de::DeserializeOwned>(
    body: std::result::Result<Json<T>, axum::extract::rejection::JsonRejection>,
) -> Result<T> {
    body.map(|Json(v)| v)
        .map_err(|e| ApiError::Body(e.body_text()))
}

/// A short public explanation a staff write must give (a reason, a withdrawal's explanation): 1–500
/// characters of text, or 400 naming `field` and saying what to write.
fn explanation(field: &'static str, s: &str, what: &'static str) -> Result<gongshi_domain::Text> {
    gongshi_domain::Text::parse(s)
        .ok()
        .filter(|t| t.as_str().chars().count() <= 500)
        .ok_or_else(|| ApiError::invalid(field, format!("{what} (1–500 characters)")))
}

/// The API routes with their OpenAPI description, unprefixed.
fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(openapi_json))
        .merge(health::router())
        .merge(districts::router())
        .merge(zones::router())
        .merge(localities::router())
        .merge(matters::router())
        .merge(jurisdiction::router())
        .merge(officers::router())
        .merge(penalties::router())
        .merge(penalty_exports::router())
        .merge(penalty_stats::router())
        .merge(complaints::router())
        .merge(staff::router())
        .merge(dashboard::router())
        .merge(publishing::router())
        .merge(handling::router())
        .merge(roster_staff::router())
        .merge(roster_import::router())
        .merge(catalog_staff::router())
        .merge(users::router())
        .merge(log::router())
}

/// The OpenAPI document, with paths as clients call them (under `/api/v1`).
pub fn openapi() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = api().split_for_parts();
    doc.paths.paths = std::mem::take(&mut doc.paths.paths)
        .into_iter()
        .map(|(path, item)| (format!("/api/v1{path}"), item))
        .collect();
    doc
}

static OPENAPI_JSON: LazyLock<serde_json::Value> =
    LazyLock::new(|| serde_json::to_value(openapi()).unwrap_or_default());

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "service",
    responses((status = 200, description = "The OpenAPI 3 document of this API", content_type = "application/json")))]
async fn openapi_json() -> Json<serde_json::Value> {
    Json(OPENAPI_JSON.clone())
}

/// The `/api/v1` router, with JSON answers for unknown paths and wrong methods.
pub(crate) fn router() -> axum::Router<AppState> {
    let (router, _) = api().split_for_parts();
    router
        .fallback(|| async { ApiError::NoSuchRoute })
        .method_not_allowed_fallback(|| async { ApiError::MethodNotAllowed })
}

/// The whole organisation of the district `code` names (as found by a lookup that may have found
/// nothing), or a 404 naming `what` was looked for.
async fn district_org(
    state: &AppState,
    code: Option<DistrictCode>,
    what: &'static str,
) -> Result<DistrictOrg> {
    let not_found = || ApiError::NotFound { what };
    let code = code.ok_or_else(not_found)?;
    state.store.district_org(&code).await?.ok_or_else(not_found)
}

/// A resolver error as the API answers it: a matter and place of different districts is a 404;
/// an inconsistent organisation is ours to fix.
fn resolve_error(e: gongshi_domain::catalog::ResolveError) -> ApiError {
    use gongshi_domain::catalog::ResolveError;
    match e {
        ResolveError::UnknownDepartment | ResolveError::UnknownLocality => ApiError::NotFound {
            what: "matter at this locality",
        },
        ResolveError::Inconsistent(why) => ApiError::Store(crate::store::StoreError::Corrupt {
            what: "organisation",
            detail: why.to_owned(),
        }),
    }
}
