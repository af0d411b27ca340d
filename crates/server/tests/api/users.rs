//! Staff accounts kept by a district's admins: `GET`/`POST /api/v1/staff/users`,
//! `POST /api/v1/staff/users/{username}/status` and `…/password`. An account made here signs in,
//! a disabled one is signed out at once and cannot sign in, a new password ends the old sessions,
//! bad forms are named by their field, and nobody but the district's own admins sees or changes
//! anything.

use crate::helpers::{TestApp, assert_error};
use crate::publishing::{PASSWORD, Session, sign_in, sign_in_at};
use axum::http::{HeaderMap, Method, StatusCode, header};
use gongshi_domain::staff::Role;
use serde_json::{Value, json};

const NEW_PASSWORD: &str = "a brand new pass phrase";

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

/// Signs in with a password and answers the session, or panics.
async fn session(app: &TestApp, username: &str, password: &str) -> Session {
    let (status, headers, me) = login(app, username, password).await;
    assert_eq!(status, StatusCode::OK, "{username} signs in: {me}");
    Session {
        cookie: headers
            .get(header::SET_COOKIE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .expect("a session cookie")
            .to_owned(),
        csrf: me["csrf_token"].as_str().expect("a CSRF token").to_owned(),
    }
}

async fn me(app: &TestApp, s: &Session) -> StatusCode {
    s.get(app, "/api/v1/staff/me").await.0
}

fn new_publisher(username: &str) -> Value {
    json!({
        "username": username,
        "display_name": " 南坑街道发布员 ",
        "role": "publisher",
        "authority": "xc-nankeng",
        "password": PASSWORD,
    })
}

/// The user names a page of accounts lists, in order.
fn usernames(page: &Value) -> Vec<&str> {
    page["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|a| a["username"].as_str().expect("a user name"))
        .collect()
}

#[tokio::test]
async fn an_admin_adds_an_account_that_signs_in_and_disabling_it_signs_it_out() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    sign_in(&app, "tongbei.pub", Role::Publisher, Some("xc-tongbei")).await;

    let (status, _, created) = admin
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/users",
            &new_publisher("Nankeng.Pub2"),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    assert_eq!(created["username"], "nankeng.pub2", "lower case");
    assert_eq!(created["display_name"], "南坑街道发布员", "trimmed");
    assert_eq!(
        created["grant"],
        json!({ "role": "publisher", "district": "350602", "authority": "xc-nankeng" })
    );
    assert_eq!(created["disabled"], false);
    assert!(created["created_at"].is_string(), "{created}");
    assert!(created["last_login_at"].is_null(), "{created}");
    let keys: Vec<&String> = created.as_object().expect("an object").keys().collect();
    assert_eq!(
        keys,
        [
            "created_at",
            "disabled",
            "display_name",
            "grant",
            "last_login_at",
            "username"
        ],
        "no password, no hash"
    );

    let (status, _, page) = admin.get(&app, "/api/v1/staff/users").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(
        usernames(&page),
        ["district.admin", "nankeng.pub2", "tongbei.pub"],
        "the district's accounts by user name"
    );
    assert_eq!(page["total"], 3);
    assert!(!page.to_string().contains("argon2"), "{page}");

    // The new account signs in and works.
    let new = session(&app, "nankeng.pub2", PASSWORD).await;
    assert_eq!(me(&app, &new).await, StatusCode::OK);
    let (_, _, page) = admin.get(&app, "/api/v1/staff/users").await;
    assert!(
        page["items"][1]["last_login_at"].is_string(),
        "the sign-in is shown: {page}"
    );

    // Disabled: the open session ends at once, and signing in fails as a wrong password does.
    let path = "/api/v1/staff/users/nankeng.pub2/status";
    let (status, _, disabled) = admin
        .json(&app, Method::POST, path, &json!({ "disabled": true }))
        .await;
    assert_eq!(status, StatusCode::OK, "{disabled}");
    assert_eq!(disabled["disabled"], true);
    assert_error(
        new.get(&app, "/api/v1/staff/me").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
        "the disabled account's session",
    );
    assert_error(
        login(&app, "nankeng.pub2", PASSWORD).await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
        "a disabled account signs in",
    );

    // Enabled again: it signs in.
    let (status, _, enabled) = admin
        .json(&app, Method::POST, path, &json!({ "disabled": false }))
        .await;
    assert_eq!(status, StatusCode::OK, "{enabled}");
    assert_eq!(enabled["disabled"], false);
    let again = session(&app, "nankeng.pub2", PASSWORD).await;
    assert_eq!(me(&app, &again).await, StatusCode::OK);

    // An admin does not lock themselves out.
    assert_error(
        admin
            .json(
                &app,
                Method::POST,
                "/api/v1/staff/users/district.admin/status",
                &json!({ "disabled": true }),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
        "an admin disabling their own account",
    );
    assert_eq!(me(&app, &admin).await, StatusCode::OK);
}

#[tokio::test]
async fn a_new_password_ends_the_old_sessions() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let path = "/api/v1/staff/users/nankeng.pub/password";

    assert_error(
        admin
            .json(&app, Method::POST, path, &json!({ "password": "short" }))
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("password"),
        "a short password",
    );
    assert_eq!(
        me(&app, &publisher).await,
        StatusCode::OK,
        "nothing changed"
    );

    let (status, _, account) = admin
        .json(
            &app,
            Method::POST,
            path,
            &json!({ "password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{account}");
    assert_eq!(account["username"], "nankeng.pub");
    assert_eq!(
        me(&app, &publisher).await,
        StatusCode::UNAUTHORIZED,
        "the old session ended"
    );
    assert_eq!(
        login(&app, "nankeng.pub", PASSWORD).await.0,
        StatusCode::UNAUTHORIZED,
        "the old password"
    );
    let renewed = session(&app, "nankeng.pub", NEW_PASSWORD).await;
    assert_eq!(me(&app, &renewed).await, StatusCode::OK);

    // An admin setting their own keeps the session they use; others of theirs end.
    let other_tab = session(&app, "district.admin", PASSWORD).await;
    let (status, _, _) = admin
        .json(
            &app,
            Method::POST,
            "/api/v1/staff/users/district.admin/password",
            &json!({ "password": NEW_PASSWORD }),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me(&app, &admin).await, StatusCode::OK);
    assert_eq!(me(&app, &other_tab).await, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn taken_names_and_bad_forms_are_refused_at_their_field() {
    let app = TestApp::spawn().await;
    let admin = sign_in(&app, "district.admin", Role::Admin, None).await;
    let (_, _, before) = admin.get(&app, "/api/v1/staff/users").await;

    assert_error(
        admin
            .json(
                &app,
                Method::POST,
                "/api/v1/staff/users",
                &new_publisher("District.Admin"),
            )
            .await,
        StatusCode::CONFLICT,
        "conflict",
        None,
        "the user name is taken (whatever the case)",
    );

    let with = |key: &str, value: Value| {
        let mut form = new_publisher("new.user");
        form[key] = value;
        form
    };
    for (form, field, why) in [
        (with("username", json!("ab")), "username", "too short"),
        (
            with("username", json!("1abc")),
            "username",
            "starts with a digit",
        ),
        (with("username", json!("王力abc")), "username", "not ASCII"),
        (with("display_name", json!("  ")), "display_name", "blank"),
        (
            with("display_name", json!("名".repeat(41))),
            "display_name",
            "41 characters",
        ),
        (with("password", json!("short")), "password", "too short"),
        (
            with("password", json!("x".repeat(20))),
            "password",
            "one character repeated",
        ),
        (
            with("authority", Value::Null),
            "authority",
            "a publisher without an authority",
        ),
        (
            with("role", json!("supervisor")),
            "authority",
            "a supervisor with an authority",
        ),
        (
            with("authority", json!("cn-cgzf")),
            "authority",
            "another district's authority",
        ),
        (
            with("authority", json!("xc-nowhere")),
            "authority",
            "no such authority",
        ),
    ] {
        assert_error(
            admin
                .json(&app, Method::POST, "/api/v1/staff/users", &form)
                .await,
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            Some(field),
            why,
        );
    }
    for (form, why) in [
        (with("role", json!("superuser")), "no such role"),
        (with("authority", json!("Not An Id")), "not an identifier"),
        (with("extra", json!(1)), "an unknown field"),
        (json!({ "username": "new.user" }), "fields missing"),
    ] {
        assert_error(
            admin
                .json(&app, Method::POST, "/api/v1/staff/users", &form)
                .await,
            StatusCode::BAD_REQUEST,
            "invalid_body",
            None,
            why,
        );
    }
    let (_, _, after) = admin.get(&app, "/api/v1/staff/users").await;
    assert_eq!(usernames(&after), usernames(&before), "nothing was added");
}

#[tokio::test]
async fn only_the_districts_own_admins_see_and_change_its_accounts() {
    let app = TestApp::spawn().await;
    sign_in(&app, "district.admin", Role::Admin, None).await;
    let publisher = sign_in(&app, "nankeng.pub", Role::Publisher, Some("xc-nankeng")).await;
    let handler = sign_in(&app, "nankeng.handler", Role::Handler, Some("xc-nankeng")).await;
    let supervisor = sign_in(&app, "district.supervisor", Role::Supervisor, None).await;
    let elsewhere = sign_in_at(&app, "changning.admin", Role::Admin, "310105", None).await;

    // Another district's admin sees only their own district, and 芗城区's accounts do not exist
    // for them.
    let (status, _, page) = elsewhere.get(&app, "/api/v1/staff/users").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert_eq!(usernames(&page), ["changning.admin"]);
    for (path, body) in [
        (
            "/api/v1/staff/users/nankeng.pub/status",
            json!({ "disabled": true }),
        ),
        (
            "/api/v1/staff/users/nankeng.pub/password",
            json!({ "password": NEW_PASSWORD }),
        ),
        (
            "/api/v1/staff/users/nobody.here/status",
            json!({ "disabled": true }),
        ),
        (
            "/api/v1/staff/users/NOT%20A%20NAME/status",
            json!({ "disabled": true }),
        ),
    ] {
        assert_error(
            elsewhere.json(&app, Method::POST, path, &body).await,
            StatusCode::NOT_FOUND,
            "not_found",
            None,
            path,
        );
    }
    assert_eq!(
        me(&app, &publisher).await,
        StatusCode::OK,
        "still signed in"
    );

    // Every other role: 403, reading included.
    for (s, who) in [
        (&publisher, "a publisher"),
        (&handler, "a handler"),
        (&supervisor, "a supervisor"),
    ] {
        assert_error(
            s.get(&app, "/api/v1/staff/users").await,
            StatusCode::FORBIDDEN,
            "forbidden",
            None,
            who,
        );
        assert_error(
            s.json(
                &app,
                Method::POST,
                "/api/v1/staff/users",
                &new_publisher("new.user"),
            )
            .await,
            StatusCode::FORBIDDEN,
            "forbidden",
            None,
            who,
        );
    }
    assert_error(
        app.get("/api/v1/staff/users").await,
        StatusCode::UNAUTHORIZED,
        "unauthorized",
        None,
        "nobody signed in",
    );
}
