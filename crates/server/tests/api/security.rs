//! The headers every response carries (a strict policy, no sniffing, no referrer, no framing, HSTS
//! over HTTPS), the web app page's policy naming its start-up script by hash, and CORS only for the
//! origins allowed.

use crate::helpers::TestApp;
use axum::http::{HeaderValue, Method, StatusCode};
use gongshi_server::AppState;
use gongshi_server::security::{API_CSP, app_csp};
use gongshi_server::spa::Assets;

fn text<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> &'a str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

const SCRIPT: &str = "import init from '/app-0123456789abcdef.js';\nawait init();";

fn page() -> String {
    format!(
        "<!doctype html><title>gongshi</title><script type=module>{SCRIPT}</script>\
         <link rel=modulepreload href=/app-0123456789abcdef.js>"
    )
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let dir = tempfile::tempdir().expect("a temporary directory");
    std::fs::write(dir.path().join("index.html"), page()).expect("index.html is written");
    std::fs::write(
        dir.path().join("app-0123456789abcdef.js"),
        "export default 1;",
    )
    .expect("the script is written");
    let app = TestApp::with_assets(Some(Assets {
        dir: dir.path().to_owned(),
    }))
    .await;
    for (path, html) in [
        ("/api/v1/districts", false),
        ("/api/v1/penalties?limit=1", false),
        ("/api/v1/no-such-route", false),
        ("/app-0123456789abcdef.js", false),
        ("/", true),
        ("/penalties?q=abc", true),
    ] {
        let (status, headers, _) = app.raw(Method::GET, path, &[]).await;
        assert!(
            status.is_success() || status == StatusCode::NOT_FOUND,
            "{path}: {status}"
        );
        let csp = text(&headers, "content-security-policy");
        if html {
            assert_eq!(csp, app_csp(&page()), "{path}");
            // The page's one inline script, by hash.
            assert!(
                csp.contains("'sha256-") && csp.contains("script-src 'self' 'wasm-unsafe-eval'"),
                "{path}: {csp}"
            );
            assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        } else {
            assert_eq!(csp, API_CSP, "{path}");
        }
        assert!(csp.contains("frame-ancestors 'none'"), "{path}");
        assert!(csp.contains("base-uri 'none'"), "{path}");
        assert_eq!(
            text(&headers, "x-content-type-options"),
            "nosniff",
            "{path}"
        );
        assert_eq!(text(&headers, "referrer-policy"), "no-referrer", "{path}");
        assert_eq!(text(&headers, "x-frame-options"), "DENY", "{path}");
        assert_eq!(
            text(&headers, "cross-origin-opener-policy"),
            "same-origin",
            "{path}"
        );
        let permissions = text(&headers, "permissions-policy");
        assert!(
            permissions.contains("camera=(self)") && permissions.contains("microphone=()"),
            "{path}: {permissions}"
        );
        assert!(
            headers.get("strict-transport-security").is_none(),
            "{path}: plain HTTP sets no HSTS"
        );
        let (_, over_tls, _) = app
            .raw(Method::GET, path, &[("x-forwarded-proto", "https")])
            .await;
        assert_eq!(
            text(&over_tls, "strict-transport-security"),
            "max-age=31536000",
            "{path}"
        );
    }
    // A revalidated page keeps its policy: the browser stores a 304's headers over the cached
    // page's, and the API's policy there would stop the app on the next visit.
    let (_, first, _) = app.raw(Method::GET, "/", &[]).await;
    let modified = text(&first, "last-modified").to_owned();
    let (status, headers, _) = app
        .raw(
            Method::GET,
            "/",
            &[("if-modified-since", modified.as_str())],
        )
        .await;
    assert_eq!(status, StatusCode::NOT_MODIFIED);
    assert_eq!(text(&headers, "content-security-policy"), app_csp(&page()));
}

#[tokio::test]
async fn cors_answers_only_the_origins_allowed_and_never_with_credentials() {
    let mut app = TestApp::spawn().await;
    let path = "/api/v1/penalties?limit=1";
    // Without an allow-list no origin is named: browsers keep the API to the portal's own pages.
    let (_, headers, _) = app
        .raw(Method::GET, path, &[("origin", "https://data.example.cn")])
        .await;
    assert!(headers.get("access-control-allow-origin").is_none());

    let allowed = "https://data.example.cn";
    app.router = gongshi_server::app_with(
        AppState::new(app.store.clone()),
        None,
        &[HeaderValue::from_static(allowed)],
    );
    let (status, headers, _) = app.raw(Method::GET, path, &[("origin", allowed)]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(text(&headers, "access-control-allow-origin"), allowed);
    assert!(headers.get("access-control-allow-credentials").is_none());
    assert!(text(&headers, "access-control-expose-headers").contains("etag"));

    let (_, headers, _) = app
        .raw(Method::GET, path, &[("origin", "https://evil.example.com")])
        .await;
    assert!(headers.get("access-control-allow-origin").is_none());

    // A preflight for a read is answered; writes are not offered.
    let (status, headers, _) = app
        .raw(
            Method::OPTIONS,
            path,
            &[
                ("origin", allowed),
                ("access-control-request-method", "GET"),
            ],
        )
        .await;
    assert!(status.is_success(), "{status}");
    let methods = text(&headers, "access-control-allow-methods");
    assert!(
        methods.contains("GET") && !methods.contains("POST"),
        "{methods}"
    );
}
