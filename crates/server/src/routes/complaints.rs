//! 投诉举报: `GET /complaints/challenge` (the proof-of-work puzzle a submission must carry),
//! `POST /complaints` (validated by the same domain code as the browser form, idempotent, rate
//! limited, durably committed before the answer) and `GET /complaints/{code}` (tracking: the status
//! for anyone with the code; the handling body, the timeline and replies with the secret).

use crate::error::{ApiError, Result};
use crate::store::{ComplaintWrite, Outcome, Photo, Submitted};
use crate::{AppState, photos};
use axum::Json;
use axum::extract::rejection::JsonRejection;
use axum::extract::{ConnectInfo, Path, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use base64::Engine;
use gongshi_domain::api::ErrorBody;
use gongshi_domain::complaint::{
    ComplaintForm, Field, FieldError, PHOTOS_MAX, Problem, Route, Submission, Tracking,
    TrackingCode, reply_due, route, supervised,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::net::SocketAddr;
use std::time::Instant;
use time::OffsetDateTime;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(challenge))
        .routes(routes!(submit))
        .routes(routes!(track))
        .routes(routes!(preview))
        .routes(routes!(stats))
}

/// How long a challenge may be solved and sent.
const CHALLENGE_LIFETIME: chrono::TimeDelta = chrono::TimeDelta::minutes(20);
/// The header that carries the tracking secret (never the URL, which ends up in logs).
const SECRET_HEADER: &str = "x-tracking-secret";

/// The ALTCHA challenge a submission must solve: find `number` ≤ `maxnumber` such that
/// SHA-256(`salt` + `number`) = `challenge`, then send the solution back as `altcha`.
#[derive(Debug, Serialize, ToSchema)]
struct ChallengeBody {
    algorithm: String,
    challenge: String,
    maxnumber: u64,
    salt: String,
    signature: String,
}

async fn altcha_key(state: &AppState) -> Result<String> {
    Ok(state.store.server_secret("altcha").await?)
}

/// A new proof-of-work challenge (ALTCHA protocol), valid for 20 minutes and for one submission.
#[utoipa::path(get, path = "/complaints/challenge", tag = "complaints",
    responses((status = 200, body = ChallengeBody)))]
