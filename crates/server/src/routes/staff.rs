//! The staff side's front door: `POST /staff/login` (argon2id, rate limited per address and per
//! user name), `POST /staff/logout` and `GET /staff/me`. A session is a random token in an
//! HttpOnly, SameSite=Strict cookie (Secure unless served over plain HTTP on loopback), kept in the
//! database only as its SHA-256; every state-changing staff request also carries the session's
//! CSRF token in `X-CSRF-Token`. [`Staff`] is the extractor the staff routes take.

use super::complaints::{hashed_client, sha256_hex};
use crate::AppState;
use crate::error::{ApiError, Result};
use crate::store::{StaffSession, StaffUser};
use argon2::{Argon2, PasswordHash, PasswordVerifier};
use axum::Json;
use axum::extract::{ConnectInfo, FromRequestParts, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use gongshi_domain::api::ErrorBody;
use gongshi_domain::staff::{Login, StaffMe, Username};
use std::net::SocketAddr;
use time::{Duration, OffsetDateTime};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

/// The session cookie's name.
pub(crate) const COOKIE: &str = "gongshi_session";
/// The header that carries the CSRF token.
pub(crate) const CSRF_HEADER: &str = "x-csrf-token";
/// How long a session lasts (a working day; then sign in again).
pub(crate) const SESSION_LIFETIME: Duration = Duration::hours(10);
/// Failed logins allowed per client address and per user name in [`FAILURE_WINDOW`].
pub(crate) const FAILURES_ALLOWED: u64 = 10;
pub(crate) const FAILURE_WINDOW: Duration = Duration::minutes(15);

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(login))
        .routes(routes!(logout))
        .routes(routes!(me))
}

/// Random bytes from the OS as hex.
fn random_hex(bytes: usize) -> String {
    use rand::RngCore;
    let mut b = vec![0u8; bytes];
    rand::rngs::OsRng.fill_bytes(&mut b);
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A PHC hash to verify against when the user name is unknown, so a wrong name takes as long as a
/// wrong password.
fn decoy_hash() -> &'static str {
    static DECOY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    DECOY.get_or_init(|| hash_password("not a real password, only a decoy").unwrap_or_default())
}

/// An argon2id PHC string for `password` (the crate's default parameters, with a random salt).
pub fn hash_password(password: &str) -> std::result::Result<String, argon2::password_hash::Error> {
    use argon2::PasswordHasher;
    use argon2::password_hash::SaltString;
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    Ok(Argon2::default()
        .hash_password(password.as_bytes(), &salt)?
        .to_string())
}

fn verify(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc).is_ok_and(|h| {
        Argon2::default()
            .verify_password(password.as_bytes(), &h)
            .is_ok()
    })
}

/// Whether the cookie may go without `Secure`: only for a plain-HTTP request to a loopback host
/// (development and the tests); behind TLS (or a balancer that says so) it is always Secure.
fn secure_cookie(headers: &HeaderMap) -> bool {
    let proto_https = crate::security::over_https(headers);
    let host = headers
        .get(axum::http::header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    let loopback =
        host.starts_with("127.0.0.1") || host.starts_with("localhost") || host.starts_with("[::1]");
    proto_https || !loopback
}

fn signed_in(user: &StaffUser, session: &StaffSession) -> StaffMe {
    StaffMe {
        username: user.username.clone(),
        display_name: user.display_name.clone(),
        grant: user.grant.clone(),
        csrf_token: session.csrf_token.clone(),
        expires_at: session.expires_at,
    }
}

/// Signs in: a session cookie and, in the body, who is signed in with the CSRF token.
#[utoipa::path(post, path = "/staff/login", tag = "staff", request_body = Login,
    responses(
        (status = 200, body = StaffMe, description = "Signed in; the session cookie is set"),
        (status = 400, body = ErrorBody, description = "The body is not `{\"username\", \"password\"}` as JSON (`invalid_body`)"),
        (status = 401, body = ErrorBody, description = "Wrong user name or password, or the account is disabled"),
        (status = 413, body = ErrorBody, description = "The body is over 16 KiB"),
        (status = 429, body = ErrorBody, description = "Too many failed logins from this address or for this user name"),
    ))]
