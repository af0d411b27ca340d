//! The web part of `cargo xtask bench`: the release SPA's sizes, raw and brotli-compressed, and
//! Lighthouse's desktop scores of three pages, measured in Debian's headless Chromium.
//!
//! Lighthouse is pinned (`LIGHTHOUSE`) and installed by npm into `target/bench/lighthouse`. Each
//! page is audited `RUNS` times, each run in a fresh Chromium profile, and each category's median
//! is reported; every run's JSON stays in `target/bench/lighthouse-reports/` for a closer look.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The newest Lighthouse whose engines accept Node 20 (13.x wants Node 22.19 or later).
const LIGHTHOUSE: &str = "12.8.2";

/// Runs per page; each category's median is the figure reported.
const RUNS: usize = 3;

/// The pages audited: a label and the SPA path (see `AppRoute` in `src/routes.rs`: the catalog
/// of matters lives at `/matters`).
const PAGES: [(&str, &str); 3] = [
    ("home", "/"),
    ("catalog", "/matters"),
    ("penalties", "/penalties"),
];

/// Chromium's flags: headless, and quiet on the network (this closed network refuses Chromium's
/// background connections, which would otherwise stall the runs).
const CHROME_FLAGS: &str = "--headless=new --no-sandbox --disable-gpu \
     --disable-background-networking --disable-component-update --disable-sync \
     --no-first-run --disable-quic";

const CHROMIUM: &str = "/usr/bin/chromium";

/// One file of the web app and its size in bytes.
#[derive(Debug, Clone)]
pub(crate) struct Size {
    pub(crate) file: String,
    pub(crate) raw: u64,
    pub(crate) brotli: u64,
}

/// One page's Lighthouse scores, 0 to 100.
#[derive(Debug, Clone)]
pub(crate) struct Scores {
    pub(crate) page: String,
    pub(crate) url: String,
    pub(crate) performance: u32,
    pub(crate) accessibility: u32,
    pub(crate) best_practices: u32,
}

/// The release SPA's wasm, JS and CSS files in `dist`, each raw and brotli-compressed (quality 11:
/// the `NAME.br` copy the build wrote beside it, which the server sends).
pub(crate) fn sizes(dist: &Path) -> Result<Vec<Size>> {
    let mut files: Vec<(usize, String, PathBuf)> = Vec::new();
    for entry in std::fs::read_dir(dist).with_context(|| format!("reading {}", dist.display()))? {
        let path = entry?.path();
        let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let kind = match path.extension().and_then(|e| e.to_str()) {
            Some("wasm") => 0,
            Some("js") => 1,
            Some("css") => 2,
            _ => continue,
        };
        if path.is_file() {
            files.push((kind, name.to_owned(), path.clone()));
        }
    }
    if !files.iter().any(|(kind, ..)| *kind == 0) {
        bail!(
            "no .wasm in {}: build the web app first (cargo xtask dist)",
            dist.display()
        );
    }
    files.sort();
    files
        .into_iter()
        .map(|(_, file, path)| {
            let len = |path: &Path| {
                std::fs::metadata(path)
                    .map(|m| m.len())
                    .with_context(|| format!("reading {}", path.display()))
            };
            Ok(Size {
                raw: len(&path)?,
                brotli: len(&dist.join(format!("{file}.br")))?,
                file,
            })
        })
        .collect()
}

/// Installs Lighthouse (pinned exact version, into a project-owned directory such as
/// target/bench/lighthouse via `npm install --prefix`), if missing.
pub(crate) fn ensure_lighthouse(root: &Path) -> Result<PathBuf> {
    let prefix = root.join("target").join("bench").join("lighthouse");
    let modules = prefix.join("node_modules");
    let cli = modules.join("lighthouse").join("cli").join("index.js");
    let installed = std::fs::read_to_string(modules.join("lighthouse").join("package.json"))
        .ok()
        .and_then(|p| serde_json::from_str::<serde_json::Value>(&p).ok())
        .is_some_and(|p| p["version"] == LIGHTHOUSE)
        && cli.is_file();
    if !installed {
        if crate::tools::which("npm").is_none() {
            crate::tools::apt_install(&["npm"], "npm fetches Lighthouse, the web page auditor")?;
        }
        eprintln!(
            "installing Lighthouse {LIGHTHOUSE} into {}: the bench audits the web app with it",
            prefix.display()
        );
        crate::tools::npm_install(&prefix, &format!("lighthouse@{LIGHTHOUSE}"))?;
        if !cli.is_file() {
            bail!("npm installed no {}", cli.display());
        }
    }
    Ok(cli)
}

