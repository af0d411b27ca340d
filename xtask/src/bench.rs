//! `cargo xtask bench`: the portal under a real load generator on this 2-core machine, the server
//! on core 0 and the load generators on core 1, beside what a user would pick instead (nginx
//! serving the same record as a file; Datasette over the same SQLite file). Prints a table and
//! writes it to `target/bench/report.md`. A benchmark, not a test: it reports, it never fails on a
//! figure.
//!
//! Load: oha (crates.io) for the reads, closed-loop at 16 connections for throughput and open-loop
//! (a fixed rate, latency corrected for coordinated omission) for the latency at half of it; wrk
//! (Debian) with a Lua script for the complaint POSTs, because each needs a fresh proof-of-work
//! solution, solved here beforehand.

use crate::{cargo, sh};
use anyhow::{Context, Result, bail};
use serde_json::{Value, json};
use std::fmt::Write as _;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Pinned so that figures from different days compare.
const OHA: &str = "1.16.0";
const DATASETTE: &str = "0.65.1";
/// A recent SQLite for Datasette (3.51).
const PYSQLITE3: &str = "0.5.4.post2";
const PENALTIES: u64 = 1_000_000;
/// Seconds each closed-loop measurement runs (after a 2-second warm-up).
const SECONDS: u64 = 10;
const CONNECTIONS: u32 = 16;
/// The filtered list the API and Datasette answer: two filters, sorted by fine.
const LOCALITY: &str = "xc-tongbei";
const PARTY_KIND: &str = "legal_person";

/// A load run's figures.
#[derive(Debug, Clone, Copy)]
struct Load {
    rps: f64,
    p50_ms: f64,
    p99_ms: f64,
}

/// One line of the table.
struct Row {
    what: String,
    load: Option<Load>,
    note: String,
}

/// The report: rows of load figures and free lines, printed and written as Markdown.
#[derive(Default)]
struct Report {
    rows: Vec<Row>,
    lines: Vec<String>,
}

impl Report {
    fn load(&mut self, what: &str, load: Load, note: impl Into<String>) {
        eprintln!(
            "  {what}: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms",
            load.rps, load.p50_ms, load.p99_ms
        );
        self.rows.push(Row {
            what: what.to_owned(),
            load: Some(load),
            note: note.into(),
        });
    }

    fn note(&mut self, what: &str, note: impl Into<String>) {
        let note = note.into();
        eprintln!("  {what}: {note}");
        self.rows.push(Row {
            what: what.to_owned(),
            load: None,
            note,
        });
    }

    fn markdown(&self) -> String {
        let mut out =
            String::from("| What | req/s | p50 ms | p99 ms | Note |\n|---|---:|---:|---:|---|\n");
        for r in &self.rows {
            let (rps, p50, p99) = r.load.map_or_else(
                || ("".to_owned(), "".to_owned(), "".to_owned()),
                |l| {
                    (
                        format!("{:.0}", l.rps),
                        format!("{:.2}", l.p50_ms),
                        format!("{:.2}", l.p99_ms),
                    )
                },
            );
            let _ = writeln!(out, "| {} | {rps} | {p50} | {p99} | {} |", r.what, r.note);
        }
        for l in &self.lines {
            let _ = writeln!(out, "\n{l}");
        }
        out
    }
}

/// A process stopped (and waited for) when dropped.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// The parts of the run, in order; `cargo xtask bench PART...` runs only those named (the side by
/// side and the flood need the reads' figures, so they bring the reads along).
pub(crate) const PARTS: [&str; 5] = ["reads", "posts", "compare", "flood", "web"];

