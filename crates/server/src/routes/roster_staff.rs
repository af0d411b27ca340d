//! Keeping the roster (staff): an officer added, a secondment added or ended early, a certificate
//! suspended, reinstated or revoked — each with an entry in the public change log in the same
//! transaction, whose content holds only what the roster publishes (never personal data). The
//! district's admins change any officer's record; an authority's publishers those enforcing in its
//! name. Many officers at once: [`super::roster_import`].

use super::staff::Staff;
use super::{explanation, json_body};
use crate::AppState;
use crate::error::{ApiError, Result};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongshi_domain::api::ErrorBody;
use gongshi_domain::certificate::{CertificateNumber, StatusChangeForm};
use gongshi_domain::log::{LogAction, LogChange, Logged};
use gongshi_domain::officer::{Officer, PublicOfficer, Secondment};
use gongshi_domain::roster_import::{
    EndSecondmentForm, OfficerForm, OfficerWritten, RosterContext, RosterFieldProblem,
    RosterProblem, SecondmentChangeProblem, SecondmentForm, SecondmentRefusal, SecondmentsChanged,
    StaffOfficer, end_secondment, parse_officer, secondment_entries,
};
use gongshi_domain::staff::Role;
use gongshi_domain::{AuthorityId, DistrictOrg};
use serde_json::{Value, json};
use time::OffsetDateTime;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(add_officer))
        .routes(routes!(staff_officer))
        .routes(routes!(change_status))
        .routes(routes!(add_secondment))
        .routes(routes!(end_secondment_early))
}

/// Only publishers and admins keep the roster; 403 for any other role.
pub(super) fn keeper(staff: &Staff) -> Result<()> {
    match staff.user.grant.role {
        Role::Admin | Role::Publisher => Ok(()),
        Role::Handler | Role::Supervisor => Err(ApiError::NotAllowed(
            "only the district's admins and the authorities' publishers keep the roster",
        )),
    }
}

/// An officer's record (or an import's rows) refused: 403 when it names a unit the signed-in
/// staff may not enter officers for, otherwise 422 with every problem.
pub(super) fn refused(problems: Vec<RosterFieldProblem>) -> ApiError {
    if problems
        .iter()
        .any(|p| p.problem == RosterProblem::NotYourUnit)
    {
        ApiError::NotAllowed("an officer belongs to another unit: enter only your own unit's")
    } else {
        ApiError::RosterRecord(problems)
    }
}

/// The signed-in staff member's district's organisation.
pub(super) async fn own_org(state: &AppState, staff: &Staff) -> Result<DistrictOrg> {
    state
        .store
        .district_org(&staff.user.grant.district)
        .await?
        .ok_or(ApiError::NotFound { what: "district" })
}

fn corrupt(detail: &str) -> ApiError {
    ApiError::Store(crate::store::StoreError::Corrupt {
        what: "roster",
        detail: detail.to_owned(),
    })
}

/// The authority an officer works for by their own unit.
fn authority_of(officer: &Officer, org: &DistrictOrg) -> Result<AuthorityId> {
    officer
        .unit
        .authority(org)
        .ok_or_else(|| corrupt("an officer's unit acts for no authority"))
}

/// The log entry of a new officer: their public record as of today, nothing else.
pub(super) fn added_log(
    officer: &Officer,
    org: &DistrictOrg,
    at: OffsetDateTime,
) -> Result<(LogChange, Value)> {
    let authority = authority_of(officer, org)?;
    let public = PublicOfficer::project(officer, org, crate::today())
        .ok_or_else(|| corrupt("a new officer's unit is missing"))?;
    let content = json!({ "officer": public });
    let change = LogChange::new(
        LogAction::OfficerAdded,
        format!("officer:{}", officer.certificate.number),
        authority.to_string(),
        at,
        &content,
    );
    Ok((change, content))
}

