//! End-to-end journeys: the real `gongshi` server with the release SPA and a fresh database, driven
//! in real headless Chromium through ChromeDriver, with axe-core checking every page visited.
//!
//! `cargo xtask test` builds the server and the SPA first and passes their paths in GONGSHI_BIN and
//! GONGSHI_DIST (and GONGSHI_AXE_JS, CHROME_BIN, CHROMEDRIVER).
#![cfg(not(target_arch = "wasm32"))]

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Generous: CI runs several Chromium sessions at once on two cores.
const WAIT: Duration = Duration::from_secs(60);

fn env_path(var: &str, default: &str) -> PathBuf {
    let path = std::env::var_os(var).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(default),
        PathBuf::from,
    );
    assert!(
        path.exists(),
        "{} not found ({var}); run the browser tests through `cargo xtask test`, which builds and installs what they need",
        path.display()
    );
    path
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("the loopback interface has a free port")
}

/// One plain HTTP/1.1 GET, for readiness checks before any browser exists: the status code only
/// (ChromeDriver keeps the connection open, so nothing past the status line is read).
fn http_status(port: u16, path: &str) -> Option<u16> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(5))).ok()?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .ok()?;
    let mut head = [0_u8; 12];
    stream.read_exact(&mut head).ok()?;
    std::str::from_utf8(&head[9..12]).ok()?.parse().ok()
}

/// A child process that is killed when the test ends, even by a panic.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn wait_until(what: &str, mut ready: impl FnMut() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(
            started.elapsed() < WAIT,
            "{what} did not become ready within {WAIT:?}"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// A running portal (server + fresh database) and a browser session on it. Dropping it stops both
/// processes.
struct Portal {
    base: String,
    /// The server's database, for `gongshi user add`.
    database: String,
    client: Client,
    _server: Process,
    _driver: Process,
    _dir: tempfile::TempDir,
}

impl Portal {
    async fn start(width: u32, height: u32) -> Portal {
        let bin = env_path("GONGSHI_BIN", "target/debug/gongshi");
        let dist = env_path("GONGSHI_DIST", "dist");
        let dir = tempfile::tempdir().expect("a temporary directory");
        let port = free_port();
        let database = format!("sqlite://{}", dir.path().join("e2e.db").display());
        let server = Process(
            Command::new(bin)
                .arg("serve")
                .arg("--addr")
                .arg(format!("127.0.0.1:{port}"))
                .arg("--database")
                .arg(&database)
                .arg("--assets")
                .arg(dist)
                .env("GONGSHI_LOG", "warn")
                .stdout(Stdio::null())
                .spawn()
                .expect("the gongshi binary starts"),
        );
        wait_until("the server", || {
            http_status(port, "/api/v1/health") == Some(200)
        });

        let driver_port = free_port();
        let driver = Process(
            Command::new(env_path("CHROMEDRIVER", "/usr/bin/chromedriver"))
                .arg(format!("--port={driver_port}"))
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("chromedriver starts"),
        );
        wait_until("chromedriver", || {
            http_status(driver_port, "/status") == Some(200)
        });

        let chrome = std::env::var("CHROME_BIN").unwrap_or_else(|_| "/usr/bin/chromium".to_owned());
        let profile = dir.path().join("profile");
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".to_owned(),
            json!({
                "binary": chrome,
                "args": [
                    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--disable-background-networking", "--disable-component-update",
                    "--disable-sync", "--no-first-run",
                    format!("--user-data-dir={}", profile.display()),
                    format!("--window-size={width},{height}"),
                ],
            }),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{driver_port}"))
            .await
            .expect("a Chromium session");
        Portal {
            base: format!("http://127.0.0.1:{port}"),
            database,
            client,
            _server: server,
            _driver: driver,
            _dir: dir,
        }
    }

    async fn goto(&self, path: &str) {
        self.client
            .goto(&format!("{}{path}", self.base))
            .await
            .expect("navigation");
    }