pub(crate) fn run(root: &Path, parts: &[String]) -> Result<()> {
    if let Some(unknown) = parts.iter().find(|p| !PARTS.contains(&p.as_str())) {
        bail!(
            "no bench part {unknown:?}: the parts are {}",
            PARTS.join(", ")
        );
    }
    let wants = |part: &str| {
        parts.is_empty()
            || parts.iter().any(|p| p == part)
            || (part == "reads" && parts.iter().any(|p| p == "compare" || p == "flood"))
    };
    let started = Instant::now();
    let dir = target_dir(root).join("bench");
    std::fs::create_dir_all(&dir)?;
    let tools = Tools::ensure(root, &dir)?;
    crate::tools::ensure_build_tools(root)?;
    crate::build_spa(root)?;
    sh(cargo().args([
        "build",
        "--release",
        "--package",
        "gongshi-server",
        "--bin",
        "gongshi",
    ]))?;
    let gongshi = target_dir(root).join("release").join("gongshi");
    let db = seeded(&gongshi, &dir)?;
    let mut report = Report::default();
    report.lines.push(format!(
        "Machine: {} cores ({}); server pinned to core 0, load generators to core 1. \
         {PENALTIES} penalty decisions in SQLite ({:.1} GB). oha {OHA}, wrk (Debian), nginx \
         (Debian, one worker), Datasette {DATASETTE}. {SECONDS} s per closed-loop run at \
         {CONNECTIONS} connections.",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        cpu_model(),
        std::fs::metadata(&db).map_or(0.0, |m| m.len() as f64 / 1e9),
    ));

    // The portal, with limits out of the way of the POST measurement.
    let port = free_port()?;
    let base = format!("http://127.0.0.1:{port}");
    let list = format!(
        "{base}/api/v1/penalties?locality={LOCALITY}&party_kind={PARTY_KIND}&sort=fine_desc"
    );
    let server = serve(
        &gongshi,
        root,
        &db,
        port,
        &[
            "--complaints-per-hour",
            "100000000",
            "--complaints-per-day",
            "100000000",
            "--trust-forwarded-for",
        ],
    )?;

    let reads = if wants("reads") {
        Some(reads(&tools, port, &list, &mut report)?)
    } else {
        None
    };
    if wants("posts") {
        let bodies = solved_bodies(port, &dir, 12_000)?;
        // Each from an address of its own, a network apart from the last run's, as citizens
        // file: the rate limits count each address's earlier complaints.
        let network = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() / 60 % 256);
        let posts = wrk_posts(
            &tools.wrk,
            &dir,
            port,
            &bodies,
            &format!("each:{network}"),
            false,
        )?;
        report.load(
            "Complaint POST (durable)",
            posts.load,
            format!(
                "{} filed in {SECONDS} s, each answered 201 after its commit",
                posts.answered
            ),
        );
    }

    // Side by side: nginx serving the same record as a file; Datasette over the same file.
    if let Some(reads) = reads.as_ref().filter(|_| wants("compare")) {
        eprintln!("\nnginx and Datasette");
        let record = get_raw(port, &format!("/api/v1/penalties/{}", reads.id))?;
        let nginx = nginx(&dir, &record)?;
        let nginx_detail = oha(&tools.oha, &format!("{}/penalty.json", nginx.1), None)?;
        drop(nginx);
        report.load(
            "nginx: the same record as a static file",
            nginx_detail,
            format!(
                "ours ÷ nginx: {:.2}× the throughput",
                reads.detail.rps / nginx_detail.rps
            ),
        );
        drop(server);
        let datasette = datasette(&tools.datasette, &dir, &db)?;
        let datasette_list = oha(
            &tools.oha,
            &format!(
                "{}/gongshi/filtered.json?locality={LOCALITY}&party_kind={PARTY_KIND}&_shape=array",
                datasette.1
            ),
            None,
        )?;
        drop(datasette);
        report.load(
            "Datasette: the same filtered list (canned query)",
            datasette_list,
            format!(
                "ours ÷ Datasette: {:.2}× the throughput",
                reads.list.rps / datasette_list.rps
            ),
        );
    } else {
        drop(server);
    }

    // A flood of complaints from one address at the default limits, and the readers beside it.
    if let Some(reads) = reads.as_ref().filter(|_| wants("flood")) {
        eprintln!("\na complaint flood from one address");
        let server = serve(&gongshi, root, &db, port, &[])?;
        let rate = reads.list.rps / 4.0;
        let alone = oha(&tools.oha, &list, Some(rate))?;
        // A flood sends what it has again and again: past the first few, every answer is a 429.
        let flood_bodies = solved_bodies(port, &dir, 1_000)?;
        let flood = std::thread::scope(|s| -> Result<(Load, Posts)> {
            let wrk =
                s.spawn(|| wrk_posts(&tools.wrk, &dir, port, &flood_bodies, "203.0.113.7", true));
            std::thread::sleep(Duration::from_secs(2));
            let readers = oha(&tools.oha, &list, Some(rate))?;
            let posts = wrk.join().map_err(|_| anyhow::anyhow!("wrk thread"))??;
            Ok((readers, posts))
        })?;
        drop(server);
        report.load(
            "Readers alone (filtered list, open loop)",
            alone,
            format!("{rate:.0} req/s offered"),
        );
        report.load(
            "Readers during the flood",
            flood.0,
            format!(
                "p99 {:.1}× alone; the flood: {:.0} POST/s from one address, {} answered 201, {} answered 429",
                flood.0.p99_ms / alone.p99_ms,
                flood.1.load.rps,
                flood.1.answered,
                flood.1.limited
            ),
        );
    }

    // The web app: sizes and Lighthouse.
    if wants("web") {
        eprintln!("\nthe web app");
        let server = serve(&gongshi, root, &db, port, &[])?;
        for size in crate::bench_web::sizes(&root.join("dist"))? {
            let (sent, encoding) = sent_to_browser(port, &format!("/{}", size.file))?;
            report.note(
                &format!("Web app: {}", size.file),
                format!(
                    "{:.1} KB raw, {:.1} KB brotli; {:.1} KB sent to a browser ({encoding})",
                    size.raw as f64 / 1024.0,
                    size.brotli as f64 / 1024.0,
                    sent as f64 / 1024.0
                ),
            );
        }
        for s in crate::bench_web::lighthouse(root, &base)? {
            report.note(
                &format!("Lighthouse, {}", s.page),
                format!(
                    "performance {}, accessibility {}, best practices {} ({})",
                    s.performance,
                    s.accessibility,
                    s.best_practices,
                    s.url.strip_prefix(&base).unwrap_or(&s.url)
                ),
            );
        }
        drop(server);
    }
    report.lines.push(format!(
        "Measured in {:.0} s.",
        started.elapsed().as_secs_f64()
    ));
    let table = report.markdown();
    let out = dir.join("report.md");
    std::fs::write(&out, &table)?;
    println!("\n{table}\nwritten to {}", out.display());
    Ok(())
}