async fn challenge(State(state): State<AppState>) -> Result<Response> {
    let key = altcha_key(&state).await?;
    let c = altcha_lib_rs::create_challenge(altcha_lib_rs::ChallengeOptions {
        hmac_key: &key,
        max_number: Some(state.complaints.pow_max_number),
        expires: Some(chrono::Utc::now() + CHALLENGE_LIFETIME),
        ..Default::default()
    })
    .map_err(|e| {
        ApiError::Store(crate::store::StoreError::Corrupt {
            what: "challenge",
            detail: e.to_string(),
        })
    })?;
    let body = ChallengeBody {
        algorithm: "SHA-256".to_owned(),
        challenge: c.challenge,
        maxnumber: c.maxnumber,
        salt: c.salt,
        signature: c.signature,
    };
    let mut res = Json(body).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// A photo as sent: its bytes in base64 (standard alphabet).
#[derive(Debug, Deserialize, ToSchema)]
struct PhotoUpload {
    data: String,
}

/// What `POST /complaints` takes.
#[derive(Debug, Deserialize, ToSchema)]
struct SubmitBody {
    form: ComplaintForm,
    #[serde(default)]
    photos: Vec<PhotoUpload>,
    /// The solved challenge: base64 of `{"algorithm","challenge","number","salt","signature"}` (as
    /// the ALTCHA widget sends it) or that object itself.
    altcha: Option<serde_json::Value>,
}

pub(crate) fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The proof-of-work solution checked against our key and its expiry: its signature and expiry.
fn check_solution(
    altcha: Option<&serde_json::Value>,
    key: &str,
) -> Result<(String, OffsetDateTime)> {
    let value = altcha.ok_or(ApiError::Challenge("no solution was sent"))?;
    let payload: altcha_lib_rs::Payload = match value {
        serde_json::Value::String(b64) => {
            let bytes = base64::engine::general_purpose::STANDARD
                .decode(b64.trim())
                .map_err(|_| ApiError::Challenge("the solution is not base64"))?;
            serde_json::from_slice(&bytes)
                .map_err(|_| ApiError::Challenge("the solution is not an ALTCHA payload"))?
        }
        other => serde_json::from_value(other.clone())
            .map_err(|_| ApiError::Challenge("the solution is not an ALTCHA payload"))?,
    };
    altcha_lib_rs::verify_solution(&payload, key, true)
        .map_err(|_| ApiError::Challenge("the solution is wrong or expired"))?;
    let expires = payload
        .salt
        .split_once('?')
        .and_then(|(_, params)| {
            params
                .split('&')
                .find_map(|p| p.strip_prefix("expires="))
                .and_then(|t| t.parse::<i64>().ok())
        })
        .and_then(|t| OffsetDateTime::from_unix_timestamp(t).ok())
        .ok_or(ApiError::Challenge("the challenge has no expiry"))?;
    Ok((payload.signature, expires))
}

/// The client as rate limits count it: its address (see [`client_address`]) hashed with a server
/// secret, so no address is stored.
pub(crate) async fn hashed_client(
    state: &AppState,
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
) -> Result<String> {
    let key = state.store.server_secret("client").await?;
    Ok(sha256_hex(
        format!(
            "{key}:{}",
            client_address(headers, peer, state.complaints.trust_forwarded_for)
        )
        .as_bytes(),
    ))
}

/// The client's address: the peer, or with `--trust-forwarded-for` (behind one balancer) the last
/// address of X-Forwarded-For — the one the balancer appended; earlier ones are the client's own
/// word. An IPv6 address counts by its /64, which one host can rotate through.
pub(crate) fn client_address(
    headers: &HeaderMap,
    peer: Option<SocketAddr>,
    trust_forwarded: bool,
) -> String {
    let forwarded = trust_forwarded
        .then(|| {
            headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(','))
                .map(str::trim)
                .rfind(|v| !v.is_empty())
                .and_then(|v| v.parse::<std::net::IpAddr>().ok())
        })
        .flatten();
    match forwarded.or(peer.map(|p| p.ip())) {
        Some(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        Some(ip) => ip.to_string(),
        None => "unknown".to_owned(),
    }
}

fn idempotency_key(headers: &HeaderMap) -> Result<Option<String>> {
    let Some(v) = headers.get("idempotency-key") else {
        return Ok(None);
    };
    let v = v
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|v| {
            (8..=128).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        })
        .ok_or_else(|| {
            ApiError::invalid(
                "Idempotency-Key",
                "8 to 128 letters, digits, hyphens, underscores or dots",
            )
        })?;
    Ok(Some(v.to_owned()))
}

/// Files a tip or complaint. Answers 201 with the tracking code and its secret (shown once), the
/// body that handles it and why, and the reply deadline; the same Idempotency-Key and body get the
/// same answer again.
#[utoipa::path(post, path = "/complaints", tag = "complaints",
    request_body = SubmitBody,
    params(("Idempotency-Key" = Option<String>, Header, description = "A key the client draws once per submission and sends again on a retry")),
    responses(
        (status = 201, body = Submission, description = "Stored (committed) and routed; `Location` is the tracking URL"),
        (status = 400, body = ErrorBody, description = "Not JSON, bad photos, or a missing, wrong, expired or spent proof of work (`challenge_failed`)"),
        (status = 404, body = ErrorBody, description = "No such district"),
        (status = 409, body = ErrorBody, description = "The Idempotency-Key came with another body"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "The form has mistakes: `problems` lists them by field"),
        (status = 429, body = ErrorBody, description = "Over the per-address limit; see Retry-After"),
    ))]
