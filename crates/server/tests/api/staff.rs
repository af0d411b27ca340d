//! `POST /api/v1/staff/login`, `POST /api/v1/staff/logout`, `GET /api/v1/staff/me`: sessions in
//! cookies, CSRF on every state change, the login rate limit, and what is never stored in clear.

use crate::helpers::{TestApp, assert_error};
use axum::http::{HeaderMap, Method, StatusCode, header};
use gongshi_domain::staff::{Grant, Role, Username};
use gongshi_server::store::NewStaffUser;
use serde_json::{Value, json};

const PASSWORD: &str = "correct horse battery staple";

/// The demo app with one publisher of 南坑街道.
async fn app_with_publisher() -> TestApp {
    let app = TestApp::spawn().await;
    let added = app
        .store
        .add_staff_user(&NewStaffUser {
            username: Username::parse("nankeng.pub").expect("valid"),
            display_name: "南坑发布员".to_owned(),
            password_hash: gongshi_server::hash_password(PASSWORD).expect("hashed"),
            grant: Grant::new(
                Role::Publisher,
                gongshi_domain::DistrictCode::parse("350602").expect("valid"),
                Some(gongshi_domain::AuthorityId::parse("xc-nankeng").expect("valid")),
            )
            .expect("a valid grant"),
        })
        .await
        .expect("stored");
    assert!(added);
    app
}

async fn login(app: &TestApp, username: &str, password: &str) -> (StatusCode, HeaderMap, Value) {
    app.with_body(
        Method::POST,
        "/api/v1/staff/login",
        &[
            ("content-type", "application/json"),
            ("host", "127.0.0.1:9000"),
        ],
        serde_json::to_vec(&json!({ "username": username, "password": password })).expect("JSON"),
    )
    .await
}

/// The session cookie's `name=value` from a login answer.
fn session_cookie(headers: &HeaderMap) -> String {
    let set = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a Set-Cookie header");
    set.split(';').next().expect("name=value").to_owned()
}

