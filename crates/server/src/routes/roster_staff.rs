//! Keeping the roster (staff): a certificate suspended, reinstated or revoked, with the reason the
//! roster publishes and an entry in the public change log, in one transaction. The district's
//! admins change any officer's; an authority's publishers those enforcing in its name.

use super::staff::Staff;
use super::{explanation, json_body};
use crate::AppState;
use crate::error::{ApiError, Result};
use axum::Json;
use axum::extract::{Path, State};
use gongshi_domain::api::ErrorBody;
use gongshi_domain::certificate::{CertificateNumber, StatusChangeForm};
use gongshi_domain::log::{LogAction, LogChange, Logged};
use serde_json::json;
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(change_status))
}

/// Suspends (暂扣), reinstates or revokes (吊销) a certificate from today, with its reason; the
/// certificate check shows the new status at once and the change log keeps it.
#[utoipa::path(post, path = "/staff/officers/{certificate}/status", tag = "staff",
    request_body = StatusChangeForm,
    params(("certificate" = String, Path, description = "The certificate number")),
    responses((status = 200, body = Logged),
        (status = 400, body = ErrorBody), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody)))]
async fn change_status(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    body: std::result::Result<Json<StatusChangeForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Logged>> {
    staff.check_csrf()?;
    let form = json_body(body)?;
    let number =
        CertificateNumber::parse(&number).map_err(|_| ApiError::NotFound { what: "officer" })?;
    let officer = state
        .store
        .officer(&number)
        .await?
        .ok_or(ApiError::NotFound { what: "officer" })?;
    let org = state
        .store
        .district_org(&officer.district)
        .await?
        .ok_or(ApiError::NotFound { what: "district" })?;
    let authority = officer
        .unit
        .authority(&org)
        .ok_or(ApiError::NotFound { what: "authority" })?;
    if !staff.user.grant.may_publish(&officer.district, &authority) {
        return Err(ApiError::NotAllowed(
            "only the district's admins or the officer's authority's publishers change the roster",
        ));
    }
    let reason = explanation("reason", &form.reason, "say why")?;
    let today = crate::today();
    let change = officer
        .certificate
        .change_on(form.change, today, reason)
        .map_err(|p| ApiError::invalid("change", p))?;
    let mut after = officer.certificate.clone();
    after.history.push(change.clone());
    let content = json!({
        "officer": {
            "certificate": officer.certificate.number,
            "name": officer.name,
            "authority": authority,
        },
        "change": change,
        "status": after.status_on(today),
    });
    let log = LogChange::new(
        LogAction::CertificateStatusChanged,
        format!("officer:{}", officer.certificate.number),
        authority.to_string(),
        OffsetDateTime::now_utc(),
        &content,
    );
    let seq = state
        .store
        .change_certificate(
            &number,
            officer.certificate.history.len(),
            &change,
            (log, content),
        )
        .await?
        .ok_or(ApiError::Conflict(
            "the certificate changed meanwhile: reload it and try again",
        ))?;
    Ok(Json(Logged { log_seq: seq }))
}
