//! Penalty disclosures at scale over a real socket: `cargo xtask bench` (or
//! `cargo bench -p gongshi-server --bench penalties`).
//!
//! Seeds 1,000,000 generated decisions for 芗城区 (the generator `gongshi seed --penalties` uses;
//! `GONGSHI_BENCH_PENALTIES_DB=/path.db` keeps the database and reuses it when it already holds
//! them), starts the real router on a loopback port and measures: the list with two filters
//! (sorted), a search for a 2- and a 4-character word, a record's page, the statistics, a
//! publisher's start page (`GET /staff/dashboard`, their authority's records counted by state),
//! and a CSV export of everything (rows per second, and the process's peak memory during the
//! export). Each query runs `ROUNDS` times after a warm-up; p50, p95, p99 and max. Figures, not a
//! test.
//!
//! Then the same on PostgreSQL, in the same run: the SQLite database is copied in with
//! `gongshi migrate-data`'s code (timed) into a PostgreSQL server the bench starts itself
//! (Debian's package; `GONGSHI_BENCH_POSTGRES_URL=postgres://…` names an existing, empty or
//! already-copied database instead), and the table is printed again with both stores side by side.
//! Without PostgreSQL installed, the SQLite half runs alone.

use gongshi_server::demo;
use gongshi_server::store;
use gongshi_server::store::Store;
use http_body_util::BodyExt;
use std::time::{Duration, Instant};

mod common;
use common::{get, get_as, ms, percentile, serve, urlencode};

#[path = "../tests/api/postgres.rs"]
#[expect(
    dead_code,
    reason = "the bench uses the test server, not the test templates"
)]
mod postgres;

const PENALTIES: u64 = 1_000_000;
const ROUNDS: usize = 200;

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

/// This process's resident memory high-water mark in KiB (Linux), and a way to reset it.
fn peak_rss_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

fn reset_peak_rss() {
    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+).
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

async fn run() -> anyhow::Result<()> {
    let dir = tempfile::TempDir::new()?;
    let path = std::env::var_os("GONGSHI_BENCH_PENALTIES_DB")
        .map_or_else(|| dir.path().join("penalties.db"), std::path::PathBuf::from);
    let db = format!("sqlite://{}", path.display());
    let mut store = store::open(&db).await?;
    let today = gongshi_server::today();
    let filter = gongshi_server::store::PenaltyFilter::listed_on(today);
    let have = store
        .penalty_stats(&"350602".parse()?, None)
        .await?
        .by_month
        .iter()
        .map(|(_, t)| t.decisions)
        .sum::<u64>();
    if have < PENALTIES * 9 / 10 {
        drop(store);
        let _ = std::fs::remove_file(&path);
        store = store::open(&db).await?;
        let started = Instant::now();
        let loaded = demo::load_demo(store.as_ref(), PENALTIES, today, &|n, of| {
            if n % 100_000 == 0 {
                eprintln!("  seeded {n} of {of}");
            }
        })
        .await?;
        let took = started.elapsed();
        println!(
            "seeded {} decisions in {:.0} s ({:.0} per second)",
            loaded.penalties,
            took.as_secs_f64(),
            loaded.penalties as f64 / took.as_secs_f64()
        );
    } else {
        println!("reusing {} ({} standing decisions)", path.display(), have);
    }
    store.refresh_penalty_summaries(today).await?;
    let listed = store.penalty_count(&filter, u64::MAX).await?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!(
        "database {:.2} GB, {} decisions listed today ({today})",
        size as f64 / 1e9,
        listed.value
    );

    let sqlite = measure(store, "SQLite", today).await?;

    let Some((url, _server_db)) = postgres_database()? else {
        println!("\nPostgreSQL is not installed: the SQLite figures only");
        return Ok(());
    };
    let target = store::PgStore::open(&url).await?;
    if target.is_empty().await? {
        let source = store::SqliteStore::open(&db).await?;
        let started = Instant::now();
        let copied = store::copy::copy(&source, &target, &|_, _| {}).await?;
        println!(
            "\ncopied into PostgreSQL (gongshi migrate-data) in {:.0} s: {} tables, {} penalties",
            started.elapsed().as_secs_f64(),
            copied.tables.len(),
            copied
                .tables
                .iter()
                .find(|(t, _)| *t == "penalties")
                .map_or(0, |(_, n)| *n)
        );
    } else {
        println!("\nreusing the PostgreSQL database {url}");
    }
    let pg: std::sync::Arc<dyn store::Store> = std::sync::Arc::new(target);
    pg.refresh_penalty_summaries(today).await?;
    let postgres = measure(pg, "PostgreSQL", today).await?;

    println!(
        "\n{:<34} {:>17} {:>17}",
        "side by side (p50 / p99 ms)", "SQLite", "PostgreSQL"
    );
    for ((name, a), (_, b)) in sqlite.iter().zip(&postgres) {
        println!(
            "{name:<34} {:>17} {:>17}",
            format!("{} / {}", ms(a.0), ms(a.1)),
            format!("{} / {}", ms(b.0), ms(b.1))
        );
    }
    Ok(())
}