/// The reads' figures the side by side and the flood compare against.
struct Reads {
    /// The record measured by id.
    id: u64,
    detail: Load,
    list: Load,
}

/// The reads: a record by id, the filtered list, search, the list open-loop at half its maximum,
/// and the CSV export of everything listed.
fn reads(tools: &Tools, port: u16, list: &str, report: &mut Report) -> Result<Reads> {
    let base = format!("http://127.0.0.1:{port}");
    let first: Value = get_json(port, "/api/v1/penalties?limit=1")?;
    let id = first["items"][0]["id"]
        .as_u64()
        .context("the newest record's id")?;
    let total = first["total"].as_u64().unwrap_or(0);
    let detail = format!("{base}/api/v1/penalties/{id}");
    eprintln!("\nthe portal ({total} records listed today of {PENALTIES})");
    let ours_detail = oha(&tools.oha, &detail, None)?;
    report.load(
        "Penalty by id",
        ours_detail,
        format!("/api/v1/penalties/{id}"),
    );
    let ours_list = oha(&tools.oha, list, None)?;
    report.load(
        "Filtered list",
        ours_list,
        "locality + party kind, by fine, 50 a page, with total and facets",
    );
    for q in ["违法", "占用道路"] {
        let url = format!("{base}/api/v1/penalties?q={}", urlencode(q));
        let load = oha(&tools.oha, &url, None)?;
        report.load(
            &format!("Search, {} characters", q.chars().count()),
            load,
            format!("q={q}"),
        );
    }
    let open = oha(&tools.oha, list, Some(ours_list.rps / 2.0))?;
    report.load(
        "Filtered list, open loop at half its maximum",
        open,
        format!(
            "{:.0} req/s offered, latency corrected",
            ours_list.rps / 2.0
        ),
    );
    let (rows, seconds, bytes) = export(port)?;
    report.note(
        "CSV export of everything listed",
        format!(
            "{rows} rows, {:.1} MB in {seconds:.1} s: {:.0} rows/s",
            bytes as f64 / 1e6,
            rows as f64 / seconds
        ),
    );
    Ok(Reads {
        id,
        detail: ours_detail,
        list: ours_list,
    })
}

