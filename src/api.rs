//! The typed client of `/api/v1`. Non-2xx answers become [`ApiError`] with the server's stable code;
//! a request still in flight when its page goes away is aborted.

use gloo_net::http::Method;
use gongshi_domain::api::{
    CatalogChange, DistrictSummary, DistrictView, ErrorBody, ErrorCode, JurisdictionView,
    LocalitySummary, LocalityView, MatterView, Page, ZoneView,
};
use gongshi_domain::catalog::Matter;
use gongshi_domain::complaint::{ComplaintStats, FieldError, RoutePreview, Submission, Tracking};
use gongshi_domain::handling::{Case, InboxItem};
use gongshi_domain::log::{LogEntry, Verification};
use gongshi_domain::officer::{OfficerView, PublicOfficer, ZoneRoster};
use gongshi_domain::penalty::PenaltyId;
use gongshi_domain::penalty::{PenaltyListItem, PenaltyPage};
use gongshi_domain::penalty_import::{
    FieldProblem, ImportReport, PenaltyForm, StaffPenaltyItem, StaffPenaltyRecord, WithdrawalForm,
    Written,
};
use gongshi_domain::penalty_stats::PenaltyStats;
use gongshi_domain::roster_import::{
    EndSecondmentForm, OfficerForm, OfficerWritten, RosterFieldProblem, RosterImportReport,
    SecondmentChangeProblem, SecondmentForm, SecondmentsChanged, StaffOfficer,
};
use gongshi_domain::staff::{
    AccountStatusForm, Login, NewAccountForm, PasswordForm, StaffAccount, StaffMe,
};
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::fmt;

/// Why a call failed. `code` is `None` when no API answer arrived (network down, aborted, not JSON).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ApiError {
    pub status: Option<u16>,
    pub code: Option<ErrorCode>,
    pub detail: String,
    /// For `invalid_form`: what is wrong with each field.
    pub problems: Vec<FieldError>,
    /// For `rate_limited`: seconds until a retry may succeed (`Retry-After`).
    pub retry_after: Option<u64>,
    /// For `invalid_record`: what is wrong with a record's cells, by line and column.
    pub cells: Vec<FieldProblem>,
    /// For `invalid_parameter`: the field at fault.
    pub field: Option<String>,
    /// For `invalid_record` of an officer: what is wrong with each cell.
    pub roster_cells: Vec<RosterFieldProblem>,
    /// For `invalid_parameter` on a secondment: why it cannot be added or ended so.
    pub secondment: Option<SecondmentChangeProblem>,
    /// For `invalid_parameter` on a catalog round's acts: each problem by matter and locality.
    pub round: Vec<gongshi_domain::catalog_dataset::RoundProblem>,
    /// For `invalid_parameter` on a catalog round's date: the latest round's, which it may not precede.
    pub latest: Option<time::Date>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.status {
            Some(s) => write!(f, "HTTP {s}: {}", self.detail),
            None => write!(f, "network error: {}", self.detail),
        }
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    fn network(e: impl fmt::Display) -> Self {
        Self {
            status: None,
            code: None,
            detail: e.to_string(),
            ..Self::default()
        }
    }

    /// Whether the outcome of a request that may have written is unknown: no answer came, the
    /// server failed (it may have stored it before failing) or its success could not be read.
    /// Anything else is a definite answer.
    pub fn outcome_unknown(&self) -> bool {
        match self.status {
            None => true,
            Some(s) => s >= 500 || s == 408 || (200..300).contains(&s),
        }
    }
}

/// GETs `path` (under `/api/v1`) and decodes the JSON answer.
pub async fn get<T: DeserializeOwned>(path: &str) -> Result<T, ApiError> {
    get_with(path, &[]).await
}