async fn login(State(state): State<AppState>, request: axum::extract::Request) -> Result<Response> {
    let (parts, body) = request.into_parts();
    let headers = parts.headers;
    let peer = parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    let jar = CookieJar::from_headers(&headers);
    let body = axum::body::to_bytes(body, 16 * 1024)
        .await
        .map_err(|_| ApiError::TooLarge)?;
    let login: Login = serde_json::from_slice(&body)
        .map_err(|e| ApiError::Body(format!("expected {{\"username\", \"password\"}}: {e}")))?;
    let now = OffsetDateTime::now_utc();
    let client = hashed_client(&state, &headers, peer).await?;
    let name_key = login.username.trim().to_lowercase();
    let since = now - FAILURE_WINDOW;
    let (by_client, by_name) = state
        .store
        .login_failures(&client, &name_key, since)
        .await?;
    if by_client >= FAILURES_ALLOWED || by_name >= FAILURES_ALLOWED {
        return Err(ApiError::RateLimited {
            retry_after: FAILURE_WINDOW.whole_seconds().unsigned_abs(),
        });
    }
    let user = match Username::parse(&login.username) {
        Ok(name) => state.store.staff_user(&name).await?,
        Err(_) => None,
    };
    let password_ok = match &user {
        Some(u) => verify(&login.password, &u.password_hash),
        None => {
            let _ = verify(&login.password, decoy_hash());
            false
        }
    };
    let Some(user) = user.filter(|u| password_ok && !u.disabled) else {
        state
            .store
            .login_failed(&client, &name_key, now, since)
            .await?;
        return Err(ApiError::Unauthorized("wrong user name or password"));
    };
    let token = random_hex(32);
    let session = StaffSession {
        csrf_token: random_hex(32),
        expires_at: now + SESSION_LIFETIME,
    };
    state
        .store
        .open_session(
            user.id,
            &sha256_hex(token.as_bytes()),
            &session.csrf_token,
            session.expires_at,
        )
        .await?;
    let cookie = Cookie::build((COOKIE, token))
        .http_only(true)
        .same_site(SameSite::Strict)
        .secure(secure_cookie(&headers))
        .path("/")
        .max_age(SESSION_LIFETIME)
        .build();
    Ok((jar.add(cookie), Json(signed_in(&user, &session))).into_response())
}

/// Signs out: the session ends and the cookie is cleared.
#[utoipa::path(post, path = "/staff/logout", tag = "staff",
    params(("X-CSRF-Token" = String, Header, description = "The session's CSRF token")),
    responses(
        (status = 204, description = "Signed out"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "The CSRF token is missing or wrong"),
    ))]
async fn logout(staff: Staff, jar: CookieJar) -> Result<Response> {
    staff.check_csrf()?;
    staff.state.store.close_session(&staff.token_sha256).await?;
    let gone = Cookie::build((COOKIE, "")).path("/").build();
    Ok((jar.remove(gone), StatusCode::NO_CONTENT).into_response())
}

/// Who is signed in (and the CSRF token), or 401.
#[utoipa::path(get, path = "/staff/me", tag = "staff",
    responses((status = 200, body = StaffMe), (status = 401, body = ErrorBody)))]
async fn me(staff: Staff) -> Json<StaffMe> {
    Json(signed_in(&staff.user, &staff.session))
}

/// A signed-in staff member: the account, the session and the request's CSRF header. Taking it
/// answers 401 without a live session.
#[derive(Debug)]
pub(crate) struct Staff {
    pub(crate) user: StaffUser,
    pub(crate) session: StaffSession,
    /// The session token's SHA-256 (as the store keys the session).
    pub(crate) token_sha256: String,
    csrf_sent: Option<String>,
    state: AppState,
}

impl Staff {
    /// Every state-changing staff request calls this first: 403 unless `X-CSRF-Token` is the
    /// session's (compared in constant time).
    pub(crate) fn check_csrf(&self) -> Result<()> {
        let sent = self.csrf_sent.as_deref().unwrap_or_default().as_bytes();
        let expected = self.session.csrf_token.as_bytes();
        let same = sent.len() == expected.len()
            && sent
                .iter()
                .zip(expected)
                .fold(0u8, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same { Ok(()) } else { Err(ApiError::Csrf) }
    }
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self> {
        let jar = CookieJar::from_headers(&parts.headers);
        let token = jar
            .get(COOKIE)
            .map(|c| c.value().to_owned())
            .filter(|t| !t.is_empty())
            .ok_or(ApiError::Unauthorized("not signed in"))?;
        let token_sha256 = sha256_hex(token.as_bytes());
        let (user, session) = state
            .store
            .session(&token_sha256, OffsetDateTime::now_utc())
            .await?
            .ok_or(ApiError::Unauthorized(
                "the session has ended; sign in again",
            ))?;
        if user.disabled {
            return Err(ApiError::Unauthorized("the account is disabled"));
        }
        let csrf_sent = parts
            .headers
            .get(CSRF_HEADER)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        Ok(Staff {
            user,
            session,
            token_sha256,
            csrf_sent,
            state: state.clone(),
        })
    }
}