fn target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), PathBuf::from)
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("model name"))
                .map(|l| l.trim_start_matches([' ', '\t', ':']).to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

/// The load generators and Datasette, installed where missing.
struct Tools {
    oha: PathBuf,
    wrk: PathBuf,
    datasette: PathBuf,
}

impl Tools {
    fn ensure(root: &Path, dir: &Path) -> Result<Self> {
        let oha = crate::tools::bin("oha");
        if !version_is(&oha, OHA) {
            crate::tools::cargo_install(
                "oha",
                "the HTTP load generator for the reads",
                &["oha", "--locked", "--version", OHA],
            )?;
        }
        if crate::tools::which("wrk").is_none() || crate::tools::which("nginx").is_none() {
            crate::tools::apt_install(
                &["wrk", "nginx-light"],
                "wrk posts the complaints; nginx serves a record for comparison",
            )?;
        }
        let venv = dir.join("datasette-venv");
        let datasette = venv.join("bin").join("datasette");
        if !version_is(&datasette, DATASETTE) {
            eprintln!("installing Datasette {DATASETTE} into {}", venv.display());
            sh(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
            sh(Command::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet"])
                .arg(format!("datasette=={DATASETTE}")))?;
        }
        // Python's own SQLite (3.40 here) cannot open the file: its search index uses FTS5's
        // contentless_delete (3.43). Datasette uses pysqlite3 when it is there.
        let python = venv.join("bin").join("python");
        let has_pysqlite3 = Command::new(&python)
            .args(["-c", "import pysqlite3"])
            .status()
            .is_ok_and(|s| s.success());
        if !has_pysqlite3 {
            sh(Command::new(venv.join("bin").join("pip"))
                .args(["install", "--quiet"])
                .arg(format!("pysqlite3-binary=={PYSQLITE3}")))?;
        }
        let _ = root;
        Ok(Self {
            oha: crate::tools::bin("oha"),
            wrk: PathBuf::from("wrk"),
            datasette,
        })
    }
}

fn version_is(tool: &Path, version: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).contains(version))
}

/// The bench database: the demo organisation with a million decisions, made once and kept.
fn seeded(gongshi: &Path, dir: &Path) -> Result<PathBuf> {
    let db = dir.join(format!("penalties-{PENALTIES}.db"));
    let done = dir.join(format!("penalties-{PENALTIES}.done"));
    if db.is_file() && done.is_file() {
        return Ok(db);
    }
    let _ = std::fs::remove_file(&db);
    eprintln!("seeding {PENALTIES} decisions into {} (once)", db.display());
    let started = Instant::now();
    sh(Command::new(gongshi)
        .args(["seed", "--penalties", &PENALTIES.to_string(), "--database"])
        .arg(format!("sqlite://{}", db.display())))?;
    std::fs::write(&done, format!("{:.0} s\n", started.elapsed().as_secs_f64()))?;
    Ok(db)
}

