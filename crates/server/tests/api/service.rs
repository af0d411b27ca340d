//! What every route shares: health, the JSON answers for unknown paths and wrong methods,
//! conditional GETs with ETags, compression, the OpenAPI document covering every route, and one
//! request over a real TCP socket.

use crate::helpers::{TestApp, assert_error, header_str, json};
use axum::http::{Method, StatusCode, header};
use std::collections::BTreeSet;
use std::io::{Read, Write};
use std::time::Duration;

#[tokio::test]
async fn health_is_ok_once_the_database_answers() {
    let app = TestApp::spawn().await;
    let (status, headers, body) = app.get("/api/v1/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    assert!(body["version"].as_str().is_some_and(|v| !v.is_empty()));
    assert_eq!(
        header_str(&headers, header::X_CONTENT_TYPE_OPTIONS),
        "nosniff"
    );
    insta::assert_json_snapshot!("health", body, { ".version" => "[version]" });
}

#[tokio::test]
async fn health_does_not_need_data() {
    let app = TestApp::empty(None).await;
    let (status, _, body) = app.get("/api/v1/health").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn readiness_turns_503_when_the_instance_drains_and_liveness_stays_200() {
    let app = TestApp::empty(None).await;
    let draining = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let router = gongshi_server::app(
        gongshi_server::AppState {
            draining: draining.clone(),
            ..gongshi_server::AppState::new(app.store.clone())
        },
        None,
    );
    let get = |path: &'static str| {
        let router = router.clone();
        async move {
            let req = axum::http::Request::get(path)
                .body(axum::body::Body::empty())
                .expect("a request");
            let Ok(res) = tower::ServiceExt::oneshot(router, req).await;
            res.status()
        }
    };
    assert_eq!(get("/api/v1/health/ready").await, StatusCode::OK);
    assert_eq!(get("/api/v1/health/live").await, StatusCode::OK);
    draining.store(true, std::sync::atomic::Ordering::Relaxed);
    assert_eq!(
        get("/api/v1/health/ready").await,
        StatusCode::SERVICE_UNAVAILABLE,
        "a draining instance is not ready"
    );
    assert_eq!(get("/api/v1/health/live").await, StatusCode::OK);
    assert_eq!(
        get("/api/v1/health").await,
        StatusCode::OK,
        "the database still answers"
    );
}

#[tokio::test]
async fn unknown_api_paths_are_a_json_404() {
    let app = TestApp::spawn().await;
    let cases = [
        ("/api/v1/xyz", "no such resource"),
        ("/api/v1", "the prefix alone"),
        (
            "/api/v1/zones",
            "zones are listed on their district, not here",
        ),
        ("/api/v1/districts/", "an empty code"),
        ("/api/v1/districts/350602/zones", "no nested resources"),
        ("/api/v1/localities/xc-nankeng/", "a trailing slash"),
    ];
    for (path, why) in cases {
        let res = app.get(path).await;
        assert_error(res, StatusCode::NOT_FOUND, "no_such_route", None, why);
    }
    let res = app.request(Method::POST, "/api/v1/xyz", &[]).await;
    assert_error(
        res,
        StatusCode::NOT_FOUND,
        "no_such_route",
        None,
        "an unknown path is 404 whatever the method",
    );
}

#[tokio::test]
async fn other_methods_on_api_routes_are_a_json_405() {
    let app = TestApp::spawn().await;
    let cases = [
        (Method::POST, "/api/v1/health", "the API is read-only"),
        (Method::PUT, "/api/v1/districts", "no replacing the list"),
        (
            Method::DELETE,
            "/api/v1/districts/350602",
            "no deleting a district",
        ),
        (Method::PATCH, "/api/v1/zones/xc-east", "no editing a zone"),
        (Method::POST, "/api/v1/localities", "no creating a locality"),
        (
            Method::POST,
            "/api/v1/openapi.json",
            "the document is read-only",
        ),
    ];
    for (method, path, why) in cases {
        let res = app.request(method, path, &[]).await;
        assert_eq!(
            header_str(&res.1, header::ALLOW),
            "GET,HEAD",
            "{why}: says what is allowed"
        );
        assert_error(
            res,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            None,
            why,
        );
    }
}

#[tokio::test]
async fn head_answers_like_get_without_a_body() {
    let app = TestApp::spawn().await;
    let (_, get_headers, _) = app.get("/api/v1/districts/350602").await;
    let (status, headers, body) = app.raw(Method::HEAD, "/api/v1/districts/350602", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.is_empty());
    assert_eq!(headers.get(header::ETAG), get_headers.get(header::ETAG));
}

#[tokio::test]
async fn gets_carry_a_weak_etag_and_honour_if_none_match() {
    let app = TestApp::spawn().await;
    let path = "/api/v1/districts/350602";
    let (status, headers, body) = app.get(path).await;
    assert_eq!(status, StatusCode::OK);
    let tag = header_str(&headers, header::ETAG).to_owned();
    assert!(
        tag.starts_with("W/\"") && tag.ends_with('"') && tag.len() > 5,
        "a weak tag: {tag:?}"
    );
    assert_eq!(header_str(&headers, header::CACHE_CONTROL), "no-cache");

    let strong = tag.trim_start_matches("W/").to_owned();
    let listed = format!("\"other\", {tag}");
    let revalidations = [
        (tag.as_str(), StatusCode::NOT_MODIFIED, "the same tag"),
        (
            strong.as_str(),
            StatusCode::NOT_MODIFIED,
            "weak comparison ignores W/",
        ),
        (listed.as_str(), StatusCode::NOT_MODIFIED, "one of a list"),
        ("*", StatusCode::NOT_MODIFIED, "any representation"),
        (
            "W/\"0123456789abcdef01234567\"",
            StatusCode::OK,
            "a different tag",
        ),
        ("not a tag", StatusCode::OK, "garbage"),
    ];
    for (if_none_match, expected, why) in revalidations {
        let (status, headers, again) = app
            .get_with(path, &[("if-none-match", if_none_match)])
            .await;
        assert_eq!(status, expected, "{why}");
        assert_eq!(
            header_str(&headers, header::ETAG),
            tag,
            "{why}: the tag is repeated"
        );
        if expected == StatusCode::NOT_MODIFIED {
            assert!(again.is_null(), "{why}: a 304 has no body");
        } else {
            assert_eq!(again, body, "{why}: the full body again");
        }
    }
}

#[tokio::test]
async fn the_etag_depends_on_the_content_only() {
    let one = TestApp::spawn().await;
    let two = TestApp::spawn().await;
    let tag = |h: &axum::http::HeaderMap| header_str(h, header::ETAG).to_owned();
    let (_, a, _) = one.get("/api/v1/districts").await;
    let (_, b, _) = two.get("/api/v1/districts").await;
    assert_eq!(tag(&a), tag(&b), "two instances with the same data agree");
    let (_, c, _) = one.get("/api/v1/districts?limit=1").await;
    assert_ne!(tag(&a), tag(&c), "a different body, a different tag");

    let mut only_xiangcheng = gongshi_server::demo::demo().expect("the demo dataset loads");
    only_xiangcheng.retain(|org| org.district.code.as_str() == "350602");
    one.store
        .replace_organisation(&only_xiangcheng)
        .await
        .expect("one district stores");
    let (status, d, _) = one
        .get_with("/api/v1/districts", &[("if-none-match", &tag(&a))])
        .await;
    assert_eq!(status, StatusCode::OK, "the old tag no longer matches");
    assert_ne!(tag(&d), tag(&a));
}

#[tokio::test]
async fn errors_are_not_tagged() {
    let app = TestApp::spawn().await;
    for path in [
        "/api/v1/districts/110101",
        "/api/v1/districts/abc",
        "/api/v1/xyz",
    ] {
        let (status, headers, _) = app.get(path).await;
        assert!(status.is_client_error(), "{path}");
        assert!(
            headers.get(header::ETAG).is_none(),
            "{path}: nothing to revalidate"
        );
    }
}

#[tokio::test]
async fn large_json_is_compressed_when_the_client_accepts_it() {
    let app = TestApp::spawn().await;
    let path = "/api/v1/openapi.json";
    let (_, plain_headers, plain) = app.raw(Method::GET, path, &[]).await;
    assert!(plain_headers.get(header::CONTENT_ENCODING).is_none());
    for encoding in ["br", "gzip"] {
        let (status, headers, body) = app
            .raw(Method::GET, path, &[("accept-encoding", encoding)])
            .await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(header_str(&headers, header::CONTENT_ENCODING), encoding);
        assert!(
            header_str(&headers, header::VARY).contains("accept-encoding"),
            "caches must key on the encoding"
        );
        assert!(body.len() < plain.len(), "{encoding} is smaller");
        assert_eq!(
            headers.get(header::ETAG),
            plain_headers.get(header::ETAG),
            "the tag is of the content, not of its encoding"
        );
    }
}

/// Every API path with a URL that exercises it. A route added without an entry here (or an entry
/// without a route) fails `the_openapi_document_lists_exactly_the_routes`.
/// Routes that write, or that need data a test creates first: the complaint tests exercise them.
const OTHER_ROUTES: [(&str, &str); 30] = [
    ("/api/v1/complaints", "post"),
    ("/api/v1/complaints/{code}", "get"),
    ("/api/v1/staff/login", "post"),
    ("/api/v1/staff/logout", "post"),
    ("/api/v1/staff/me", "get"),
    ("/api/v1/staff/dashboard", "get"),
    ("/api/v1/staff/penalties", "post"),
    ("/api/v1/staff/penalties/{id}", "put"),
    ("/api/v1/staff/penalties/{id}/withdraw", "post"),
    ("/api/v1/staff/penalties/import", "post"),
    ("/api/v1/staff/penalties/template", "get"),
    ("/api/v1/staff/complaints", "get"),
    ("/api/v1/staff/complaints/{code}", "get"),
    ("/api/v1/staff/complaints/{code}/photos/{n}", "get"),
    ("/api/v1/staff/complaints/{code}/status", "post"),
    ("/api/v1/staff/complaints/{code}/reply", "post"),
    ("/api/v1/staff/complaints/{code}/notes", "post"),
    ("/api/v1/staff/complaints/{code}/transfer", "post"),
    ("/api/v1/staff/officers", "post"),
    ("/api/v1/staff/officers/{certificate}", "get"),
    ("/api/v1/staff/officers/{certificate}/status", "post"),
    ("/api/v1/staff/officers/{certificate}/secondments", "post"),
    (
        "/api/v1/staff/officers/{certificate}/secondments/{n}/end",
        "post",
    ),
    ("/api/v1/staff/officers/import", "post"),
    ("/api/v1/staff/officers/template", "get"),
    ("/api/v1/staff/catalog/rounds", "post"),
    ("/api/v1/staff/users", "get"),
    ("/api/v1/staff/users", "post"),
    ("/api/v1/staff/users/{username}/status", "post"),
    ("/api/v1/staff/users/{username}/password", "post"),
];

const ROUTES: [(&str, &str); 28] = [
    ("/api/v1/health", "/api/v1/health"),
    ("/api/v1/health/live", "/api/v1/health/live"),
    ("/api/v1/health/ready", "/api/v1/health/ready"),
    ("/api/v1/log", "/api/v1/log"),
    ("/api/v1/log/verify", "/api/v1/log/verify"),
    ("/api/v1/openapi.json", "/api/v1/openapi.json"),
    ("/api/v1/districts", "/api/v1/districts"),
    ("/api/v1/districts/{code}", "/api/v1/districts/350602"),
    ("/api/v1/zones/{id}", "/api/v1/zones/xc-east"),
    ("/api/v1/localities", "/api/v1/localities"),
    ("/api/v1/localities/{id}", "/api/v1/localities/xc-nankeng"),
    (
        "/api/v1/localities/{id}/catalog/changes",
        "/api/v1/localities/xc-nankeng/catalog/changes?from=2022-01-01",
    ),
    ("/api/v1/matters", "/api/v1/matters?q=%E5%8D%A0%E9%81%93"),
    ("/api/v1/matters/{code}", "/api/v1/matters/350602001F004200"),
    (
        "/api/v1/jurisdiction",
        "/api/v1/jurisdiction?matter=350602001F004200&locality=xc-nankeng",
    ),
    ("/api/v1/officers", "/api/v1/officers?district=350602"),
    (
        "/api/v1/officers/{certificate}",
        "/api/v1/officers/%E9%97%BD35060200001",
    ),
    (
        "/api/v1/certificates/{number}",
        "/api/v1/certificates/%E9%97%BD35060200001",
    ),
    ("/api/v1/zones/{id}/roster", "/api/v1/zones/xc-east/roster"),
    (
        "/api/v1/authorization",
        "/api/v1/authorization?officer=%E9%97%BD35060200001&matter=350602001F004200&locality=xc-nankeng",
    ),
    ("/api/v1/penalties", "/api/v1/penalties?district=350602"),
    ("/api/v1/penalties/{id}", "/api/v1/penalties/1"),
    (
        "/api/v1/penalties/export",
        "/api/v1/penalties/export?procedure=ordinary",
    ),
    ("/api/v1/penalties/feed.atom", "/api/v1/penalties/feed.atom"),
    (
        "/api/v1/complaints/challenge",
        "/api/v1/complaints/challenge",
    ),
    (
        "/api/v1/complaints/stats",
        "/api/v1/complaints/stats?district=350602",
    ),
    (
        "/api/v1/complaints/route",
        "/api/v1/complaints/route?kind=tip&district=350602&locality=xc-tongbei&matter=350602001F004200",
    ),
    (
        "/api/v1/penalties/stats",
        "/api/v1/penalties/stats?district=350602&year=2025",
    ),
];

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_routes() {
    let app = TestApp::spawn().await;
    let (status, _, doc) = app.get("/api/v1/openapi.json").await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "OpenAPI 3: {}",
        doc["openapi"]
    );
    assert_eq!(doc["info"]["title"], "gongshi");

    let served = serde_json::to_value(gongshi_server::openapi()).expect("the document serialises");
    assert_eq!(doc, served, "the served document is `openapi()`");

    let documented: BTreeSet<&str> = doc["paths"]
        .as_object()
        .expect("paths is an object")
        .keys()
        .map(String::as_str)
        .collect();
    let listed: BTreeSet<&str> = ROUTES
        .iter()
        .chain(OTHER_ROUTES.iter())
        .map(|(path, _)| *path)
        .collect();
    for (path, method) in OTHER_ROUTES {
        assert!(
            doc["paths"][path][method].is_object(),
            "{path}: documents {method}"
        );
    }
    assert_eq!(
        documented, listed,
        "the document and ROUTES name the same paths"
    );

    for (path, sample) in ROUTES {
        let item = &doc["paths"][path];
        let methods: Vec<_> = item
            .as_object()
            .expect("a path item")
            .keys()
            .filter(|k| k.as_str() != "parameters")
            .collect();
        assert_eq!(methods, ["get"], "{path}: the API only reads");
        let operation = &item["get"];
        assert!(
            operation["responses"]["200"].is_object(),
            "{path}: documents its 200"
        );
        let segments = |p: &str| p.split('/').count();
        assert_eq!(
            segments(path),
            segments(sample),
            "{sample} instantiates {path}"
        );

        // Exports and feeds are not JSON: only an error would be.
        let (status, _, body) = app.raw(axum::http::Method::GET, sample, &[]).await;
        let body = String::from_utf8_lossy(&body);
        assert!(
            status != StatusCode::NOT_FOUND || !body.contains("no_such_route"),
            "{sample} is routed"
        );
        // Record 1 of the demo is years old: its address answers "removed", still a 200.
        assert_eq!(status, StatusCode::OK, "{sample}: {body}");
    }
}

