//! Catalog search latency over a real socket: `cargo xtask bench` (or
//! `cargo bench -p gongshi-server --bench catalog_search`).
//!
//! Builds a catalog of 5,000 matters for 芗城区 from the demo catalog (each demo matter repeated
//! with other sub-item codes, its delegation history with it), stores it in a fresh SQLite file,
//! starts the real router on a loopback port and sends the searches the catalog page sends: 1- and
//! 2-character words, plain words that expand (占道), codes, filters, a locality's catalog on a
//! date, and a next page; then the roster pages over the demo rosters (list, search, a zone's
//! valid officers, a certificate check, an officer page whose powers weigh all 5,000 matters at
//! every locality, a zone's joint roster, an authorization). Each query runs `ROUNDS` times after a warm-up, one client after another
//! and then `CLIENTS` at once; the table gives p50, p95, p99 and max per query, and the verdict
//! checks every p99 against the 50 ms budget. A figure, not a test: it never fails the build.
//! `GONGSHI_BENCH_DB=/tmp/bench.db` keeps the database it built, for looking at query plans.

use common::{get, ms, percentile, serve, urlencode};
use gongshi_domain::Name;
use gongshi_domain::catalog::{Delegation, Matter, MatterCode};
use gongshi_server::demo;
use gongshi_server::store;
use std::collections::HashSet;
use std::time::Duration;

mod common;

const MATTERS: usize = 5_000;
const ROUNDS: usize = 200;
const CLIENTS: usize = 4;
const BUDGET: Duration = Duration::from_millis(50);

const QUERIES: &[(&str, &str)] = &[
    ("1 character", "/api/v1/matters?q=%E7%8A%AC"),
    ("2 characters", "/api/v1/matters?q=%E5%99%AA%E5%A3%B0"),
    ("plain word 占道", "/api/v1/matters?q=%E5%8D%A0%E9%81%93"),
    (
        "two words",
        "/api/v1/matters?q=%E5%9F%8E%E5%B8%82%20%E5%A4%84%E7%BD%9A",
    ),
    ("code prefix", "/api/v1/matters?q=350602001F00"),
    ("no match", "/api/v1/matters?q=%E9%A3%9E%E8%88%B9"),
    ("no query, 50", "/api/v1/matters?district=350602"),
    (
        "domain + class",
        "/api/v1/matters?domain=urban_management&class=A&q=%E5%9E%83%E5%9C%BE",
    ),
    (
        "locality catalog on a date",
        "/api/v1/matters?locality=xc-nankeng&date=2024-06-30&q=%E9%81%93%E8%B7%AF",
    ),
    (
        "locality catalog, all",
        "/api/v1/matters?locality=xc-zhishan&limit=200",
    ),
];

fn main() -> anyhow::Result<()> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run())
}

/// The demo catalog grown to `MATTERS` matters: every demo matter again with sub-items 01, 02, …,
/// named as a variant, with the same delegation history.
fn grow(
    matters: &[Matter],
    history: &[Delegation],
) -> anyhow::Result<(Vec<Matter>, Vec<Delegation>)> {
    let mut out = matters.to_vec();
    let mut codes: HashSet<String> = matters.iter().map(|m| m.code.to_string()).collect();
    let mut grown_history = history.to_vec();
    'grow: for variant in 1..100 {
        for m in matters {
            if out.len() >= MATTERS {
                break 'grow;
            }
            let code = format!("{}{variant:02}", &m.code.as_str()[..14]);
            if !codes.insert(code.clone()) {
                continue;
            }
            let code = MatterCode::parse(&code)?;
            grown_history.extend(history.iter().filter(|d| d.matter == m.code).map(|d| {
                Delegation {
                    matter: code.clone(),
                    ..d.clone()
                }
            }));
            let name = Name::parse(format!("{}（情形{variant}）", m.name))
                .or_else(|_| Name::parse(m.name.as_str()))?;
            out.push(Matter {
                code,
                name,
                ..m.clone()
            });
        }
    }
    anyhow::ensure!(
        out.len() == MATTERS,
        "only {} matters could be made",
        out.len()
    );
    Ok((out, grown_history))
}

