//! The headers every response carries, and CORS for the origins allowed to read the API from a page
//! of their own.
//!
//! - `Content-Security-Policy`: the web app's page may run its own scripts (and the one inline
//!   script trunk writes to start the Wasm module, allowed by its hash), compile WebAssembly, use its
//!   own styles, images (and photo previews from `blob:`) and the API — nothing else, never framed,
//!   no plugins, no `<base>`. Every other response (JSON, files) allows nothing at all.
//! - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer` (a tracking page's address
//!   holds its secret), `X-Frame-Options: DENY`, `Cross-Origin-Opener-Policy: same-origin`, and a
//!   `Permissions-Policy` that keeps the camera (the certificate check's QR scanner) and the position
//!   (the complaint form) to the portal's own pages and turns off the rest.
//! - `Strict-Transport-Security` when the request came over HTTPS, as the balancer in front says
//!   (`X-Forwarded-Proto: https`): gongshi speaks plain HTTP behind TLS it does not terminate.

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use sha2::{Digest, Sha256};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The policy of everything but the web app's page: nothing may load, run or frame it.
pub const API_CSP: &str =
    "default-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// `Strict-Transport-Security` for a year. Without `includeSubDomains`: the portal's host may share
/// a parent domain with sites it knows nothing of.
const HSTS: &str = "max-age=31536000";

const PERMISSIONS: &str = "camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), \
     display-capture=(), serial=(), bluetooth=(), hid=()";

/// The web app page's policy for the page `index_html`: its inline scripts are allowed by their
/// SHA-256 (trunk writes one that imports the module and starts it); `'wasm-unsafe-eval'` lets the
/// page compile its WebAssembly, and nothing else is evaluated.
pub fn app_csp(index_html: &str) -> String {
    let hashes: String = inline_scripts(index_html)
        .map(|script| {
            let digest = Sha256::digest(script.as_bytes());
            format!(
                " 'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            )
        })
        .collect();
    format!(
        "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'{hashes}; style-src 'self'; \
         img-src 'self' blob:; connect-src 'self'; manifest-src 'self'; media-src 'self' blob:; \
         font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    )
}

/// The contents of the `<script>` elements of `html` that have no `src` (what a browser hashes:
/// everything between the start tag's `>` and `</script>`).
fn inline_scripts(html: &str) -> impl Iterator<Item = &str> {
    let mut rest = html;
    std::iter::from_fn(move || {
        loop {
            let start = rest.find("<script")?;
            let after = &rest[start + "<script".len()..];
            let tag_end = after.find('>')?;
            let attributes = &after[..tag_end];
            let body = &after[tag_end + 1..];
            let end = body.find("</script>")?;
            rest = &body[end + "</script>".len()..];
            let has_src = attributes
                .split(|c: char| c.is_ascii_whitespace())
                .any(|a| a.starts_with("src="));
            if !has_src {
                return Some(&body[..end]);
            }
        }
    })
}

/// Whether the balancer in front says the request came over HTTPS.
pub(crate) fn over_https(headers: &HeaderMap) -> bool {
    headers
        .get("x-forwarded-proto")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("https"))
}

/// Adds the security headers to every response (a page that set its own policy keeps it).
pub async fn headers(req: Request, next: Next) -> Response {
    let https = over_https(req.headers());
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.entry(header::CONTENT_SECURITY_POLICY)
        .or_insert(HeaderValue::from_static(API_CSP));
    for (name, value) in [
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::X_FRAME_OPTIONS, "DENY"),
        (
            HeaderName::from_static("cross-origin-opener-policy"),
            "same-origin",
        ),
        (HeaderName::from_static("permissions-policy"), PERMISSIONS),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    if https {
        h.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        );
    }
    res
}

/// An origin a page may read the API from (`--cors-origin`): `https://host` or `http://host:port`,
/// nothing after the host.
pub fn parse_origin(s: &str) -> Result<HeaderValue, String> {
    let bad =
        || format!("{s:?} is not an origin like https://example.gov.cn (scheme and host only)");
    let (scheme, host) = s.split_once("://").ok_or_else(bad)?;
    if !matches!(scheme, "http" | "https")
        || host.is_empty()
        || host.contains(['/', '?', '#', '@', ' '])
    {
        return Err(bad());
    }
    HeaderValue::from_str(s).map_err(|_| bad())
}

/// CORS for `origins`: they may read (GET, HEAD) without credentials — no cookie, so never the staff
/// side — and see the headers a client of the API uses. `None` without any: then only the portal's
/// own pages may read it, as browsers do by default.
pub fn cors(origins: &[HeaderValue]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins.iter().cloned()))
            .allow_methods([Method::GET, Method::HEAD])
            .allow_headers([
                header::ACCEPT,
                header::ACCEPT_LANGUAGE,
                header::IF_NONE_MATCH,
            ])
            .expose_headers([
                header::ETAG,
                header::CONTENT_DISPOSITION,
                header::RETRY_AFTER,
            ])
            .max_age(std::time::Duration::from_secs(86_400)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_hashed_and_scripts_with_a_source_are_not() {
        let html = "<head><script src=/a.js></script><script type=module>start()</script>\
                    <script>\nother\n</script></head>";
        assert_eq!(
            inline_scripts(html).collect::<Vec<_>>(),
            vec!["start()", "\nother\n"]
        );
        let csp = app_csp(html);
        // echo -n 'start()' | openssl dgst -sha256 -binary | base64
        assert!(
            csp.contains("'sha256-DIm7WJS6ZKDYe5qFLPy+h4JFI9Bol5QmYC57mt3Fb00='"),
            "{csp}"
        );
        assert_eq!(csp.matches("'sha256-").count(), 2);
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(!csp.contains("unsafe-inline"));
    }

    #[test]
    fn origins_are_scheme_and_host_only() {
        assert!(parse_origin("https://gongshi.example.gov.cn").is_ok());
        assert!(parse_origin("http://localhost:3000").is_ok());
        for bad in [
            "gongshi.example.gov.cn",
            "https://",
            "https://a.cn/path",
            "ftp://a.cn",
            "*",
        ] {
            assert!(parse_origin(bad).is_err(), "{bad}");
        }
    }
}
