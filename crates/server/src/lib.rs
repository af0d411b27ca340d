//! gongshi's server: the JSON API under `/api/v1` and the built SPA for every other GET.
//!
//! `app(state)` builds the whole HTTP service (used by `gongshi serve` and by the tests in-process);
//! `serve(config)` opens the store, loads the demo data on first start and runs it until SIGTERM.

pub mod config;
pub mod demo;
pub mod error;
mod etag;
pub mod open311;
mod paging;
mod params;
pub mod photos;
pub mod refusals;
mod routes;
pub mod security;
pub mod spa;
pub mod store;

use axum::Router;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::any;
use gongshi_domain::api::ErrorCode;
use std::sync::Arc;
use std::time::Duration;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::TraceLayer;

/// The request parsing the fuzz targets (`fuzz/`) drive; not an API.
#[doc(hidden)]
pub use routes::fuzzing;
pub use routes::log::check_chain;
pub use routes::openapi;
pub use routes::staff::hash_password;

/// What every handler can reach.
#[derive(Debug, Clone)]
pub struct AppState {
    pub store: Arc<dyn store::Store>,
    pub complaints: ComplaintSettings,
    /// Set once the instance is told to stop: readiness answers 503 from then on.
    pub draining: Arc<std::sync::atomic::AtomicBool>,
    /// Addresses the complaint limit refused, answered 429 at once until they may retry.
    pub refusals: Arc<refusals::Refusals>,
}

impl AppState {
    /// The state with the default complaint settings.
    pub fn new(store: Arc<dyn store::Store>) -> Self {
        Self {
            store,
            complaints: ComplaintSettings::default(),
            draining: Arc::default(),
            refusals: Arc::default(),
        }
    }
}

/// How complaint intake guards itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintSettings {
    pub limits: store::RateLimits,
    /// API keys of the partner systems that may post Open311 requests (none: Open311 is read-only).
    pub open311_keys: Arc<[String]>,
    /// Per API key: a partner (a hotline) files for many people.
    pub open311_limits: store::RateLimits,
    /// The proof-of-work puzzle's size: a browser tries half this many hashes on average.
    pub pow_max_number: u64,
    /// Take the client address from X-Forwarded-For (only behind a balancer that sets it).
    pub trust_forwarded_for: bool,
}

impl Default for ComplaintSettings {
    fn default() -> Self {
        Self {
            limits: store::RateLimits {
                per_hour: 6,
                per_day: 20,
            },
            pow_max_number: 200_000,
            trust_forwarded_for: false,
            open311_keys: Arc::from(Vec::new()),
            open311_limits: store::RateLimits {
                per_hour: 600,
                per_day: 10_000,
            },
        }
    }
}

/// Requests larger than this are refused before a handler sees them.
pub const BODY_LIMIT: usize = 1024 * 1024;
/// A complaint with three photos of 5 MiB in base64 and its text.
pub const COMPLAINT_BODY_LIMIT: usize = 21 * 1024 * 1024;
/// A staff import file (CSV or XLSX).
pub const IMPORT_BODY_LIMIT: usize = 16 * 1024 * 1024;
/// A request that takes longer is answered 408.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

fn panic_response(_: Box<dyn std::any::Any + Send>) -> Response {
    error::envelope(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorCode::Internal,
        "internal error".to_owned(),
        None,
    )
}

/// Layers that refuse a request themselves (body too large, too slow) answer with a bare status;
/// give those the one JSON envelope too.
async fn envelope_bare_errors(res: Response) -> Response {
    let is_json = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"application/json"));
    let (code, message) = match res.status() {
        StatusCode::PAYLOAD_TOO_LARGE => {
            (ErrorCode::PayloadTooLarge, "the request body is too large")
        }
        StatusCode::REQUEST_TIMEOUT => (ErrorCode::Timeout, "the request took too long"),
        _ => return res,
    };
    if is_json {
        return res;
    }
    error::envelope(res.status(), code, message.to_owned(), None)
}

/// Only a complaint (with its photos) and a staff import may be large: any other request declaring more than
/// [`BODY_LIMIT`] bytes is refused before it is read. Bodies that do not declare their length are
/// cut at [`COMPLAINT_BODY_LIMIT`] by the limit layer around everything.
async fn limit_by_route(req: axum::extract::Request, next: axum::middleware::Next) -> Response {
    let limit = match req.uri().path() {
        "/api/v1/complaints" => COMPLAINT_BODY_LIMIT,
        "/api/v1/staff/penalties/import" | "/api/v1/staff/officers/import" => IMPORT_BODY_LIMIT,
        _ => BODY_LIMIT,
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > limit) {
        return axum::response::IntoResponse::into_response(error::ApiError::TooLarge);
    }
    next.run(req).await
}

/// The whole HTTP service, readable from the portal's own pages only.
pub fn app(state: AppState, assets: Option<spa::Assets>) -> Router {
    app_with(state, assets, &[])
}

