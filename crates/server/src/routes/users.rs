//! Staff accounts, kept by their district's admins: list the district's accounts, add one (its
//! password hashed with argon2id as `gongshi user add` does), disable or enable one (disabling ends
//! its sessions at once) and set a new password (ending its sessions). An admin acts only on their
//! own district: another district's account answers 404, as one that does not exist.

use super::json_body;
use super::staff::{Staff, hash_password};
use crate::AppState;
use crate::error::{ApiError, Result};
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongshi_domain::DistrictCode;
use gongshi_domain::api::{ErrorBody, Page};
use gongshi_domain::staff::{
    AccountStatusForm, NewAccountForm, PasswordForm, StaffAccount, Username, check_new_password,
};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(change_status))
        .routes(routes!(set_password))
}

/// The district an admin manages; 403 for every other role.
fn admin(staff: &Staff) -> Result<DistrictCode> {
    let district = &staff.user.grant.district;
    if staff.user.grant.may_administer(district) {
        Ok(district.clone())
    } else {
        Err(ApiError::NotAllowed(
            "only a district's admins manage its accounts",
        ))
    }
}

/// The account a path names in the admin's district; 404 when there is none there (another
/// district's account is not revealed).
async fn account(state: &AppState, district: &DistrictCode, name: &str) -> Result<StaffAccount> {
    let not_found = || ApiError::NotFound { what: "account" };
    let username = Username::parse(name).map_err(|_| not_found())?;
    state
        .store
        .staff_account(district, &username)
        .await?
        .ok_or_else(not_found)
}

/// A new password checked and hashed, or 400 naming `password`.
fn hashed(password: &str) -> Result<String> {
    check_new_password(password).map_err(|p| ApiError::invalid("password", p))?;
    hash_password(password).map_err(|e| {
        ApiError::Store(crate::store::StoreError::Corrupt {
            what: "password hash",
            detail: e.to_string(),
        })
    })
}

/// The signed-in admin's district's accounts, by user name.
#[utoipa::path(get, path = "/staff/users", tag = "staff",
    responses((status = 200, body = Page<StaffAccount>), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody)))]
async fn list(State(state): State<AppState>, staff: Staff) -> Result<Json<Page<StaffAccount>>> {
    let district = admin(&staff)?;
    let items = state.store.staff_accounts(&district).await?;
    Ok(Json(Page {
        total: Some(items.len() as u64),
        items,
        next: None,
        facets: Vec::new(),
        total_is_lower_bound: false,
    }))
}

/// Adds an account to the admin's district: a publisher or handler of one of its authorities, or
/// an admin or supervisor of the district.
#[utoipa::path(post, path = "/staff/users", tag = "staff", request_body = NewAccountForm,
    responses((status = 201, body = StaffAccount),
        (status = 400, body = ErrorBody, description = "`field` names the first mistake: `username`, `display_name`, `authority` (missing, not allowed for the role, or not of this district) or `password`"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "The user name is taken")))]
async fn create(
    State(state): State<AppState>,
    staff: Staff,
    body: std::result::Result<Json<NewAccountForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Response> {
    staff.check_csrf()?;
    let district = admin(&staff)?;
    let form = json_body(body)?;
    let org = state
        .store
        .district_org(&district)
        .await?
        .ok_or(ApiError::NotFound { what: "district" })?;
    let new = form
        .check(&org)
        .map_err(|problems| match problems.first() {
            Some(p) => ApiError::invalid(p.field(), p),
            None => ApiError::Body("the account is not valid".to_owned()),
        })?;
    let password_hash = hashed(&new.password)?;
    let added = state
        .store
        .add_staff_user(&crate::store::NewStaffUser {
            username: new.username.clone(),
            display_name: new.display_name,
            password_hash,
            grant: new.grant,
        })
        .await?;
    if !added {
        return Err(ApiError::Conflict("the user name is taken"));
    }
    let created = account(&state, &district, new.username.as_str()).await?;
    Ok((StatusCode::CREATED, Json(created)).into_response())
}

/// Disables an account (it can no longer sign in, and its sessions end at once) or enables it
/// again. An admin does not disable their own account.
#[utoipa::path(post, path = "/staff/users/{username}/status", tag = "staff",
    request_body = AccountStatusForm,
    params(("username" = String, Path, description = "The account's user name")),
    responses((status = 200, body = StaffAccount), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such account in the admin's district"),
        (status = 409, body = ErrorBody, description = "An admin disabling their own account")))]
async fn change_status(
    State(state): State<AppState>,
    staff: Staff,
    Path(name): Path<String>,
    body: std::result::Result<Json<AccountStatusForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<StaffAccount>> {
    staff.check_csrf()?;
    let district = admin(&staff)?;
    let form = json_body(body)?;
    let target = account(&state, &district, &name).await?;
    if form.disabled && target.username == staff.user.username {
        return Err(ApiError::Conflict(
            "an admin cannot disable their own account: ask another admin of the district",
        ));
    }
    if !state
        .store
        .set_staff_disabled(&district, &target.username, form.disabled)
        .await?
    {
        return Err(ApiError::NotFound { what: "account" });
    }
    Ok(Json(
        account(&state, &district, target.username.as_str()).await?,
    ))
}

/// Sets a new password for an account (someone who forgot theirs); the account's sessions end, so
/// whoever knew the old one is signed out. An admin setting their own keeps the session they use.
#[utoipa::path(post, path = "/staff/users/{username}/password", tag = "staff",
    request_body = PasswordForm,
    params(("username" = String, Path, description = "The account's user name")),
    responses((status = 200, body = StaffAccount),
        (status = 400, body = ErrorBody, description = "`field` is `password`: too short, too long or one character repeated"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such account in the admin's district")))]
async fn set_password(
    State(state): State<AppState>,
    staff: Staff,
    Path(name): Path<String>,
    body: std::result::Result<Json<PasswordForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<StaffAccount>> {
    staff.check_csrf()?;
    let district = admin(&staff)?;
    let form = json_body(body)?;
    let target = account(&state, &district, &name).await?;
    let password_hash = hashed(&form.password)?;
    let keep = (target.username == staff.user.username).then_some(staff.token_sha256.as_str());
    if !state
        .store
        .set_staff_password(&district, &target.username, &password_hash, keep)
        .await?
    {
        return Err(ApiError::NotFound { what: "account" });
    }
    Ok(Json(target))
}