async fn submit(State(state): State<AppState>, request: Request) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let key = idempotency_key(&headers)?;
    // The limit layer has refused a declared length over the limit; a body that grows past it
    // while being read ends here.
    let body = axum::body::to_bytes(body, crate::COMPLAINT_BODY_LIMIT)
        .await
        .map_err(|_| ApiError::TooLarge)?;
    // A retry is answered as the first time, whatever else has changed since (limits, a spent
    // challenge); the same key with another body is a mistake.
    let body_sha256 = sha256_hex(&body);
    let idempotency = key.map(|k| Idempotency::new(&k, &body_sha256));
    if let Some(idem) = &idempotency
        && let Some((seen_body, stored)) = state.store.idempotent_answer(&idem.key_sha256).await?
    {
        return if seen_body == body_sha256 {
            created(&idem.flip_secret(&stored))
        } else {
            Err(ApiError::KeyReused)
        };
    }
    // An address the limit has just refused is refused again at once, before any of the work
    // below: a flood from one address costs the readers next to nothing.
    let address = client_address(&headers, peer, state.complaints.trust_forwarded_for);
    if let Some(retry_after) = state.refusals.retry_after(&address, Instant::now()) {
        return Err(ApiError::RateLimited { retry_after });
    }
    let parsed: std::result::Result<Json<SubmitBody>, JsonRejection> = Json::from_bytes(&body);
    let Json(body_json) = parsed.map_err(|e| ApiError::Body(e.body_text()))?;
    let mut uploads = Vec::new();
    for upload in &body_json.photos {
        uploads.push(
            base64::engine::general_purpose::STANDARD
                .decode(upload.data.trim())
                .map_err(|_| ApiError::Body("a photo is not base64".to_owned()))?,
        );
    }
    let client = hashed_client(&state, &headers, peer).await?;
    let altcha = altcha_key(&state).await?;
    let answer = accept(
        &state,
        &body_json.form,
        uploads,
        Intake {
            idempotency,
            client,
            limits: state.complaints.limits,
        },
        || check_solution(body_json.altcha.as_ref(), &altcha).map(Some),
    )
    .await;
    if let Err(ApiError::RateLimited { retry_after }) = &answer {
        state
            .refusals
            .refuse(&address, *retry_after, Instant::now());
    }
    created(&answer?)
}

/// An Idempotency-Key as kept: its hash, the body's hash, and the pad that masks the stored
/// answer's secret (rebuilt from the key and the body, which the database does not hold).
pub(crate) struct Idempotency {
    key_sha256: String,
    body_sha256: String,
    pad: [u8; 16],
}

impl Idempotency {
    fn new(key: &str, body_sha256: &str) -> Self {
        let digest = Sha256::digest(format!("{key}\0{body_sha256}").as_bytes());
        let mut pad = [0u8; 16];
        pad.copy_from_slice(&digest[..16]);
        Self {
            key_sha256: sha256_hex(key.as_bytes()),
            body_sha256: body_sha256.to_owned(),
            pad,
        }
    }

    /// XORs a hex secret with the pad (masking and unmasking are the same).
    fn xor(&self, secret: &str) -> String {
        (0..secret.len() / 2)
            .filter_map(|i| u8::from_str_radix(secret.get(2 * i..2 * i + 2)?, 16).ok())
            .zip(self.pad.iter().cycle())
            .map(|(b, p)| format!("{:02x}", b ^ p))
            .collect()
    }

    /// The answer with its secret masked, or a masked one's unmasked (XOR both ways): what is
    /// stored for a retry, and what the retry gets back.
    fn flip_secret(&self, answer: &str) -> String {
        match serde_json::from_str::<Submission>(answer) {
            Ok(mut s) => {
                s.secret = self.xor(&s.secret);
                serde_json::to_string(&s).unwrap_or_default()
            }
            Err(_) => answer.to_owned(),
        }
    }
}

/// How a submission arrived: its Idempotency-Key (with the body's hash), who sent it (a keyed
/// hash) and the limits that apply to them.
pub(crate) struct Intake {
    pub(crate) idempotency: Option<Idempotency>,
    pub(crate) client: String,
    pub(crate) limits: crate::store::RateLimits,
}