/// GETs `path` with extra request headers; aborted if the page that asked goes away.
pub async fn get_with<T: DeserializeOwned>(
    path: &str,
    headers: &[(&str, &str)],
) -> Result<T, ApiError> {
    let url = format!("/api/v1{path}");
    let headers: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect();
    SendWrapper::new(async move {
        let controller = SendWrapper::new(web_sys::AbortController::new().ok());
        let signal = controller.as_ref().map(|c| c.signal());
        on_cleanup(move || {
            if let Some(c) = controller.take() {
                c.abort();
            }
        });
        let mut request = gloo_net::http::Request::get(&url)
            .header("Accept", "application/json")
            .abort_signal(signal.as_ref());
        for (k, v) in &headers {
            request = request.header(k, v);
        }
        let res = request.send().await.map_err(ApiError::network)?;
        answer(res).await
    })
    .await
}

/// POSTs a JSON body (already serialised, so a retry sends the very same bytes) with extra
/// headers. Not aborted when the page goes away: the server may be storing it.
pub async fn post_json<T: DeserializeOwned>(
    path: &str,
    body: String,
    headers: Vec<(&'static str, String)>,
) -> Result<T, ApiError> {
    let url = format!("/api/v1{path}");
    SendWrapper::new(async move {
        let mut request = gloo_net::http::Request::post(&url)
            .header("Accept", "application/json")
            .header("Content-Type", "application/json");
        for (k, v) in &headers {
            request = request.header(k, v);
        }
        let res = request
            .body(body)
            .map_err(ApiError::network)?
            .send()
            .await
            .map_err(ApiError::network)?;
        answer(res).await
    })
    .await
}

/// Sends a request that may write, with the session's CSRF token: `body` is JSON (or, for an
/// import, the file itself). Not aborted when the page goes away: the server may be storing it.
/// A 204 answer decodes as `()`'s JSON, `null`.
pub async fn send<T: DeserializeOwned>(
    method: gloo_net::http::Method,
    path: &str,
    body: Body,
    csrf: String,
) -> Result<T, ApiError> {
    let url = format!("/api/v1{path}");
    SendWrapper::new(async move {
        let request = gloo_net::http::RequestBuilder::new(&url)
            .method(method)
            .header("Accept", "application/json")
            .header("X-CSRF-Token", &csrf);
        let request = match body {
            Body::None => request.build(),
            Body::Json(json) => request
                .header("Content-Type", "application/json")
                .body(json),
            Body::File(file) => request
                .header("Content-Type", "application/octet-stream")
                .body(wasm_bindgen::JsValue::from(file)),
        };
        let res = request
            .map_err(ApiError::network)?
            .send()
            .await
            .map_err(ApiError::network)?;
        if res.status() == 204 {
            return serde_json::from_str("null").map_err(ApiError::network);
        }
        answer(res).await
    })
    .await
}

/// What a staff request carries.
#[derive(Debug)]
pub enum Body {
    None,
    Json(String),
    File(web_sys::File),
}

impl Body {
    /// `value` as JSON (the wire types always serialise).
    pub fn json(value: &impl serde::Serialize) -> Self {
        Self::Json(serde_json::to_string(value).unwrap_or_default())
    }
}

/// The decoded answer, or the server's error with its code, problems and Retry-After.
async fn answer<T: DeserializeOwned>(res: gloo_net::http::Response) -> Result<T, ApiError> {
    let status = res.status();
    if res.ok() {
        return res.json::<T>().await.map_err(|e| ApiError {
            status: Some(status),
            code: None,
            detail: format!("unexpected answer: {e}"),
            ..ApiError::default()
        });
    }
    let retry_after = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.trim().parse().ok());
    match res.json::<ErrorBody>().await {
        Ok(body) => Err(ApiError {
            status: Some(status),
            code: Some(body.error.code),
            detail: body.error.message,
            problems: body.error.problems,
            retry_after,
            cells: body.error.cells,
            field: body.error.field,
            roster_cells: body.error.roster_cells,
            secondment: body.error.secondment,
            round: body.error.round,
            latest: body.error.latest,
        }),
        Err(_) => Err(ApiError {
            status: Some(status),
            code: Some(if status >= 500 {
                ErrorCode::Unavailable
            } else if status == 413 {
                ErrorCode::PayloadTooLarge
            } else {
                ErrorCode::NotFound
            }),
            detail: res.status_text(),
            retry_after,
            ..ApiError::default()
        }),
    }
}