/// The PostgreSQL database to measure: `GONGSHI_BENCH_POSTGRES_URL`, or a new one on a server of
/// the bench's own (with the settings in `GONGSHI_PG_OPTIONS`); `None` when PostgreSQL is not
/// installed.
fn postgres_database() -> anyhow::Result<Option<(String, Option<postgres::Database>)>> {
    if let Ok(url) = std::env::var("GONGSHI_BENCH_POSTGRES_URL") {
        return Ok(Some((url, None)));
    }
    let installed = std::env::var_os("GONGSHI_PG_BIN").is_some()
        || std::fs::read_dir("/usr/lib/postgresql")
            .map(|mut d| d.any(|v| v.is_ok_and(|v| v.path().join("bin/initdb").exists())))
            .unwrap_or(false);
    if !installed {
        return Ok(None);
    }
    if std::env::var_os("GONGSHI_PG_OPTIONS").is_none() {
        println!(
            "(PostgreSQL with its default settings: GONGSHI_PG_OPTIONS='-c shared_buffers=…' tunes it; \
             cargo xtask bench does)"
        );
    }
    let db = postgres::Database::create();
    Ok(Some((db.url.clone(), Some(db))))
}

/// Times every query over `store` behind the real router; (name, (p50, p99)) per query, after
/// printing the whole table and the export's figures.
async fn measure(
    store: std::sync::Arc<dyn store::Store>,
    label: &str,
    today: time::Date,
) -> anyhow::Result<Vec<(&'static str, (Duration, Duration))>> {
    let cookie = publisher_session(store.as_ref(), "xc-zhishan").await?;
    let (client, base) = serve(store).await?;

    // A record that is listed, for its page.
    let (_, first) = get(&client, &format!("{base}/api/v1/penalties?limit=1")).await?;
    let id = serde_json::from_slice::<serde_json::Value>(&first)?["items"][0]["id"]
        .as_u64()
        .ok_or_else(|| anyhow::anyhow!("something is listed"))?;
    let queries: Vec<(&'static str, String)> =
        vec![
        ("list, no filter", "/api/v1/penalties?limit=20".to_owned()),
        (
            "list, locality + kind",
            "/api/v1/penalties?locality=xc-zhishan&kind=fine&limit=20".to_owned(),
        ),
        (
            "list, domain + procedure by fine",
            "/api/v1/penalties?domain=urban_management&procedure=ordinary&sort=fine_desc&limit=20"
                .to_owned(),
        ),
        (
            "list, date range + party",
            format!(
                "/api/v1/penalties?from={}&party_kind=legal_person&limit=20",
                today - time::Duration::days(30)
            ),
        ),
        (
            "search, 2 characters",
            format!("/api/v1/penalties?q={}&limit=20", urlencode("鑫盛")),
        ),
        (
            "search, 4 characters",
            format!("/api/v1/penalties?q={}&limit=20", urlencode("生活垃圾")),
        ),
        (
            "search + locality",
            format!(
                "/api/v1/penalties?q={}&locality=xc-nankeng&limit=20",
                urlencode("店")
            ),
        ),
        ("record page", format!("/api/v1/penalties/{id}")),
        (
            "statistics, a year",
            format!("/api/v1/penalties/stats?district=350602&year={}", today.year()),
        ),
        ("staff start page (publisher)", "/api/v1/staff/dashboard".to_owned()),
    ];
    println!(
        "\n{label}\n{:<34} {:>8} {:>8} {:>8} {:>8} {:>8}",
        "query", "total", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    let mut figures = Vec::with_capacity(queries.len());
    for (name, path) in &queries {
        let url = format!("{base}{path}");
        let staff = path
            .starts_with("/api/v1/staff/")
            .then_some(cookie.as_str());
        let (_, body) = get_as(&client, &url, staff).await?;
        let json: serde_json::Value = serde_json::from_slice(&body)?;
        let total = match (&json["total"], json["total_is_lower_bound"].as_bool()) {
            (serde_json::Value::Number(n), Some(true)) => format!("{n}+"),
            (serde_json::Value::Number(n), _) => n.to_string(),
            // The start page: every record of the publisher's authority.
            _ => json["penalties"]
                .as_object()
                .map(|p| {
                    ["listed", "withdrawn", "removed", "restricted"]
                        .iter()
                        .filter_map(|k| p[*k].as_u64())
                        .sum::<u64>()
                        .to_string()
                })
                .unwrap_or_else(|| "-".to_owned()),
        };
        for _ in 0..10 {
            get_as(&client, &url, staff).await?;
        }
        let mut times = Vec::with_capacity(ROUNDS);
        for _ in 0..ROUNDS {
            times.push(get_as(&client, &url, staff).await?.0);
        }
        times.sort_unstable();
        figures.push((*name, (percentile(&times, 0.50), percentile(&times, 0.99))));
        println!(
            "{name:<34} {total:>8} {:>8} {:>8} {:>8} {:>8}",
            ms(percentile(&times, 0.50)),
            ms(percentile(&times, 0.95)),
            ms(percentile(&times, 0.99)),
            ms(times[times.len() - 1]),
        );
    }

    // The CSV export of everything listed, streamed and counted as it arrives.
    reset_peak_rss();
    let before = peak_rss_kib();
    let started = Instant::now();
    let res = client
        .get(format!("{base}/api/v1/penalties/export?format=csv").parse()?)
        .await?;
    anyhow::ensure!(
        res.status().is_success(),
        "export answered {}",
        res.status()
    );
    let mut body = res.into_body();
    let (mut bytes, mut lines) = (0u64, 0u64);
    while let Some(frame) = body.frame().await {
        if let Ok(data) = frame?.into_data() {
            bytes += data.len() as u64;
            lines += data.iter().filter(|b| **b == b'\n').count() as u64;
        }
    }
    let took = started.elapsed().max(Duration::from_millis(1));
    let rows = lines.saturating_sub(1);
    println!(
        "\nCSV export: {rows} rows, {:.0} MB in {:.1} s = {:.0} rows/s; peak RSS {} MiB before, {} MiB during",
        bytes as f64 / 1e6,
        took.as_secs_f64(),
        rows as f64 / took.as_secs_f64(),
        before.unwrap_or(0) / 1024,
        peak_rss_kib().unwrap_or(0) / 1024,
    );
    Ok(figures)
}

/// A session of a publisher of `authority` (added if missing), opened in the store as a sign-in
/// opens one: the cookie to send.
async fn publisher_session(
    store: &dyn gongshi_server::store::Store,
    authority: &str,
) -> anyhow::Result<String> {
    use gongshi_domain::staff::{Grant, Role, Username};
    use sha2::{Digest, Sha256};
    let username = Username::parse("bench.publisher")?;
    if store.staff_user(&username).await?.is_none() {
        store
            .add_staff_user(&store::NewStaffUser {
                username: username.clone(),
                display_name: "bench".to_owned(),
                password_hash: gongshi_server::hash_password("bench only, never signs in")?,
                grant: Grant::new(Role::Publisher, "350602".parse()?, Some(authority.parse()?))?,
            })
            .await?;
    }
    let user = store
        .staff_user(&username)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the bench publisher was added"))?;
    // Unique per run: a kept database keeps the sessions of earlier runs.
    let token = format!(
        "bench-{}-{}",
        std::process::id(),
        time::OffsetDateTime::now_utc().unix_timestamp_nanos()
    );
    let sha: String = Sha256::digest(token.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let expires = time::OffsetDateTime::now_utc() + time::Duration::hours(1);
    store.open_session(user.id, &sha, "bench", expires).await?;
    Ok(format!("gongshi_session={token}"))
}
