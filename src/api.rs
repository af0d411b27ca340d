//! The typed client of `/api/v1`. Non-2xx answers become [`ApiError`] with the server's stable code;
//! a request still in flight when its page goes away is aborted.

use gongshi_domain::api::{
    CatalogChange, DistrictSummary, DistrictView, ErrorBody, ErrorCode, JurisdictionView,
    LocalitySummary, LocalityView, MatterView, Page, ZoneView,
};
use gongshi_domain::catalog::Matter;
use gongshi_domain::complaint::{ComplaintStats, FieldError, RoutePreview, Submission, Tracking};
use gongshi_domain::officer::{OfficerView, PublicOfficer, ZoneRoster};
use gongshi_domain::penalty::{PenaltyListItem, PenaltyPage};
use gongshi_domain::penalty_stats::PenaltyStats;
use leptos::prelude::on_cleanup;
use send_wrapper::SendWrapper;
use serde::de::DeserializeOwned;
use std::fmt;

/// Why a call failed. `code` is `None` when no API answer arrived (network down, aborted, not JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub status: Option<u16>,
    pub code: Option<ErrorCode>,
    pub detail: String,
    /// For `invalid_form`: what is wrong with each field.
    pub problems: Vec<FieldError>,
    /// For `rate_limited`: seconds until a retry may succeed (`Retry-After`).
    pub retry_after: Option<u64>,
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
            problems: Vec::new(),
            retry_after: None,
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

/// The decoded answer, or the server's error with its code, problems and Retry-After.
async fn answer<T: DeserializeOwned>(res: gloo_net::http::Response) -> Result<T, ApiError> {
    let status = res.status();
    if res.ok() {
        return res.json::<T>().await.map_err(|e| ApiError {
            status: Some(status),
            code: None,
            detail: format!("unexpected answer: {e}"),
            problems: Vec::new(),
            retry_after: None,
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
            problems: Vec::new(),
            retry_after,
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
