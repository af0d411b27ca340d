//! Installing what the commands need on a fresh Debian machine that has only rustup's Rust: the
//! wasm32 target, trunk, wasm-bindgen-cli (exactly the Cargo.lock version), wasm-opt, Chromium and
//! ChromeDriver, and axe-core. Each install says what it installs and why; nothing present is
//! reinstalled.

use crate::sh;
use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::Command;

/// trunk 0.22 needs a newer Rust than this project's; 0.21 builds with 1.95.
const TRUNK: &str = "0.21";
/// binaryen as packaged by Debian (108) corrupts wasm-bindgen's externref table; the crates.io
/// build of binaryen 116 handles it. Trunk.toml names the same version.
const WASM_OPT: &str = "0.116.1";
const WASM_OPT_VERSION_LINE: &str = "version 116";
/// Pinned so the accessibility rules do not change under the tests.
const AXE_CORE: &str = "4.10.3";

/// A tool in cargo's bin directory if it is there (PATH may not include it), else by name.
pub(crate) fn bin(name: &str) -> PathBuf {
    let home = std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")));
    match home.map(|h| h.join("bin").join(name)) {
        Some(p) if p.is_file() => p,
        _ => PathBuf::from(name),
    }
}

/// PATH with cargo's bin directory first, so trunk finds the wasm-bindgen and wasm-opt installed
/// there before any other (Debian's binaryen also ships a `wasm-opt`).
pub(crate) fn path_with_cargo_bin() -> std::ffi::OsString {
    let cargo_bin = bin("trunk").parent().map(Path::to_path_buf);
    let rest = std::env::var_os("PATH").unwrap_or_default();
    let mut paths: Vec<PathBuf> = cargo_bin.into_iter().collect();
    paths.extend(std::env::split_paths(&rest));
    std::env::join_paths(paths).unwrap_or(rest)
}

/// The first line a tool prints for `--version`, or `None` if it does not run.
fn version(tool: &Path) -> Option<String> {
    let out = Command::new(tool).arg("--version").output().ok()?;
    out.status.success().then(|| {
        String::from_utf8_lossy(&out.stdout)
            .lines()
            .next()
            .unwrap_or("")
            .to_owned()
    })
}

pub(crate) fn cargo_install(what: &str, why: &str, args: &[&str]) -> Result<()> {
    eprintln!("installing {what}: {why}");
    sh(
        Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned()))
            .arg("install")
            .args(args),
    )
}

/// The wasm-bindgen version Cargo.lock resolved: the CLI must match it exactly.
fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).context("reading Cargo.lock")?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\""
            && let Some(v) = lines
                .next()
                .and_then(|l| l.strip_prefix("version = \""))
                .and_then(|l| l.strip_suffix('"'))
        {
            return Ok(v.to_owned());
        }
    }
    bail!("Cargo.lock names no wasm-bindgen version")
}

/// What `cargo xtask run` needs to build the SPA.
pub(crate) fn ensure_build_tools(root: &Path) -> Result<()> {
    let targets = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .context("rustup is needed to add the wasm32 target")?;
    if !String::from_utf8_lossy(&targets.stdout).contains("wasm32-unknown-unknown") {
        eprintln!(
            "installing the wasm32-unknown-unknown target: the web app compiles to WebAssembly"
        );
        sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"]))?;
    }

    if !version(&bin("trunk")).is_some_and(|v| v.starts_with(&format!("trunk {TRUNK}."))) {
        cargo_install(
            &format!("trunk {TRUNK}"),
            "it builds and bundles the web app (about 8 minutes on 2 cores)",
            &["--locked", "trunk", "--version", &format!("~{TRUNK}")],
        )?;
    }

    let wb = locked_wasm_bindgen(root)?;
    let trunk_toml =
        std::fs::read_to_string(root.join("Trunk.toml")).context("reading Trunk.toml")?;
    if !trunk_toml.contains(&format!("wasm_bindgen = \"{wb}\"")) {
        bail!(
            "Cargo.lock has wasm-bindgen {wb} but Trunk.toml's [tools] wasm_bindgen differs; \
             set it to \"{wb}\" so trunk uses the CLI installed here"
        );
    }
    if version(&bin("wasm-bindgen")).as_deref() != Some(&format!("wasm-bindgen {wb}")) {
        cargo_install(
            &format!("wasm-bindgen-cli {wb}"),
            "trunk runs offline and needs the CLI of exactly the Cargo.lock version (about 3 minutes)",
            &["wasm-bindgen-cli", "--version", &wb],
        )?;
    }

    if !version(&bin("wasm-opt")).is_some_and(|v| v.contains(WASM_OPT_VERSION_LINE)) {
        cargo_install(
            &format!("wasm-opt {WASM_OPT}"),
            "it shrinks the release WebAssembly; Debian's binaryen 108 breaks wasm-bindgen's output",
            &["--locked", "wasm-opt", "--version", WASM_OPT],
        )?;
    }
    Ok(())
}