#[tokio::test]
async fn a_login_opens_a_session_in_a_strict_http_only_cookie_and_logout_needs_the_csrf_token() {
    let app = app_with_publisher().await;
    // User names are not case-sensitive.
    let (status, headers, me) = login(&app, "Nankeng.Pub", PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["username"], "nankeng.pub");
    assert_eq!(
        me["grant"],
        json!({ "role": "publisher", "district": "350602", "authority": "xc-nankeng" })
    );
    let csrf = me["csrf_token"].as_str().expect("a CSRF token").to_owned();
    assert_eq!(csrf.len(), 64);
    let set = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a Set-Cookie header");
    for attribute in ["HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=36000"] {
        assert!(set.contains(attribute), "{attribute} in {set}");
    }
    assert!(!set.contains("Secure"), "plain HTTP on loopback: {set}");
    let cookie = session_cookie(&headers);

    // Neither the session token nor the password is stored in clear.
    let token = cookie.split_once('=').expect("name=value").1.to_owned();
    let pool = app.raw_db().await;
    let (stored,): (String,) = sqlx::query_as("SELECT token_sha256 FROM staff_sessions")
        .fetch_one(&pool)
        .await
        .expect("one session");
    assert_ne!(stored, token);
    let (hash,): (String,) = sqlx::query_as("SELECT password_hash FROM staff_users")
        .fetch_one(&pool)
        .await
        .expect("one user");
    assert!(hash.starts_with("$argon2id$"), "{hash}");

    let (status, headers, me) = app
        .get_with("/api/v1/staff/me", &[("cookie", &cookie)])
        .await;
    assert_eq!(status, StatusCode::OK, "{me}");
    assert_eq!(me["csrf_token"], csrf.as_str());
    assert_eq!(
        headers.get("cache-control").and_then(|v| v.to_str().ok()),
        Some("private, no-store"),
        "no cache keeps the CSRF token or staff data"
    );
    assert!(headers.get("etag").is_none());

    // Logging out is a state change: without the CSRF token (or with another) it is refused and
    // the session stays.
    for (headers, why) in [
        (vec![("cookie", cookie.as_str())], "no CSRF token"),
        (
            vec![("cookie", cookie.as_str()), ("x-csrf-token", "0000")],
            "a wrong CSRF token",
        ),
    ] {
        assert_error(
            app.request(Method::POST, "/api/v1/staff/logout", &headers)
                .await,
            StatusCode::FORBIDDEN,
            "csrf_failed",
            None,
            why,
        );
    }
    assert_eq!(
        app.get_with("/api/v1/staff/me", &[("cookie", &cookie)])
            .await
            .0,
        StatusCode::OK
    );
    let (status, headers, _) = app
        .request(
            Method::POST,
            "/api/v1/staff/logout",
            &[("cookie", &cookie), ("x-csrf-token", &csrf)],
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let cleared = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("the cookie is cleared");
    assert!(cleared.starts_with("gongshi_session="), "{cleared}");
    assert_error(
        app.get_with("/api/v1/staff/me", &[("cookie", &cookie)])
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
        "the session ended with the logout",
    );
}

#[tokio::test]
async fn behind_tls_the_cookie_is_secure() {
    let app = app_with_publisher().await;
    let (status, headers, _) = app
        .with_body(
            Method::POST,
            "/api/v1/staff/login",
            &[
                ("content-type", "application/json"),
                ("host", "gongshi.example.gov.cn"),
                ("x-forwarded-proto", "https"),
            ],
            serde_json::to_vec(&json!({ "username": "nankeng.pub", "password": PASSWORD }))
                .expect("JSON"),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let set = headers
        .get(header::SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .expect("a Set-Cookie header");
    assert!(set.contains("Secure"), "{set}");
}

#[tokio::test]
async fn wrong_names_and_passwords_are_told_alike_and_limited() {
    let app = app_with_publisher().await;
    for (username, password, why) in [
        ("nankeng.pub", "wrong password here", "a wrong password"),
        ("nobody.here", PASSWORD, "an unknown user"),
        ("x", PASSWORD, "a name that cannot exist"),
    ] {
        let answer = login(&app, username, password).await;
        assert!(
            !answer.1.contains_key(header::SET_COOKIE),
            "{why}: no cookie"
        );
        assert_error(answer, StatusCode::UNAUTHORIZED, "unauthorized", None, why);
    }
    assert_error(
        app.with_body(
            Method::POST,
            "/api/v1/staff/login",
            &[("content-type", "application/json")],
            b"{\"username\": 1}".to_vec(),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_body",
        None,
        "not a login",
    );
    // Ten failures from one address (these tests have none: all count as one) in a quarter of an
    // hour, and the right password is refused too until the window passes.
    for _ in 0..7 {
        assert_eq!(
            login(&app, "nankeng.pub", "still the wrong one").await.0,
            StatusCode::UNAUTHORIZED
        );
    }
    let (status, headers, body) = login(&app, "nankeng.pub", PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert_eq!(body["error"]["code"], "rate_limited");
    assert_eq!(
        headers
            .get(header::RETRY_AFTER)
            .and_then(|v| v.to_str().ok()),
        Some("900")
    );
}

#[tokio::test]
async fn no_cookie_a_made_up_one_or_an_ended_session_is_unauthorized() {
    let app = app_with_publisher().await;
    for (headers, why) in [
        (vec![], "no cookie"),
        (
            vec![("cookie", "gongshi_session=deadbeef")],
            "a made-up session",
        ),
        (vec![("cookie", "gongshi_session=")], "an empty one"),
    ] {
        assert_error(
            app.get_with("/api/v1/staff/me", &headers).await,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            None,
            why,
        );
    }
    // A session past its end.
    let (_, headers, _) = login(&app, "nankeng.pub", PASSWORD).await;
    let cookie = session_cookie(&headers);
    let pool = app.raw_db().await;
    sqlx::query("UPDATE staff_sessions SET expires_at = '2000-01-01T00:00:00.000000Z'")
        .execute(&pool)
        .await
        .expect("updated");
    assert_error(
        app.get_with("/api/v1/staff/me", &[("cookie", &cookie)])
            .await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
        "an ended session",
    );
}