/// The officer a path names, if the signed-in staff member keeps their record: 404 when there is
/// none, 403 when they are another unit's. With the district's organisation and the authority.
async fn kept_officer(
    state: &AppState,
    staff: &Staff,
    number: &str,
) -> Result<(Officer, DistrictOrg, AuthorityId)> {
    let not_found = || ApiError::NotFound { what: "officer" };
    let number = CertificateNumber::parse(number).map_err(|_| not_found())?;
    let officer = state.store.officer(&number).await?.ok_or_else(not_found)?;
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
    Ok((officer, org, authority))
}

/// Adds one officer to the roster, typed in the form (the import layout's columns by their
/// snake_case names); public at once, and in the change log.
#[utoipa::path(post, path = "/staff/officers", tag = "staff", request_body = OfficerForm,
    responses((status = 201, body = OfficerWritten), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "Another unit's officer, or a role that does not keep the roster"),
        (status = 409, body = ErrorBody, description = "The certificate number is on the roster already"),
        (status = 422, body = ErrorBody, description = "`invalid_record`: `roster_cells` lists every mistake")))]
async fn add_officer(
    State(state): State<AppState>,
    staff: Staff,
    body: std::result::Result<Json<OfficerForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Response> {
    staff.check_csrf()?;
    keeper(&staff)?;
    let form = json_body(body)?;
    let org = own_org(&state, &staff).await?;
    let ctx = RosterContext {
        org: &org,
        grant: &staff.user.grant,
        today: crate::today(),
    };
    let officer = parse_officer(&form.fields, &ctx).map_err(refused)?;
    let on_roster = || ApiError::Conflict("this certificate number is on the roster already");
    if !state
        .store
        .certificates_taken(std::slice::from_ref(&officer.certificate.number))
        .await?
        .is_empty()
    {
        return Err(on_roster());
    }
    let log = added_log(&officer, &org, OffsetDateTime::now_utc())?;
    let number = officer.certificate.number.clone();
    let seqs = state
        .store
        .add_officers(&org.district.code, &[(officer, log)])
        .await?
        .ok_or_else(on_roster)?;
    let log_seq = seqs.first().copied().ok_or_else(on_roster)?;
    Ok((
        StatusCode::CREATED,
        Json(OfficerWritten {
            certificate: number,
            log_seq,
        }),
    )
        .into_response())
}

/// An officer as those who keep their record see it: the public record and every secondment,
/// numbered for `…/secondments/{n}/end`.
#[utoipa::path(get, path = "/staff/officers/{certificate}", tag = "staff",
    params(("certificate" = String, Path, description = "The certificate number")),
    responses((status = 200, body = StaffOfficer), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn staff_officer(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
) -> Result<Json<StaffOfficer>> {
    keeper(&staff)?;
    let (officer, org, authority) = kept_officer(&state, &staff, &number).await?;
    let public = PublicOfficer::project(&officer, &org, crate::today())
        .ok_or_else(|| corrupt("an officer's unit is missing"))?;
    Ok(Json(StaffOfficer {
        officer: public,
        unit: officer.unit.clone(),
        authority,
        secondments: secondment_entries(&officer),
    }))
}

/// A refused secondment change as an answer: 404 for a secondment that does not exist, else 400
/// naming the field.
fn secondment_refused(r: SecondmentRefusal) -> ApiError {
    match r.problem {
        SecondmentChangeProblem::NoSuchSecondment => ApiError::NotFound { what: "secondment" },
        problem => ApiError::Secondment {
            field: r.field,
            problem,
        },
    }
}

/// Writes an officer's new secondments with the log entry of the change.
async fn write_secondments(
    state: &AppState,
    officer: &Officer,
    authority: &AuthorityId,
    after: Vec<Secondment>,
    change: Value,
) -> Result<Json<SecondmentsChanged>> {
    let mut content = json!({
        "officer": {
            "certificate": officer.certificate.number,
            "name": officer.name,
            "authority": authority,
        },
        "secondments": after,
    });
    if let (Some(c), Value::Object(extra)) = (content.as_object_mut(), change) {
        c.extend(extra);
    }
    let log = LogChange::new(
        LogAction::SecondmentChanged,
        format!("officer:{}", officer.certificate.number),
        authority.to_string(),
        OffsetDateTime::now_utc(),
        &content,
    );
    let number = &officer.certificate.number;
    let log_seq = state
        .store
        .change_secondments(number, &officer.secondments, &after, (log, content))
        .await?
        .ok_or(ApiError::Conflict(
            "the officer's secondments changed meanwhile: reload them and try again",
        ))?;
    let mut changed = officer.clone();
    changed.secondments = after;
    Ok(Json(SecondmentsChanged {
        log_seq,
        secondments: secondment_entries(&changed),
    }))
}

/// Seconds a department's officer (下沉 / 派驻) to a locality or a zone from a day (today or
/// later), until a day or open-ended; the roster and "who may enforce" follow it from its first
/// day, and the change log keeps it.
#[utoipa::path(post, path = "/staff/officers/{certificate}/secondments", tag = "staff",
    request_body = SecondmentForm,
    params(("certificate" = String, Path, description = "The certificate number")),
    responses((status = 200, body = SecondmentsChanged),
        (status = 400, body = ErrorBody, description = "`field`: `locality` or `zone` (exactly one, of this district, no special area), `from` (today or later; not overlapping a secondment to the same place), `until` (not before `from`), `certificate` (only a department's officer is seconded)"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn add_secondment(
    State(state): State<AppState>,
    staff: Staff,
    Path(number): Path<String>,
    body: std::result::Result<Json<SecondmentForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<SecondmentsChanged>> {
    staff.check_csrf()?;
    keeper(&staff)?;
    let (officer, org, authority) = kept_officer(&state, &staff, &number).await?;
    let form = json_body(body)?;
    let added = form
        .check(&officer, &org, crate::today())
        .map_err(secondment_refused)?;
    let mut after = officer.secondments.clone();
    after.push(added.clone());
    write_secondments(
        &state,
        &officer,
        &authority,
        after,
        json!({ "change": "added", "secondment": added }),
    )
    .await
}

/// Ends a secondment early (its number `n` from 0, as `GET /staff/officers/{certificate}` lists
/// them): its last day becomes `until` (today or later), with the reason the change log
/// publishes.
#[utoipa::path(post, path = "/staff/officers/{certificate}/secondments/{n}/end", tag = "staff",
    request_body = EndSecondmentForm,
    params(("certificate" = String, Path, description = "The certificate number"),
        ("n" = u32, Path, description = "The secondment's number, from 0")),
    responses((status = 200, body = SecondmentsChanged),
        (status = 400, body = ErrorBody, description = "`field`: `until` (today or later, not before the start, before the planned end; or the secondment has ended) or `reason`"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn end_secondment_early(
    State(state): State<AppState>,
    staff: Staff,
    Path((number, n)): Path<(String, String)>,
    body: std::result::Result<Json<EndSecondmentForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<SecondmentsChanged>> {
    staff.check_csrf()?;
    keeper(&staff)?;
    let (officer, _, authority) = kept_officer(&state, &staff, &number).await?;
    let n: usize = n
        .parse()
        .map_err(|_| ApiError::NotFound { what: "secondment" })?;
    let form = json_body(body)?;
    let reason = explanation("reason", &form.reason, "say why the secondment ends early")?;
    let ended =
        end_secondment(&officer, n, form.until, crate::today()).map_err(secondment_refused)?;
    let mut after = officer.secondments.clone();
    if let Some(s) = after.get_mut(n) {
        *s = ended.clone();
    }
    write_secondments(
        &state,
        &officer,
        &authority,
        after,
        json!({ "change": "ended", "secondment": ended, "reason": reason }),
    )
    .await
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
    let (officer, _, authority) = kept_officer(&state, &staff, &number).await?;
    let number = officer.certificate.number.clone();
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
