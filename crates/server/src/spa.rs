//! Serving the built SPA (trunk's `dist/`): hashed assets are immutable for a year and sent
//! precompressed where the build left `.br`/`.gz` copies, `index.html` is revalidated every time,
//! and any other path without a file extension gets `index.html` so a reload of a client-side route
//! works (history-API fallback).

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::path::PathBuf;
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

const IMMUTABLE: &str = "public, max-age=31536000, immutable";
const REVALIDATE: &str = "no-cache";

/// Where the built SPA lives; `None` when it was not built (the API still works).
#[derive(Debug, Clone)]
pub struct Assets {
    pub dir: PathBuf,
}

/// True for trunk's content-hashed file names (`gongshi-web-0123456789abcdef_bg.wasm`,
/// `style-0123456789abcdef.css`): their content never changes under that name.
fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or(path);
    let stem = file.split('.').next().unwrap_or(file);
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

pub async fn serve(State(assets): State<Option<Assets>>, req: Request) -> Response {
    let Some(assets) = assets else {
        return (
            StatusCode::SERVICE_UNAVAILABLE,
            "The web app has not been built. Run `cargo xtask run`, or pass --assets DIR.",
        )
            .into_response();
    };
    let path = req.uri().path().to_owned();
    let index = assets.dir.join("index.html");
    let has_extension = path.rsplit('/').next().is_some_and(|f| f.contains('.'));
    let mut is_index = path == "/" || path.ends_with("/index.html");
    let res = if is_index {
        ServeFile::new(&index).oneshot(req).await
    } else {
        // The build writes NAME.br and NAME.gz beside each hashed asset (`cargo xtask dist`):
        // sent as they are to a browser that takes them; without them, compressed on the fly.
        ServeDir::new(&assets.dir)
            .precompressed_br()
            .precompressed_gzip()
            .oneshot(req)
            .await
    };
    // Both services are infallible: an IO error is already a response (404 or 500).
    let Ok(res) = res;
    let mut res = res.map(Body::new);
    if res.status() == StatusCode::NOT_FOUND && !has_extension {
        // A client route: the SPA's router decides what it is, including its own 404 page.
        let Ok(r) = ServeFile::new(&index)
            .oneshot(Request::new(Body::empty()))
            .await;
        res = r.map(Body::new);
        is_index = true;
    }
    // The page's policy names its inline start-up script by hash: read from the page served. A
    // 304 carries it too: the browser stores a revalidation's headers over the cached page's.
    if is_index
        && let Ok(html) = tokio::fs::read_to_string(&index).await
        && let Ok(csp) = HeaderValue::from_str(&crate::security::app_csp(&html))
    {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    let cache = if res.status().is_success() && is_hashed(&path) {
        IMMUTABLE
    } else {
        REVALIDATE
    };
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    // Whether a precompressed copy was sent depends on Accept-Encoding.
    res.headers_mut().insert(
        header::VARY,
        HeaderValue::from_static(header::ACCEPT_ENCODING.as_str()),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn recognises_trunk_hashes() {
        assert!(is_hashed("/gongshi-web-0123456789abcdef_bg.wasm"));
        assert!(is_hashed("/gongshi-web-0123456789abcdef.js"));
        assert!(is_hashed("/style-0123456789abcdef.css"));
        assert!(!is_hashed("/index.html"));
        assert!(!is_hashed("/favicon.svg"));
        assert!(!is_hashed("/gongshi-web-notahash.js"));
    }
}
