//! Catalog rounds (staff): a district's admins record an adjustment round — the document, its
//! effective date, the matters it delegates to and revokes from localities — checked against the
//! catalog and the district's history by the same rules as a catalog file, and appended to the
//! public change log in the same transaction. "Who may enforce X at Y" answers by it from its date.

use super::json_body;
use super::staff::Staff;
use crate::AppState;
use crate::error::{ApiError, Result};
use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use gongshi_domain::api::ErrorBody;
use gongshi_domain::catalog::{Delegation, Domain};
use gongshi_domain::catalog_dataset::{RoundEntry, check_round};
use gongshi_domain::log::{LogAction, LogChange, Logged};
use serde_json::json;
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(add_round))
}

/// Records an adjustment round of the signed-in admin's district. Rounds come in date order: one
/// dated before the district's latest act is refused, as is a document number used before.
#[utoipa::path(post, path = "/staff/catalog/rounds", tag = "staff", request_body = RoundEntry,
    responses((status = 201, body = Logged), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn add_round(
    State(state): State<AppState>,
    staff: Staff,
    body: std::result::Result<Json<RoundEntry>, axum::extract::rejection::JsonRejection>,
) -> Result<(StatusCode, Json<Logged>)> {
    staff.check_csrf()?;
    let district = staff.user.grant.district.clone();
    if !staff.user.grant.may_administer(&district) {
        return Err(ApiError::NotAllowed(
            "only the district's admins record catalog rounds",
        ));
    }
    let round = json_body(body)?;
    let org = state
        .store
        .district_org(&district)
        .await?
        .ok_or(ApiError::NotFound { what: "district" })?;
    let matters = state
        .store
        .matters_of(&district, &Domain::ALL, None)
        .await?;
    let mut history: Vec<Delegation> = Vec::new();
    for l in &org.localities {
        history.extend(state.store.delegations(None, Some(&l.id)).await?);
    }
    if history.iter().any(|d| d.document == round.document) {
        return Err(ApiError::invalid(
            "document",
            "this document number is recorded already",
        ));
    }
    if let Some(latest) = history.iter().map(|d| d.effective).max()
        && round.effective < latest
    {
        return Err(ApiError::RoundOutOfOrder { latest });
    }
    history.sort_by_key(|d| d.effective);
    let before = history.len();
    let problems = check_round(&org, &matters, &mut history, &round);
    if !problems.is_empty() {
        return Err(ApiError::Round(problems));
    }
    let acts = history.split_off(before);
    let content = json!({
        "district": district,
        "document": round.document,
        "effective": round.effective,
        "acts": acts
            .iter()
            .map(|d| json!({ "act": d.act, "matter": d.matter, "locality": d.locality }))
            .collect::<Vec<_>>(),
    });
    let log = LogChange::new(
        LogAction::CatalogRound,
        format!("catalog:{district}:{}", round.document),
        district.to_string(),
        OffsetDateTime::now_utc(),
        &content,
    );
    let seq = state.store.add_round(&acts, (log, content)).await?;
    Ok((StatusCode::CREATED, Json(Logged { log_seq: seq })))
}
