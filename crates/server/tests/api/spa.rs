//! Serving the built SPA beside the API: `index.html` revalidated, hashed assets immutable (and
//! sent precompressed where the build left copies), client routes falling back to `index.html`,
//! nothing outside the assets directory, and a clear 503 when the SPA was not built.

use crate::helpers::{TestApp, header_str};
use axum::http::{Method, StatusCode, header};
use gongshi_server::spa::Assets;
use tempfile::TempDir;

const INDEX: &str = "<!doctype html><title>gongshi test</title><div id=app></div>";
const SCRIPT: &str = "console.log('gongshi test');";
const HASHED: &str = "/app-0123456789abcdef.js";
const SECRET: &str = "not for the web";

/// A built SPA in `root/dist`, with a file beside it (`root/secret.txt`) that must stay unreachable.
struct Built {
    root: TempDir,
}

impl Built {
    fn new() -> Self {
        let root = TempDir::new().expect("a temporary directory for the SPA");
        let dist = root.path().join("dist");
        std::fs::create_dir(&dist).expect("dist/ is created");
        std::fs::write(dist.join("index.html"), INDEX).expect("index.html is written");
        std::fs::write(dist.join(HASHED.trim_start_matches('/')), SCRIPT)
            .expect("the hashed script is written");
        std::fs::write(root.path().join("secret.txt"), SECRET).expect("the secret is written");
        Self { root }
    }

    fn assets(&self) -> Option<Assets> {
        Some(Assets {
            dir: self.root.path().join("dist"),
        })
    }
}

#[tokio::test]
async fn index_and_client_routes_get_index_html_revalidated() {
    let built = Built::new();
    let app = TestApp::with_assets(built.assets()).await;
    let cases = [
        ("/", "the root"),
        ("/index.html", "by name"),
        (
            "/districts/350602",
            "a client route, reloaded (history fallback)",
        ),
        ("/zones/xc-east", "another client route"),
        (
            "/no/such/page",
            "an unknown client route: the SPA shows its own 404",
        ),
    ];
    for (path, why) in cases {
        let (status, headers, body) = app.raw(Method::GET, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{why}");
        assert_eq!(body, INDEX.as_bytes(), "{why}");
        assert_eq!(
            header_str(&headers, header::CACHE_CONTROL),
            "no-cache",
            "{why}"
        );
        assert!(
            header_str(&headers, header::CONTENT_TYPE).starts_with("text/html"),
            "{why}"
        );
        assert_eq!(
            header_str(&headers, header::X_CONTENT_TYPE_OPTIONS),
            "nosniff",
            "{why}"
        );
    }
}

#[tokio::test]
async fn hashed_assets_are_immutable() {
    let built = Built::new();
    let app = TestApp::with_assets(built.assets()).await;
    let (status, headers, body) = app.raw(Method::GET, HASHED, &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, SCRIPT.as_bytes());
    let cache = header_str(&headers, header::CACHE_CONTROL);
    assert!(cache.contains("immutable"), "{cache}");
    assert!(cache.contains("max-age=31536000"), "{cache}");
    assert!(
        header_str(&headers, header::CONTENT_TYPE).contains("javascript"),
        "served as a script"
    );
}

#[tokio::test]
async fn precompressed_copies_go_to_browsers_that_take_them() {
    // What `cargo xtask dist` leaves: the module and its brotli and gzip copies beside it (their
    // content here is a marker, so the test sees which file was sent, byte for byte).
    let built = Built::new();
    let dist = built.root.path().join("dist");
    let wasm = "app-0123456789abcdef_bg.wasm";
    let module = b"\0asm\x01\0\0\0".repeat(100);
    std::fs::write(dist.join(wasm), &module).expect("the module is written");
    std::fs::write(dist.join(format!("{wasm}.br")), "the brotli copy").expect("written");
    std::fs::write(dist.join(format!("{wasm}.gz")), "the gzip copy").expect("written");
    let app = TestApp::with_assets(built.assets()).await;
    let path = format!("/{wasm}");
    // (Accept-Encoding, the body expected, its Content-Encoding)
    let cases: [(Option<&str>, &[u8], &str); 4] = [
        (Some("gzip, deflate, br, zstd"), b"the brotli copy", "br"),
        (Some("br;q=0.5, gzip;q=1"), b"the gzip copy", "gzip"),
        (Some("gzip"), b"the gzip copy", "gzip"),
        (None, &module, ""),
    ];
    for (accept, body_expected, encoding) in cases {
        let headers_sent: Vec<(&str, &str)> =
            accept.map(|a| ("accept-encoding", a)).into_iter().collect();
        let (status, headers, body) = app.raw(Method::GET, &path, &headers_sent).await;
        assert_eq!(status, StatusCode::OK, "{headers_sent:?}");
        assert_eq!(body, body_expected, "{headers_sent:?}");
        assert_eq!(
            header_str(&headers, header::CONTENT_ENCODING),
            encoding,
            "{headers_sent:?}"
        );
        assert_eq!(
            header_str(&headers, header::CONTENT_TYPE),
            "application/wasm",
            "compiled as it streams in: {headers_sent:?}"
        );
        assert!(
            header_str(&headers, header::VARY).contains("accept-encoding"),
            "{headers_sent:?}"
        );
        assert!(
            header_str(&headers, header::CACHE_CONTROL).contains("immutable"),
            "{headers_sent:?}"
        );
    }
}

#[tokio::test]
async fn missing_files_are_404_and_never_immutable() {
    let built = Built::new();
    let app = TestApp::with_assets(built.assets()).await;
    let cases = [
        ("/missing.js", "a file that is not there"),
        (
            "/app-fedcba9876543210.js",
            "a hash that is not there must not be cached for a year",
        ),
        ("/%2e%2e/secret.txt", "an encoded parent directory"),
        ("/..%2fsecret.txt", "an encoded separator"),
        ("/dist/../secret.txt", "a parent directory"),
    ];
    for (path, why) in cases {
        let (status, headers, body) = app.raw(Method::GET, path, &[]).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{why}");
        assert!(
            !body.starts_with(SECRET.as_bytes()),
            "{why}: nothing outside dist/"
        );
        assert!(
            !header_str(&headers, header::CACHE_CONTROL).contains("immutable"),
            "{why}"
        );
    }
}

#[tokio::test]
async fn the_api_is_not_shadowed_by_the_spa() {
    let built = Built::new();
    let app = TestApp::with_assets(built.assets()).await;
    let (status, _, body) = app.get("/api/v1/health").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ok");
    let (status, _, body) = app.get("/api/v1/no-such-thing").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        body["error"]["code"], "no_such_route",
        "JSON, not index.html"
    );
}

#[tokio::test]
async fn without_a_built_spa_pages_are_503_and_the_api_still_works() {
    let app = TestApp::spawn().await;
    for path in ["/", "/districts/350602", HASHED] {
        let (status, _, body) = app.raw(Method::GET, path, &[]).await;
        assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE, "{path}");
        let text = String::from_utf8_lossy(&body);
        assert!(text.contains("not been built"), "{path}: says why: {text}");
    }
    let (status, _, _) = app.get("/api/v1/districts").await;
    assert_eq!(status, StatusCode::OK);
}
