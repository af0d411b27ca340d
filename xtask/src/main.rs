//! The project's two commands (see README):
//!
//! - `cargo xtask run [-- FLAGS]`: installs what is missing, builds the SPA in release and starts
//!   `gongshi serve` on http://127.0.0.1:8080 (FLAGS pass through to it).
//! - `cargo xtask test`: installs what the tests need, then runs fmt, clippy and every test
//!   (unit, property, integration, wasm-bindgen in Chromium, end-to-end in Chromium).
//! - `cargo xtask bench [PART...]`: the portal under a load generator beside nginx and Datasette,
//!   the web app's sizes and Lighthouse scores (a table, also in target/bench/report.md); the parts
//!   are reads, posts, compare, flood and web, all by default.
//! - `cargo xtask bench-store`: the store's criterion benchmarks.
//!
//! Benchmarks report figures and never fail on them.

mod bench;
mod bench_web;
mod fuzz;
mod precompress;
mod schemathesis;
mod tools;

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("run") => run(&root, &args[1..]),
        Some("test") => test(&root),
        Some("bench") => bench::run(&root, &args[1..]),
        Some("bench-store") => {
            sh(cargo().args([
                "bench",
                "--package",
                "gongshi-server",
                "--bench",
                "catalog_search",
            ]))?;
            // The penalties bench measures PostgreSQL beside SQLite on a server of its own, given
            // the memory a database server on this machine would have.
            let postgres = tools::ensure_postgres()?;
            sh(cargo()
                .args([
                    "bench",
                    "--package",
                    "gongshi-server",
                    "--bench",
                    "penalties",
                ])
                .env("GONGSHI_PG_BIN", postgres)
                .env(
                    "GONGSHI_PG_OPTIONS",
                    "-c shared_buffers=2GB -c effective_cache_size=8GB -c work_mem=32MB \
                     -c random_page_cost=1.1",
                ))
        }
        Some("schemathesis") => {
            sh(cargo().args(["build", "--package", "gongshi-server", "--bin", "gongshi"]))?;
            let target_dir = std::env::var_os("CARGO_TARGET_DIR")
                .map_or_else(|| root.join("target"), PathBuf::from);
            schemathesis::run(&target_dir.join("debug").join("gongshi"))
        }
        Some("fuzz") => fuzz::run_all(600),
        Some("dist") => {
            tools::ensure_build_tools(&root)?;
            build_spa(&root)
        }
        _ => {
            eprintln!(
                "usage:\n  cargo xtask run [-- gongshi serve flags]   build the web app and start the portal\n  \
                 cargo xtask test                           install test tools, run fmt, clippy and every test\n  \
                 cargo xtask fuzz                           fuzz the parsers, 10 minutes a target\n  \
                 cargo xtask schemathesis                   only check the running API against its OpenAPI document\n  \
                 cargo xtask dist                           only build the web app (dist/)\n  \
                 cargo xtask bench                          the portal under load beside nginx and Datasette, the web app's size and Lighthouse scores\n  \
                 cargo xtask bench-store                    the store's benchmarks (catalog search; penalties over 1,000,000 decisions, SQLite and PostgreSQL)"
            );
            bail!("unknown or missing command");
        }
    }
}

fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("."), Path::to_path_buf)
}

/// Runs a command, echoing it, and fails with its name if it fails.
pub(crate) fn sh(cmd: &mut Command) -> Result<()> {
    eprintln!("\n$ {}", display(cmd));
    let status = cmd
        .status()
        .with_context(|| format!("could not start {}", display(cmd)))?;
    if !status.success() {
        bail!("{} failed ({status})", display(cmd));
    }
    Ok(())
}

fn display(cmd: &Command) -> String {
    let mut s = cmd.get_program().to_string_lossy().into_owned();
    for a in cmd.get_args() {
        s.push(' ');
        s.push_str(&a.to_string_lossy());
    }
    s
}

fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
}

fn build_spa(root: &Path) -> Result<()> {
    let started = Instant::now();
    sh(Command::new(tools::bin("trunk"))
        .args(["build", "--release"])
        .env("PATH", tools::path_with_cargo_bin())
        .current_dir(root))?;
    let compressed = precompress::dist(&root.join("dist"))?;
    eprintln!(
        "web app built into dist/ in {:.0?} ({compressed} files also brotli- and gzip-compressed)",
        started.elapsed()
    );
    Ok(())
}

fn run(root: &Path, flags: &[String]) -> Result<()> {
    tools::ensure_build_tools(root)?;
    build_spa(root)?;
    let flags: Vec<&String> = flags.iter().skip_while(|a| *a == "--").collect();
    let mut serve = cargo();
    serve
        .args([
            "run",
            "--release",
            "--package",
            "gongshi-server",
            "--bin",
            "gongshi",
            "--",
            "serve",
        ])
        .args(flags);
    if std::env::var_os("GONGSHI_ASSETS").is_none() {
        serve.env("GONGSHI_ASSETS", root.join("dist"));
    }
    sh(&mut serve)
}