/// Checks a submission against the data, strips its photos, checks the proof of work (`prove`:
/// after the form, so a citizen hears about mistakes first), routes it and stores it; the answer
/// (a `Submission` as JSON) once committed.
pub(crate) async fn accept(
    state: &AppState,
    form: &ComplaintForm,
    uploads: Vec<Vec<u8>>,
    intake: Intake,
    prove: impl FnOnce() -> Result<Option<(String, OffsetDateTime)>>,
) -> Result<String> {
    let now = OffsetDateTime::now_utc();
    let today = crate::today();

    // The form first: a citizen should hear about every mistake at once.
    let (valid, mut problems) = match form.validate(today) {
        Ok(c) => (Some(c), Vec::new()),
        Err(p) => (None, p),
    };
    if uploads.len() > PHOTOS_MAX {
        problems.push(FieldError {
            field: Field::Photos,
            problem: Problem::TooMany { max: PHOTOS_MAX },
        });
    }
    let district = gongshi_domain::DistrictCode::parse(form.district.trim()).ok();
    let org = match &district {
        Some(d) => state.store.district_org(d).await?,
        None => None,
    };
    if let (Some(org), Ok(locality)) = (
        &org,
        gongshi_domain::LocalityId::parse(form.locality.trim()),
    ) && org.locality(&locality).is_none()
    {
        problems.push(FieldError {
            field: Field::Locality,
            problem: Problem::Invalid,
        });
    }
    if district.is_some() && org.is_none() {
        problems.push(FieldError {
            field: Field::District,
            problem: Problem::Invalid,
        });
    }
    let matter = match gongshi_domain::catalog::MatterCode::parse(form.matter.trim()) {
        Ok(code) => match state.store.matter(&code).await? {
            Some(m) => Some(m),
            None => {
                problems.push(FieldError {
                    field: Field::Matter,
                    problem: Problem::Invalid,
                });
                None
            }
        },
        Err(_) => None,
    };
    let officer = match gongshi_domain::certificate::CertificateNumber::parse(form.officer.trim()) {
        Ok(n) if !form.officer.trim().is_empty() => match state.store.officer(&n).await? {
            Some(o) => Some(o),
            None => {
                problems.push(FieldError {
                    field: Field::Officer,
                    problem: Problem::Invalid,
                });
                None
            }
        },
        _ => None,
    };
    let complaint = match valid {
        Some(c) if problems.is_empty() => c,
        _ => return Err(ApiError::Form(problems)),
    };
    let org = org.ok_or(ApiError::NotFound { what: "district" })?;

    let mut stored_photos = Vec::new();
    for bytes in uploads {
        let (content_type, bytes) =
            photos::strip(bytes).map_err(|e| ApiError::Body(e.to_string()))?;
        stored_photos.push(Photo {
            content_type,
            bytes,
        });
    }
    let challenge = prove()?;

    let history = match &matter {
        Some(m) => state.store.delegations(Some(&m.code), None).await?,
        None => Vec::new(),
    };
    let officer_authority = officer.as_ref().and_then(|o| o.unit.authority(&org));
    let normal = route(
        &org,
        &complaint,
        matter.as_ref().map(|m| (m, history.as_slice())),
        officer_authority,
    )
    .ok_or(ApiError::NotFound {
        what: "district bureau",
    })?;
    let escalated = supervised(&org).ok_or(ApiError::NotFound {
        what: "district bureau",
    })?;
    let topic = topic(complaint.matter.as_ref(), complaint.domain.as_ref());
    let due = reply_due(&crate::demo::CALENDAR, today);

    for _ in 0..5 {
        let (code, secret) = draw();
        let answer = |r: &Route, supervised: bool| -> Result<Outcome> {
            let authority = org
                .authority_ref(&r.authority)
                .ok_or(ApiError::NotFound { what: "authority" })?;
            let submission = Submission {
                code: code.clone(),
                secret: secret.clone(),
                kind: complaint.kind,
                authority,
                route: r.reason.clone(),
                supervised,
                submitted_at: now,
                reply_due: due,
            };
            let answer = serde_json::to_string(&submission).map_err(|e| {
                ApiError::Store(crate::store::StoreError::Corrupt {
                    what: "submission",
                    detail: e.to_string(),
                })
            })?;
            let stored = intake
                .idempotency
                .as_ref()
                .map_or_else(|| answer.clone(), |i| i.flip_secret(&answer));
            Ok(Outcome {
                route: r.clone(),
                answer,
                stored,
            })
        };
        let write = ComplaintWrite {
            complaint: complaint.clone(),
            code: code.clone(),
            secret_sha256: sha256_hex(secret.as_bytes()),
            topic: topic.clone(),
            submitted_at: now,
            reply_due: due,
            photos: stored_photos.clone(),
            normal: answer(&normal, false)?,
            supervised: answer(&escalated, true)?,
            idempotency: intake
                .idempotency
                .as_ref()
                .map(|i| (i.key_sha256.clone(), i.body_sha256.clone())),
            client: intake.client.clone(),
            challenge: challenge.clone(),
        };
        return match state.store.submit_complaint(&write, intake.limits).await? {
            Submitted::Created { answer } => Ok(answer),
            Submitted::Replayed { answer } => Ok(intake
                .idempotency
                .as_ref()
                .map_or(answer.clone(), |i| i.flip_secret(&answer))),
            Submitted::KeyReused => Err(ApiError::KeyReused),
            Submitted::ChallengeSpent => Err(ApiError::Challenge("this solution was used before")),
            Submitted::RateLimited { retry_after } => Err(ApiError::RateLimited { retry_after }),
            Submitted::CodeTaken => continue,
        };
    }
    Err(ApiError::Store(crate::store::StoreError::Corrupt {
        what: "tracking code",
        detail: "five random codes in a row were taken".to_owned(),
    }))
}

