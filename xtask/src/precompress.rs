//! The web app's assets compressed once, at build time, at the strongest settings: the server
//! sends `NAME.br` or `NAME.gz` beside `NAME` to a browser that accepts it (tower-http's
//! `ServeDir::precompressed_*`), instead of compressing the 3 MB of Wasm on every download at a
//! fast level. Only trunk's content-hashed files: their content never changes under their name,
//! so a compressed copy can never be staler than its original.

use anyhow::{Context, Result};
use std::io::Write as _;
use std::path::Path;

/// `bytes` brotli-compressed as `brotli --best` would (quality 11, a 16 MiB window).
fn brotli(bytes: &[u8]) -> Result<Vec<u8>> {
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        lgwin: 24,
        size_hint: bytes.len(),
        ..Default::default()
    };
    let mut out = Vec::new();
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).context("brotli")?;
    Ok(out)
}

/// `bytes` gzip-compressed as `gzip -9` would.
fn gzip(bytes: &[u8]) -> Result<Vec<u8>> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?)
}

/// Writes `NAME.br` and `NAME.gz` beside each hashed `.wasm`, `.js` and `.css` file in `dist`.
/// Returns how many files were compressed.
pub(crate) fn dist(dist: &Path) -> Result<usize> {
    let mut done = 0;
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let compressible = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("wasm" | "js" | "css")
        );
        let hashed = path
            .file_stem()
            .and_then(|s| s.to_str())
            .is_some_and(is_hashed);
        if !(compressible && hashed && path.is_file()) {
            continue;
        }
        let bytes = std::fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        for (suffix, compressed) in [("br", brotli(&bytes)?), ("gz", gzip(&bytes)?)] {
            let mut name = path.file_name().unwrap_or_default().to_owned();
            name.push(format!(".{suffix}"));
            let out = path.with_file_name(name);
            std::fs::write(&out, compressed)
                .with_context(|| format!("writing {}", out.display()))?;
        }
        done += 1;
    }
    Ok(done)
}

/// trunk's content-hashed stems: `gongshi-web-0123456789abcdef_bg`, `main-0123456789abcdef` (the
/// server's `spa::is_hashed` reads names the same way).
fn is_hashed(stem: &str) -> bool {
    let stem = stem.strip_suffix("_bg").unwrap_or(stem);
    stem.rsplit_once('-').is_some_and(|(_, hash)| {
        (10..=16).contains(&hash.len()) && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_assets_get_both_compressed_copies_and_nothing_else_does() {
        let dir = std::env::temp_dir().join(format!("gongshi-precompress-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a temporary directory");
        let wasm = "gongshi-web-0123456789abcdef_bg.wasm";
        let body = "公示 ".repeat(10_000);
        for name in [wasm, "main-0123456789abcdef.css", "index.html", "plain.js"] {
            std::fs::write(dir.join(name), &body).expect("written");
        }
        assert_eq!(dist(&dir).expect("compressed"), 2);
        let br = std::fs::read(dir.join(format!("{wasm}.br"))).expect("the .br copy");
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut back).expect("valid brotli");
        assert_eq!(back, body.as_bytes());
        let gz = std::fs::read(dir.join(format!("{wasm}.gz"))).expect("the .gz copy");
        let mut back = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut back)
            .expect("valid gzip");
        assert_eq!(back, body);
        assert!(dir.join("main-0123456789abcdef.css.br").is_file());
        for unhashed in ["index.html.br", "plain.js.br", "plain.js.gz"] {
            assert!(!dir.join(unhashed).exists(), "{unhashed}");
        }
        std::fs::remove_dir_all(&dir).expect("removed");
    }
}