fn test(root: &Path) -> Result<()> {
    let started = Instant::now();
    tools::ensure_build_tools(root)?;
    let browser = tools::ensure_browser()?;
    let axe = tools::ensure_axe(root)?;
    let postgres = tools::ensure_postgres()?;

    sh(cargo().args(["fmt", "--all", "--check"]))?;
    sh(cargo().args([
        "clippy",
        "--workspace",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    sh(cargo().args([
        "clippy",
        "--package",
        "gongshi-web",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;

    // The end-to-end tests drive the real server binary and the release SPA.
    build_spa(root)?;
    sh(cargo().args(["build", "--package", "gongshi-server", "--bin", "gongshi"]))?;
    let target_dir =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from);
    let gongshi = target_dir.join("debug").join("gongshi");

    let mut tally = Tally::default();
    tally.run(
        cargo()
            .args(["test", "--workspace"])
            .env("GONGSHI_BIN", &gongshi)
            .env("GONGSHI_DIST", root.join("dist"))
            .env("GONGSHI_AXE_JS", &axe)
            .env("CHROME_BIN", &browser.chromium)
            .env("CHROMEDRIVER", &browser.chromedriver),
    )?;

    // The API and store tests again, on PostgreSQL: the test binary starts its own server. The
    // tests that always use PostgreSQL (two instances, a replica, migrate-data, search parity) ran
    // in the first pass, as did the crash test, which always kills a server on a SQLite file.
    tally.run(
        cargo()
            .args(["test", "--package", "gongshi-server", "--test", "api", "--"])
            .args(["--skip", "scale_out::", "--skip", "replica::"])
            .args(["--skip", "migrate_data::", "--skip", "search_parity::"])
            .args(["--skip", "crash::"])
            .env("GONGSHI_TEST_DATABASE", "postgres")
            .env("GONGSHI_PG_BIN", &postgres),
    )?;

    // The running API against its own OpenAPI document (fixed seed, bounded cases).
    schemathesis::run(&gongshi)?;

    // The parsers under libFuzzer, briefly (`cargo xtask fuzz` for longer).
    fuzz::run_all(20)?;

    // Component tests: compiled to Wasm and run in headless Chromium by wasm-bindgen-test-runner,
    // which reads the browser flags from webdriver.json in the working directory.
    tally.run(
        cargo()
            .args([
                "test",
                "--package",
                "gongshi-web",
                "--target",
                "wasm32-unknown-unknown",
            ])
            .env(
                "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER",
                tools::bin("wasm-bindgen-test-runner"),
            )
            .env("CHROMEDRIVER", &browser.chromedriver)
            .env("WASM_BINDGEN_TEST_TIMEOUT", "120")
            .current_dir(root),
    )?;

    eprintln!("\nall checks and tests passed in {:.0?}", started.elapsed());
    // One closing line for the whole run, in the plain form CI reads.
    println!("{} passed, {} failed", tally.passed, tally.failed);
    Ok(())
}

/// Adds up libtest's `test result:` lines over several `cargo test` runs, echoing their output.
#[derive(Debug, Default)]
struct Tally {
    passed: u64,
    failed: u64,
}

impl Tally {
    fn run(&mut self, cmd: &mut Command) -> Result<()> {
        use std::io::{BufRead, BufReader};
        eprintln!("\n$ {}", display(cmd));
        let mut child = cmd
            .stdout(std::process::Stdio::piped())
            .spawn()
            .with_context(|| format!("could not start {}", display(cmd)))?;
        if let Some(out) = child.stdout.take() {
            for line in BufReader::new(out).lines() {
                let line = line?;
                println!("{line}");
                self.count(&line);
            }
        }
        let status = child.wait()?;
        if !status.success() {
            bail!("{} failed ({status})", display(cmd));
        }
        Ok(())
    }

    /// `test result: ok. 44 passed; 0 failed; 0 ignored; …`
    fn count(&mut self, line: &str) {
        let Some(rest) = line.trim().strip_prefix("test result: ") else {
            return;
        };
        let number = |word: &str| {
            rest.split(';')
                .find_map(|part| {
                    part.trim()
                        .trim_start_matches("ok. ")
                        .trim_start_matches("FAILED. ")
                        .strip_suffix(word)
                })
                .and_then(|n| n.trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        self.passed += number(" passed");
        self.failed += number(" failed");
    }
}

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn tally_adds_up_libtest_summaries() {
        let mut t = Tally::default();
        t.count("test result: ok. 44 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.76s");
        t.count("test result: FAILED. 3 passed; 2 failed; 0 ignored; 0 measured; 0 filtered out");
        t.count(
            "test result: ok. 3 passed; 0 failed; 0 ignored; 0 filtered out; finished in 0.07s",
        );
        t.count("running 3 tests");
        assert_eq!((t.passed, t.failed), (50, 2));
    }
}