/// The whole HTTP service; pages on `cors_origins` may read the API too
/// ([`security::cors`]).
pub fn app_with(
    state: AppState,
    assets: Option<spa::Assets>,
    cors_origins: &[HeaderValue],
) -> Router {
    let open311_routes = open311::router().with_state(state.clone());
    let api = routes::router()
        .layer(axum::middleware::from_fn(etag::layer))
        .with_state(state);
    let router = Router::new()
        .nest("/api/v1", api)
        .merge(open311_routes)
        // Every other path under /api is the API's to answer (as JSON), never the web app's.
        .route("/api", any(|| async { error::ApiError::NoSuchRoute }))
        .route(
            "/api/{*rest}",
            any(|| async { error::ApiError::NoSuchRoute }),
        )
        .fallback(spa::serve)
        .with_state(assets)
        .layer(axum::middleware::from_fn(limit_by_route))
        .layer(RequestBodyLimitLayer::new(COMPLAINT_BODY_LIMIT))
        .layer(TimeoutLayer::with_status_code(
            StatusCode::REQUEST_TIMEOUT,
            REQUEST_TIMEOUT,
        ))
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(axum::middleware::map_response(envelope_bare_errors))
        .layer(axum::middleware::from_fn(security::headers));
    let router = match security::cors(cors_origins) {
        Some(cors) => router.layer(cors),
        None => router,
    };
    router
        .layer(TraceLayer::new_for_http())
        .layer(CompressionLayer::new().br(true).gzip(true))
}

/// How long until a second past the next midnight, China Standard Time.
fn until_next_day() -> std::time::Duration {
    let now = time::OffsetDateTime::now_utc().to_offset(time::macros::offset!(+8));
    let seconds_today =
        i64::from(now.hour()) * 3600 + i64::from(now.minute()) * 60 + i64::from(now.second());
    std::time::Duration::from_secs(u64::try_from(86_400 - seconds_today + 1).unwrap_or(60))
}

/// Today in China Standard Time: the day publication windows and certificate checks are judged on.
pub fn today() -> time::Date {
    params::today()
}

/// Opens the store, loads the demo organisation and catalog if the database is new, and serves until SIGTERM
/// or Ctrl-C, finishing requests in flight.
pub async fn serve(config: config::Serve) -> anyhow::Result<()> {
    let store = config.db.open().await?;
    if store.is_empty().await? && !config.no_seed {
        let loaded = demo::load_demo(
            store.as_ref(),
            demo::penalties::DEMO_COUNT,
            today(),
            &|_, _| {},
        )
        .await?;
        tracing::info!(
            districts = loaded.districts,
            matters = loaded.matters,
            officers = loaded.officers,
            penalties = loaded.penalties,
            "new database: loaded the demo organisation, catalog, rosters and penalties (示例数据)"
        );
    }
    // What is listed changes when the day turns (records reach their end date): rebuild the
    // counts now and just after each midnight, China Standard Time, so no reader waits for it.
    let refresher = store.clone();
    tokio::spawn(async move {
        loop {
            if let Err(e) = refresher.refresh_penalty_summaries(today()).await {
                tracing::error!(error = %e, "refreshing the listed-penalty counts failed");
            }
            tokio::time::sleep(until_next_day()).await;
        }
    });
    let assets = match &config.assets {
        dir if dir.join("index.html").is_file() => Some(spa::Assets { dir: dir.clone() }),
        dir => {
            tracing::warn!(dir = %dir.display(), "no built web app there; serving the API only");
            None
        }
    };
    let cors_origins = config
        .cors_origins
        .iter()
        .map(|o| security::parse_origin(o))
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| anyhow::anyhow!("--cors-origin: {e}"))?;
    let listener = tokio::net::TcpListener::bind(config.addr).await?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, "gongshi listening on http://{addr}");
    let draining: Arc<std::sync::atomic::AtomicBool> = Arc::default();
    let state = AppState {
        store,
        draining: draining.clone(),
        refusals: Arc::default(),
        complaints: ComplaintSettings {
            limits: store::RateLimits {
                per_hour: config.complaints_per_hour,
                per_day: config.complaints_per_day,
            },
            pow_max_number: config.pow_max_number,
            trust_forwarded_for: config.trust_forwarded_for,
            open311_keys: Arc::from(config.open311_keys.clone()),
            ..ComplaintSettings::default()
        },
    };
    axum::serve(
        listener,
        app_with(state, assets, &cors_origins)
            .into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(drain(draining, config.drain_seconds))
    .await?;
    tracing::info!("stopped");
    Ok(())
}

/// Waits for SIGTERM or Ctrl-C, then answers readiness with 503 for `seconds` while still serving
/// (a balancer polling readiness stops sending new requests), then lets the server stop accepting
/// connections and finish the requests in flight.
async fn drain(draining: Arc<std::sync::atomic::AtomicBool>, seconds: u64) {
    shutdown_signal().await;
    draining.store(true, std::sync::atomic::Ordering::Relaxed);
    if seconds > 0 {
        tracing::info!(seconds, "not ready: waiting for the balancer to notice");
        tokio::time::sleep(Duration::from_secs(seconds)).await;
    }
    tracing::info!("shutting down: finishing requests in flight");
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(e) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %e, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(e) => {
                tracing::error!(error = %e, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
}