/// Where the browser tests find Chromium and its driver.
#[derive(Debug)]
pub(crate) struct Browser {
    pub(crate) chromium: PathBuf,
    pub(crate) chromedriver: PathBuf,
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

pub(crate) fn which(name: &str) -> Option<PathBuf> {
    std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|p| p.join(name))
            .find(|p| p.is_file())
    })
}

pub(crate) fn apt_install(packages: &[&str], why: &str) -> Result<()> {
    if !is_root() {
        bail!(
            "the tests need the Debian packages {} ({why}); install them with \
             `sudo apt-get install {}` and run again",
            packages.join(", "),
            packages.join(" ")
        );
    }
    eprintln!("installing {} with apt-get: {why}", packages.join(", "));
    sh(Command::new("apt-get").arg("update").arg("-q"))?;
    sh(Command::new("apt-get")
        .args(["install", "-y", "-q", "--no-install-recommends"])
        .args(packages)
        .env("DEBIAN_FRONTEND", "noninteractive"))
}

/// Chromium and ChromeDriver from Debian (apt-get as root; otherwise a message naming them).
pub(crate) fn ensure_browser() -> Result<Browser> {
    if which("chromium").is_none() || which("chromedriver").is_none() {
        apt_install(
            &["chromium", "chromium-driver"],
            "browser tests run the web app in real headless Chromium",
        )?;
    }
    Ok(Browser {
        chromium: which("chromium").context("chromium is still missing")?,
        chromedriver: which("chromedriver").context("chromedriver is still missing")?,
    })
}

/// PostgreSQL's server programs from Debian (package postgresql): the store tests run a second time
/// against a server they start themselves. Answers the `bin` directory holding `initdb`.
pub(crate) fn ensure_postgres() -> Result<PathBuf> {
    let installed = || -> Option<PathBuf> {
        let mut bins: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
            .ok()?
            .filter_map(|d| d.ok().map(|d| d.path().join("bin")))
            .filter(|bin| bin.join("initdb").is_file() && bin.join("psql").is_file())
            .collect();
        bins.sort();
        bins.pop()
    };
    if installed().is_none() {
        apt_install(
            &["postgresql"],
            "the store tests run against PostgreSQL as well as SQLite",
        )?;
    }
    installed().context("PostgreSQL's programs are still missing from /usr/lib/postgresql")
}

/// axe-core from the npm registry, for the accessibility checks of the browser tests.
pub(crate) fn ensure_axe(root: &Path) -> Result<PathBuf> {
    let prefix = root.join("target").join("axe");
    let js = prefix.join("node_modules/axe-core/axe.min.js");
    let package = prefix.join("node_modules/axe-core/package.json");
    let installed = std::fs::read_to_string(&package)
        .is_ok_and(|p| p.contains(&format!("\"version\": \"{AXE_CORE}\"")));
    if !installed {
        if which("npm").is_none() {
            apt_install(&["npm"], "npm fetches axe-core, the accessibility checker")?;
        }
        eprintln!(
            "installing axe-core {AXE_CORE} into target/axe: the browser tests check every page with it"
        );
        npm_install(&prefix, &format!("axe-core@{AXE_CORE}"))?;
    }
    Ok(js)
}

/// `npm install package@version` into `prefix` (its own node_modules), nothing saved elsewhere.
pub(crate) fn npm_install(prefix: &Path, package: &str) -> Result<()> {
    std::fs::create_dir_all(prefix)?;
    sh(Command::new("npm")
        .args([
            "install",
            "--no-audit",
            "--no-fund",
            "--no-save",
            "--prefix",
        ])
        .arg(prefix)
        .arg(package))
}