/// What repeats of a submission are counted by: its matter, else its domain.
fn topic(
    matter: Option<&gongshi_domain::catalog::MatterCode>,
    domain: Option<&gongshi_domain::catalog::Domain>,
) -> String {
    match (matter, domain) {
        (Some(m), _) => m.as_str().to_owned(),
        (None, Some(d)) => format!("domain:{}", crate::params::spelling(d)),
        (None, None) => "unknown".to_owned(),
    }
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct PreviewParams {
    /// tip or conduct.
    kind: Option<String>,
    /// 6-digit district code.
    district: Option<String>,
    locality: Option<String>,
    /// A matter's 16-character code.
    matter: Option<String>,
    /// A domain, when no matter is named.
    domain: Option<String>,
    /// The officer's certificate number (conduct).
    officer: Option<String>,
    /// The day it happened (default today), YYYY-MM-DD.
    date: Option<String>,
}

/// Who would handle a submission sent now, and why; how many about the same thing at the same
/// place came in the last 90 days, and whether this one would be supervised (督办).
#[utoipa::path(get, path = "/complaints/route", tag = "complaints", params(PreviewParams),
    responses(
        (status = 200, body = gongshi_domain::complaint::RoutePreview),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such district, locality, matter or officer"),
    ))]
async fn preview(
    State(state): State<AppState>,
    params: std::result::Result<
        axum::extract::Query<PreviewParams>,
        axum::extract::rejection::QueryRejection,
    >,
) -> Result<Json<gongshi_domain::complaint::RoutePreview>> {
    use gongshi_domain::complaint::{
        ComplaintKind, REPEAT_WINDOW_DAYS, RoutePreview, Where, is_supervised, route_for,
    };
    let axum::extract::Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let kind: ComplaintKind =
        crate::params::unit_enum("kind", p.kind.as_deref(), "tip or conduct")?
            .ok_or_else(|| ApiError::invalid("kind", "tip or conduct"))?;
    let district = crate::params::district(p.district.as_deref())?
        .ok_or_else(|| ApiError::invalid("district", "a 6-digit district code"))?;
    let org = super::district_org(&state, Some(district), "district").await?;
    let locality: gongshi_domain::LocalityId =
        crate::params::id("locality", p.locality.as_deref())?
            .ok_or_else(|| ApiError::invalid("locality", "a locality id"))?;
    if org.locality(&locality).is_none() {
        return Err(ApiError::NotFound { what: "locality" });
    }
    let on = crate::params::date("date", p.date.as_deref())?.unwrap_or_else(crate::today);
    let domain: Option<gongshi_domain::catalog::Domain> = crate::params::unit_enum(
        "domain",
        p.domain.as_deref(),
        "a domain such as urban_management",
    )?;
    let matter = match p.matter.as_deref().filter(|m| !m.trim().is_empty()) {
        None => None,
        Some(m) => {
            let code = gongshi_domain::catalog::MatterCode::parse(m)
                .map_err(|e| ApiError::invalid("matter", e))?;
            Some(
                state
                    .store
                    .matter(&code)
                    .await?
                    .ok_or(ApiError::NotFound { what: "matter" })?,
            )
        }
    };
    let officer = match p.officer.as_deref().filter(|o| !o.trim().is_empty()) {
        None => None,
        Some(o) => {
            let number = gongshi_domain::certificate::CertificateNumber::parse(o)
                .map_err(|e| ApiError::invalid("officer", e))?;
            let found = state
                .store
                .officer(&number)
                .await?
                .ok_or(ApiError::NotFound { what: "officer" })?;
            found.unit.authority(&org).map(|a| (number, a))
        }
    };
    let history = match &matter {
        Some(m) => state.store.delegations(Some(&m.code), None).await?,
        None => Vec::new(),
    };
    let at = Where {
        kind,
        locality: &locality,
        on,
        officer: officer.as_ref().map(|(n, a)| (n, a.clone())),
    };
    let normal = route_for(&org, &at, matter.as_ref().map(|m| (m, history.as_slice()))).ok_or(
        ApiError::NotFound {
            what: "district bureau",
        },
    )?;
    let earlier = state
        .store
        .complaint_repeats(
            &locality,
            &topic(matter.as_ref().map(|m| &m.code), domain.as_ref()),
            crate::today() - time::Duration::days(REPEAT_WINDOW_DAYS),
        )
        .await?;
    let would_be_supervised = is_supervised(earlier + 1);
    let chosen = if would_be_supervised {
        supervised(&org).ok_or(ApiError::NotFound {
            what: "district bureau",
        })?
    } else {
        normal
    };
    let authority = org
        .authority_ref(&chosen.authority)
        .ok_or(ApiError::NotFound { what: "authority" })?;
    Ok(Json(RoutePreview {
        authority,
        route: chosen.reason,
        earlier,
        would_be_supervised,
    }))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct StatsParams {
    /// 6-digit district code.
    district: Option<String>,
    /// A calendar year (default: every year).
    year: Option<String>,
}

/// A district's complaints and tips counted by locality, kind and status, how many were supervised
/// (督办), and the median working days to the first reply. Counts only: nothing anyone wrote.
#[utoipa::path(get, path = "/complaints/stats", tag = "complaints", params(StatsParams),
    responses(
        (status = 200, body = gongshi_domain::complaint::ComplaintStats),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn stats(
    State(state): State<AppState>,
    params: std::result::Result<
        axum::extract::Query<StatsParams>,
        axum::extract::rejection::QueryRejection,
    >,
) -> Result<Json<gongshi_domain::complaint::ComplaintStats>> {
    use gongshi_domain::complaint::{ComplaintStats, KindCount, LocalityCount, StatusCount};
    let axum::extract::Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let district = crate::params::district(p.district.as_deref())?
        .ok_or_else(|| ApiError::invalid("district", "a 6-digit district code"))?;
    let year = crate::params::year("year", p.year.as_deref())?;
    let org = super::district_org(&state, Some(district.clone()), "district").await?;
    let rows = state.store.complaint_stats(&district, year).await?;
    let median =
        gongshi_domain::complaint::median_reply_working_days(&crate::demo::CALENDAR, &rows.replies);
    let by_locality: Vec<LocalityCount> = rows
        .by_locality
        .iter()
        .filter_map(|(l, n, s)| {
            org.locality(l).map(|place| LocalityCount {
                locality: gongshi_domain::api::locality_ref(place),
                submissions: *n,
                supervised: *s,
            })
        })
        .collect();
    Ok(Json(ComplaintStats {
        district: org.district_ref(),
        year,
        submissions: rows.by_kind.iter().map(|(_, n)| n).sum(),
        supervised: rows.by_locality.iter().map(|(_, _, s)| s).sum(),
        by_locality,
        by_kind: rows
            .by_kind
            .into_iter()
            .map(|(kind, submissions)| KindCount { kind, submissions })
            .collect(),
        by_status: rows
            .by_status
            .into_iter()
            .map(|(status, submissions)| StatusCount {
                status,
                submissions,
            })
            .collect(),
        replied: u64::try_from(rows.replies.len()).unwrap_or(0),
        median_reply_working_days: median,
    }))
}

/// A fresh tracking code and secret from the operating system's random source.
fn draw() -> (TrackingCode, String) {
    use rand::RngCore;
    let mut code = [0u8; 8];
    rand::rngs::OsRng.fill_bytes(&mut code);
    let mut secret = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut secret);
    let secret = secret.iter().map(|b| format!("{b:02x}")).collect();
    (TrackingCode::from_random(code), secret)
}

fn created(answer: &str) -> Result<Response> {
    let code = serde_json::from_str::<Submission>(answer)
        .map(|s| s.code.as_str().to_owned())
        .unwrap_or_default();
    let mut res = (
        StatusCode::CREATED,
        [(header::CONTENT_TYPE, "application/json")],
        answer.to_owned(),
    )
        .into_response();
    if let Ok(v) = HeaderValue::from_str(&format!("/api/v1/complaints/{code}")) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

/// A submission's status by its tracking code; with the secret in `X-Tracking-Secret`, also who
/// handles it, the timeline and the replies.
#[utoipa::path(get, path = "/complaints/{code}", tag = "complaints",
    params(
        ("code" = String, Path, description = "The tracking code (XXX-XXX-XXX; case and separators do not matter)"),
        ("X-Tracking-Secret" = Option<String>, Header, description = "The secret the submission's answer gave"),
    ),
    responses(
        (status = 200, body = Tracking),
        (status = 400, body = ErrorBody, description = "Not a tracking code (a mistyped character is caught by its check character)"),
        (status = 403, body = ErrorBody, description = "The secret does not match"),
        (status = 404, body = ErrorBody),
    ))]