/// `?a=1&b=2` from the pairs that have a value (empty when none has), each part encoded.
pub fn query_string(pairs: &[(&str, Option<&str>)]) -> String {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(k, v)| v.filter(|v| !v.is_empty()).map(|v| (k, v)))
        .map(|(k, v)| format!("{}={}", segment(k), segment(v)))
        .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("?{}", parts.join("&"))
    }
}

/// Encodes a path segment the user or a link supplied (ids we issue never need it, but a typed URL
/// might contain anything).
pub fn segment(s: &str) -> String {
    String::from(web_sys::js_sys::encode_uri_component(s))
}

pub async fn districts() -> Result<Page<DistrictSummary>, ApiError> {
    get("/districts?limit=200").await
}

pub async fn district(code: String) -> Result<DistrictView, ApiError> {
    get(&format!("/districts/{}", segment(&code))).await
}

pub async fn zone(id: String) -> Result<ZoneView, ApiError> {
    get(&format!("/zones/{}", segment(&id))).await
}

pub async fn locality(id: String) -> Result<LocalityView, ApiError> {
    get(&format!("/localities/{}", segment(&id))).await
}

/// The localities of a district (one page holds every locality of a district).
pub async fn localities(district: String) -> Result<Page<LocalitySummary>, ApiError> {
    get(&format!(
        "/localities{}",
        query_string(&[("district", Some(&district)), ("limit", Some("200"))])
    ))
    .await
}