async fn run() -> anyhow::Result<()> {
    // GONGSHI_BENCH_DB=path keeps the database for inspection (sqlite3 path, EXPLAIN QUERY PLAN).
    let dir = tempfile::TempDir::new()?;
    let path = std::env::var_os("GONGSHI_BENCH_DB")
        .map_or_else(|| dir.path().join("bench.db"), std::path::PathBuf::from);
    let _ = std::fs::remove_file(&path);
    let db = format!("sqlite://{}", path.display());
    let store = store::open(&db).await?;
    let orgs = demo::demo()?;
    store.replace_organisation(&orgs).await?;
    let catalog = demo::demo_catalog(&orgs)?
        .into_iter()
        .find(|c| c.district.as_str() == "350602")
        .ok_or_else(|| anyhow::anyhow!("the demo has 芗城区's catalog"))?;
    let (matters, history) = grow(&catalog.matters, &catalog.history)?;
    store
        .replace_catalog(&catalog.district, &matters, &history)
        .await?;
    println!(
        "catalog: {} matters, {} delegation acts (SQLite, {db})",
        matters.len(),
        history.len()
    );
    let rosters = demo::demo_roster(&orgs)?;
    for r in &rosters {
        store
            .replace_roster(&r.district, &r.officers, &r.auxiliaries)
            .await?;
    }
    // An officer of 住建局, seconded: their page weighs every matter at every locality.
    let seconded = rosters
        .iter()
        .flat_map(|r| &r.officers)
        .find(|o| {
            o.department().is_some_and(|d| d.as_str() == "xc-zjj") && !o.secondments.is_empty()
        })
        .ok_or_else(|| anyhow::anyhow!("the demo has a seconded 住建局 officer"))?;
    let number = urlencode(seconded.certificate.number.as_str());
    println!(
        "roster: {} officers",
        rosters.iter().map(|r| r.officers.len()).sum::<usize>()
    );

    let (client, base) = serve(store).await?;

    // The next page of the no-query list, through its cursor.
    let (_, first) = get(&client, &format!("{base}/api/v1/matters?district=350602")).await?;
    let next = serde_json::from_slice::<serde_json::Value>(&first)?["next"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow::anyhow!("the first page has a next cursor"))?;
    let mut queries: Vec<(String, String)> = QUERIES
        .iter()
        .map(|(n, q)| ((*n).to_owned(), format!("{base}{q}")))
        .collect();
    queries.push((
        "next page".to_owned(),
        format!("{base}/api/v1/matters?district=350602&cursor={next}"),
    ));
    for (name, path) in [
        ("roster, 30", "/api/v1/officers?limit=30".to_owned()),
        (
            "roster name 林",
            "/api/v1/officers?q=%E6%9E%97&limit=30".to_owned(),
        ),
        (
            "roster zone, valid",
            "/api/v1/officers?zone=xc-east&status=valid&limit=30".to_owned(),
        ),
        (
            "certificate check",
            format!("/api/v1/certificates/{number}"),
        ),
        (
            "officer page (powers)",
            format!("/api/v1/officers/{number}"),
        ),
        ("zone roster", "/api/v1/zones/xc-east/roster".to_owned()),
        (
            "authorization",
            format!(
                "/api/v1/authorization?officer={number}&matter=350602002F000700&locality=xc-nankeng"
            ),
        ),
    ] {
        queries.push((name.to_owned(), format!("{base}{path}")));
    }

    println!(
        "\n{:<28} {:>8} {:>6} {:>8} {:>8} {:>8} {:>8}",
        "query", "clients", "hits", "p50 ms", "p95 ms", "p99 ms", "max ms"
    );
    // The worst p99 alone and with CLIENTS at once.
    let mut worst = [Duration::ZERO; 2];
    for (name, url) in &queries {
        let (_, body) = get(&client, url).await?;
        let hits = serde_json::from_slice::<serde_json::Value>(&body)?["total"]
            .as_u64()
            .unwrap_or(0);
        for _ in 0..20 {
            get(&client, url).await?;
        }
        for (run, clients) in [1, CLIENTS].into_iter().enumerate() {
            let mut tasks = Vec::new();
            for _ in 0..clients {
                let client = client.clone();
                let url = url.clone();
                tasks.push(tokio::spawn(async move {
                    let mut times = Vec::with_capacity(ROUNDS);
                    for _ in 0..ROUNDS {
                        times.push(get(&client, &url).await?.0);
                    }
                    anyhow::Ok(times)
                }));
            }
            let mut times = Vec::new();
            for t in tasks {
                times.extend(t.await??);
            }
            times.sort_unstable();
            let p99 = percentile(&times, 0.99);
            worst[run] = worst[run].max(p99);
            println!(
                "{name:<28} {clients:>8} {hits:>6} {:>8} {:>8} {:>8} {:>8}",
                ms(percentile(&times, 0.50)),
                ms(percentile(&times, 0.95)),
                ms(p99),
                ms(times[times.len() - 1]),
            );
        }
    }
    let verdict = |d: Duration| if d <= BUDGET { "within" } else { "OVER" };
    println!(
        "\nworst p99, one client at a time: {} ms ({} the {} ms budget)",
        ms(worst[0]),
        verdict(worst[0]),
        BUDGET.as_millis()
    );
    println!(
        "worst p99, {CLIENTS} clients at once on {} cores: {} ms ({} the budget)",
        std::thread::available_parallelism().map_or(0, std::num::NonZero::get),
        ms(worst[1]),
        verdict(worst[1])
    );
    Ok(())
}
