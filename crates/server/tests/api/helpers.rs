//! `TestApp`, which every test starts from: a fresh database holding the demo organisation (a SQLite
//! file, or with `GONGSHI_TEST_DATABASE=postgres` a database on the run's own PostgreSQL), the whole
//! service in process, and helpers that send one request and hand back status, headers and
//! body, plus the checks every error response must pass.

use axum::Router;
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use gongshi_server::store::{self, Store};
use gongshi_server::{AppState, spa};
use http_body_util::BodyExt;
use serde_json::Value;
use std::sync::Arc;
use tempfile::TempDir;
use tower::ServiceExt;

/// One test's server: its own database (deleted when the test ends), the store it was opened with,
/// and the router `gongshi serve` would run.
pub(crate) struct TestApp {
    pub(crate) store: Arc<dyn Store>,
    pub(crate) router: Router,
    /// `sqlite://…` or `postgres://…` of this test's database, for tests that open it again.
    pub(crate) db_url: String,
    _db: TestDatabase,
}

/// Where a test's database lives, kept until the test ends.
enum TestDatabase {
    Sqlite(#[expect(dead_code)] TempDir),
    Postgres(#[expect(dead_code)] crate::postgres::Database),
    /// The test keeps it.
    Elsewhere,
}

pub(crate) use crate::postgres::DEMO_PENALTIES;

impl TestApp {
    /// The API with the demo organisation and catalog loaded and no built SPA.
    pub(crate) async fn spawn() -> Self {
        Self::with_assets(None).await
    }

    /// The API with the demo organisation and catalog loaded, serving `assets` as the SPA.
    pub(crate) async fn with_assets(assets: Option<spa::Assets>) -> Self {
        if crate::postgres::selected() {
            return Self::on_postgres(crate::postgres::Template::Demo, assets).await;
        }
        let app = Self::empty(assets).await;
        gongshi_server::demo::load_demo(
            app.store.as_ref(),
            DEMO_PENALTIES,
            gongshi_server::today(),
            &|_, _| {},
        )
        .await
        .expect("the demo organisation and catalog are stored");
        app
    }

    /// The demo app with other complaint settings (small puzzles, tight limits).
    pub(crate) async fn with_complaint_settings(
        settings: gongshi_server::ComplaintSettings,
    ) -> Self {
        let mut app = Self::spawn().await;
        app.router = gongshi_server::app(
            AppState {
                complaints: settings,
                ..AppState::new(app.store.clone())
            },
            None,
        );
        app
    }

    /// A request with a method, headers and a body.
    pub(crate) async fn with_body(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
        body: Vec<u8>,
    ) -> (StatusCode, HeaderMap, Value) {
        let mut req = Request::builder().method(method.clone()).uri(path);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let req = req
            .body(Body::from(body))
            .expect("the test builds a valid request");
        let (status, headers, bytes) = self.send(req).await;
        assert!(
            !status.is_server_error(),
            "{method} {path} answered {status}: {}",
            String::from_utf8_lossy(&bytes)
        );
        (status, headers, json(&bytes, path))
    }

    /// A freshly migrated database with nothing loaded.
    pub(crate) async fn empty(assets: Option<spa::Assets>) -> Self {
        log_to_test();
        if crate::postgres::selected() {
            return Self::on_postgres(crate::postgres::Template::Migrated, assets).await;
        }
        let dir = TempDir::new().expect("a temporary directory for the database");
        let db_url = format!("sqlite://{}", dir.path().join("gongshi.db").display());
        let store = store::open(&db_url)
            .await
            .expect("a new database opens and migrates");
        let router = gongshi_server::app(AppState::new(store.clone()), assets);
        Self {
            store,
            router,
            db_url,
            _db: TestDatabase::Sqlite(dir),
        }
    }

    /// A copy of a PostgreSQL template database (migrated, and with the demo data for `Demo`).
    async fn on_postgres(template: crate::postgres::Template, assets: Option<spa::Assets>) -> Self {
        log_to_test();
        let db = crate::postgres::Database::from(template).await;
        let store = store::open(&db.url)
            .await
            .expect("a copy of the template opens");
        let router = gongshi_server::app(AppState::new(store.clone()), assets);
        Self {
            store,
            router,
            db_url: db.url.clone(),
            _db: TestDatabase::Postgres(db),
        }
    }

    /// The service on a database the test made (and keeps), with `settings`, nothing loaded.
    pub(crate) async fn open(db_url: &str, settings: gongshi_server::ComplaintSettings) -> Self {
        Self::open_with(
            &store::Options {
                url: db_url.to_owned(),
                read_replica: None,
                connections: 8,
            },
            settings,
        )
        .await
    }

    /// [`TestApp::open`] with store options (a read replica, say).
    pub(crate) async fn open_with(
        options: &store::Options,
        settings: gongshi_server::ComplaintSettings,
    ) -> Self {
        let db_url = options.url.as_str();
        let store = store::open_with(options)
            .await
            .expect("the database opens and migrates");
        let router = gongshi_server::app(
            AppState {
                complaints: settings,
                ..AppState::new(store.clone())
            },
            None,
        );
        Self {
            store,
            router,
            db_url: db_url.to_owned(),
            _db: TestDatabase::Elsewhere,
        }
    }

    /// The test's database itself, SQLite or PostgreSQL, for a test that changes stored rows by
    /// hand (write placeholders as `$1`: both understand them).
    pub(crate) async fn raw_db(&self) -> sqlx::AnyPool {
        sqlx::any::install_default_drivers();
        sqlx::AnyPool::connect(&self.db_url)
            .await
            .expect("the test database opens")
    }

    /// Sends one request through the whole service in process and reads the whole body.
    pub(crate) async fn send(&self, req: Request<Body>) -> (StatusCode, HeaderMap, Bytes) {
        let Ok(res) = self.router.clone().oneshot(req).await;
        let (parts, body) = res.into_parts();
        let bytes = body
            .collect()
            .await
            .expect("the response body can be read")
            .to_bytes();
        (parts.status, parts.headers, bytes)
    }

    /// A request with any method and extra headers, body as bytes.
    pub(crate) async fn raw(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Bytes) {
        let mut req = Request::builder().method(method).uri(path);
        for (name, value) in headers {
            req = req.header(*name, *value);
        }
        let req = req
            .body(Body::empty())
            .expect("the test builds a valid request");
        self.send(req).await
    }

    /// `GET path`, body parsed as JSON (`Null` when empty, as for a 304).
    pub(crate) async fn get(&self, path: &str) -> (StatusCode, HeaderMap, Value) {
        self.get_with(path, &[]).await
    }

    /// `GET path` with extra request headers, body parsed as JSON.
    pub(crate) async fn get_with(
        &self,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Value) {
        self.request(Method::GET, path, headers).await
    }

    /// Any method, body parsed as JSON. No test here expects a 500: bad input must be a 4xx.
    pub(crate) async fn request(
        &self,
        method: Method,
        path: &str,
        headers: &[(&str, &str)],
    ) -> (StatusCode, HeaderMap, Value) {
        let (status, headers, bytes) = self.raw(method.clone(), path, headers).await;
        assert!(
            !status.is_server_error() || status == StatusCode::SERVICE_UNAVAILABLE,
            "{method} {path} answered {status}: {}",
            String::from_utf8_lossy(&bytes)
        );
        (status, headers, json(&bytes, path))
    }
}

/// A failing test shows what the server logged (an internal error's cause, say).
fn log_to_test() {
    let _ = tracing_subscriber::fmt()
        .with_env_filter("warn")
        .with_test_writer()
        .try_init();
}

/// Parses a body as JSON; an empty body is `Null`.
pub(crate) fn json(bytes: &[u8], what: &str) -> Value {
    if bytes.is_empty() {
        return Value::Null;
    }
    serde_json::from_slice(bytes).unwrap_or_else(|e| {
        panic!(
            "{what}: body is not JSON ({e}): {}",
            String::from_utf8_lossy(bytes)
        )
    })
}

/// What an error response must look like: the expected status, a JSON content type, and exactly
/// `{"error": {"code", "message", "field"?}}` with a non-empty message.
pub(crate) fn assert_error(
    (status, headers, body): (StatusCode, HeaderMap, Value),
    expected: StatusCode,
    code: &str,
    field: Option<&str>,
    why: &str,
) {
    assert_eq!(status, expected, "{why}: status; body {body}");
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{why}: content-type {content_type:?}"
    );
    let outer = body
        .as_object()
        .unwrap_or_else(|| panic!("{why}: body is not an object: {body}"));
    assert_eq!(outer.len(), 1, "{why}: only `error` at the top: {body}");
    let error = &body["error"];
    assert_eq!(error["code"], code, "{why}: code; body {body}");
    assert!(
        error["message"].as_str().is_some_and(|m| !m.is_empty()),
        "{why}: a message; body {body}"
    );
    let allowed = if field.is_some() { 3 } else { 2 };
    assert_eq!(
        error.as_object().map(serde_json::Map::len),
        Some(allowed),
        "{why}: only code, message and field: {body}"
    );
    assert_eq!(error["field"].as_str(), field, "{why}: field; body {body}");
}

/// The `id`s (or another key) of a page's items, in order.
pub(crate) fn ids(page: &Value, key: &str) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a page has items: {page}"))
        .iter()
        .map(|item| {
            item[key]
                .as_str()
                .unwrap_or_else(|| panic!("every item has a string {key}: {item}"))
                .to_owned()
        })
        .collect()
}

/// A header as text, or "" when absent.
pub(crate) fn header_str(headers: &HeaderMap, name: header::HeaderName) -> &str {
    headers
        .get(name)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
}

/// Percent-encodes a query value or path segment (Chinese, full-width characters, spaces).
pub(crate) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}