    /// Waits until an `<h1>` containing `text` is shown, and returns the page path.
    async fn heading(&self, text: &str) -> String {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::XPath(&format!("//h1[contains(., '{text}')]")))
            .await
            .unwrap_or_else(|e| panic!("no <h1> with {text:?}: {e}"));
        self.client
            .current_url()
            .await
            .expect("a URL")
            .path()
            .to_owned()
    }

    async fn click_link(&self, text: &str) {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::LinkText(text))
            .await
            .unwrap_or_else(|e| panic!("no link {text:?}: {e}"))
            .click()
            .await
            .expect("click");
    }

    async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .expect("script runs")
    }

    /// Waits until the first element matching `css` has text containing `text`; returns that text.
    async fn wait_text(&self, css: &str, text: &str) -> String {
        self.wait_text_where(css, &format!("{text:?}"), |t| t.contains(text))
            .await
    }

    /// Waits until the first element matching `css` has text that `ok` accepts (`what` says what
    /// was awaited, for the failure message); returns that text.
    async fn wait_text_where(&self, css: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let started = Instant::now();
        let script =
            format!("const e = document.querySelector({css:?}); return e ? e.innerText : null;");
        loop {
            let now = self.js(&script).await;
            if let Some(t) = now.as_str().filter(|t| ok(t)) {
                return t.to_owned();
            }
            assert!(
                started.elapsed() < WAIT,
                "{css} never showed {what}; it shows {now}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The current URL's path and query.
    async fn path_and_query(&self) -> String {
        let url = self.client.current_url().await.expect("a URL");
        match url.query() {
            Some(q) => format!("{}?{q}", url.path()),
            None => url.path().to_owned(),
        }
    }

    /// Sets a date input as a person picking a date would, whatever the browser's date format.
    async fn pick_date(&self, css: &str, date: &str) {
        self.js(&format!(
            "const e = document.querySelector({css:?}); e.value = {date:?};
             e.dispatchEvent(new Event('change', {{ bubbles: true }}));"
        ))
        .await;
    }

    /// How many catalog searches (`/api/v1/matters?…q=`) the page has sent so far.
    async fn searches_sent(&self) -> u64 {
        self.js("return performance.getEntriesByType('resource')
                .filter(e => e.name.includes('/api/v1/matters?') && e.name.includes('q=')).length")
            .await
            .as_u64()
            .unwrap_or(0)
    }

    /// Fails when the page is wider than the window (it would scroll sideways on a phone).
    async fn assert_no_sideways_scroll(&self, page: &str) {
        let overflow = self
            .js("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            .await;
        assert_eq!(overflow, json!(0), "the {page} scrolls sideways");
    }

    /// Runs axe-core on the page and fails with every violation listed.
    async fn assert_accessible(&self, page: &str) {
        let axe = std::fs::read_to_string(env_path(
            "GONGSHI_AXE_JS",
            "target/axe/node_modules/axe-core/axe.min.js",
        ))
        .expect("axe-core is readable");
        self.client
            .execute(&axe, vec![])
            .await
            .expect("axe-core loads");
        let violations = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { resultTypes: ['violations'] })
                   .then(r => done(r.violations.map(v => ({
                       id: v.id, impact: v.impact, help: v.help,
                       nodes: v.nodes.map(n => n.target.join(' ')) }))))
                   .catch(e => done([{ id: 'axe-error', help: String(e) }]));",
                vec![],
            )
            .await
            .expect("axe-core runs");
        assert_eq!(
            violations,
            json!([]),
            "axe-core found accessibility violations on {page}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn home_switches_language_and_remembers_it() {
    let p = Portal::start(1280, 900).await;
    p.goto("/").await;
    p.heading("街镇综合行政执法，向公众公示").await;
    // The page runs under its own strict policy: its start-up script by hash, no inline styles.
    let policy = p
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/').then(r => done(r.headers.get('content-security-policy')));",
            vec![],
        )
        .await
        .expect("the page is fetched");
    let policy = policy.as_str().unwrap_or_default();
    assert!(
        policy.contains("'wasm-unsafe-eval' 'sha256-") && !policy.contains("unsafe-inline"),
        "{policy}"
    );
    assert_eq!(
        p.js("return document.documentElement.lang").await,
        json!("zh-Hans")
    );
    p.click_link("芗城区").await; // the districts list loaded
    p.goto("/").await;
    p.heading("向公众公示").await;
    p.assert_accessible("home (zh-Hans)").await;

    p.client
        .find(Locator::Css("button[data-lang='en']"))
        .await
        .expect("an English button")
        .click()
        .await
        .expect("click");
    p.heading("Street-level law enforcement, open to the public")
        .await;
    assert_eq!(
        p.js("return document.documentElement.lang").await,
        json!("en")
    );
    p.assert_accessible("home (en)").await;

    // The choice survives a reload.
    p.client.refresh().await.expect("reload");
    p.heading("open to the public").await;
    assert_eq!(
        p.js("return document.documentElement.lang").await,
        json!("en")
    );

    p.client
        .find(Locator::Css("button[data-lang='zh-Hans']"))
        .await
        .expect("a 简体中文 button")
        .click()
        .await
        .expect("click");
    p.heading("向公众公示").await;
    assert_eq!(
        p.js("return document.documentElement.lang").await,
        json!("zh-Hans")
    );
    let pressed = p
        .client
        .find(Locator::Css("button[data-lang='zh-Hans']"))
        .await
        .expect("the button")
        .attr("aria-pressed")
        .await
        .expect("an attribute");
    assert_eq!(pressed.as_deref(), Some("true"));
}

#[tokio::test(flavor = "multi_thread")]
async fn district_zone_locality_by_clicking_then_reload_and_back() {
    let p = Portal::start(1280, 900).await;
    p.goto("/").await;
    p.heading("向公众公示").await;

    p.click_link("芗城区").await;
    assert_eq!(p.heading("芗城区").await, "/districts/350602");
    for zone in ["东部片区", "中部片区", "西部片区"] {
        p.client
            .find(Locator::LinkText(zone))
            .await
            .unwrap_or_else(|e| panic!("the district page lists {zone}: {e}"));
    }
    p.assert_accessible("district 芗城区").await;

    p.click_link("东部片区").await;
    assert_eq!(p.heading("东部片区").await, "/zones/xc-east");
    let lead = p
        .js("return document.querySelector('dl.facts').innerText")
        .await;
    assert!(
        lead.as_str()
            .is_some_and(|t| t.contains("陈立衡") && t.contains("住房和城乡建设局")),
        "the zone lead and department are shown: {lead}"
    );
    p.assert_accessible("zone 东部片区").await;

    p.click_link("南坑街道").await;
    assert_eq!(p.heading("南坑街道").await, "/localities/xc-nankeng");
    p.assert_accessible("locality 南坑街道").await;

    // A deep link survives a reload (the server falls back to the SPA for client routes).
    p.client.refresh().await.expect("reload");
    assert_eq!(p.heading("南坑街道").await, "/localities/xc-nankeng");
    let phone = p
        .js("return document.querySelector('a[href^=\"tel:\"]').getAttribute('href')")
        .await;
    assert_eq!(phone, json!("tel:05962102003"));

    p.client.back().await.expect("back");
    assert_eq!(p.heading("东部片区").await, "/zones/xc-east");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_special_area_and_a_district_without_zones() {
    let p = Portal::start(1280, 900).await;
    p.goto("/districts/310105").await;
    p.heading("长宁区").await;
    p.assert_accessible("district 长宁区").await;
    p.click_link("虹桥临空经济园区").await;
    assert_eq!(
        p.heading("虹桥临空经济园区").await,
        "/localities/cn-linkong"
    );
    let facts = p
        .js("return document.querySelector('dl.facts').innerText")
        .await;
    assert!(
        facts
            .as_str()
            .is_some_and(|t| t.contains("上海市长宁区城市管理行政执法局")
                && t.contains("虹桥临空经济园区执法中队")),
        "a special area is enforced by the bureau's posted team in the bureau's name: {facts}"
    );
    p.assert_accessible("special area").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn unknown_pages_and_api_errors_are_explained() {
    let p = Portal::start(1280, 900).await;
    p.goto("/no/such/page").await;
    p.heading("页面不存在").await;
    p.assert_accessible("404 page").await;

    // A well-formed but unknown district: the API says not_found and the page offers a retry.
    p.goto("/districts/110101").await;
    let panel = p
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".error-panel"))
        .await
        .expect("an error panel");
    let text = panel.text().await.expect("text");
    assert!(
        text.contains("没有找到这项内容"),
        "translated not-found message: {text}"
    );
    p.client
        .find(Locator::Css(".error-panel button"))
        .await
        .expect("a retry button")
        .click()
        .await
        .expect("retry");
    p.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".error-panel"))
        .await
        .expect("still explained after a retry");
    p.assert_accessible("error panel").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_and_phone_width() {
    let p = Portal::start(360, 800).await;
    p.goto("/districts/350602").await;
    p.heading("芗城区").await;

    // Nothing is wider than a 360 px phone.
    p.assert_no_sideways_scroll("page").await;

    // The first Tab reaches the skip link, and following it moves focus to <main>.
    p.skip_to_main().await;
    p.assert_accessible("district at 360 px").await;
}

/// What is on screen stays put while a list page loads: its Cumulative Layout Shift (the sum of
/// the layout-shift entries the browser recorded, none after input) stays under 0.01, where Web
/// Vitals call 0.1 good. The catalog's footer used to be pushed down in view by the arriving list
/// (0.05 here; 0.8 under Lighthouse, whose Chromium also shows a scrollbar appearing).
#[tokio::test(flavor = "multi_thread")]
async fn list_pages_do_not_shift_as_they_load() {
    let p = Portal::start(1350, 940).await;
    for (path, list) in [
        ("/matters", ".matter-list li"),
        ("/officers", ".officer-list li"),
        ("/penalties", ".penalty-list li"),
    ] {
        p.goto(path).await;
        p.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(list))
            .await
            .unwrap_or_else(|e| panic!("{path} shows no list: {e}"));
        let shifts = p
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 const seen = [];
                 const observer = new PerformanceObserver(l => seen.push(...l.getEntries()));
                 observer.observe({ type: 'layout-shift', buffered: true });
                 setTimeout(() => {
                     seen.push(...observer.takeRecords());
                     observer.disconnect();
                     done(seen.filter(e => !e.hadRecentInput).map(e => ({
                         value: e.value,
                         moved: e.sources.map(s => s.node ? s.node.nodeName + '.' + s.node.className : '?'),
                     })));
                 }, 1000);",
                vec![],
            )
            .await
            .expect("the layout shifts are read");
        let total: f64 = shifts
            .as_array()
            .expect("a list of shifts")
            .iter()
            .filter_map(|s| s["value"].as_f64())
            .sum();
        assert!(
            total < 0.01,
            "{path} shifts as it loads: CLS {total:.3} from {shifts}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn search_a_matter_then_ask_who_enforces_it_before_and_after_a_revocation() {
    const ROAD: &str = "对擅自占用城市道路的处罚";
    let p = Portal::start(1280, 900).await;
    p.goto("/").await;
    p.heading("向公众公示").await;
    p.click_link("事项目录").await;
    assert_eq!(p.heading("执法事项目录").await, "/matters");
    p.wait_text(".count", "共").await;
    p.assert_accessible("catalog").await;

    // Paging is in the URL: the next page, then back to the first.
    let first = p.wait_text(".matter-list", "处罚").await;
    p.click_link("下一页").await;
    p.wait_text(".paging", "第 2 页").await;
    assert!(p.path_and_query().await.contains("cursor="));
    let second = p.wait_text(".matter-list", "").await;
    assert_ne!(first, second, "the second page lists other matters");
    p.click_link("回到第一页").await;
    p.wait_text_where(".paging", "page 1", |t| t.contains("第 1 页"))
        .await;

    // Typing 占道 sends one search once typing pauses, not one per key, and lands in the URL.
    let before = p.searches_sent().await;
    p.client
        .find(Locator::Id("catalog-q"))
        .await
        .expect("a search box")
        .send_keys("占道")
        .await
        .expect("typing");
    p.wait_text(".matter-list", ROAD).await;
    assert_eq!(
        p.searches_sent().await - before,
        1,
        "the search waits for a pause in typing"
    );
    assert!(
        p.path_and_query().await.contains("q=%E5%8D%A0%E9%81%93"),
        "the query is in the URL: {}",
        p.path_and_query().await
    );
    p.assert_accessible("catalog search 占道").await;

    // A filter narrows the list and keeps the search; a reload keeps both.
    p.client
        .find(Locator::Id("f-kind"))
        .await
        .expect("a power filter")
        .select_by_value("penalty")
        .await
        .expect("choose penalty");
    p.wait_text(".matter-list", ROAD).await;
    assert!(p.path_and_query().await.contains("power_kind=penalty"));
    p.client.refresh().await.expect("reload");
    p.wait_text(".matter-list", ROAD).await;
    let typed = p
        .js("return document.getElementById('catalog-q').value")
        .await;
    assert_eq!(
        typed,
        json!("占道"),
        "the search box shows the search after a reload"
    );

    p.click_link(ROAD).await;
    assert_eq!(p.heading(ROAD).await, "/matters/350602001F004200");
    let row = p
        .js("return [...document.querySelectorAll('tbody tr')]
                .find(r => r.innerText.includes('南坑街道')).innerText")
        .await;
    assert!(
        row.as_str()
            .is_some_and(|t| t.contains("芗政文〔2024〕12号") && t.contains("收回")),
        "南坑街道's row shows the revocation: {row}"
    );
    p.assert_accessible("matter page").await;

    // Ask who enforces it at 南坑街道 today: the revocation has put it back with the bureau.
    p.click_link("问一问：在某个街镇谁来管？").await;
    assert_eq!(p.heading("谁来管？").await, "/who");
    p.wait_text(".chosen-matter", ROAD).await;
    p.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#who-locality option[value='xc-nankeng']"))
        .await
        .expect("南坑街道 is offered");
    p.client
        .find(Locator::Id("who-locality"))
        .await
        .expect("a locality select")
        .select_by_value("xc-nankeng")
        .await
        .expect("choose 南坑街道");
    p.wait_text(".answer-authority", "漳州市芗城区城市管理和综合执法局")
        .await;
    let reasons = p.wait_text(".reasons", "收回").await;
    assert!(reasons.contains("芗政文〔2024〕12号"), "{reasons}");
    p.assert_accessible("who enforces, today").await;

    // Before the revocation, the street itself held the power.
    p.pick_date("#who-date", "2024-06-30").await;
    p.wait_text(".answer-authority", "南坑街道办事处").await;
    let reasons = p.wait_text(".reasons", "芗政文〔2022〕8号").await;
    assert!(reasons.contains("赋权"), "{reasons}");
    let answer = p.wait_text(".answer", "0596-2102003").await;
    assert!(answer.contains("监督电话"), "how to complain: {answer}");
    p.assert_accessible("who enforces, 2024-06-30").await;

    // Every input is in the URL: the answer survives a reload, and Back returns to today's.
    let linked = p.path_and_query().await;
    for part in [
        "locality=xc-nankeng",
        "matter=350602001F004200",
        "date=2024-06-30",
    ] {
        assert!(linked.contains(part), "{part} in {linked}");
    }
    p.client.refresh().await.expect("reload");
    p.wait_text(".answer-authority", "南坑街道办事处").await;
    p.client.back().await.expect("back");
    p.wait_text(".answer-authority", "漳州市芗城区城市管理和综合执法局")
        .await;

    // A zone instead of a locality: one line per member, each linking to its full answer.
    p.client
        .find(Locator::Id("who-zone"))
        .await
        .expect("a zone select")
        .select_by_value("xc-east")
        .await
        .expect("choose 东部片区");
    let lines = p.wait_text(".zone-answers", "南坑街道").await;
    for member in ["新桥街道", "巷口街道"] {
        assert!(lines.contains(member), "{member} in {lines}");
    }
    p.assert_accessible("who enforces, a zone").await;
    p.click_link("新桥街道").await;
    p.wait_text(".answer-summary", "新桥街道").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_localitys_catalog_by_domain_and_its_changes_between_two_dates() {
    let p = Portal::start(360, 800).await;
    p.goto("/localities/xc-nankeng").await;
    p.heading("南坑街道").await;
    let counts = p
        .wait_text("#catalog-heading + .field + .data-view", "城市管理")
        .await;
    assert!(counts.contains("项赋权事项"), "{counts}");
    let changes = p.wait_text(".changes", "对擅自占用城市道路的处罚").await;
    assert!(changes.contains("芗政文〔2024〕12号"), "{changes}");

    // Narrow the period to before the revocation: it drops out.
    p.pick_date("#changes-to", "2024-06-30").await;
    p.wait_text_where(".changes", "the 2022 round without the 2024 one", |t| {
        t.contains("芗政文〔2022〕8号") && !t.contains("芗政文〔2024〕12号")
    })
    .await;
    assert!(
        p.path_and_query().await.contains("to=2024-06-30"),
        "the period is in the URL"
    );
    p.assert_no_sideways_scroll("locality page").await;
    p.assert_accessible("locality catalog and changes at 360 px")
        .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn open_an_officer_scan_their_card_then_check_a_revoked_and_an_unknown_number() {
    let p = Portal::start(1280, 900).await;
    p.goto("/").await;
    p.heading("向公众公示").await;
    p.click_link("执法人员").await;
    assert_eq!(p.heading("执法人员名单").await, "/officers");
    p.wait_text(".count", "共").await;
    p.assert_accessible("roster").await;

    // Filters live in the URL: 芗城区, its east zone, seconded officers with a valid certificate.
    for (id, value, appears) in [
        ("r-district", "350602", "district=350602"),
        ("r-zone", "xc-east", "zone=xc-east"),
        ("r-seconded", "true", "seconded=true"),
        ("r-status", "valid", "status=valid"),
    ] {
        p.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("no filter {id}: {e}"))
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {id}: {e}"));
        let started = Instant::now();
        while !p.path_and_query().await.contains(appears) {
            assert!(started.elapsed() < WAIT, "{appears} never reached the URL");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
    p.wait_text(".officer-list", "有效").await;
    p.client.refresh().await.expect("reload");
    p.wait_text(".officer-list", "有效").await;
    p.assert_accessible("roster filtered").await;

    // Open the first officer: seconded, so the record says where to and what they may enforce.
    let name = p
        .wait_text_where(".officer-name", "a name", |t| !t.is_empty())
        .await;
    p.client
        .find(Locator::Css(".officer-name"))
        .await
        .expect("an officer link")
        .click()
        .await
        .expect("click");
    assert!(p.heading(&name).await.starts_with("/officers/"));
    p.wait_text(".status-block", "有效").await;
    p.wait_text(".card-body", "下沉").await;
    p.wait_text(".power-list", "下沉/派驻").await;
    let qr = p
        .js("return document.querySelectorAll('.qr svg').length")
        .await;
    assert_eq!(qr, json!(1), "a QR code is drawn");
    p.assert_accessible("officer").await;

    // Scan-equivalent: open the URL the QR code encodes.
    let check = p.js("return document.querySelector('.qr-url').href").await;
    let check = check.as_str().expect("the check link").to_owned();
    assert!(check.starts_with(&format!("{}/check/", p.base)), "{check}");
    p.client.goto(&check).await.expect("open the check URL");
    p.heading("核验执法证").await;
    let answer = p.wait_text(".check-answer", &name).await;
    assert!(answer.contains("有效"), "{answer}");
    let status = p
        .js("return document.querySelector('.status-block').dataset.status")
        .await;
    assert_eq!(status, json!("valid"));
    p.assert_accessible("check valid").await;

    // A revoked number, found through the roster, typed into the check form.
    p.goto("/officers?district=350602&status=revoked").await;
    let revoked = p
        .wait_text_where(".officer-item .code", "a number", |t| !t.is_empty())
        .await;
    p.goto("/check").await;
    p.heading("核验执法证").await;
    let input = p
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("check-number"))
        .await
        .expect("the number box");
    input.send_keys(&revoked).await.expect("typing");
    input.send_keys("\u{E007}").await.expect("Enter");
    let answer = p.wait_text(".status-block", "已注销或吊销").await;
    assert!(answer.contains("原因"), "the reason is shown: {answer}");
    assert!(p.path_and_query().await.starts_with("/check/"));
    p.assert_accessible("check revoked").await;

    // An unknown number is a clear answer, not an error page; a malformed one is caught first.
    p.goto("/check/%E9%97%BD00000000000").await;
    p.wait_text(".status-block", "查无此证").await;
    p.goto("/check").await;
    let input = p
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Id("check-number"))
        .await
        .expect("the number box");
    input.send_keys("ab").await.expect("typing");
    input.send_keys("\u{E007}").await.expect("Enter");
    p.wait_text(".field-error", "不是执法证号").await;
    let invalid = p
        .js("return document.getElementById('check-number').getAttribute('aria-invalid')")
        .await;
    assert_eq!(invalid, json!("true"));
    assert_eq!(p.path_and_query().await, "/check", "nothing was looked up");
    // Headless Chromium on Linux has no barcode detector: no scan button is offered.
    let scan = p
        .js("return document.querySelectorAll('.scanner').length")
        .await;
    assert_eq!(scan, json!(0));
    p.assert_accessible("check invalid").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_check_and_a_zone_roster_on_a_phone() {
    let p = Portal::start(360, 800).await;
    p.goto("/officers?district=350602&status=suspended").await;
    let suspended = p
        .wait_text_where(".officer-item .code", "a number", |t| !t.is_empty())
        .await;
    p.goto(&format!("/check/{}", suspended.replace('闽', "%E9%97%BD")))
        .await;
    p.wait_text(".status-block", "暂扣").await;
    p.wait_text(".status-block", "原因").await;
    p.assert_no_sideways_scroll("check page").await;
    p.assert_accessible("check at 360 px").await;

    // Where the browser can detect barcodes, the check page offers the camera; pressing it asks
    // for the camera, and when none can be had says so and leaves the number box to type in.
    // (Headless Chromium has no detector: one is defined before moving to the page in-app.)
    p.js("window.BarcodeDetector = class { constructor() {} detect() { return Promise.resolve([]); } };")
        .await;
    p.click_link("核验执法证").await;
    p.heading("核验执法证").await;
    let scan = p.wait_text(".scanner button", "用摄像头扫码").await;
    assert!(!scan.is_empty());
    p.client
        .find(Locator::Css(".scanner button"))
        .await
        .expect("the scan button")
        .click()
        .await
        .expect("click");
    p.wait_text_where(".scanner", "scanning or a camera error", |t| {
        t.contains("停止扫码") || t.contains("无法使用摄像头")
    })
    .await;
    p.assert_accessible("check with a scanner").await;

    p.goto("/zones/xc-west").await;
    p.heading("西部片区").await;
    p.wait_text(".roster-table", "执法队").await;
    p.assert_no_sideways_scroll("zone page").await;
    p.assert_accessible("zone roster at 360 px").await;
}

impl Portal {
    /// Chooses `value` in the `<select>` with `id` and waits until `appears` is in the URL.
    async fn choose(&self, id: &str, value: &str, appears: &str) {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(&format!("#{id} option[value='{value}']")))
            .await
            .unwrap_or_else(|e| panic!("no option {value} in {id}: {e}"));
        self.client
            .find(Locator::Id(id))
            .await
            .expect("the select")
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choose {value} in {id}: {e}"));
        let started = Instant::now();
        while !self.path_and_query().await.contains(appears) {
            assert!(started.elapsed() < WAIT, "{appears} never reached the URL");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types `text` into the input with `id` after clearing it, then presses Enter.
    async fn type_and_enter(&self, id: &str, text: &str) {
        let input = self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Id(id))
            .await
            .unwrap_or_else(|e| panic!("no input {id}: {e}"));
        input.clear().await.expect("clear");
        input.send_keys(text).await.expect("typing");
        input.send_keys("\u{E007}").await.expect("Enter");
    }

    /// Fetches `href` inside the page (same origin) and returns its bytes.
    async fn fetch_bytes(&self, href: &str) -> Vec<u8> {
        let bytes = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0]).then(r => r.arrayBuffer())
                   .then(b => done(Array.from(new Uint8Array(b))))
                   .catch(e => done(String(e)));",
                vec![json!(href)],
            )
            .await
            .expect("the fetch runs");
        serde_json::from_value(bytes.clone()).unwrap_or_else(|_| panic!("{href}: {bytes}"))
    }

    /// The number in the result count (共 593 条 → 593).
    async fn result_count(&self) -> u64 {
        let text = self
            .wait_text_where(".count", "a count", |t| t.contains('条'))
            .await;
        text.chars()
            .filter(char::is_ascii_digit)
            .collect::<String>()
            .parse()
            .unwrap_or_else(|_| panic!("a count in {text:?}"))
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn penalties_filtered_by_locality_and_kind_then_a_record_then_the_csv_export() {
    let p = Portal::start(1280, 900).await;
    p.goto("/").await;
    p.heading("向公众公示").await;
    p.click_link("处罚公示").await;
    assert_eq!(p.heading("行政处罚公示").await, "/penalties");
    let all = p.result_count().await;
    p.assert_accessible("penalties").await;

    // Filters live in the URL: a district, one of its localities, fines only.
    p.choose("p-district", "350602", "district=350602").await;
    p.choose("p-locality", "xc-tongbei", "locality=xc-tongbei")
        .await;
    p.choose("p-kind", "fine", "kind=fine").await;
    // The page shows what the API counts for both filters (asked directly, in the page), and the
    // locality option's count agrees.
    let expected = p
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             fetch('/api/v1/penalties?district=350602&locality=xc-tongbei&kind=fine&limit=1')
               .then(r => r.json()).then(p => done(p.total)).catch(e => done(String(e)));",
            vec![],
        )
        .await
        .expect("the count is fetched");
    let expected = expected.as_u64().expect("a total");
    let started = Instant::now();
    let filtered = loop {
        let n = p.result_count().await;
        let option = p
            .js("return document.querySelector(\"#p-locality option[value='xc-tongbei']\").innerText")
            .await;
        if n == expected
            && option
                .as_str()
                .is_some_and(|o| o.contains(&format!("（{n}）")))
        {
            break n;
        }
        assert!(
            started.elapsed() < WAIT,
            "the count ({n}, expected {expected}) and the option ({option}) never agreed"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(filtered < all);
    assert!(filtered > 0, "通北街道 has fines in the demo");
    let places = p
        .js("return [...document.querySelectorAll('.penalty-where')].map(e => e.innerText)")
        .await;
    let places = places.as_array().expect("a list");
    assert!(!places.is_empty());
    assert!(
        places
            .iter()
            .all(|t| t.as_str().is_some_and(|t| t.contains("通北街道"))),
        "{places:?}"
    );
    let kinds = p
        .js("return [...document.querySelectorAll('.penalty-item:not(.penalty-withdrawn)')].every(e => e.innerText.includes('罚款'))")
        .await;
    assert_eq!(kinds, json!(true), "every record imposes a fine");

    // A fine typed wrongly is explained and changes nothing; typed rightly, it filters (in fen).
    p.type_and_enter("p-fine-min", "五十").await;
    p.wait_text("#p-fine-min-error", "请输入金额").await;
    assert!(!p.path_and_query().await.contains("fine_min"));
    p.assert_accessible("penalties with a bad amount").await;
    p.type_and_enter("p-fine-min", "50").await;
    let started = Instant::now();
    while !p.path_and_query().await.contains("fine_min=5000") {
        assert!(started.elapsed() < WAIT, "fine_min never reached the URL");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let error = p
        .js("return document.getElementById('p-fine-min-error').innerText")
        .await;
    assert_eq!(error, json!(""));

    // A reload keeps every filter (the locality's option arrives with the district's places).
    p.client.refresh().await.expect("reload");
    let with_fine = p.result_count().await;
    p.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            "#p-locality option[value='xc-tongbei']:checked",
        ))
        .await
        .expect("the locality is still chosen");
    assert!(with_fine <= filtered);
    let chosen = p
        .js("return [document.getElementById('p-locality').value, document.getElementById('p-kind').value, document.getElementById('p-fine-min').value]")
        .await;
    assert_eq!(chosen, json!(["xc-tongbei", "fine", "50"]));
    p.assert_accessible("penalties filtered").await;

    // The Atom link leaves the app for the feed itself, with the same filter.
    p.client
        .find(Locator::Css("a.feed-link"))
        .await
        .expect("the feed link")
        .click()
        .await
        .expect("click");
    let started = Instant::now();
    let feed =
        "/api/v1/penalties/feed.atom?district=350602&locality=xc-tongbei&kind=fine&fine_min=5000";
    while p.path_and_query().await != feed {
        assert!(
            started.elapsed() < WAIT,
            "the feed never opened: {}",
            p.path_and_query().await
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let source = p.client.source().await.expect("the feed");
    assert!(
        source.contains("feed") && source.contains("通北街道"),
        "{source}"
    );
    p.client.back().await.expect("back");
    p.result_count().await;

    // The CSV export carries the filter: UTF-8 with a BOM, one row per listed record.
    let href = p
        .js("return document.querySelector('a[data-format=csv]').href")
        .await;
    let href = href.as_str().expect("the export link").to_owned();
    for part in [
        "locality=xc-tongbei",
        "kind=fine",
        "fine_min=5000",
        "format=csv",
    ] {
        assert!(href.contains(part), "{href} lacks {part}");
    }
    let bytes = p.fetch_bytes(&href).await;
    assert_eq!(bytes.get(..3), Some(&[0xEF, 0xBB, 0xBF][..]), "a BOM first");
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let header = reader.headers().expect("a header").clone();
    let locality = header
        .iter()
        .position(|h| h == "locality")
        .expect("a locality column");
    let fine = header
        .iter()
        .position(|h| h == "fine_fen")
        .expect("a fine column");
    let rows: Vec<csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .expect("every row parses");
    assert_eq!(
        rows.len() as u64,
        with_fine,
        "the export has every listed record"
    );
    for row in &rows {
        assert_eq!(&row[locality], "通北街道", "{row:?}");
        if &row[0] == "public" {
            let fen: u64 = row[fine].parse().unwrap_or_else(|_| panic!("{row:?}"));
            assert!(fen >= 5000, "{row:?}");
        }
    }

    // Open the first record: the decision, masked, with links to its place and matter.
    let party = p
        .wait_text_where(
            ".penalty-item:not(.penalty-withdrawn) .penalty-party",
            "a party",
            |t| !t.is_empty(),
        )
        .await;
    p.client
        .find(Locator::Css(
            ".penalty-item:not(.penalty-withdrawn) .penalty-party",
        ))
        .await
        .expect("a record link")
        .click()
        .await
        .expect("click");
    let path = p.heading("行政处罚决定书文号").await;
    assert!(path.starts_with("/penalties/"), "{path}");
    let shown = p.wait_text(".party-name", &party).await;
    assert_eq!(shown, party);
    p.wait_text("main", "罚款金额").await;
    p.wait_text("main", "本条公示至").await;
    let links = p
        .js("return [...document.querySelectorAll('main dd a')].map(a => a.getAttribute('href'))")
        .await;
    let links: Vec<&str> = links
        .as_array()
        .expect("links")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(links.contains(&"/localities/xc-tongbei"), "{links:?}");
    assert!(
        links.iter().any(|l| l.starts_with("/matters/")),
        "{links:?}"
    );
    assert!(links.contains(&"/districts/350602"), "{links:?}");
    p.assert_accessible("penalty record").await;

    // From the record to its matter's page.
    let matter = p
        .js("return document.querySelector('main dd a[href^=\"/matters/\"]').innerText")
        .await;
    let matter = matter.as_str().expect("the matter's name").to_owned();
    p.click_link(&matter).await;
    assert!(p.heading(&matter).await.starts_with("/matters/"));
}

#[tokio::test(flavor = "multi_thread")]
async fn penalties_withdrawn_and_removed_records_statistics_and_the_annual_report_on_a_phone() {
    let p = Portal::start(360, 800).await;
    p.goto("/penalties?district=350602").await;
    p.heading("行政处罚公示").await;
    p.result_count().await;
    p.assert_no_sideways_scroll("penalty list").await;
    p.assert_accessible("penalties at 360 px").await;

    // Decision dates: an end before the start is refused where it was typed and kept in its box;
    // once the other bound makes sense, both reach the URL together.
    p.pick_date("#p-to", "2024-01-31").await;
    let started = Instant::now();
    while !p.path_and_query().await.contains("to=2024-01-31") {
        assert!(
            started.elapsed() < WAIT,
            "the end date never reached the URL"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    p.pick_date("#p-from", "2025-01-01").await;
    p.wait_text("#p-from-error", "不能早于").await;
    assert!(!p.path_and_query().await.contains("from="));
    let kept = p.js("return document.getElementById('p-from').value").await;
    assert_eq!(kept, json!("2025-01-01"), "what was picked stays");
    p.assert_accessible("penalties with dates the wrong way round")
        .await;
    p.pick_date("#p-to", "2025-12-31").await;
    let started = Instant::now();
    while !p.path_and_query().await.contains("from=2025-01-01") {
        assert!(started.elapsed() < WAIT, "the dates never reached the URL");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(p.path_and_query().await.contains("to=2025-12-31"));
    let error = p
        .js("return document.getElementById('p-from-error').innerText")
        .await;
    assert_eq!(error, json!(""));

    // A withdrawn decision is listed as a stub and its page says why; the demo always has some.
    let withdrawn = p
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             (async () => {
               let cursor = null;
               do {
                 const r = await fetch('/api/v1/penalties?limit=200' + (cursor ? '&cursor=' + cursor : ''));
                 const page = await r.json();
                 const w = page.items.find(i => i.status === 'withdrawn');
                 if (w) return w.id;
                 cursor = page.next;
               } while (cursor);
               return null;
             })().then(done);",
            vec![],
        )
        .await
        .expect("the search runs");
    let withdrawn = withdrawn.as_u64().expect("a withdrawn decision is listed");
    p.goto(&format!("/penalties/{withdrawn}")).await;
    p.heading("行政处罚决定书文号").await;
    p.wait_text(".withdrawn-block", "已撤回").await;
    p.wait_text(".withdrawn-block", "说明").await;
    p.assert_no_sideways_scroll("withdrawn record").await;
    p.assert_accessible("withdrawn record").await;

    // The oldest decision has left public view: its page says when.
    p.goto("/penalties/1").await;
    p.heading("公示期已满").await;
    p.wait_text(".notice", "不再公开").await;
    p.assert_accessible("removed record").await;

    // A record on a phone.
    p.goto("/penalties?district=350602").await;
    p.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(
            ".penalty-item:not(.penalty-withdrawn) .penalty-party",
        ))
        .await
        .expect("a record")
        .click()
        .await
        .expect("click");
    p.heading("行政处罚决定书文号").await;
    p.wait_text("main", "违法事实").await;
    p.assert_no_sideways_scroll("record").await;
    p.assert_accessible("record at 360 px").await;

    // Statistics: the charts are SVG named by their captions, the figures are text and tables.
    p.goto("/penalties/stats?district=350602").await;
    p.heading("行政处罚统计").await;
    let total = p.wait_text(".stats-total", "件处罚决定").await;
    assert!(total.contains('¥'), "{total}");
    let charts = p
        .js("return [...document.querySelectorAll('svg[role=img]')].map(s => document.getElementById(s.getAttribute('aria-labelledby')).innerText)")
        .await;
    assert_eq!(charts, json!(["每月作出的处罚决定数"]));
    // Its size is set as style properties, which the page's policy allows (a style attribute it
    // would refuse).
    let sized = p
        .js("const s = document.querySelector('svg.columns'); return [s.style.minWidth, getComputedStyle(s).minWidth]")
        .await;
    assert!(
        sized[0].as_str().is_some_and(|w| w.ends_with("px")) && sized[0] == sized[1],
        "the chart is sized: {sized}"
    );
    let bars = p
        .js("return document.querySelectorAll('#stats-locality + .hbars li, section[aria-labelledby=stats-locality] .hbars li').length")
        .await;
    assert!(
        bars.as_u64().is_some_and(|n| n >= 5),
        "locality bars: {bars}"
    );
    p.wait_text("section[aria-labelledby=stats-coverage]", "项中使用")
        .await;
    p.wait_text("section[aria-labelledby=stats-timeliness]", "%")
        .await;
    p.assert_no_sideways_scroll("statistics").await;
    p.assert_accessible("statistics at 360 px").await;

    // A year, then its printable report.
    let years = p
        .js("return [...document.querySelectorAll('#s-year option')].map(o => o.value).filter(v => v)")
        .await;
    let year = years
        .as_array()
        .and_then(|y| y.get(1))
        .and_then(Value::as_str)
        .expect("at least two years of data")
        .to_owned();
    p.choose("s-year", &year, &format!("year={year}")).await;
    p.wait_text(".stats-scope", &format!("{year} 年")).await;
    p.click_link(&format!("{year} 年度报告（可打印）")).await;
    let path = p.heading(&format!("{year} 年度行政处罚数据")).await;
    assert_eq!(path, format!("/penalties/report/350602/{year}"));
    let months = p
        .js("return document.querySelectorAll('section[aria-labelledby=stats-month] tbody tr').length")
        .await;
    assert_eq!(months, json!(13), "twelve months and the total");
    p.wait_text(".report", "1 月 31 日").await;
    p.assert_no_sideways_scroll("annual report").await;
    p.assert_accessible("annual report at 360 px").await;
}

impl Portal {
    /// Waits for an element and returns it.
    async fn element(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css}: {e}"))
    }

    /// Types into the field `css` (after what it holds).
    async fn type_in(&self, css: &str, text: &str) {
        self.element(css)
            .await
            .send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("typing into {css}: {e}"));
    }

    /// Replaces what the field `css` holds with `text`, as typing would (an `input` event).
    async fn replace_in(&self, css: &str, text: &str) {
        self.element(css).await;
        self.js(&format!(
            "const e = document.querySelector({css:?}); e.value = {text:?};
             e.dispatchEvent(new Event('input', {{ bubbles: true }}));"
        ))
        .await;
    }

    async fn click(&self, css: &str) {
        self.element(css)
            .await
            .click()
            .await
            .unwrap_or_else(|e| panic!("clicking {css}: {e}"));
    }

    /// Picks `value` in the select `css` once the option exists.
    async fn select(&self, css: &str, value: &str) {
        self.element(&format!("{css} option[value='{value}']"))
            .await;
        self.element(css)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("choosing {value} in {css}: {e}"));
    }

    async fn value_of(&self, css: &str) -> Value {
        self.js(&format!(
            "const e = document.querySelector({css:?}); return e ? (e.type === 'checkbox' || e.type === 'radio' ? e.checked : e.value) : null;"
        ))
        .await
    }

    /// Waits until the element with `id` has the focus (pages move it a moment after rendering).
    async fn wait_focus(&self, id: &str) {
        let started = Instant::now();
        loop {
            let now = self
                .js("return document.activeElement ? document.activeElement.id : null")
                .await;
            if now == json!(id) {
                return;
            }
            assert!(
                started.elapsed() < WAIT,
                "the focus never reached #{id}; it is on {now}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// A GET of the API from the page, as JSON.
    async fn api(&self, path: &str) -> Value {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 fetch(arguments[0]).then(r => r.json()).then(done, e => done({ failed: String(e) }));",
                vec![json!(path)],
            )
            .await
            .expect("the API answers")
    }
}

impl Portal {
    /// From now on the page's POSTs are recorded (Idempotency-Key and body), and the first one's
    /// answer is lost on the way back: the server has it, the page sees a network error.
    async fn lose_the_first_answer(&self) {
        self.js("window.__posts = [];
                 const real = window.fetch;
                 window.fetch = async (...args) => {
                   const request = args[0] instanceof Request ? args[0] : new Request(...args);
                   if (request.method === 'POST') {
                     window.__posts.push([request.headers.get('Idempotency-Key'),
                                          await request.clone().text()]);
                     const answer = await real(request);
                     if (!window.__lostOnce) {
                       window.__lostOnce = true;
                       throw new TypeError('the network went away');
                     }
                     return answer;
                   }
                   return real(...args);
                 };")
            .await;
    }

    /// The POSTs recorded since [`Portal::lose_the_first_answer`]: (Idempotency-Key, body).
    async fn posts(&self) -> Vec<(String, String)> {
        serde_json::from_value(self.js("return window.__posts").await).expect("recorded posts")
    }
}

/// A 1×1 greyscale JPEG container (what the browser's type check and the server's metadata
/// stripping read), with an EXIF segment the server removes.
fn tiny_jpeg() -> Vec<u8> {
    let mut b = vec![0xFF, 0xD8, 0xFF, 0xE1, 0x00, 0x11];
    b.extend(b"Exif\0\0GPS 24.5N");
    b.extend([
        0xFF, 0xC0, 0x00, 0x0B, 0x08, 0x00, 0x01, 0x00, 0x01, 0x01, 0x01, 0x11, 0x00,
    ]);
    b.extend([0xFF, 0xDA, 0x00, 0x08, 0x01, 0x01, 0x00, 0x00, 0x3F, 0x00]);
    b.extend([0x12, 0x34, 0x56, 0xFF, 0xD9]);
    b
}

/// Fills in an anonymous tip at 通北街道 about urban management (a category, no matter).
async fn fill_anonymous_tip(p: &Portal, day: &str, description: &str) {
    p.click("#c-kind-tip").await;
    p.select("#c-district", "350602").await;
    p.select("#c-locality", "xc-tongbei").await;
    p.type_in("#c-address", "通北路口").await;
    p.pick_date("#c-happened", day).await;
    p.select("#c-domain", "urban_management").await;
    p.type_in("#c-description", description).await;
    p.click("#c-privacy-anonymous").await;
    p.click("#c-consent").await;
}

/// A day `days` before today in China, as the date input takes it.
async fn days_ago(p: &Portal, days: u32) -> String {
    p.js(&format!(
        "return new Date(Date.now() + 8 * 3600000 - {days} * 86400000).toISOString().slice(0, 10)"
    ))
    .await
    .as_str()
    .expect("a date")
    .to_owned()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tip_with_mistakes_fixed_across_a_reload_sent_through_a_lost_answer_then_tracked() {
    const ROAD: &str = "对擅自占用城市道路的处罚";
    const BUREAU: &str = "漳州市芗城区城市管理和综合执法局";
    let p = Portal::start(390, 844).await;
    p.goto("/").await;
    p.heading("向公众公示").await;
    p.click_link("投诉举报").await;
    assert_eq!(p.heading("投诉举报").await, "/complaints/new");
    p.assert_accessible("complaint form").await;
    p.assert_no_sideways_scroll("complaint form").await;

    // Sending the empty form sends nothing: every mistake is listed at the top, which takes the
    // focus, and each field says its own.
    p.click("button[type='submit']").await;
    let summary = p.wait_text("#c-summary", "请修改以下").await;
    for expected in [
        "请选择举报违法行为还是投诉执法行为",
        "请填写具体情况",
        "请确认内容属实",
    ] {
        assert!(summary.contains(expected), "{expected} in {summary}");
    }
    p.wait_focus("c-summary").await;
    p.wait_text("#c-description-error", "请填写具体情况").await;
    p.wait_text("#c-happened-error", "请填写发生日期").await;
    assert_eq!(
        p.api("/api/v1/complaints/stats?district=350602").await["submissions"],
        json!(0),
        "nothing was sent"
    );
    p.assert_accessible("complaint form with its mistakes")
        .await;
    // A mistake in the list is a way to its field.
    p.click("#c-summary a[href='#c-description']").await;
    p.wait_focus("c-description").await;

    // Fill in, with mistakes that are explained as they are made.
    p.click("#c-kind-tip").await;
    p.select("#c-district", "350602").await;
    p.select("#c-locality", "xc-nankeng").await;
    p.type_in("#c-address", "南坑路 18 号门口").await;
    let day = days_ago(&p, 3).await;
    p.pick_date("#c-happened", &day).await;
    p.type_in("#c-description", "占道摆摊").await;
    p.wait_text("#c-description-error", "至少要写 10 个字")
        .await;
    p.type_in(
        "#c-description",
        "，每天傍晚六点到十点，堵住人行道，摊主电话 13812345678。",
    )
    .await;
    p.wait_text_where("#c-description-error", "no error", str::is_empty)
        .await;
    // The personal-data guard warns and does not block.
    p.wait_text("#c-pii", "手机号码").await;
    // The matter, found in plain words.
    p.type_in("#c-matter-q", "占道").await;
    p.client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&format!(
            "//button[contains(@class, 'suggestion') and contains(., '{ROAD}')]"
        )))
        .await
        .expect("the matter is suggested")
        .click()
        .await
        .expect("click");
    p.wait_text(".chosen-matter", ROAD).await;
    p.wait_focus("c-matter-change").await;
    p.click("#c-privacy-withheld").await;
    p.type_in("#c-phone", "12").await;
    p.wait_text("#c-phone-error", "请填写有效的手机或固定电话号码")
        .await;
    // Who will handle it, before sending: the matter was taken back from 南坑街道 in 2024.
    p.wait_text(".route-authority", BUREAU).await;
    p.wait_text(".route-preview", "管辖").await;

    // A reload (or a crash) loses nothing typed.
    p.client.refresh().await.expect("reload");
    p.heading("投诉举报").await;
    p.wait_text(".draft-notice", "已恢复").await;
    p.wait_text(".chosen-matter", ROAD).await;
    assert_eq!(p.value_of("#c-kind-tip").await, json!(true));
    assert_eq!(p.value_of("#c-address").await, json!("南坑路 18 号门口"));
    assert_eq!(p.value_of("#c-happened").await, json!(day));
    assert!(
        p.value_of("#c-description")
            .await
            .as_str()
            .is_some_and(|d| d.starts_with("占道摆摊，每天傍晚")),
        "the description is back"
    );
    assert_eq!(p.value_of("#c-privacy-withheld").await, json!(true));
    assert_eq!(p.value_of("#c-phone").await, json!("12"));
    p.element("#c-locality option[value='xc-nankeng']").await;
    assert_eq!(p.value_of("#c-locality").await, json!("xc-nankeng"));
    p.wait_text(".route-authority", BUREAU).await;
    p.assert_accessible("complaint form restored").await;

    // Photos: a text file named like a photo is refused by its bytes; a JPEG is shown with its
    // name and goes with the submission.
    let files = tempfile::tempdir().expect("a temporary directory");
    let fake = files.path().join("not-a-photo.jpg");
    std::fs::write(&fake, "just text").expect("write");
    let photo = files.path().join("stall.jpg");
    std::fs::write(&photo, tiny_jpeg()).expect("write");
    p.type_in("#c-photos", &fake.display().to_string()).await;
    p.wait_text("#c-photos-refused", "不是 JPEG、PNG 或 WebP 照片")
        .await;
    p.type_in("#c-photos", &photo.display().to_string()).await;
    p.element(".photo-list img[alt*='stall.jpg']").await;
    p.wait_text_where("#c-photos-refused", "no refusal", str::is_empty)
        .await;

    // Fix the phone number, agree, and send; the answer is lost on the way back (the server has
    // stored it), so the page offers a retry that must not file it twice.
    p.element("#c-phone").await.clear().await.expect("clear");
    p.type_in("#c-phone", "13912345678").await;
    p.click("#c-consent").await;
    p.lose_the_first_answer().await;
    p.click("button[type='submit']").await;
    p.wait_text("#c-failure", "内容已保存在本设备上").await;
    p.wait_text("button[type='submit']", "再次提交").await;
    assert_eq!(
        p.api("/api/v1/complaints/stats?district=350602").await["submissions"],
        json!(1),
        "the first attempt reached the server"
    );
    p.click("button[type='submit']").await;
    p.heading("投诉举报").await;
    let posts = p.posts().await;
    assert_eq!(posts.len(), 2, "{posts:?}");
    assert_eq!(
        posts[0], posts[1],
        "the retry repeats the request: key and body"
    );
    let code = p
        .wait_text_where("#receipt-code", "a tracking code", |t| t.len() == 11)
        .await;
    let secret = p
        .wait_text_where("#receipt-secret", "a secret", |t| t.len() >= 16)
        .await;
    p.wait_focus("receipt-heading").await;
    p.wait_text(".receipt-authority", BUREAU).await;
    assert_eq!(
        p.api("/api/v1/complaints/stats?district=350602").await["submissions"],
        json!(1),
        "the retry was answered as the first attempt, not filed again"
    );
    p.assert_accessible("receipt").await;
    p.assert_no_sideways_scroll("receipt").await;

    // Track it with the secret this device kept: status, who handles it, the timeline.
    p.click_link("查看办理进度").await;
    let path = p.heading("查询办理进度").await;
    assert_eq!(path, format!("/complaints/track/{}", code.replace('-', "")));
    p.wait_text(".track-status", "已受理登记").await;
    p.wait_text(".track-authority", BUREAU).await;
    p.wait_text(".timeline", "已受理登记").await;
    p.assert_accessible("tracking with the secret").await;
    p.assert_no_sideways_scroll("tracking").await;

    // Someone else with only the code sees the status, not the handling; a wrong secret is told.
    p.js("localStorage.removeItem('gongshi.complaint.receipts')")
        .await;
    p.goto("/complaints/track").await;
    p.heading("查询办理进度").await;
    p.type_in("#track-code", &code.to_lowercase().replace('-', " "))
        .await;
    p.click(".track-form button[type='submit']").await;
    p.wait_text(".track-status", "已受理登记").await;
    p.wait_text(".track-answer", "输入密码可以查看").await;
    assert!(
        !p.wait_text(".track-answer", "").await.contains(BUREAU),
        "no handler without the secret"
    );
    p.type_in("#track-secret", "wrong-secret").await;
    p.click(".track-form button[type='submit']").await;
    p.wait_text(".track-result", "密码不正确").await;
    p.element("#track-secret")
        .await
        .clear()
        .await
        .expect("clear");
    p.type_in("#track-secret", &secret).await;
    p.click(".track-form button[type='submit']").await;
    p.wait_text(".track-authority", BUREAU).await;

    // The form starts empty again: the draft went with the submission.
    p.goto("/complaints/new").await;
    p.heading("投诉举报").await;
    assert_eq!(p.value_of("#c-description").await, json!(""));
    assert_eq!(p.value_of("#c-kind-tip").await, json!(false));

    // The public counts have it, at its locality, without a word of what was written.
    p.click_link("投诉举报统计").await;
    p.heading("投诉举报统计").await;
    p.select("#cs-district-select", "350602").await;
    p.wait_text(".stats-scope", "芗城区").await;
    p.wait_text(".totals", "1").await;
    p.wait_focus("cs-district-select").await;
    let bars = p.wait_text(".hbars", "南坑街道").await;
    assert!(!bars.contains("摆摊"), "{bars}");
    p.assert_accessible("complaint statistics").await;
    p.assert_no_sideways_scroll("complaint statistics").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_conduct_complaint_checks_the_officer_live_sends_no_hidden_contact_and_an_edit_after_a_lost_answer_files_nothing_twice()
 {
    let p = Portal::start(1280, 900).await;
    let officers = {
        p.goto("/").await;
        p.heading("向公众公示").await;
        p.api("/api/v1/officers?district=350602&status=valid&limit=1")
            .await
    };
    let number = officers["items"][0]["certificate"]
        .as_str()
        .expect("a valid officer in the demo data")
        .to_owned();
    let name = officers["items"][0]["name"]
        .as_str()
        .expect("a name")
        .to_owned();

    p.goto("/complaints/new").await;
    p.heading("投诉举报").await;
    p.click("#c-kind-conduct").await;
    p.select("#c-district", "350602").await;
    p.select("#c-locality", "xc-nankeng").await;
    // The officer's number is checked as it is typed: first one nobody holds, then theirs.
    p.type_in("#c-officer", "闽99999999999").await;
    p.wait_text("#c-officer-check", "名单中没有这个证号").await;
    p.element("#c-officer").await.clear().await.expect("clear");
    p.type_in("#c-officer", &number).await;
    p.wait_text("#c-officer-check", &name).await;
    // A conduct complaint about a named officer goes to the body the officer enforces for.
    p.wait_text(".route-preview", &number).await;
    p.assert_accessible("conduct complaint").await;

    // Anonymous: no contact fields; what was typed in them before is not sent.
    p.click("#c-privacy-handler").await;
    p.type_in("#c-email", "me@example.com").await;
    p.click("#c-privacy-anonymous").await;
    assert_eq!(p.value_of("#c-email").await, Value::Null, "hidden");

    // The language switch translates the mistakes too.
    p.click("button[data-lang='en']").await;
    p.click("button[type='submit']").await;
    let summary = p.wait_text("#c-summary", "Please").await;
    assert!(!summary.contains('{'), "{summary}");
    p.wait_text("#c-happened-error", "date").await;
    p.assert_accessible("conduct complaint in English with mistakes")
        .await;
    p.click("button[data-lang='zh-Hans']").await;

    // Sent, the answer lost; then the citizen changes the description and sends again. The one
    // key of the draft lets the server refuse a second complaint, and the page asks for the first
    // one's answer instead.
    let day = days_ago(&p, 1).await;
    p.pick_date("#c-happened", &day).await;
    // Where: the browser's position instead of an address. (Headless Chromium has no position
    // sensor: the page's geolocation answers as a phone would, first refusing, then with a fix.)
    p.js("navigator.geolocation.getCurrentPosition = (ok, fail) =>
            setTimeout(() => fail({ code: 1, message: 'denied' }), 10);")
        .await;
    p.click("#c-locate").await;
    p.wait_text(".location", "浏览器没有允许获取位置").await;
    p.js(
        "navigator.geolocation.getCurrentPosition = (ok) => setTimeout(() => ok({
            coords: { latitude: 24.512341, longitude: 117.654321, accuracy: 25 } }), 10);",
    )
    .await;
    p.click("#c-locate").await;
    p.wait_text(".location-point", "北纬 24.51234，东经 117.65432")
        .await;
    p.wait_text(".location-point", "25 米").await;
    p.type_in("#c-description", "执法人员没有出示执法证就要求摊主交罚款。")
        .await;
    p.click("#c-consent").await;
    p.lose_the_first_answer().await;
    p.click("button[type='submit']").await;
    p.wait_text("#c-failure", "内容已保存在本设备上").await;
    p.type_in("#c-description", "还推搡了摊主。").await;
    p.click("button[type='submit']").await;
    p.wait_text(".receipt", "之后的修改没有提交").await;
    p.wait_text(".receipt", &number).await;
    let posts = p.posts().await;
    assert_eq!(posts.len(), 3, "the first, the edited one, the first again");
    assert!(posts.iter().all(|(key, _)| *key == posts[0].0), "one key");
    assert_ne!(posts[0].1, posts[1].1, "the edit was sent");
    assert_eq!(
        posts[0].1, posts[2].1,
        "then the first again, byte for byte"
    );
    let body: Value = serde_json::from_str(&posts[0].1).expect("JSON");
    for contact in ["name", "phone", "email"] {
        assert_eq!(
            body["form"][contact],
            json!(""),
            "anonymous sends no {contact}"
        );
    }
    assert_eq!(body["form"]["address"], json!(""));
    assert_eq!(
        body["form"]["location"],
        json!({ "latitude": 24.512341, "longitude": 117.654321 })
    );
    let stats = p.api("/api/v1/complaints/stats?district=350602").await;
    assert_eq!(stats["submissions"], json!(1), "{stats}");
    p.assert_accessible("receipt of the earlier version").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_lost_answer_whose_photo_went_with_a_reload_is_explained_then_recovered_with_the_photo() {
    let p = Portal::start(1280, 900).await;
    p.goto("/complaints/new").await;
    p.heading("投诉举报").await;
    let day = days_ago(&p, 2).await;
    fill_anonymous_tip(&p, &day, "夜间施工噪声很大，持续到凌晨两点。").await;
    p.wait_text(".route-preview", "没有指明具体事项").await;
    let files = tempfile::tempdir().expect("a temporary directory");
    let photo = files.path().join("night.jpg");
    std::fs::write(&photo, tiny_jpeg()).expect("write");
    p.type_in("#c-photos", &photo.display().to_string()).await;
    p.element(".photo-list img").await;

    // Sent with its photo; the answer is lost; the page is reloaded, which drops the photo.
    p.lose_the_first_answer().await;
    p.click("button[type='submit']").await;
    p.wait_text("#c-failure", "内容已保存在本设备上").await;
    p.client.refresh().await.expect("reload");
    p.wait_text(".draft-notice", "已恢复").await;
    assert_eq!(
        p.js("return document.querySelectorAll('.photo-list img').length")
            .await,
        json!(0)
    );

    // Sent again without the photo: the server has the first one under the draft's key, the page
    // cannot rebuild it, says so, and files nothing.
    p.lose_the_first_answer().await;
    p.js("window.__lostOnce = true").await; // nothing lost this time, only recorded
    p.click("button[type='submit']").await;
    p.wait_text("#c-failure", "重新添加当时的照片").await;
    p.wait_text("#c-failure button", "作为新的一件提交").await;
    let stats = || p.api("/api/v1/complaints/stats?district=350602");
    assert_eq!(stats().await["submissions"], json!(1));
    p.assert_accessible("a stored version that cannot be rebuilt")
        .await;

    // Adding the photo again rebuilds the first request byte for byte: its receipt comes back.
    p.type_in("#c-photos", &photo.display().to_string()).await;
    p.element(".photo-list img").await;
    p.click("button[type='submit']").await;
    p.wait_text(".receipt", "查询码").await;
    let posts = p.posts().await;
    assert_eq!(posts.len(), 2, "without the photo, then with it");
    assert_eq!(posts[0].0, posts[1].0, "one key");
    let first = p
        .wait_text_where("#receipt-code", "a tracking code", |t| t.len() == 11)
        .await;
    assert_eq!(stats().await["submissions"], json!(1));

    // The next draft is a new submission with a key of its own.
    p.client
        .find(Locator::XPath("//button[contains(., '再提交一件')]"))
        .await
        .expect("a button to send another")
        .click()
        .await
        .expect("click");
    fill_anonymous_tip(&p, &day, "第二天晚上又在施工，噪声同样很大。").await;
    p.click("button[type='submit']").await;
    let second = p
        .wait_text_where("#receipt-code", "another tracking code", |t| {
            t.len() == 11 && t != first
        })
        .await;
    assert_ne!(first, second);
    assert_eq!(stats().await["submissions"], json!(2));
}

impl Portal {
    /// Adds a staff account with `gongshi user add`, as an operator would; answers its password.
    fn add_user(&self, username: &str, role: &str, authority: Option<&str>) -> String {
        let password = format!("{username}-correct-horse-battery");
        let mut command = Command::new(env_path("GONGSHI_BIN", "target/debug/gongshi"));
        command
            .args([
                "user",
                "add",
                "--database",
                &self.database,
                "--username",
                username,
            ])
            .args([
                "--display-name",
                "测试人员",
                "--role",
                role,
                "--district",
                "350602",
            ])
            .env("GONGSHI_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::null());
        if let Some(a) = authority {
            command.args(["--authority", a]);
        }
        let mut child = command.spawn().expect("gongshi user add starts");
        child
            .stdin
            .take()
            .expect("a stdin")
            .write_all(format!("{password}\n").as_bytes())
            .expect("the password is written");
        assert!(
            child.wait().expect("it ends").success(),
            "gongshi user add failed"
        );
        password
    }

    /// Chooses `file` on the import page and has it checked.
    async fn check_file(&self, file: &std::path::Path) {
        self.element("#import-file")
            .await
            .send_keys(&file.display().to_string())
            .await
            .expect("the file is chosen");
        self.click(".import-form button[type='submit']").await;
    }

    /// The first Tab from the top of the page reaches the skip link; Enter on it moves the focus
    /// to `<main>`.
    async fn skip_to_main(&self) {
        self.client
            .find(Locator::Css("body"))
            .await
            .expect("a body")
            .send_keys("\u{E004}")
            .await
            .expect("Tab");
        let focused = self.js("return document.activeElement.className").await;
        assert_eq!(focused, json!("skip-link"));
        self.press("\u{E007}").await;
        let focused = self.js("return document.activeElement.id").await;
        assert_eq!(focused, json!("main"));
    }

    /// Types `keys` (text or WebDriver key codes) into whatever has the focus.
    async fn press(&self, keys: &str) {
        self.client
            .active_element()
            .await
            .expect("a focused element")
            .send_keys(keys)
            .await
            .expect("the keys are sent");
    }

    /// The number the staff start page shows under `label`, once its figures are in.
    async fn figure(&self, label: &str) -> u64 {
        let script = format!(
            "const f = [...document.querySelectorAll('.figure')]
                .find(f => f.querySelector('.figure-label').innerText.trim() === {label:?});
             return f ? f.querySelector('.figure-n').innerText : null;"
        );
        let started = Instant::now();
        loop {
            if let Some(n) = self.js(&script).await.as_str() {
                return n.replace(',', "").parse().expect("a number");
            }
            assert!(started.elapsed() < WAIT, "no figure {label:?}");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Signs in on the form a staff page shows to someone signed out.
    async fn sign_in(&self, username: &str, password: &str) {
        self.type_in("#login-username", username).await;
        self.type_in("#login-password", password).await;
        self.click(".login-form button[type='submit']").await;
        self.wait_text_where(".staff-who", "someone signed in", |t| !t.is_empty())
            .await;
    }
}

/// A CSV file of penalty rows in the import layout (the 双公示 columns the test needs), one row per
/// `(decision number suffix, credit code)`.
fn penalty_csv(dir: &std::path::Path, name: &str, rows: &[(u32, String)]) -> PathBuf {
    let decided = time::OffsetDateTime::now_utc().date() - time::Duration::days(3);
    let mut out = String::from(
        "行政相对人名称,行政相对人类别,统一社会信用代码,法定代表人,行政处罚决定书文号,违法行为类型,违法事实,处罚依据,处罚类别,处罚内容,罚款金额（万元）,处罚决定日期,处罚有效期,处罚机关,数据来源单位,执法事项编码,程序类型,违法行为发生地,情节\n",
    );
    for (n, code) in rows {
        out.push_str(&format!(
            "漳州市某某餐饮管理有限公司{n},法人及非法人组织,{code},陈建国,芗南综执罚〔2026〕第{n}号,擅自占用城市道路,\
             当事人在胜利西路门前擅自占用城市道路摆放桌椅经营。,《城市道路管理条例》第四十二条,罚款,罚款人民币贰仟元整,0.2,\
             {decided},长期,漳州市芗城区人民政府南坑街道办事处,南坑街道综合行政执法队,350602001F004200,普通程序,南坑街道,一般\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, out).expect("the CSV is written");
    path
}

fn credit_code(base17: &str) -> String {
    gongshi_domain::codes::CreditCode::complete(base17)
        .expect("valid")
        .to_string()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_publisher_imports_a_file_with_a_bad_row_fixes_it_commits_and_the_records_are_public() {
    let p = Portal::start(1280, 900).await;
    let password = p.add_user("pub.nankeng", "publisher", Some("xc-nankeng"));
    let files = tempfile::tempdir().expect("a directory");
    let good = credit_code("91350602MA2YQWER1");
    let bad = {
        // The right code with its check character changed.
        let mut c = good.clone();
        let last = c.pop().expect("a character");
        c.push(if last == '0' { '1' } else { '0' });
        c
    };
    let broken = penalty_csv(
        files.path(),
        "broken.csv",
        &[(9101, good.clone()), (9102, bad), (9103, good.clone())],
    );
    let fixed = penalty_csv(
        files.path(),
        "fixed.csv",
        &[(9101, good.clone()), (9102, good.clone()), (9103, good)],
    );
    let public = "/api/v1/penalties?district=350602&authority=xc-nankeng&limit=1";

    // A staff page asks a signed-out visitor to sign in; a wrong password is said in words.
    p.goto("/staff/penalties/import").await;
    p.heading("批量导入").await;
    p.element("#login-username").await;
    p.assert_accessible("the sign-in form").await;
    p.type_in("#login-username", "pub.nankeng").await;
    p.type_in("#login-password", "not-the-password").await;
    p.click(".login-form button[type='submit']").await;
    p.wait_text("#login-error", "用户名或密码不正确").await;
    p.element("#login-password")
        .await
        .clear()
        .await
        .expect("clear");
    p.type_in("#login-password", &password).await;
    p.click(".login-form button[type='submit']").await;
    p.wait_text(".staff-who", "信息发布员").await;
    let before = p.api(public).await["total"].as_u64().expect("a total");

    // The start page counts the authority's records by state; the bar names the unit.
    p.goto("/staff").await;
    p.heading("工作台").await;
    p.wait_text(".staff-who", "南坑街道办事处").await;
    let listed = p.figure("公示中").await;
    assert!(listed > 0, "the demo records are counted");
    p.wait_text(".dashboard", "60 日内到期的执法证").await;
    p.assert_accessible("a publisher's start page").await;
    p.goto("/staff/penalties/import").await;
    p.heading("批量导入").await;

    // The broken file: the bad row is named by line and column, the others shown, nothing written.
    p.check_file(&broken).await;
    p.wait_text("#import-result", "发现 1 个问题").await;
    let problems = p
        .wait_text(".import-problems tbody", "统一社会信用代码")
        .await;
    assert!(
        problems.starts_with('3'),
        "line 3 is the bad one: {problems}"
    );
    p.wait_text(".import-valid summary", "无误的行（2）").await;
    assert_eq!(
        p.js("return [...document.querySelectorAll('#import-result button')].length")
            .await,
        json!(0),
        "no commit while a row is wrong"
    );
    assert_eq!(
        p.api(public).await["total"].as_u64(),
        Some(before),
        "nothing was written"
    );
    p.assert_accessible("an import with a bad row").await;

    // The fixed file checks clean, commits, and every row is public at once.
    p.check_file(&fixed).await;
    p.wait_text("#import-result", "3 行全部无误").await;
    p.click("#import-result button").await;
    p.wait_text("#import-result", "已写入 3 条记录").await;
    assert_eq!(p.api(public).await["total"].as_u64(), Some(before + 3));
    p.assert_accessible("a committed import").await;
    p.goto("/staff").await;
    p.heading("工作台").await;
    assert_eq!(
        p.figure("公示中").await,
        listed + 3,
        "the start page follows"
    );

    p.goto("/penalties?q=9102").await;
    p.heading("行政处罚").await;
    p.wait_text("main", "芗南综执罚〔2026〕第9102号").await;

    // The publisher's list opens the record; its history is the public change log's.
    p.goto("/staff/penalties").await;
    p.click_link("芗南综执罚〔2026〕第9102号").await;
    p.heading("处罚公示记录").await;
    p.element("#pf-party_name").await;
    assert_eq!(
        p.value_of("#pf-party_name").await,
        json!("漳州市某某餐饮管理有限公司9102")
    );
    assert_eq!(p.value_of("#pf-party_kind").await, json!("legal_person"));
    p.assert_accessible("a record to correct").await;
    p.click_link("变更历史").await;
    p.heading("变更记录").await;
    p.wait_text(".log-entries", "公示处罚决定").await;
    p.click(".log-verify button").await;
    p.wait_text(".log-verify .success", "完整：").await;
    p.assert_accessible("a record's history").await;

    // Withdrawn from its page: the facts gain the withdrawal at once, the form locks, and the
    // public list shows the stub.
    p.goto("/staff/penalties").await;
    p.click_link("芗南综执罚〔2026〕第9102号").await;
    p.heading("处罚公示记录").await;
    p.select("#withdraw-reason", "revoked").await;
    p.type_in(
        "#withdraw-explanation",
        "经复议，芗城区人民政府撤销原处罚决定",
    )
    .await;
    p.click(".withdraw-form button[type='submit']").await;
    p.wait_text("#record-status", "已撤回").await;
    p.wait_text(".facts", "经复议，芗城区人民政府撤销原处罚决定")
        .await;
    p.wait_text(".record-form .notice", "不能再更正").await;
    let listed = p.api("/api/v1/penalties?district=350602&q=9102").await;
    assert_eq!(listed["items"][0]["status"], json!("withdrawn"), "{listed}");
    p.assert_accessible("a withdrawn record").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_handler_accepts_and_replies_the_citizen_reads_the_reply_and_a_supervisor_notes_the_case()
{
    const REPLY: &str = "经现场核查，占道摊点已于当日清理，感谢您的监督。";
    let p = Portal::start(1280, 900).await;
    let password = p.add_user("hd.bureau", "handler", Some("xc-cgzf"));

    // A citizen sends an anonymous tip; no matter is named, so the district bureau handles it.
    p.goto("/complaints/new").await;
    p.heading("投诉举报").await;
    let day = days_ago(&p, 1).await;
    fill_anonymous_tip(
        &p,
        &day,
        "通北路口每天晚上有摊点占道经营，行人只能走机动车道。",
    )
    .await;
    p.click("button[type='submit']").await;
    let code = p
        .wait_text_where("#receipt-code", "a tracking code", |t| t.len() == 11)
        .await;
    let secret = p
        .wait_text_where("#receipt-secret", "a secret", |t| t.len() >= 16)
        .await;

    // The bureau's handler finds it in the inbox, accepts it and replies.
    p.goto("/staff/complaints").await;
    p.heading("投诉举报办理").await;
    p.sign_in("hd.bureau", &password).await;
    p.goto("/staff").await;
    p.heading("工作台").await;
    let waiting = p.figure("待受理").await;
    assert!(waiting >= 1, "the new tip waits to be accepted");
    let replied = p.figure("已答复待办结").await;
    p.assert_accessible("a handler's start page").await;
    p.click(".dash-part .figure a").await;
    p.heading("投诉举报办理").await;
    // The inbox opens on the cases the figure counted: the new tip among them, no other kind.
    assert_eq!(p.value_of("#inbox-queue").await, json!("to_accept"));
    p.wait_text(".inbox tbody", &code).await;
    p.select("#inbox-queue", "overdue").await;
    p.wait_text_where(".inbox tbody, .empty", "no new tip", |t| !t.contains(&code))
        .await;
    p.assert_accessible("the inbox on its overdue cases").await;
    p.select("#inbox-queue", "to_accept").await;
    p.click_link(&code).await;
    p.heading("投诉举报详情").await;
    p.wait_text(".case-description", "摊点占道经营").await;
    p.wait_text(".case-privacy", "匿名").await;
    p.assert_accessible("a case").await;
    p.click(".case-actions .actions button").await;
    p.wait_text("#case-outcome", "已受理").await;
    p.wait_text(".facts", "办理中").await;
    p.type_in("#case-reply", REPLY).await;
    p.click("#case-reply-form button[type='submit']").await;
    p.wait_text("#case-outcome", "答复已发送").await;
    p.wait_text(".timeline", REPLY).await;
    // Someone signs in again in another tab: this page's CSRF token is stale. The note is refused
    // with the reason in words, the page takes the new session's token, and pressing again works.
    let relogin = p
        .js(&format!(
            "return fetch('/api/v1/staff/login', {{method: 'POST', \
             headers: {{'content-type': 'application/json'}}, \
             body: JSON.stringify({{username: 'hd.bureau', password: {password:?}}})}}) \
             .then(r => r.status);"
        ))
        .await;
    assert_eq!(relogin, json!(200), "signed in again as in another tab");
    p.type_in("#case-note", "联系城管中队复查一次。").await;
    p.click("#case-note-form button[type='submit']").await;
    p.wait_text("#case-outcome", "请再按一次").await;
    assert_eq!(
        p.value_of("#case-note").await,
        json!("联系城管中队复查一次。"),
        "kept"
    );
    p.click("#case-note-form button[type='submit']").await;
    p.wait_text(".notes", "联系城管中队复查一次。").await;
    p.assert_accessible("a case replied to").await;
    p.goto("/staff").await;
    p.heading("工作台").await;
    assert_eq!(p.figure("待受理").await, waiting - 1);
    assert_eq!(p.figure("已答复待办结").await, replied + 1);

    // The citizen's tracking page shows the reply, and nothing internal.
    p.goto("/complaints/track").await;
    p.heading("查询办理进度").await;
    p.type_in("#track-code", &code).await;
    p.type_in("#track-secret", &secret).await;
    p.click(".track-form button[type='submit']").await;
    p.wait_text(".track-status", "已答复").await;
    let timeline = p.wait_text(".timeline", REPLY).await;
    assert!(
        !timeline.contains("复查"),
        "no internal note in public: {timeline}"
    );
    assert!(
        !timeline.contains("hd.bureau"),
        "no staff name in public: {timeline}"
    );

    // The district's supervisor reads every complaint of the district and leaves a 督办意见 as an
    // internal note, without the handling steps; the case is not a supervised one.
    let supervisor = p.add_user("sv.district", "supervisor", None);
    p.goto("/staff").await;
    p.click(".staff-bar button").await;
    p.sign_in("sv.district", &supervisor).await;
    p.wait_text(".cards", "督办件").await;
    p.goto("/staff/complaints?supervised=true").await;
    p.wait_text(".empty", "没有符合条件的投诉举报").await;
    p.goto("/staff/complaints").await;
    p.click_link(&code).await;
    p.wait_text(".timeline", REPLY).await;
    assert_eq!(
        p.js("return document.querySelector('#case-reply-form') === null")
            .await,
        json!(true),
        "a supervisor does not reply in the handler's place"
    );
    p.type_in("#case-note", "请于五个工作日内复查并反馈。")
        .await;
    p.click("#case-note-form button[type='submit']").await;
    p.wait_text(".notes", "请于五个工作日内复查并反馈。").await;
    p.assert_accessible("a supervisor's note").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_handler_signs_in_and_opens_the_inbox_from_the_start_page_by_keyboard_on_a_phone() {
    let p = Portal::start(390, 844).await;
    let password = p.add_user("hd.keys", "handler", Some("xc-nankeng"));
    p.goto("/staff").await;
    p.heading("工作台").await;
    p.element("#login-username").await;
    let focused = || async { p.js("return document.activeElement.id").await };

    // Skip link, <main>, then the sign-in form's fields in order; Enter signs in.
    p.skip_to_main().await;
    p.press("\u{E004}").await;
    assert_eq!(focused().await, json!("login-username"));
    p.press("hd.keys").await;
    p.press("\u{E004}").await;
    assert_eq!(focused().await, json!("login-password"));
    p.press(&format!("{password}\u{E007}")).await;
    p.wait_text(".staff-who", "南坑街道办事处").await;

    // The figures are links in reading order: Tab reaches the first (cases to accept), Enter
    // opens the inbox.
    p.figure("待受理").await;
    p.assert_no_sideways_scroll("the start page").await;
    p.assert_accessible("a handler's start page on a phone")
        .await;
    let mut tabs = 0;
    while p
        .js("return document.activeElement.closest('.figure') === null")
        .await
        == json!(true)
    {
        p.press("\u{E004}").await;
        tabs += 1;
        assert!(
            tabs < 40,
            "the first figure is reached by Tab after signing in"
        );
    }
    assert_eq!(
        p.js("return document.activeElement.closest('.figure').querySelector('.figure-label').innerText")
            .await,
        json!("待受理")
    );
    p.press("\u{E007}").await;
    p.heading("投诉举报办理").await;
    // On the cases the figure counted, and the filter says so.
    assert_eq!(
        p.path_and_query().await,
        "/staff/complaints?queue=to_accept"
    );
    assert_eq!(p.value_of("#inbox-queue").await, json!("to_accept"));
    p.assert_no_sideways_scroll("the inbox and its filters")
        .await;
    p.assert_accessible("the inbox on a phone").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_adds_a_publisher_after_fixing_the_form_then_disables_the_account() {
    let p = Portal::start(390, 844).await;
    let password = p.add_user("admin.xc", "admin", None);
    p.goto("/staff/users").await;
    p.heading("工作人员账号").await;
    p.sign_in("admin.xc", &password).await;
    p.wait_text(".users tbody", "admin.xc").await;

    // Mistakes are said at their fields before anything is sent.
    p.type_in("#na-username", "pub.new").await;
    p.type_in("#na-name", "南坑街道发布员").await;
    p.select("#na-role", "publisher").await;
    p.type_in("#na-password", "short").await;
    p.click(".new-account button[type='submit']").await;
    p.wait_text("#na-password-error", "至少 12 个字符").await;
    p.wait_text("#na-authority-error", "须选择").await;
    p.assert_accessible("a new account with mistakes").await;
    p.assert_no_sideways_scroll("the accounts page").await;

    p.select("#na-authority", "xc-nankeng").await;
    p.element("#na-password")
        .await
        .clear()
        .await
        .expect("clear");
    p.type_in("#na-password", "a-long-enough-passphrase").await;
    p.click(".new-account button[type='submit']").await;
    p.wait_text("#new-account-problems", "已新增账号 pub.new")
        .await;
    p.wait_text(".users tbody", "pub.new").await;

    // The new account signs in; disabled, it no longer can.
    p.click(".staff-bar button").await;
    p.sign_in("pub.new", "a-long-enough-passphrase").await;
    p.wait_text(".staff-who", "南坑街道发布员").await;
    p.click(".staff-bar button").await;
    p.sign_in("admin.xc", &password).await;
    p.wait_text(".users tbody", "pub.new").await;
    p.click(".users tbody tr:last-child button[type='button']")
        .await;
    p.wait_text(".users tbody tr:last-child", "已停用").await;
    // The row changes in place: the focus stays on its button, which now enables; the unit is
    // named, not coded.
    assert_eq!(
        p.js("const b = document.querySelector('.users tbody tr:last-child button[type=\"button\"]');
              return document.activeElement === b ? b.innerText : null;")
            .await
            .as_str()
            .map(|t| t.contains("启用")),
        Some(true),
        "the focus stays on the row's button"
    );
    p.wait_text(".users tbody tr:last-child", "南坑街道办事处")
        .await;
    let accounts = p.api("/api/v1/staff/users").await;
    assert_eq!(
        accounts["items"][1]["username"],
        json!("pub.new"),
        "{accounts}"
    );
    assert_eq!(accounts["items"][1]["disabled"], json!(true), "{accounts}");
    p.click(".staff-bar button").await;
    p.element("#login-username").await;
    p.type_in("#login-username", "pub.new").await;
    p.type_in("#login-password", "a-long-enough-passphrase")
        .await;
    p.click(".login-form button[type='submit']").await;
    p.wait_text("#login-error", "用户名或密码不正确").await;
}

/// A roster CSV: `(number suffix, unit)` per officer of 南坑街道's team (or the unit named).
fn roster_csv(dir: &std::path::Path, name: &str, rows: &[(u32, &str)]) -> PathBuf {
    let issued = time::OffsetDateTime::now_utc().date() - time::Duration::days(30);
    let until = issued.year() + 4;
    let mut out = String::from(
        "姓名,执法证号,发证机关,执法类别,执法区域,发证日期,有效期至,所属单位,联系电话\n",
    );
    for (n, unit) in rows {
        out.push_str(&format!(
            "导入{n}号,闽350602990{n:02},漳州市人民政府,城市管理,芗城区,{issued},{until}-12-31,{unit},1390596{n:04}\n"
        ));
    }
    let path = dir.join(name);
    std::fs::write(&path, out).expect("the CSV is written");
    path
}

#[tokio::test(flavor = "multi_thread")]
async fn a_publisher_imports_officers_fixing_an_unknown_unit_then_suspends_one_and_the_check_shows_it()
 {
    let p = Portal::start(1280, 900).await;
    let password = p.add_user("pub.roster", "publisher", Some("xc-nankeng"));
    let files = tempfile::tempdir().expect("a directory");
    let broken = roster_csv(
        files.path(),
        "broken.csv",
        &[(1, "南坑街道"), (2, "北坑街道")],
    );
    let fixed = roster_csv(
        files.path(),
        "fixed.csv",
        &[(1, "南坑街道"), (2, "南坑街道")],
    );

    p.goto("/staff/officers/import").await;
    p.heading("批量导入执法人员").await;
    p.sign_in("pub.roster", &password).await;
    p.check_file(&broken).await;
    p.wait_text("#import-result", "发现 1 个问题").await;
    let problems = p.wait_text(".import-problems tbody", "所属单位").await;
    assert!(
        problems.starts_with('3'),
        "line 3 is the bad one: {problems}"
    );
    assert!(problems.contains("不是本区的执法队伍或部门"), "{problems}");
    p.assert_accessible("a roster import with a bad row").await;
    assert_eq!(
        p.api("/api/v1/certificates/闽35060299001").await["error"]["code"],
        json!("not_found")
    );

    p.check_file(&fixed).await;
    p.wait_text("#import-result", "2 行全部无误").await;
    let valid = p
        .js("return document.querySelector('.import-valid').textContent")
        .await;
    let valid = valid.as_str().unwrap_or_default();
    assert!(
        valid.contains("南坑街道综合执法大队") && valid.contains("南坑街道办事处"),
        "the unit and authority by name: {valid}"
    );
    assert!(!valid.contains("xc-nankeng"), "no codes: {valid}");
    p.click("#import-result button").await;
    p.wait_text("#import-result", "已写入 2 条记录").await;
    let officer = p.api("/api/v1/certificates/闽35060299001").await;
    assert_eq!(officer["name"], json!("导入1号"), "{officer}");
    assert!(
        !officer.to_string().contains("1390596"),
        "no telephone in public: {officer}"
    );

    // Suspended with a reason, the public check says so at once.
    p.goto("/staff/officers").await;
    p.heading("执法人员名录维护").await;
    p.type_in("#roster-number", "闽35060299002").await;
    p.click("#roster-find-form button[type='submit']").await;
    p.wait_text(".roster-status", "有效").await;
    p.click("#status-suspend").await;
    p.type_in("#status-reason", "涉嫌违规执法，正在调查。")
        .await;
    p.click("#status-form button[type='submit']").await;
    p.wait_text("#roster-outcome", "状态已变更").await;
    p.wait_text(".roster-status", "暂扣").await;
    p.assert_accessible("a suspended certificate").await;
    p.goto("/check/闽35060299002").await;
    p.wait_text("main", "涉嫌违规执法").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_publisher_adds_an_officer_after_a_bad_date_then_seconds_them_to_a_zone_and_ends_it_early()
 {
    let p = Portal::start(1280, 900).await;
    let password = p.add_user("pub.officer", "publisher", Some("xc-scjgj"));
    let number = "闽35060299050";
    p.goto("/staff/officers/new").await;
    p.heading("录入执法人员").await;
    p.sign_in("pub.officer", &password).await;
    let issued = days_ago(&p, 30).await;
    p.type_in("#of-name", "王晓梅").await;
    p.type_in("#of-certificate", number).await;
    p.type_in("#of-issuer", "漳州市人民政府").await;
    p.click("#of-categories").await;
    p.type_in("#of-area", "芗城区").await;
    p.type_in("#of-issued", "2026年13月1日").await;
    p.type_in("#of-valid_until", "2030-12-31").await;
    // Only the units this publisher enters officers for are offered.
    p.select("#of-unit", "xc-scjgj").await;
    let units = p
        .js("return [...document.querySelectorAll('#of-unit option')].map(o => o.value).filter(v => v)")
        .await;
    assert_eq!(units, json!(["xc-scjgj"]), "{units}");
    p.type_in("#of-phone", "13905960050").await;
    p.click(".record-form button[type='submit']").await;
    let problems = p.wait_text("#record-problems", "发证日期").await;
    assert!(problems.contains("日期"), "{problems}");
    p.wait_text("#of-issued-error", "日期").await;
    p.assert_accessible("a new officer with a bad date").await;
    assert_eq!(
        p.api(&format!("/api/v1/certificates/{number}")).await["error"]["code"],
        json!("not_found")
    );

    // What was typed survives a reload; fixed, the officer is on the roster.
    p.goto("/staff/officers/new").await;
    p.wait_text(".notice", "已恢复上次未提交的内容").await;
    // The notice shows at once, the form once the district has loaded.
    p.element("#of-name").await;
    assert_eq!(p.value_of("#of-name").await, json!("王晓梅"));
    assert_eq!(p.value_of("#of-categories").await, json!(true));
    // The telephone (internal record) is not left in the browser's storage.
    assert_eq!(p.value_of("#of-phone").await, json!(""));
    let kept = p
        .js("return localStorage.getItem('gongshi.staff.officer-draft')")
        .await;
    assert!(
        kept.as_str()
            .is_some_and(|k| k.contains("王晓梅") && !k.contains("1390596")),
        "{kept}"
    );
    p.replace_in("#of-issued", &issued).await;
    p.click(".record-form button[type='submit']").await;
    p.wait_text("#roster-outcome", "已录入名录").await;
    assert!(
        p.path_and_query().await.contains("certificate="),
        "the roster page shows the new officer"
    );
    let public = p.api(&format!("/api/v1/certificates/{number}")).await;
    assert_eq!(public["name"], json!("王晓梅"), "{public}");
    assert!(
        !public.to_string().contains("13905960050"),
        "no telephone in public: {public}"
    );

    // Seconded to a zone: a start in the past is refused at its field, today is taken.
    p.wait_text("#secondments-heading", "派驻").await;
    p.select("#secondment-place", "zone:xc-east").await;
    let yesterday = days_ago(&p, 1).await;
    p.pick_date("#secondment-from", &yesterday).await;
    p.click("#secondment-add-form button[type='submit']").await;
    p.wait_text("#secondment-from-error", "今天或以后").await;
    let today = days_ago(&p, 0).await;
    p.pick_date("#secondment-from", &today).await;
    p.click("#secondment-add-form button[type='submit']").await;
    p.wait_text("#secondment-outcome", "派驻已添加").await;
    p.wait_text(".secondment-table tbody", "派驻中").await;
    let record = p.api(&format!("/api/v1/officers/{number}")).await;
    assert_eq!(
        record["officer"]["secondments"][0]["to"]["zone"]["id"],
        json!("xc-east"),
        "{record}"
    );

    // Ended early: the reason is required, then the last day is today.
    p.click("#secondment-0-end").await;
    p.wait_focus("end-until").await;
    p.assert_accessible("ending a secondment").await;
    p.click("#secondment-end-form button[type='submit']").await;
    p.wait_text("#end-reason-error", "请写明原因").await;
    p.type_in("#end-reason", "片区执法力量已补充。").await;
    p.click("#secondment-end-form button[type='submit']").await;
    p.wait_text("#secondment-outcome", "已提前结束").await;
    p.wait_text(".secondment-table tbody td:nth-child(3)", &today)
        .await;
    let record = p.api(&format!("/api/v1/officers/{number}")).await;
    assert_eq!(
        record["officer"]["secondments"][0]["until"],
        json!(today),
        "{record}"
    );
    let log = p
        .api(&format!("/api/v1/log?subject=officer:{number}"))
        .await;
    let actions: Vec<&str> = log["items"]
        .as_array()
        .expect("entries")
        .iter()
        .filter_map(|e| e["change"]["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        ["officer_added", "secondment_changed", "secondment_changed"],
        "added, seconded, ended early: {log}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_admin_records_a_catalog_round_after_a_mistyped_code_and_the_log_has_it() {
    let p = Portal::start(1280, 900).await;
    let password = p.add_user("admin.round", "admin", None);
    p.goto("/staff/catalog").await;
    p.heading("执法事项调整").await;
    p.sign_in("admin.round", &password).await;
    p.type_in("#round-document", "芗政文〔2026〕99号").await;
    let today = days_ago(&p, 0).await;
    p.pick_date("#round-effective", &today).await;
    p.select("#act-0-kind", "revoke").await;
    p.click("#act-0-xc-tongbei").await;
    p.type_in("#act-0-matters", "350602001F00420").await;
    p.click(".round-form button[type='submit']").await;
    p.wait_text("#round-status", "不是事项编码").await;
    p.assert_accessible("a catalog round with a mistyped code")
        .await;
    p.type_in("#act-0-matters", "0").await;
    p.click(".round-form button[type='submit']").await;
    p.wait_text("#round-status", "已记录").await;
    let log = p
        .api("/api/v1/log?subject=catalog:350602:芗政文〔2026〕99号")
        .await;
    assert_eq!(
        log["items"][0]["change"]["action"],
        json!("catalog_round"),
        "{log}"
    );
    // The same document again is refused, in words.
    p.type_in("#round-document", "芗政文〔2026〕99号").await;
    p.select("#act-1-kind", "revoke").await;
    p.click("#act-1-xc-tongbei").await;
    p.type_in("#act-1-matters", "350602001F004200").await;
    p.click(".round-form button[type='submit']").await;
    p.wait_text("#round-status", "这个文号已经记录过").await;
    // Another document revoking it again: the conflict is said by matter and street, in words.
    p.replace_in("#round-document", "芗政文〔2026〕100号").await;
    p.click(".round-form button[type='submit']").await;
    p.wait_text(
        ".round-problems",
        "350602001F004200 · 通北街道：在生效日期并未赋权，无从收回。",
    )
    .await;
    p.assert_accessible("a catalog round that does not fit")
        .await;
    // Dated before the round just recorded: the date it may not precede is said in words too,
    // and in the language chosen, with none of the server's English.
    let yesterday = days_ago(&p, 1).await;
    p.pick_date("#round-effective", &yesterday).await;
    p.click(".round-form button[type='submit']").await;
    let said = p
        .wait_text(
            "#round-status",
            &format!("生效日期不能早于最近一次调整的生效日期（{today}）"),
        )
        .await;
    assert!(!said.contains("rounds come"), "{said}");
}
