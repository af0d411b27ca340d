//! `POST /api/v1/complaints`, `GET /api/v1/complaints/challenge` and `GET /api/v1/complaints/{code}`:
//! a submission routed and tracked, and every way one is refused.

use crate::helpers::{TestApp, assert_error};
use axum::http::{Method, StatusCode, header};
use base64::Engine;
use gongshi_server::ComplaintSettings;
use gongshi_server::store::RateLimits;
use serde_json::{Value, json};

/// Small puzzles (so a debug build solves them at once) and the default limits.
pub(crate) fn settings() -> ComplaintSettings {
    ComplaintSettings {
        pow_max_number: 2_000,
        ..ComplaintSettings::default()
    }
}

pub(crate) fn form() -> Value {
    json!({
        "kind": "tip",
        "district": "350602",
        "locality": "xc-tongbei",
        "address": "北环城路 12 号门前",
        "happened_on": (gongshi_server::today() - time::Duration::days(2)).to_string(),
        "matter": "350602001F004200",
        "description": "每天晚上十点后在人行道上摆摊经营，占用盲道，行人只能走机动车道。",
        "name": "王小明",
        "phone": "13812345678",
        "privacy": "name_withheld",
        "consent": true
    })
}

/// Fetches a challenge and solves it as the browser would; the base64 payload to send.
async fn solve(app: &TestApp) -> String {
    let (status, _, c) = app.get("/api/v1/complaints/challenge").await;
    assert_eq!(status, StatusCode::OK, "{c}");
    assert_eq!(c["algorithm"], "SHA-256");
    let number = altcha_lib_rs::solve_challenge(
        c["challenge"].as_str().expect("a challenge"),
        c["salt"].as_str().expect("a salt"),
        None,
        c["maxnumber"].as_u64(),
        0,
    )
    .expect("solvable within maxnumber");
    let payload = json!({
        "algorithm": "SHA-256",
        "challenge": c["challenge"],
        "number": number,
        "salt": c["salt"],
        "signature": c["signature"],
    });
    base64::engine::general_purpose::STANDARD.encode(payload.to_string())
}

pub(crate) async fn submit(
    app: &TestApp,
    body: &Value,
    key: Option<&str>,
) -> (StatusCode, axum::http::HeaderMap, Value) {
    let mut headers = vec![("content-type", "application/json")];
    if let Some(k) = key {
        headers.push(("idempotency-key", k));
    }
    app.with_body(
        Method::POST,
        "/api/v1/complaints",
        &headers,
        body.to_string().into_bytes(),
    )
    .await
}

pub(crate) async fn with_solution(app: &TestApp, form: Value) -> Value {
    json!({ "form": form, "altcha": solve(app).await })
}

#[tokio::test]
async fn a_tip_is_routed_to_the_locality_and_tracked_with_its_code_and_secret() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let body = with_solution(&app, form()).await;
    let (status, headers, answer) = submit(&app, &body, Some("first-try-0001")).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let code = answer["code"].as_str().expect("a code").to_owned();
    assert_eq!(code.len(), 11, "XXX-XXX-XXX: {code}");
    let secret = answer["secret"].as_str().expect("a secret").to_owned();
    assert_eq!(secret.len(), 32);
    assert_eq!(
        headers[header::LOCATION],
        format!("/api/v1/complaints/{}", code.replace('-', ""))
    );
    assert_eq!(
        answer["authority"]["id"], "xc-tongbei",
        "delegated there: the locality office"
    );
    assert_eq!(answer["route"]["rule"], "jurisdiction");
    assert_eq!(answer["supervised"], false);
    assert!(answer["reply_due"].as_str().is_some(), "{answer}");
    let text = answer.to_string();
    assert!(
        !text.contains("13812345678") && !text.contains("王小明"),
        "no contact in the answer"
    );

    // Anyone with the code sees the status; the secret opens the rest.
    let (status, _, open) = app.get(&format!("/api/v1/complaints/{code}")).await;
    assert_eq!(status, StatusCode::OK, "{open}");
    assert_eq!(open["status"], "received");
    assert!(
        open.get("timeline").is_none() && open.get("authority").is_none(),
        "{open}"
    );
    let (status, _, full) = app
        .get_with(
            &format!("/api/v1/complaints/{}", code.to_lowercase()),
            &[("x-tracking-secret", &secret)],
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{full}");
    assert_eq!(full["authority"]["id"], "xc-tongbei");
    assert_eq!(full["timeline"][0]["status"], "received");
    let text = full.to_string();
    assert!(
        !text.contains("13812345678") && !text.contains("王小明"),
        "no contact in tracking"
    );

    assert_error(
        app.get_with(
            &format!("/api/v1/complaints/{code}"),
            &[("x-tracking-secret", "0123456789abcdef0123456789abcdef")],
        )
        .await,
        StatusCode::FORBIDDEN,
        "forbidden",
        None,
        "a wrong secret",
    );
    let mut typo = code.clone().into_bytes();
    typo[0] = if typo[0] == b'2' { b'3' } else { b'2' };
    assert_error(
        app.get(&format!(
            "/api/v1/complaints/{}",
            String::from_utf8(typo).expect("ascii")
        ))
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("code"),
        "a mistyped code is caught by its check character",
    );
}