#[tokio::test]
async fn a_real_client_over_tcp_gets_health() {
    let app = TestApp::spawn().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("a free port on loopback");
    let addr = listener.local_addr().expect("the bound address");
    let server = tokio::spawn(axum::serve(listener, app.router.clone()).into_future());

    // A plain blocking socket on another thread: nothing of the service's own stack on this side.
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(addr).expect("connects to the server");
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .expect("a read timeout");
        let request =
            format!("GET /api/v1/health HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
        stream
            .write_all(request.as_bytes())
            .expect("the request is sent");
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .expect("the server answers and closes");
        response
    })
    .await
    .expect("the client thread finishes");
    server.abort();

    let text = String::from_utf8(response).expect("an HTTP/1.1 response is text here");
    let (head, body) = text
        .split_once("\r\n\r\n")
        .expect("headers end with an empty line");
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{head}");
    let head = head.to_ascii_lowercase();
    assert!(
        head.contains("\r\ncontent-type: application/json"),
        "{head}"
    );
    assert!(head.contains("\r\netag: w/\""), "{head}");
    let body = json(body.as_bytes(), "health over TCP");
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn every_path_under_api_is_answered_by_the_api() {
    let app = TestApp::spawn().await;
    for path in ["/api/v1/", "/api", "/api/v2/districts"] {
        let res = app.get(path).await;
        assert_error(res, StatusCode::NOT_FOUND, "no_such_route", None, path);
    }
}

#[tokio::test]
async fn an_oversized_body_is_refused_in_the_envelope() {
    let app = TestApp::spawn().await;
    let body = vec![b'x'; gongshi_server::BODY_LIMIT + 1];
    let req = axum::http::Request::builder()
        .method(Method::POST)
        .uri("/api/v1/health")
        .header(header::CONTENT_LENGTH, body.len())
        .body(axum::body::Body::from(body))
        .expect("the test builds a valid request");
    let (status, headers, bytes) = app.send(req).await;
    let body = json(&bytes, "an oversized request");
    assert_error(
        (status, headers, body),
        StatusCode::PAYLOAD_TOO_LARGE,
        "payload_too_large",
        None,
        "more than BODY_LIMIT bytes",
    );
}
