//! Conditional GETs for the API: every successful GET carries a weak ETag (a digest of the body
//! before compression) and `Cache-Control: no-cache`; a matching `If-None-Match` gets 304 and no body.
//! The tag depends only on the content, so every instance behind a balancer agrees on it. The
//! staff area's answers are never stored: `Cache-Control: private, no-store`, no tag.

use axum::body::{Body, HttpBody};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};
use std::fmt::Write;

/// API bodies are small; a larger one, or a streamed one, is passed through without a tag rather
/// than buffered.
const MAX_TAGGED_BODY: usize = 8 * 1024 * 1024;

pub(crate) async fn layer(req: Request, next: Next) -> Response {
    let conditional = matches!(*req.method(), Method::GET | Method::HEAD);
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    // The staff area's answers carry personal data and the CSRF token: no cache keeps them.
    let path = req.uri().path();
    let staff = path.starts_with("/api/v1/staff/") || path.starts_with("/staff/");
    let mut res = next.run(req).await;
    if staff {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            HeaderValue::from_static("private, no-store"),
        );
        return res;
    }
    if !conditional || res.status() != StatusCode::OK {
        return res;
    }
    // A streamed body (an export) has no known length: it goes out as it comes, untagged, so
    // that memory stays flat; so does a body known to be too large to buffer.
    let size = res.body().size_hint().exact();
    if size.is_none_or(|n| n > MAX_TAGGED_BODY as u64) {
        return res;
    }
    let (mut parts, body) = res.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_TAGGED_BODY).await {
        Ok(b) => b,
        Err(e) => {
            tracing::error!(error = %e, "could not buffer a response to tag it");
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        }
    };
    let digest = Sha256::digest(&bytes);
    let mut tag = String::from("W/\"");
    for b in &digest[..12] {
        let _ = write!(tag, "{b:02x}");
    }
    tag.push('"');
    let Ok(tag_value) = HeaderValue::from_str(&tag) else {
        return Response::from_parts(parts, Body::from(bytes));
    };
    parts.headers.insert(header::ETAG, tag_value);
    parts
        .headers
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if if_none_match.is_some_and(|v| matches(&v, &tag)) {
        let mut headers = HeaderMap::new();
        for name in [header::ETAG, header::CACHE_CONTROL] {
            if let Some(v) = parts.headers.get(&name) {
                headers.insert(name, v.clone());
            }
        }
        // The 200 varies by encoding (compression adds the header to it); a 304 must say the same.
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// Weak comparison (RFC 9110 §13.1.2): `*`, or any listed tag equal once `W/` is ignored.
fn matches(if_none_match: &HeaderValue, tag: &str) -> bool {
    let Ok(list) = if_none_match.to_str() else {
        return false;
    };
    let opaque = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    list.split(',')
        .any(|t| t.trim() == "*" || opaque(t) == opaque(tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weak_comparison() {
        let tag = "W/\"abc\"";
        for (header, expected) in [
            ("W/\"abc\"", true),
            ("\"abc\"", true),
            ("\"x\", W/\"abc\"", true),
            ("*", true),
            ("W/\"abd\"", false),
            ("", false),
        ] {
            assert_eq!(
                matches(&HeaderValue::from_static(header), tag),
                expected,
                "{header}"
            );
        }
    }
}