#[tokio::test]
async fn a_retry_with_the_same_key_gets_the_first_answer_and_stores_nothing_new() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let body = with_solution(&app, form()).await;
    let (first_status, _, first) = submit(&app, &body, Some("retry-key-000001")).await;
    assert_eq!(first_status, StatusCode::CREATED, "{first}");
    let (again_status, _, again) = submit(&app, &body, Some("retry-key-000001")).await;
    assert_eq!(again_status, StatusCode::CREATED, "{again}");
    assert_eq!(again, first, "the same answer, secret included");
    // The database holds neither the key nor a usable secret.
    let secret = first["secret"].as_str().expect("a secret");
    let pool = app.raw_db().await;
    let (key, stored): (String, String) =
        sqlx::query_as("SELECT key, answer FROM complaint_idempotency")
            .fetch_one(&pool)
            .await
            .expect("one idempotency row");
    assert_ne!(key, "retry-key-000001");
    assert!(!stored.contains(secret), "{stored}");
    let (hashed,): (String,) = sqlx::query_as("SELECT secret_sha256 FROM complaints")
        .fetch_one(&pool)
        .await
        .expect("one complaint");
    assert_ne!(hashed, secret);

    let other = with_solution(&app, json!({"description": "另一件事情，另一段描述文字。"})).await;
    assert_error(
        submit(&app, &other, Some("retry-key-000001")).await,
        StatusCode::CONFLICT,
        "idempotency_key_reused",
        Some("Idempotency-Key"),
        "the same key with another body",
    );
    assert_error(
        submit(&app, &body, Some("short")).await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("Idempotency-Key"),
        "a key too short to be unique",
    );
}

