//! What the benchmarks share: an HTTP client over loopback, timing one GET, percentiles.

use axum::body::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use std::time::{Duration, Instant};

pub(crate) type HttpClient = Client<HttpConnector, Empty<Bytes>>;

pub(crate) fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

pub(crate) fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1;
    sorted[i]
}

pub(crate) fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

pub(crate) async fn get(client: &HttpClient, url: &str) -> anyhow::Result<(Duration, Bytes)> {
    get_as(client, url, None).await
}

/// [`get`] with a `Cookie` header (a staff session's), when given.
pub(crate) async fn get_as(
    client: &HttpClient,
    url: &str,
    cookie: Option<&str>,
) -> anyhow::Result<(Duration, Bytes)> {
    let mut req = axum::http::Request::get(url);
    if let Some(c) = cookie {
        req = req.header(axum::http::header::COOKIE, c);
    }
    let req = req.body(Empty::new())?;
    let started = Instant::now();
    let res = client.request(req).await?;
    anyhow::ensure!(res.status().is_success(), "{url} answered {}", res.status());
    let body = res.into_body().collect().await?.to_bytes();
    Ok((started.elapsed(), body))
}

/// Starts the real router over `store` on a free loopback port; a client and the base URL.
pub(crate) async fn serve(
    store: std::sync::Arc<dyn gongshi_server::store::Store>,
) -> anyhow::Result<(HttpClient, String)> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let addr = listener.local_addr()?;
    let app = gongshi_server::app(gongshi_server::AppState::new(store), None);
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((
        Client::builder(TokioExecutor::new()).build_http(),
        format!("http://{addr}"),
    ))
}
