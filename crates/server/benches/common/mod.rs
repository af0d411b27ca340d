//! What the benchmarks share: an HTTP client over loopback, timing one GET, percentiles.

use axum::body::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
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
    let started = Instant::now();
    let res = client.get(url.parse()?).await?;
    anyhow::ensure!(res.status().is_success(), "{url} answered {}", res.status());
    let body = res.into_body().collect().await?.to_bytes();
    Ok((started.elapsed(), body))
}