async fn track(
    State(state): State<AppState>,
    Path(code): Path<String>,
    headers: HeaderMap,
) -> Result<Response> {
    let code = TrackingCode::parse(&code).map_err(|e| ApiError::invalid("code", e))?;
    let record = state
        .store
        .complaint(&code)
        .await?
        .ok_or(ApiError::NotFound { what: "complaint" })?;
    let secret = headers
        .get(SECRET_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|s| !s.is_empty());
    let full = match secret {
        None => false,
        Some(s) if sha256_hex(s.as_bytes()) == record.secret_sha256 => true,
        Some(_) => return Err(ApiError::Forbidden),
    };
    let authority = if full {
        state
            .store
            .district_org(&record.district)
            .await?
            .and_then(|org| org.authority_ref(&record.authority))
    } else {
        None
    };
    let tracking = Tracking {
        code: record.code,
        kind: record.kind,
        status: record.status,
        supervised: record.supervised,
        submitted_on: record.submitted_on,
        reply_due: record.reply_due,
        authority,
        timeline: full.then_some(record.timeline),
    };
    let mut res = Json(tracking).into_response();
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_balancers_address_counts_and_ipv6_by_its_64() {
        let mut h = HeaderMap::new();
        h.insert(
            "x-forwarded-for",
            HeaderValue::from_static("6.6.6.6, 10.0.0.7"),
        );
        let peer: SocketAddr = "127.0.0.1:9".parse().expect("an address");
        assert_eq!(
            client_address(&h, Some(peer), true),
            "10.0.0.7",
            "not the client's own word"
        );
        assert_eq!(
            client_address(&h, Some(peer), false),
            "127.0.0.1",
            "untrusted: the peer"
        );
        let v6: SocketAddr = "[2408:8000:1:2:aaaa:bbbb:cccc:dddd]:9".parse().expect("v6");
        assert_eq!(
            client_address(&HeaderMap::new(), Some(v6), false),
            "2408:8000:1:2::/64"
        );
        assert_eq!(client_address(&HeaderMap::new(), None, false), "unknown");
    }
}