#[tokio::test]
async fn every_mistake_in_the_form_is_reported_by_field_and_nothing_is_stored() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let (status, _, body) = submit(
        &app,
        &json!({"form": {}, "altcha": solve(&app).await}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["code"], "invalid_form");
    let fields: Vec<&str> = body["error"]["problems"]
        .as_array()
        .expect("problems")
        .iter()
        .filter_map(|p| p["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        [
            "kind",
            "district",
            "locality",
            "address",
            "happened_on",
            "matter",
            "description",
            "privacy",
            "phone",
            "consent"
        ]
    );

    // Checks against the data: a locality of another district, a matter or officer that does not
    // exist, too many photos.
    let cases = [
        ("locality", json!("cn-hongqiao"), "invalid"),
        ("matter", json!("350602999F009900"), "invalid"),
    ];
    for (field, value, problem) in cases {
        let mut f = form();
        f[field] = value;
        let (status, _, body) =
            submit(&app, &json!({"form": f, "altcha": solve(&app).await}), None).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {body}");
        assert_eq!(
            body["error"]["problems"],
            json!([{"field": field, "problem": problem}]),
            "{field}"
        );
    }
    let mut conduct = form();
    conduct["kind"] = json!("conduct");
    conduct["officer"] = json!("闽35069999999");
    let (status, _, body) = submit(
        &app,
        &json!({"form": conduct, "altcha": solve(&app).await}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["problems"],
        json!([{"field": "officer", "problem": "invalid"}])
    );
    let photo =
        json!({"data": base64::engine::general_purpose::STANDARD.encode([0xFF, 0xD8, 0xFF, 0xD9])});
    let (status, _, body) = submit(
        &app,
        &json!({"form": form(), "photos": [photo, photo, photo, photo], "altcha": solve(&app).await}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["error"]["problems"],
        json!([{"field": "photos", "problem": "too_many", "max": 3}])
    );

    // A body that is not JSON, and a photo that is not a picture.
    assert_error(
        app.with_body(
            Method::POST,
            "/api/v1/complaints",
            &[("content-type", "application/json")],
            b"{not json".to_vec(),
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_body",
        None,
        "not JSON",
    );
    let pdf = json!({"data": base64::engine::general_purpose::STANDARD.encode(b"%PDF-1.7 ...")});
    assert_error(
        submit(
            &app,
            &json!({"form": form(), "photos": [pdf], "altcha": solve(&app).await}),
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
        "invalid_body",
        None,
        "a PDF is not a photo",
    );
    let (_, _, open) = app.get("/api/v1/complaints/223456789").await;
    assert_eq!(open["error"]["code"], "invalid_parameter");
}

#[tokio::test]
async fn the_proof_of_work_is_required_checked_and_spent_once() {
    let app = TestApp::with_complaint_settings(settings()).await;
    assert_error(
        submit(&app, &json!({"form": form()}), None).await,
        StatusCode::BAD_REQUEST,
        "challenge_failed",
        Some("altcha"),
        "no solution",
    );
    let good = solve(&app).await;
    let mut payload: Value = serde_json::from_slice(
        &base64::engine::general_purpose::STANDARD
            .decode(&good)
            .expect("base64"),
    )
    .expect("JSON");
    payload["number"] = json!(payload["number"].as_u64().unwrap_or(0) + 1);
    assert_error(
        submit(&app, &json!({"form": form(), "altcha": payload}), None).await,
        StatusCode::BAD_REQUEST,
        "challenge_failed",
        Some("altcha"),
        "a wrong number",
    );
    let (status, _, first) = submit(&app, &json!({"form": form(), "altcha": good}), None).await;
    assert_eq!(status, StatusCode::CREATED, "{first}");
    assert_error(
        submit(&app, &json!({"form": form(), "altcha": good}), None).await,
        StatusCode::BAD_REQUEST,
        "challenge_failed",
        Some("altcha"),
        "the same solution again, without the first's idempotency key",
    );
}

#[tokio::test]
async fn an_address_over_its_hourly_limit_is_told_when_to_come_back() {
    let app = TestApp::with_complaint_settings(ComplaintSettings {
        limits: RateLimits {
            per_hour: 2,
            per_day: 20,
        },
        ..settings()
    })
    .await;
    let first = with_solution(&app, form()).await;
    let (status, _, first_answer) = submit(&app, &first, Some("limit-first-0001")).await;
    assert_eq!(status, StatusCode::CREATED, "{first_answer}");
    let body = with_solution(&app, form()).await;
    let (status, _, answer) = submit(&app, &body, None).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    let body = with_solution(&app, form()).await;
    let response = submit(&app, &body, None).await;
    let retry_after: u64 = response
        .1
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After in seconds");
    assert!((1..=3600).contains(&retry_after), "{retry_after}");
    assert_error(
        response,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        None,
        "the third in an hour",
    );

    // Until then the address is refused at once, before its body is even parsed (a flood from
    // one address costs next to nothing); a retry of an accepted submission is still answered
    // as the first time.
    assert_error(
        app.with_body(
            Method::POST,
            "/api/v1/complaints",
            &[("content-type", "application/json")],
            b"{not json".to_vec(),
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        None,
        "a refused address, whatever it sends",
    );
    let (status, _, again) = submit(&app, &first, Some("limit-first-0001")).await;
    assert_eq!(status, StatusCode::CREATED, "{again}");
    assert_eq!(again["code"], first_answer["code"]);
}

#[tokio::test]
async fn the_third_tip_about_the_same_matter_and_place_is_supervised_by_the_bureau() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let mut answers = Vec::new();
    for _ in 0..3 {
        let body = with_solution(&app, form()).await;
        let (status, _, answer) = submit(&app, &body, None).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
        answers.push(answer);
    }
    assert_eq!(answers[1]["supervised"], false);
    assert_eq!(answers[2]["supervised"], true);
    assert_eq!(answers[2]["route"]["rule"], "supervised");
    assert_eq!(
        answers[2]["authority"]["id"], "xc-cgzf",
        "the district bureau"
    );
    let (_, _, tracked) = app
        .get(&format!(
            "/api/v1/complaints/{}",
            answers[2]["code"].as_str().unwrap_or_default()
        ))
        .await;
    assert_eq!(tracked["supervised"], true);

    // The statistics count them and say nothing anyone wrote.
    let year = gongshi_server::today().year();
    let (status, _, stats) = app
        .get(&format!(
            "/api/v1/complaints/stats?district=350602&year={year}"
        ))
        .await;
    assert_eq!(status, StatusCode::OK, "{stats}");
    assert_eq!(stats["submissions"], 3);
    assert_eq!(stats["supervised"], 1);
    assert_eq!(stats["by_locality"][0]["locality"]["id"], "xc-tongbei");
    assert_eq!(stats["by_locality"][0]["submissions"], 3);
    assert_eq!(stats["by_kind"], json!([{"kind": "tip", "submissions": 3}]));
    assert_eq!(
        stats["by_status"],
        json!([{"status": "received", "submissions": 3}])
    );
    assert_eq!(stats["replied"], 0);
    assert_eq!(stats["median_reply_working_days"], Value::Null);
    let text = stats.to_string();
    assert!(
        !text.contains("摆摊") && !text.contains("13812345678"),
        "{text}"
    );
    let (_, _, other_year) = app
        .get(&format!(
            "/api/v1/complaints/stats?district=350602&year={}",
            year - 1
        ))
        .await;
    assert_eq!(other_year["submissions"], 0);
}

#[tokio::test]
async fn a_body_over_the_limit_is_refused_before_it_is_read() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let (status, _, body) = app
        .with_body(
            Method::POST,
            "/api/v1/complaints",
            &[("content-type", "application/json")],
            vec![b' '; gongshi_server::COMPLAINT_BODY_LIMIT + 1],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(body["error"]["code"], "payload_too_large");
    // Declared up front, as browsers do: refused before the body is read.
    let declared = (gongshi_server::COMPLAINT_BODY_LIMIT + 1).to_string();
    let (status, _, body) = app
        .with_body(
            Method::POST,
            "/api/v1/complaints",
            &[
                ("content-type", "application/json"),
                ("content-length", &declared),
            ],
            vec![b' '; gongshi_server::COMPLAINT_BODY_LIMIT + 1],
        )
        .await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
}

#[tokio::test]
async fn the_route_is_previewed_before_sending_including_when_it_would_be_supervised() {
    let app = TestApp::with_complaint_settings(settings()).await;
    let path = "/api/v1/complaints/route?kind=tip&district=350602&locality=xc-tongbei&matter=350602001F004200";
    let (status, _, preview) = app.get(path).await;
    assert_eq!(status, StatusCode::OK, "{preview}");
    assert_eq!(preview["authority"]["id"], "xc-tongbei");
    assert_eq!(preview["route"]["rule"], "jurisdiction");
    assert_eq!(preview["earlier"], 0);
    assert_eq!(preview["would_be_supervised"], false);

    // Conduct: the named officer's body; without a matter or officer, the place's authority.
    let (_, _, officer) = app
        .get("/api/v1/complaints/route?kind=conduct&district=350602&locality=xc-tongbei&officer=%E9%97%BD35060200001")
        .await;
    assert_eq!(officer["route"]["rule"], "officer_authority", "{officer}");
    let (_, _, place) = app
        .get("/api/v1/complaints/route?kind=conduct&district=350602&locality=xc-tongbei&domain=urban_management")
        .await;
    assert_eq!(place["route"]["rule"], "place_authority", "{place}");
    let (_, _, unclear) = app
        .get("/api/v1/complaints/route?kind=tip&district=350602&locality=xc-tongbei&domain=urban_management")
        .await;
    assert_eq!(unclear["route"]["rule"], "unclear");
    assert_eq!(unclear["authority"]["id"], "xc-cgzf");

    for _ in 0..2 {
        let body = with_solution(&app, form()).await;
        let (status, _, answer) = submit(&app, &body, None).await;
        assert_eq!(status, StatusCode::CREATED, "{answer}");
    }
    let (_, _, preview) = app.get(path).await;
    assert_eq!(preview["earlier"], 2);
    assert_eq!(preview["would_be_supervised"], true);
    assert_eq!(preview["route"]["rule"], "supervised");

    assert_error(
        app.get("/api/v1/complaints/route?kind=gossip&district=350602&locality=xc-tongbei")
            .await,
        StatusCode::BAD_REQUEST,
        "invalid_parameter",
        Some("kind"),
        "an unknown kind",
    );
    assert_error(
        app.get("/api/v1/complaints/route?kind=tip&district=350602&locality=cn-hongqiao")
            .await,
        StatusCode::NOT_FOUND,
        "not_found",
        None,
        "a locality of another district",
    );
}

#[tokio::test]
async fn submissions_that_wait_too_long_for_the_writer_are_answered_503_and_their_retries_succeed()
{
    let app = TestApp::with_complaint_settings(settings()).await;
    let first = with_solution(&app, form()).await.to_string();
    let second = with_solution(&app, form()).await.to_string();
    let post = |body: &str, key: &str| {
        axum::http::Request::builder()
            .method(Method::POST)
            .uri("/api/v1/complaints")
            .header("content-type", "application/json")
            .header("idempotency-key", key)
            .body(axum::body::Body::from(body.to_owned()))
            .expect("a request")
    };

    // Another writer holds the database past the wait: SQLite's write lock, or PostgreSQL's
    // writer lock (the advisory lock every writing transaction takes first).
    let pool = app.raw_db().await;
    let mut holder = pool.acquire().await.expect("a connection");
    let (hold, release) = if crate::postgres::selected() {
        let lock = i64::from_be_bytes(*b"\0gongshi");
        (
            format!("SELECT pg_advisory_lock({lock})"),
            format!("SELECT pg_advisory_unlock({lock})"),
        )
    } else {
        ("BEGIN IMMEDIATE".to_owned(), "ROLLBACK".to_owned())
    };
    sqlx::query(&hold)
        .execute(&mut *holder)
        .await
        .expect("the writer is held");
    // Two at once: on SQLite the second queues behind the first for the server's one writing
    // connection, and is answered busy when that wait runs out, as the first is at the lock.
    let started = std::time::Instant::now();
    let answers = tokio::join!(
        app.send(post(&first, "held-writer-0001")),
        app.send(post(&second, "held-writer-0002")),
    );
    assert!(
        started.elapsed() >= gongshi_server::store::LOCK_WAIT,
        "answered after the wait"
    );
    for (status, headers, bytes) in [answers.0, answers.1] {
        assert_eq!(
            status,
            StatusCode::SERVICE_UNAVAILABLE,
            "{}",
            String::from_utf8_lossy(&bytes)
        );
        assert_eq!(headers[header::RETRY_AFTER], "2");
        let answer: Value = serde_json::from_slice(&bytes).expect("JSON");
        assert_eq!(answer["error"]["code"], "unavailable");
    }

    // Nothing was kept of the refused attempts: the same submissions go through once the writer
    // is free (their proofs of work were not spent, their idempotency keys not taken).
    sqlx::query(&release)
        .execute(&mut *holder)
        .await
        .expect("the writer is released");
    for (body, key) in [(&first, "held-writer-0001"), (&second, "held-writer-0002")] {
        let (status, _, bytes) = app.send(post(body, key)).await;
        assert_eq!(
            status,
            StatusCode::CREATED,
            "{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}