/// Lighthouse desktop scores of the home, catalog and penalties pages of the app at `base` (e.g.
/// http://127.0.0.1:8080), with Debian's Chromium.
pub(crate) fn lighthouse(root: &Path, base: &str) -> Result<Vec<Scores>> {
    let cli = ensure_lighthouse(root)?;
    if !Path::new(CHROMIUM).is_file() {
        crate::tools::apt_install(&["chromium"], "Lighthouse audits the web app in Chromium")?;
    }
    let out = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| root.join("target"), PathBuf::from)
        .join("bench")
        .join("lighthouse-reports");
    std::fs::create_dir_all(&out)?;
    let base = base.trim_end_matches('/');

    let mut all = Vec::new();
    for (page, path) in PAGES {
        let url = format!("{base}{path}");
        let mut runs: Vec<[u32; 3]> = Vec::new();
        // Lighthouse now and then fails to record a trace (NO_NAVSTART): such a run is run again,
        // up to three times a page.
        let mut failures = 0;
        while runs.len() < RUNS {
            let run = runs.len() + 1;
            let started = Instant::now();
            let json = out.join(format!("{page}-{run}.json"));
            let profile = out.join(format!("profile-{page}-{run}"));
            let _ = std::fs::remove_dir_all(&profile);
            let _ = std::fs::remove_file(&json);
            std::fs::create_dir_all(&profile)?;
            let result = crate::sh(
                Command::new("node")
                    .arg(&cli)
                    .arg(&url)
                    .args([
                        "--preset=desktop",
                        "--only-categories=performance,accessibility,best-practices",
                        "--output=json",
                        "--quiet",
                    ])
                    .arg(format!("--output-path={}", json.display()))
                    .arg(format!(
                        "--chrome-flags={CHROME_FLAGS} --user-data-dir=\"{}\"",
                        profile.display()
                    ))
                    .env("CHROME_PATH", CHROMIUM),
            );
            let _ = std::fs::remove_dir_all(&profile);
            let scores = match result.and_then(|()| read_scores(&json)) {
                Ok(scores) => scores,
                Err(e) if failures < 3 => {
                    failures += 1;
                    eprintln!("lighthouse {page} run {run} failed, running it again: {e:#}");
                    continue;
                }
                Err(e) => return Err(e),
            };
            eprintln!(
                "lighthouse {page} run {run}/{RUNS}: performance {}, accessibility {}, \
                 best practices {} in {:.1} s",
                scores[0],
                scores[1],
                scores[2],
                started.elapsed().as_secs_f64()
            );
            runs.push(scores);
        }
        let median = |i: usize| {
            let mut v: Vec<u32> = runs.iter().map(|r| r[i]).collect();
            v.sort_unstable();
            v[v.len() / 2]
        };
        all.push(Scores {
            page: page.to_owned(),
            url,
            performance: median(0),
            accessibility: median(1),
            best_practices: median(2),
        });
    }
    Ok(all)
}

/// Performance, accessibility and best practices, 0 to 100, from one Lighthouse JSON report;
/// the audits that fell short are listed on stderr.
fn read_scores(json: &Path) -> Result<[u32; 3]> {
    let text =
        std::fs::read_to_string(json).with_context(|| format!("reading {}", json.display()))?;
    let report: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", json.display()))?;
    if let Some(error) = report.get("runtimeError") {
        bail!("Lighthouse failed on {}: {error}", json.display());
    }
    for warning in report["runWarnings"].as_array().into_iter().flatten() {
        eprintln!(
            "  lighthouse warning: {}",
            warning.as_str().unwrap_or_default()
        );
    }
    let mut scores = [0; 3];
    for (score, id) in scores
        .iter_mut()
        .zip(["performance", "accessibility", "best-practices"])
    {
        let category = &report["categories"][id];
        let value = category["score"]
            .as_f64()
            .with_context(|| format!("no {id} score in {} (an audit errored?)", json.display()))?;
        *score = (value * 100.0).round() as u32;
        // The audits that cost points, or could not run.
        for r in category["auditRefs"].as_array().into_iter().flatten() {
            let audit = &report["audits"][r["id"].as_str().unwrap_or_default()];
            let mode = audit["scoreDisplayMode"].as_str().unwrap_or_default();
            let weighted = r["weight"].as_f64().unwrap_or(0.0) > 0.0;
            let failed = audit["score"].as_f64().is_some_and(|s| s < 1.0) && weighted;
            if failed || mode == "error" {
                eprintln!(
                    "  {id}: {} ({}){}",
                    r["id"].as_str().unwrap_or_default(),
                    audit["displayValue"]
                        .as_str()
                        .or(audit["errorMessage"].as_str())
                        .unwrap_or("failed"),
                    if mode == "error" { ", errored" } else { "" }
                );
            }
        }
    }
    Ok(scores)
}
