//! Fuzzing with cargo-fuzz (libFuzzer): the import parsers, the query-string parsers and the domain
//! parsers, each target in `fuzz/fuzz_targets/` run for a set time from its committed seeds
//! (`fuzz/seeds/<target>/`). `cargo xtask test` runs each briefly; `cargo xtask fuzz` for longer.
//!
//! cargo-fuzz passes `-Z` flags (the sanitizer, coverage instrumentation) to rustc, which the
//! stable compiler accepts only with `RUSTC_BOOTSTRAP=1`: no nightly toolchain is needed. The
//! inputs libFuzzer finds go to `fuzz/corpus/<target>/` (kept between runs, not committed), so the
//! seeds are never modified; a crash is saved under `fuzz/artifacts/<target>/`.

use crate::sh;
use crate::tools::{cargo_install, path_with_cargo_bin};
use anyhow::{Context, Result, bail};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// cargo-fuzz 0.13 builds with Rust 1.95.
const CARGO_FUZZ: &str = "0.13.2";

/// The fuzz targets (`fuzz/Cargo.toml` names each), in the order they run.
pub(crate) const TARGETS: [&str; 5] = [
    "domain_parsers",
    "query_strings",
    "import_penalties",
    "import_roster",
    "import_catalog",
];

/// Seconds libFuzzer gives one input before it reports it as a hang (a crash of its own).
const INPUT_TIMEOUT_SECS: u64 = 20;

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map_or_else(|| PathBuf::from("fuzz"), |root| root.join("fuzz"))
}

/// `cargo fuzz` with cargo's bin directory on PATH and the stable compiler taking `-Z` flags.
fn cargo_fuzz() -> Command {
    let mut cmd = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()));
    cmd.arg("fuzz")
        .env("PATH", path_with_cargo_bin())
        .env("RUSTC_BOOTSTRAP", "1")
        .current_dir(fuzz_dir().parent().unwrap_or(Path::new(".")));
    cmd
}

/// Installs cargo-fuzz where `cargo fuzz --version` does not answer with this version's line.
pub(crate) fn ensure_cargo_fuzz() -> Result<()> {
    let answer = cargo_fuzz().arg("--version").output();
    let wanted = format!(
        "cargo-fuzz {}",
        CARGO_FUZZ.rsplit_once('.').map_or(CARGO_FUZZ, |v| v.0)
    );
    let installed = answer.is_ok_and(|out| {
        out.status.success() && String::from_utf8_lossy(&out.stdout).starts_with(&wanted)
    });
    if !installed {
        cargo_install(
            &format!("cargo-fuzz {CARGO_FUZZ}"),
            "it builds and runs the fuzz targets in fuzz/ (about 2 minutes)",
            &["--locked", "cargo-fuzz", "--version", CARGO_FUZZ],
        )?;
    }
    Ok(())
}

/// The files of a directory (none when it does not exist).
fn files_in(dir: &Path) -> BTreeSet<PathBuf> {
    std::fs::read_dir(dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default()
}

/// Builds every target, then fuzzes each for `seconds_per_target` from its seeds. Fails at the
/// first crash, naming the input that caused it and how to run it again.
pub(crate) fn run_all(seconds_per_target: u64) -> Result<()> {
    ensure_cargo_fuzz()?;
    let fuzz = fuzz_dir();
    let started = Instant::now();
    eprintln!("building the fuzz targets (instrumented, with AddressSanitizer)");
    sh(cargo_fuzz().arg("build"))?;
    eprintln!("fuzz targets built in {:.0?}", started.elapsed());

    for (i, target) in TARGETS.iter().enumerate() {
        let seeds = fuzz.join("seeds").join(target);
        let corpus = fuzz.join("corpus").join(target);
        let artifacts = fuzz.join("artifacts").join(target);
        std::fs::create_dir_all(&corpus)
            .with_context(|| format!("creating {}", corpus.display()))?;
        let before = files_in(&artifacts);
        eprintln!(
            "\nfuzzing {target} for {seconds_per_target} s ({} of {})",
            i + 1,
            TARGETS.len()
        );
        let run_started = Instant::now();
        // New inputs go to the first directory, the corpus; the seeds are only read.
        let result = sh(cargo_fuzz()
            .args(["run", target])
            .arg(&corpus)
            .arg(&seeds)
            .arg("--")
            .arg(format!("-max_total_time={seconds_per_target}"))
            .arg(format!("-timeout={INPUT_TIMEOUT_SECS}"))
            .arg("-print_final_stats=1"));
        if let Err(e) = result {
            let found: Vec<PathBuf> = files_in(&artifacts).difference(&before).cloned().collect();
            if found.is_empty() {
                return Err(e.context(format!("fuzzing {target} failed")));
            }
            let list: Vec<String> = found.iter().map(|p| p.display().to_string()).collect();
            bail!(
                "fuzzing {target} found a crash; the input is saved as\n  {}\n\
                 run it again with `RUSTC_BOOTSTRAP=1 cargo fuzz run {target} {}`\n\
                 and see it as the target reads it with `RUSTC_BOOTSTRAP=1 cargo fuzz fmt {target} {}`",
                list.join("\n  "),
                list[0],
                list[0],
            );
        }
        eprintln!("{target}: no crash in {:.0?}", run_started.elapsed());
    }
    eprintln!(
        "\nfuzzing done: {} targets, {seconds_per_target} s each, {:.0?} with the build",
        TARGETS.len(),
        started.elapsed()
    );
    Ok(())
}