/// `GET /matters` with the given parameters (the catalog page passes its URL query through).
pub async fn matters(
    params: Vec<(&'static str, Option<String>)>,
) -> Result<Page<Matter>, ApiError> {
    let pairs: Vec<(&str, Option<&str>)> = params.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    get(&format!("/matters{}", query_string(&pairs))).await
}

pub async fn matter(code: String, date: Option<String>) -> Result<MatterView, ApiError> {
    get(&format!(
        "/matters/{}{}",
        segment(&code),
        query_string(&[("date", date.as_deref())])
    ))
    .await
}

pub async fn jurisdiction(
    matter: String,
    locality: String,
    date: Option<String>,
) -> Result<JurisdictionView, ApiError> {
    get(&format!(
        "/jurisdiction{}",
        query_string(&[
            ("matter", Some(&matter)),
            ("locality", Some(&locality)),
            ("date", date.as_deref()),
        ])
    ))
    .await
}

pub async fn catalog_changes(
    locality: String,
    from: String,
    to: String,
) -> Result<Vec<CatalogChange>, ApiError> {
    get(&format!(
        "/localities/{}/catalog/changes{}",
        segment(&locality),
        query_string(&[("from", Some(&from)), ("to", Some(&to))])
    ))
    .await
}

/// `GET /officers` with the given parameters (the roster page passes its URL query through).
pub async fn officers(
    params: Vec<(&'static str, Option<String>)>,
) -> Result<Page<PublicOfficer>, ApiError> {
    let pairs: Vec<(&str, Option<&str>)> = params.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    get(&format!("/officers{}", query_string(&pairs))).await
}

pub async fn officer(number: String, date: Option<String>) -> Result<OfficerView, ApiError> {
    get(&format!(
        "/officers/{}{}",
        segment(&number),
        query_string(&[("date", date.as_deref())])
    ))
    .await
}

/// The check a citizen makes: the holder's public record and the status today.
pub async fn certificate(number: String) -> Result<PublicOfficer, ApiError> {
    get(&format!("/certificates/{}", segment(&number))).await
}

pub async fn zone_roster(id: String, date: Option<String>) -> Result<ZoneRoster, ApiError> {
    get(&format!(
        "/zones/{}/roster{}",
        segment(&id),
        query_string(&[("date", date.as_deref())])
    ))
    .await
}

/// `GET /penalties` with the given parameters (the browse page passes its URL query through).
pub async fn penalties(
    params: Vec<(&'static str, Option<String>)>,
) -> Result<Page<PenaltyListItem>, ApiError> {
    let pairs: Vec<(&str, Option<&str>)> = params.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    get(&format!("/penalties{}", query_string(&pairs))).await
}

pub async fn penalty(id: String) -> Result<PenaltyPage, ApiError> {
    get(&format!("/penalties/{}", segment(&id))).await
}

/// A district's statistics for a year, or for every year the data holds.
pub async fn penalty_stats(
    district: String,
    year: Option<String>,
) -> Result<PenaltyStats, ApiError> {
    get(&format!(
        "/penalties/stats{}",
        query_string(&[("district", Some(&district)), ("year", year.as_deref())])
    ))
    .await
}

/// The proof-of-work puzzle a submission must carry.
pub async fn complaint_challenge() -> Result<crate::pow::Challenge, ApiError> {
    get("/complaints/challenge").await
}

/// Who would handle a submission with these fields, and why.
pub async fn complaint_route(
    params: Vec<(&'static str, Option<String>)>,
) -> Result<RoutePreview, ApiError> {
    let pairs: Vec<(&str, Option<&str>)> = params.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    get(&format!("/complaints/route{}", query_string(&pairs))).await
}

/// Sends a submission: `body` is the JSON the form built, `key` its Idempotency-Key.
pub async fn submit_complaint(body: String, key: String) -> Result<Submission, ApiError> {
    post_json("/complaints", body, vec![("Idempotency-Key", key)]).await
}

/// A submission's status; with its secret also who handles it and the timeline.
pub async fn track(code: String, secret: Option<String>) -> Result<Tracking, ApiError> {
    let path = format!("/complaints/{}", segment(&code));
    match secret.filter(|s| !s.trim().is_empty()) {
        Some(secret) => get_with(&path, &[("X-Tracking-Secret", secret.trim())]).await,
        None => get(&path).await,
    }
}

/// A district's complaint statistics for a year, or for every year.
pub async fn complaint_stats(
    district: String,
    year: Option<String>,
) -> Result<ComplaintStats, ApiError> {
    get(&format!(
        "/complaints/stats{}",
        query_string(&[("district", Some(&district)), ("year", year.as_deref())])
    ))
    .await
}

/// Who is signed in, with the session's CSRF token; 401 when no one is.
pub async fn staff_me() -> Result<StaffMe, ApiError> {
    get("/staff/me").await
}

/// Signs in (the session cookie is set by the answer).
pub async fn staff_login(login: Login) -> Result<StaffMe, ApiError> {
    post_json(
        "/staff/login",
        serde_json::to_string(&login).unwrap_or_default(),
        Vec::new(),
    )
    .await
}

pub async fn staff_logout(csrf: String) -> Result<(), ApiError> {
    send(Method::POST, "/staff/logout", Body::None, csrf).await
}

/// The signed-in role's figures for the start page.
pub async fn staff_dashboard() -> Result<gongshi_domain::dashboard::Dashboard, ApiError> {
    get("/staff/dashboard").await
}

/// One page of the signed-in publisher's records.
pub async fn staff_penalties(cursor: Option<String>) -> Result<Page<StaffPenaltyItem>, ApiError> {
    get(&format!(
        "/staff/penalties{}",
        query_string(&[("cursor", cursor.as_deref()), ("limit", Some("50"))])
    ))
    .await
}

pub async fn staff_penalty(id: PenaltyId) -> Result<StaffPenaltyRecord, ApiError> {
    get(&format!("/staff/penalties/{id}")).await
}

pub async fn publish_penalty(form: PenaltyForm, csrf: String) -> Result<Written, ApiError> {
    send(Method::POST, "/staff/penalties", Body::json(&form), csrf).await
}

pub async fn correct_penalty(
    id: PenaltyId,
    form: PenaltyForm,
    csrf: String,
) -> Result<Written, ApiError> {
    send(
        Method::PUT,
        &format!("/staff/penalties/{id}"),
        Body::json(&form),
        csrf,
    )
    .await
}

pub async fn withdraw_penalty(
    id: PenaltyId,
    form: WithdrawalForm,
    csrf: String,
) -> Result<Written, ApiError> {
    let path = format!("/staff/penalties/{id}/withdraw");
    send(Method::POST, &path, Body::json(&form), csrf).await
}

/// Checks (`commit` false) or writes an import file.
pub async fn import_penalties(
    file: web_sys::File,
    commit: bool,
    csrf: String,
) -> Result<ImportReport, ApiError> {
    let path = format!("/staff/penalties/import?commit={commit}");
    send(Method::POST, &path, Body::File(file), csrf).await
}

/// Checks (`commit` false) or writes a roster import file.
pub async fn import_officers(
    file: web_sys::File,
    commit: bool,
    csrf: String,
) -> Result<RosterImportReport, ApiError> {
    let path = format!("/staff/officers/import?commit={commit}");
    send(Method::POST, &path, Body::File(file), csrf).await
}

/// One page of the signed-in unit's complaints; `params` are the inbox filters.
pub async fn inbox(
    params: Vec<(&'static str, Option<String>)>,
) -> Result<Page<InboxItem>, ApiError> {
    let pairs: Vec<(&str, Option<&str>)> = params.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    get(&format!("/staff/complaints{}", query_string(&pairs))).await
}

pub async fn case(code: String) -> Result<Case, ApiError> {
    get(&format!("/staff/complaints/{}", segment(&code))).await
}

/// A step on a case: `action` is `status`, `reply`, `notes` or `transfer`.
pub async fn case_action(
    code: String,
    action: &'static str,
    body: Body,
    csrf: String,
) -> Result<serde_json::Value, ApiError> {
    let path = format!("/staff/complaints/{}/{action}", segment(&code));
    send(Method::POST, &path, body, csrf).await
}

/// One page of the public change log, oldest first; `subject` narrows it to one record.
pub async fn log(
    cursor: Option<String>,
    subject: Option<String>,
) -> Result<Page<LogEntry>, ApiError> {
    get(&format!(
        "/log{}",
        query_string(&[
            ("cursor", cursor.as_deref()),
            ("subject", subject.as_deref()),
            ("limit", Some("50")),
        ])
    ))
    .await
}

/// Recomputes the whole chain on the server.
pub async fn log_verify() -> Result<Verification, ApiError> {
    get("/log/verify").await
}

/// The signed-in admin's district's accounts.
pub async fn staff_users() -> Result<Page<StaffAccount>, ApiError> {
    get("/staff/users").await
}

pub async fn add_staff_user(form: NewAccountForm, csrf: String) -> Result<StaffAccount, ApiError> {
    send(Method::POST, "/staff/users", Body::json(&form), csrf).await
}

/// Disables (its sessions end at once) or enables an account.
pub async fn set_staff_user_disabled(
    username: String,
    disabled: bool,
    csrf: String,
) -> Result<StaffAccount, ApiError> {
    let path = format!("/staff/users/{}/status", segment(&username));
    send(
        Method::POST,
        &path,
        Body::json(&AccountStatusForm { disabled }),
        csrf,
    )
    .await
}

/// Sets a new password (the account's sessions end).
pub async fn set_staff_user_password(
    username: String,
    password: String,
    csrf: String,
) -> Result<StaffAccount, ApiError> {
    let path = format!("/staff/users/{}/password", segment(&username));
    send(
        Method::POST,
        &path,
        Body::json(&PasswordForm { password }),
        csrf,
    )
    .await
}

/// An officer as the staff who keep the roster see it (the public record, the unit, every
/// secondment numbered).
pub async fn staff_officer(number: String) -> Result<StaffOfficer, ApiError> {
    get(&format!("/staff/officers/{}", segment(&number))).await
}

pub async fn add_officer(form: OfficerForm, csrf: String) -> Result<OfficerWritten, ApiError> {
    send(Method::POST, "/staff/officers", Body::json(&form), csrf).await
}

pub async fn add_secondment(
    number: String,
    form: SecondmentForm,
    csrf: String,
) -> Result<SecondmentsChanged, ApiError> {
    send(
        Method::POST,
        &format!("/staff/officers/{}/secondments", segment(&number)),
        Body::json(&form),
        csrf,
    )
    .await
}

pub async fn end_secondment(
    number: String,
    n: u32,
    form: EndSecondmentForm,
    csrf: String,
) -> Result<SecondmentsChanged, ApiError> {
    send(
        Method::POST,
        &format!("/staff/officers/{}/secondments/{n}/end", segment(&number)),
        Body::json(&form),
        csrf,
    )
    .await
}