fn free_port() -> Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// `gongshi serve` on core 0 over `db`, once it is ready.
fn serve(gongshi: &Path, root: &Path, db: &Path, port: u16, args: &[&str]) -> Result<Running> {
    let child = Command::new("taskset")
        .args(["-c", "0"])
        .arg(gongshi)
        .args([
            "serve",
            "--addr",
            &format!("127.0.0.1:{port}"),
            "--database",
        ])
        .arg(format!("sqlite://{}", db.display()))
        .arg("--assets")
        .arg(root.join("dist"))
        .args(["--pow-max-number", "1000"])
        .args(args)
        .env("GONGSHI_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .context("starting gongshi serve")?;
    let mut running = Running(child);
    wait_for(
        &mut running,
        port,
        "/api/v1/health/ready",
        Duration::from_secs(600),
    )?;
    Ok(running)
}

/// Waits until `path` answers 200 on `port`; fails at once if `server` exits first.
fn wait_for(server: &mut Running, port: u16, path: &str, within: Duration) -> Result<()> {
    let started = Instant::now();
    loop {
        if get_raw(port, path).is_ok() {
            return Ok(());
        }
        if let Some(status) = server.0.try_wait()? {
            bail!("the server for port {port} exited ({status}) before {path} answered");
        }
        if started.elapsed() > within {
            bail!("nothing answered {path} on port {port} within {within:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `GET path` over HTTP/1.1: the body of a 200.
fn get_raw(port: u16, path: &str) -> Result<Vec<u8>> {
    Ok(get_with(port, path, "")?.1)
}

/// A GET with `headers` (lines ending in CRLF): the answer's head, lower-cased, and its body.
fn get_with(port: u16, path: &str, headers: &str) -> Result<(String, Vec<u8>)> {
    let mut s = TcpStream::connect(("127.0.0.1", port))?;
    s.set_read_timeout(Some(Duration::from_secs(120)))?;
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{headers}\r\n"
    )?;
    let mut out = Vec::new();
    s.read_to_end(&mut out)?;
    let split = out
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .context("an HTTP answer")?;
    let head = String::from_utf8_lossy(&out[..split]).to_ascii_lowercase();
    if !head.starts_with("http/1.1 200") {
        bail!("GET {path}: {}", head.lines().next().unwrap_or(""));
    }
    let body = if head.contains("transfer-encoding: chunked") {
        dechunk(&out[split + 4..])
    } else {
        out[split + 4..].to_vec()
    };
    Ok((head, body))
}

/// What the server sends a browser for `path` (Chromium's Accept-Encoding): the bytes on the
/// wire and their Content-Encoding.
fn sent_to_browser(port: u16, path: &str) -> Result<(usize, String)> {
    let (head, body) = get_with(port, path, "Accept-Encoding: gzip, deflate, br, zstd\r\n")?;
    let encoding = head
        .lines()
        .find_map(|l| l.strip_prefix("content-encoding:"))
        .map_or("identity", str::trim)
        .to_owned();
    Ok((body.len(), encoding))
}

fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&body[..end]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = end + 2;
        out.extend_from_slice(&body[start..(start + size).min(body.len())]);
        body = &body[(start + size + 2).min(body.len())..];
    }
    out
}

fn get_json(port: u16, path: &str) -> Result<Value> {
    Ok(serde_json::from_slice(&get_raw(port, path)?)?)
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// oha on core 1 against `url`: closed loop at [`CONNECTIONS`], or open loop at `rate` requests a
/// second with latency correction. Fails unless every answer was a 200.
fn oha(oha: &Path, url: &str, rate: Option<f64>) -> Result<Load> {
    let run = |seconds: u64| -> Result<Value> {
        let mut cmd = Command::new("taskset");
        cmd.args(["-c", "1"])
            .arg(oha)
            .args(["--no-tui", "--output-format", "json", "-z"])
            .arg(format!("{seconds}s"))
            .args(["-c", &CONNECTIONS.to_string()]);
        if let Some(rate) = rate {
            cmd.args(["-q", &format!("{rate:.0}"), "--latency-correction"]);
        }
        let out = cmd.arg(url).output().context("running oha")?;
        if !out.status.success() {
            bail!("oha {url}: {}", String::from_utf8_lossy(&out.stderr));
        }
        Ok(serde_json::from_slice(&out.stdout)?)
    };
    run(2)?;
    let v = run(SECONDS)?;
    let codes = &v["statusCodeDistribution"];
    let ok = codes["200"].as_u64().unwrap_or(0);
    let all: u64 = codes
        .as_object()
        .map(|m| m.values().filter_map(Value::as_u64).sum())
        .unwrap_or(0);
    if ok == 0 || ok != all {
        bail!(
            "oha {url}: answers {codes}, errors {}",
            v["errorDistribution"]
        );
    }
    let ms = |key: &str| v["latencyPercentiles"][key].as_f64().unwrap_or(f64::NAN) * 1000.0;
    Ok(Load {
        rps: v["summary"]["requestsPerSec"].as_f64().unwrap_or(0.0),
        p50_ms: ms("p50"),
        p99_ms: ms("p99"),
    })
}

/// The CSV export of everything listed, read to the end: rows, seconds and bytes.
fn export(port: u16) -> Result<(u64, f64, u64)> {
    let started = Instant::now();
    let body = get_raw(port, "/api/v1/penalties/export?format=csv")?;
    let seconds = started.elapsed().as_secs_f64();
    let rows = body.iter().filter(|b| **b == b'\n').count() as u64 - 1;
    Ok((rows, seconds, body.len() as u64))
}

/// `n` complaint bodies, each with its own proof-of-work solution to a challenge of the server on
/// `port`, one JSON document a line in a file.
fn solved_bodies(port: u16, dir: &Path, n: usize) -> Result<PathBuf> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let started = Instant::now();
    let path = dir.join(format!("complaints-{port}-{n}.ndjson"));
    let mut out = std::io::BufWriter::new(std::fs::File::create(&path)?);
    // The server's today (China's date), as the roster states it.
    let today = get_json(port, "/api/v1/officers?limit=1")?["items"][0]["as_of"]
        .as_str()
        .map(str::to_owned);
    for i in 0..n {
        let c = get_json(port, "/api/v1/complaints/challenge")?;
        let (challenge, salt) = (
            c["challenge"].as_str().context("a challenge")?,
            c["salt"].as_str().context("a salt")?,
        );
        let max = c["maxnumber"].as_u64().unwrap_or(1_000);
        let number = (0..=max)
            .find(|k| hex(&Sha256::digest(format!("{salt}{k}"))) == challenge)
            .context("a solution within maxnumber")?;
        let payload = json!({
            "algorithm": "SHA-256", "challenge": challenge, "number": number,
            "salt": salt, "signature": c["signature"],
        });
        let mut form = json!({
            "kind": "tip", "district": "350602", "locality": "xc-nankeng",
            "address": format!("南坑街道某路 {i} 号"),
            "domain": "urban_management",
            "description": format!("第 {i} 次反映：夜间施工噪声扰民，持续到凌晨。"),
            "privacy": "anonymous", "consent": true,
        });
        if let Some(today) = &today {
            form["happened_on"] = json!(today);
        }
        let body = json!({
            "form": form,
            "altcha": base64::engine::general_purpose::STANDARD.encode(payload.to_string()),
        });
        writeln!(out, "{body}")?;
    }
    out.flush()?;
    eprintln!(
        "  {n} complaint bodies solved in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(path)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// wrk's answer to a run of POSTs.
struct Posts {
    load: Load,
    /// Answered 201.
    answered: u64,
    /// Answered 429.
    limited: u64,
}

/// wrk on core 1 posting the bodies in `bodies` once each from `client` (sent as
/// X-Forwarded-For, which the server trusts only when told to; otherwise every POST is from
/// 127.0.0.1 anyway), or with `each:N` each from an address of its own in 10.N.0.0/16. Closed loop, 8 connections, [`SECONDS`] seconds. Unless `again` (a flood),
/// each body is sent once: a solution sent twice is refused.
fn wrk_posts(
    wrk: &Path,
    dir: &Path,
    port: u16,
    bodies: &Path,
    client: &str,
    again: bool,
) -> Result<Posts> {
    let script = dir.join("complaints.lua");
    std::fs::write(&script, WRK_SCRIPT)?;
    let out = Command::new("taskset")
        .args(["-c", "1"])
        .arg(wrk)
        .args(["-t", "1", "-c", "8", "-d"])
        .arg(format!("{SECONDS}s"))
        .arg("-s")
        .arg(&script)
        .arg(format!("http://127.0.0.1:{port}/api/v1/complaints"))
        .env("BODIES", bodies)
        .env("CLIENT", client)
        .output()
        .context("running wrk")?;
    let text = String::from_utf8_lossy(&out.stdout);
    let line = text
        .lines()
        .find(|l| l.starts_with("{\"requests\""))
        .with_context(|| {
            format!(
                "wrk's summary: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
    let v: Value = serde_json::from_str(line)?;
    let n = |k: &str| v[k].as_f64().unwrap_or(0.0);
    if !again && n("used") >= n("bodies") {
        bail!("wrk used every solved body: solve more");
    }
    if !again && n("limited") > 0.0 {
        bail!("{} complaint POSTs were over the limit", n("limited"));
    }
    if n("other") > 0.0 {
        bail!(
            "{} complaint POSTs answered neither 201 nor 429 (one: {})",
            n("other"),
            n("other_status")
        );
    }
    Ok(Posts {
        load: Load {
            rps: n("requests") / (n("duration_us") / 1e6),
            p50_ms: n("p50_us") / 1000.0,
            p99_ms: n("p99_us") / 1000.0,
        },
        answered: v["created"].as_u64().unwrap_or(0),
        limited: v["limited"].as_u64().unwrap_or(0),
    })
}

/// Each request the next solved body; counts the answers by kind in each thread (wrk's `done`
/// runs in a state of its own, so it reads them through the threads); prints one JSON line.
const WRK_SCRIPT: &str = r#"
local bodies = {}
for line in io.lines(os.getenv("BODIES")) do bodies[#bodies + 1] = line end
local client = os.getenv("CLIENT")
-- "each:N": every POST from an address of its own in 10.N.0.0/16 (a citizen filing once).
local each = tonumber(string.match(client, "^each:(%d+)$"))
local threads = {}
setup = function(thread) table.insert(threads, thread) end
used, created, limited, other, other_status = 0, 0, 0, 0, 0
request = function()
  used = used + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["X-Forwarded-For"] = each and string.format("10.%d.%d.%d", each, math.floor(used / 250) % 256, used % 250 + 1) or client,
  }, bodies[((used - 1) % #bodies) + 1])
end
response = function(status, headers, body)
  if status == 201 then created = created + 1
  elseif status == 429 then limited = limited + 1
  else other = other + 1; other_status = status end
end
done = function(summary, latency, requests)
  local n = { used = 0, created = 0, limited = 0, other = 0, other_status = 0 }
  for _, t in ipairs(threads) do
    for k, _ in pairs(n) do n[k] = n[k] + (t:get(k) or 0) end
  end
  io.write(string.format(
    '{"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"created":%d,"limited":%d,"other":%d,"other_status":%d,"used":%d,"bodies":%d,"socket_errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    n.created, n.limited, n.other, n.other_status, n.used, #bodies,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
"#;

/// nginx on core 0 serving `record` as `/penalty.json`: the process and its base address.
fn nginx(dir: &Path, record: &[u8]) -> Result<(Running, String)> {
    let root = dir.join("nginx");
    std::fs::create_dir_all(root.join("html"))?;
    std::fs::create_dir_all(root.join("logs"))?;
    std::fs::write(root.join("html").join("penalty.json"), record)?;
    let port = free_port()?;
    let conf = root.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "worker_processes 1;\ndaemon off;\npid {pid};\nerror_log stderr warn;\n\
             events {{ worker_connections 1024; }}\n\
             http {{\n  access_log off;\n  types {{ application/json json; }}\n\
               server {{\n    listen 127.0.0.1:{port};\n    root {html};\n  }}\n}}\n",
            pid = root.join("nginx.pid").display(),
            html = root.join("html").display(),
        ),
    )?;
    let child = Command::new("taskset")
        .args(["-c", "0", "nginx", "-p"])
        .arg(&root)
        .arg("-c")
        .arg(&conf)
        .spawn()
        .context("starting nginx")?;
    let mut running = Running(child);
    wait_for(&mut running, port, "/penalty.json", Duration::from_secs(10))?;
    Ok((running, format!("http://127.0.0.1:{port}")))
}

/// Datasette on core 0 over `db` (immutable, as a published file), with the filtered list as a
/// canned query: the same SQL the portal's list runs for its page of records.
fn datasette(datasette: &Path, dir: &Path, db: &Path) -> Result<(Running, String)> {
    let metadata = dir.join("datasette-metadata.json");
    std::fs::write(
        &metadata,
        json!({
            "databases": { "gongshi": { "queries": { "filtered": {
                "sql": "SELECT p.public FROM penalty_listing s \
                        JOIN penalty_public p ON p.key = s.key \
                        WHERE s.locality = :locality AND s.party_kind = :party_kind \
                        ORDER BY s.fine DESC, s.key DESC LIMIT 50"
            }}}}
        })
        .to_string(),
    )?;
    // Datasette names a database after its file.
    let link = dir.join("gongshi.db");
    let _ = std::fs::remove_file(&link);
    std::os::unix::fs::symlink(db, &link)?;
    let port = free_port()?;
    let child = Command::new("taskset")
        .args(["-c", "0"])
        .arg(datasette)
        .arg("serve")
        .arg("-i")
        .arg(&link)
        .arg("--metadata")
        .arg(&metadata)
        .args(["--port", &port.to_string(), "--host", "127.0.0.1"])
        .args(["--setting", "sql_time_limit_ms", "20000"])
        .stdout(Stdio::null())
        .spawn()
        .context("starting datasette")?;
    let mut running = Running(child);
    wait_for(
        &mut running,
        port,
        "/-/versions.json",
        Duration::from_secs(600),
    )?;
    Ok((running, format!("http://127.0.0.1:{port}")))
}
