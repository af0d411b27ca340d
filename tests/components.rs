//! Component tests: widgets mounted in real headless Chromium by wasm-bindgen-test-runner
//! (`cargo xtask test` runs them with `--target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use gongshi_web::components::chart::{Columns, Datum, HBars};
use gongshi_web::components::shell::LanguageSwitcher;
use gongshi_web::components::{DemoBadge, Skeleton};
use gongshi_web::i18n::{Key, provide_i18n, use_i18n};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts `view` in a fresh container and returns the container.
fn mount<V: IntoView + 'static>(view: impl FnOnce() -> V + 'static) -> web_sys::HtmlElement {
    let container: web_sys::HtmlElement = document()
        .create_element("div")
        .expect("a div")
        .unchecked_into();
    document()
        .body()
        .expect("a body")
        .append_child(&container)
        .expect("appended");
    // The test owns the view for the rest of the page's life.
    leptos::mount::mount_to(container.clone(), view).forget();
    container
}

fn query(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .ok()
        .flatten()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

async fn settle() {
    // Effects and re-renders run on the microtask queue after the event.
    leptos::task::tick().await;
}

#[wasm_bindgen_test]
async fn the_language_switcher_translates_and_sets_html_lang() {
    let root = mount(|| {
        provide_i18n();
        let i18n = use_i18n();
        view! {
            <LanguageSwitcher />
            <p id="probe">{i18n.t(Key::NavHome)}</p>
        }
    });
    query(&root, "button[data-lang='zh-Hans']").click();
    settle().await;
    assert_eq!(query(&root, "#probe").inner_text(), "首页");

    query(&root, "button[data-lang='en']").click();
    settle().await;
    assert_eq!(query(&root, "#probe").inner_text(), "Home");
    let html = document().document_element().expect("<html>");
    assert_eq!(html.get_attribute("lang").as_deref(), Some("en"));
    assert_eq!(
        query(&root, "button[data-lang='en']")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    let stored = window()
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item("gongshi.lang").ok().flatten());
    assert_eq!(stored.as_deref(), Some("en"), "the choice is remembered");

    query(&root, "button[data-lang='zh-Hant']").click();
    settle().await;
    assert_eq!(query(&root, "#probe").inner_text(), "首頁");
    assert_eq!(html.get_attribute("lang").as_deref(), Some("zh-Hant"));
}

#[wasm_bindgen_test]
async fn the_demo_badge_shows_only_for_demo_data() {
    let root = mount(|| {
        view! {
            <span id="demo"><DemoBadge demo=true /></span>
            <span id="real"><DemoBadge demo=false /></span>
        }
    });
    settle().await;
    assert_eq!(query(&root, "#demo .badge-demo").inner_text(), "示例数据");
    assert!(
        query(&root, "#real")
            .query_selector(".badge")
            .ok()
            .flatten()
            .is_none()
    );
}

#[wasm_bindgen_test]
async fn the_skeleton_announces_loading() {
    let root = mount(|| view! { <Skeleton lines=3 /> });
    settle().await;
    let status = query(&root, "[role='status']");
    assert_eq!(status.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(
        root.query_selector_all(".sk-line").map(|l| l.length()).ok(),
        Some(4)
    );
}

#[wasm_bindgen_test]
fn query_strings_encode_chinese_and_drop_empty_values() {
    use gongshi_web::api::query_string;
    use gongshi_web::routes::AppRoute;
    assert_eq!(
        query_string(&[("q", Some("占道 犬")), ("domain", None), ("date", Some(""))]),
        "?q=%E5%8D%A0%E9%81%93%20%E7%8A%AC"
    );
    assert_eq!(query_string(&[("q", None)]), "");
    assert_eq!(
        AppRoute::Who.href_with(&[
            ("locality", Some("xc-nankeng")),
            ("matter", Some("350602001F004200"))
        ]),
        "/who?locality=xc-nankeng&matter=350602001F004200"
    );
    assert_eq!(
        AppRoute::Catalog.href_with(&[("q", Some("a&b=c"))]),
        "/matters?q=a%26b%3Dc",
        "reserved characters cannot break out of their value"
    );
}

#[wasm_bindgen_test]
fn a_check_accepts_a_number_or_the_link_its_qr_code_holds() {
    use gongshi_domain::certificate::CertificateNumber;
    use gongshi_web::pages::check::extract_number;
    use gongshi_web::routes::AppRoute;
    let number = CertificateNumber::parse("闽35060200001").expect("a number");
    let href = AppRoute::Check(Some(number.clone())).href();
    assert_eq!(href, "/check/%E9%97%BD35060200001");
    for typed in [
        "闽35060200001",
        "  闽３５０６０２００００１ ",
        "https://gongshi.example/check/%E9%97%BD35060200001",
        "https://gongshi.example/check/闽35060200001?utm=x#top",
        &format!("http://127.0.0.1:8080{href}"),
    ] {
        assert_eq!(extract_number(typed).as_ref(), Ok(&number), "{typed}");
    }
    assert!(extract_number("ab").is_err());
    assert!(extract_number("https://gongshi.example/check/").is_err());
    assert_eq!(
        AppRoute::Officer(number).href(),
        "/officers/%E9%97%BD35060200001"
    );
}

fn datum(label: &str, value: u64) -> Datum {
    Datum {
        label: label.to_owned(),
        value,
        shown: value.to_string(),
    }
}

#[wasm_bindgen_test]
async fn bars_write_every_value_and_scale_to_the_largest_or_to_a_full_share() {
    let root = mount(|| {
        let counts = vec![datum("南坑街道", 200), datum("石亭街道", 50)];
        let shares = vec![datum("芝山街道", 250)];
        view! {
            <div id="counts"><HBars data=counts /></div>
            <div id="shares"><HBars data=shares full=1000 /></div>
        }
    });
    settle().await;
    let rows = root
        .query_selector_all("#counts .hbar-row")
        .expect("rows")
        .length();
    assert_eq!(rows, 2);
    let first = query(&root, "#counts .hbar-row").inner_text();
    assert!(
        first.contains("南坑街道") && first.contains("200"),
        "{first}"
    );
    let widths: Vec<String> = (0..2)
        .map(|i| {
            let rects = root.query_selector_all("#counts rect").expect("bars");
            rects
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
                .and_then(|e| e.get_attribute("width"))
                .unwrap_or_default()
        })
        .collect();
    assert_eq!(widths, ["100.00", "25.00"]);
    assert_eq!(
        query(&root, "#counts svg")
            .get_attribute("aria-hidden")
            .as_deref(),
        Some("true"),
        "the bar is decoration; the value is text"
    );
    assert_eq!(
        query(&root, "#shares rect")
            .get_attribute("width")
            .as_deref(),
        Some("25.00"),
        "250 ‰ fills a quarter"
    );
}

#[wasm_bindgen_test]
async fn columns_are_an_image_named_by_their_caption_with_a_value_axis() {
    let root = mount(|| {
        let data = vec![
            datum("2025-01", 12),
            datum("2025-02", 0),
            datum("2025-03", 30),
        ];
        let below = vec![
            ("01".to_owned(), Some("2025".to_owned())),
            ("02".to_owned(), None),
            ("03".to_owned(), None),
        ];
        view! {
            <p id="cap">每月作出的处罚决定数</p>
            <Columns data labelled_by="cap" ticks_below=below />
        }
    });
    settle().await;
    let svg = query(&root, "svg.columns");
    assert_eq!(svg.get_attribute("role").as_deref(), Some("img"));
    assert_eq!(svg.get_attribute("aria-labelledby").as_deref(), Some("cap"));
    let titles: Vec<String> = {
        let nodes = root.query_selector_all(".column title").expect("titles");
        (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    };
    assert_eq!(titles, ["2025-01: 12", "2025-02: 0", "2025-03: 30"]);
    let heights: Vec<f64> = {
        let nodes = root.query_selector_all(".column rect").expect("columns");
        (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.dyn_into::<web_sys::Element>().ok())
            .filter_map(|e| e.get_attribute("height"))
            .filter_map(|h| h.parse().ok())
            .collect()
    };
    assert_eq!(heights.len(), 3);
    assert_eq!(heights[1], 0.0, "an empty month has no column");
    assert!((heights[2] / heights[0] - 2.5).abs() < 1e-9, "{heights:?}");
    // The value axis in round steps up to the largest value, then the months, the year under the
    // first.
    let ticks: Vec<String> = {
        let nodes = root
            .query_selector_all("svg.columns text.tick")
            .expect("ticks");
        (0..nodes.length())
            .filter_map(|i| nodes.item(i))
            .filter_map(|n| n.text_content())
            .collect()
    };
    assert_eq!(ticks, ["0", "10", "20", "30", "01", "2025", "02", "03"]);
}

#[wasm_bindgen_test]
async fn the_proof_of_work_is_solved_in_wasm_in_slices_with_progress() {
    use gongshi_web::pow::{Challenge, solve};
    use sha2::{Digest, Sha256};
    use std::cell::RefCell;
    use std::rc::Rc;
    let salt = "0a1b2c?expires=4102444800";
    let number = 45_678_u64;
    let challenge = Challenge {
        algorithm: "SHA-256".to_owned(),
        challenge: Sha256::digest(format!("{salt}{number}").as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect(),
        maxnumber: 100_000,
        salt: salt.to_owned(),
        signature: "sig".to_owned(),
    };
    let seen = Rc::new(RefCell::new(Vec::new()));
    let progress = Rc::clone(&seen);
    let solution = solve(challenge, move |share| progress.borrow_mut().push(share))
        .await
        .expect("solved");
    assert_eq!(solution.number, number);
    assert_eq!(solution.salt, salt);
    let seen = seen.borrow();
    assert!(seen.len() >= 3, "progress after each slice: {seen:?}");
    assert!(seen.windows(2).all(|w| w[0] <= w[1]), "{seen:?}");
    assert_eq!(seen.last(), Some(&1.0));
}

fn dashboard() -> gongshi_domain::dashboard::Dashboard {
    use gongshi_domain::dashboard::*;
    let date = |s: &str| {
        time::Date::parse(s, time::macros::format_description!("[year]-[month]-[day]"))
            .expect("a date")
    };
    let expiring = Expiring {
        name: gongshi_domain::Name::parse("林将满").expect("a name"),
        certificate: gongshi_domain::certificate::CertificateNumber::parse("闽35060299011")
            .expect("a number"),
        authority: gongshi_domain::api::AuthorityRef {
            id: gongshi_domain::AuthorityId::parse("xc-nankeng").expect("an id"),
            name: gongshi_domain::Name::parse("南坑街道办事处").expect("a name"),
            kind: gongshi_domain::AuthorityKind::LocalityOffice,
        },
        until: date("2026-12-13"),
    };
    Dashboard {
        today: date("2026-12-03"),
        complaints: Some(CaseCounts {
            to_accept: 1234,
            accepted: 2,
            replied: 0,
            overdue: 0,
            due_soon: 3,
            supervised: 1,
        }),
        penalties: Some(PenaltyCounts {
            listed: 10,
            late: 2,
            ..Default::default()
        }),
        roster: Some(RosterCounts {
            officers: 30,
            valid: 28,
            expired: 2,
            expiring: 4,
            expiring_soonest: vec![expiring],
            ..Default::default()
        }),
        accounts: None,
    }
}

#[wasm_bindgen_test]
async fn the_start_pages_figures_link_to_their_lists_and_mark_what_needs_attention() {
    use gongshi_web::pages::staff::home::DashboardFigures;
    let root = mount(|| {
        provide_i18n();
        view! {
            <leptos_router::components::Router>
                <DashboardFigures dashboard=dashboard() />
            </leptos_router::components::Router>
        }
    });
    settle().await;
    let figure = |label: &str| -> web_sys::HtmlElement {
        let all = root.query_selector_all(".figure").expect("figures");
        (0..all.length())
            .filter_map(|i| all.item(i))
            .map(|n| n.unchecked_into::<web_sys::HtmlElement>())
            .find(|f| query(f, ".figure-label").inner_text().trim() == label)
            .unwrap_or_else(|| panic!("no figure {label}"))
    };
    // Grouped thousands, and a link to the inbox.
    assert_eq!(query(&figure("待受理"), ".figure-n").inner_text(), "1,234");
    assert_eq!(
        query(&figure("待受理"), "a")
            .get_attribute("href")
            .as_deref(),
        Some("/staff/complaints?queue=to_accept")
    );
    assert_eq!(
        query(&figure("3 日内到期"), "a")
            .get_attribute("href")
            .as_deref(),
        Some("/staff/complaints?queue=due_soon")
    );
    assert_eq!(
        query(&figure("办理中"), "a")
            .get_attribute("href")
            .as_deref(),
        Some("/staff/complaints?status=accepted")
    );
    // Only a figure that needs attention and is not zero is marked.
    let alert = |label: &str| {
        figure(label)
            .get_attribute("class")
            .is_some_and(|c| c.split(' ').any(|c| c == "figure-alert"))
    };
    assert!(alert("3 日内到期"));
    assert!(!alert("已超期"), "zero needs no attention");
    assert!(!alert("办理中"), "not a figure of that kind");
    assert!(alert("近一年逾期公示"));
    assert!(root.inner_text().contains("尚未公示任何记录"));
    assert!(
        root.inner_text()
            .contains("处罚决定应在作出之日起 7 个工作日内公示")
    );
    // The expiring certificates: one listed, linked to its roster page, the rest counted.
    let link = query(&root, ".expiring-list li a");
    assert_eq!(link.inner_text(), "林将满");
    assert!(
        link.get_attribute("href")
            .is_some_and(|h| h.starts_with("/staff/officers?certificate=")),
        "{:?}",
        link.get_attribute("href")
    );
    assert!(root.inner_text().contains("另有 3 张未列出"));
    assert!(root.inner_text().contains("南坑街道办事处"));
    // No part for a role without the task.
    assert!(!root.inner_text().contains("工作人员账号"));
}

/// `focus_soon` moves focus once the page has rendered, but not away from a field the person went
/// into meanwhile, and of two moves asked for together only the last is made.
#[wasm_bindgen_test]
async fn focus_soon_moves_focus_unless_the_person_went_into_a_field() {
    use gongshi_web::pages::{focus_soon, sleep};
    let root = mount(|| {
        view! {
            <button type="button" id="fs-submit">"Send"</button>
            <h2 id="fs-result" tabindex="-1">"Result"</h2>
            <input id="fs-field" type="text" />
        }
    });
    let focused = || document().active_element().map(|e| e.id());

    // Asked from the button that was pressed: focus goes to the result.
    query(&root, "#fs-submit").focus().expect("focusable");
    focus_soon("fs-result");
    sleep(150).await;
    assert_eq!(focused(), Some("fs-result".to_owned()));

    // The person goes into a field before the move: focus stays where they are typing.
    query(&root, "#fs-submit").focus().expect("focusable");
    focus_soon("fs-result");
    query(&root, "#fs-field").focus().expect("focusable");
    sleep(150).await;
    assert_eq!(focused(), Some("fs-field".to_owned()));

    // Two moves asked for together: the last one is made (the first, into the field, is not made
    // and then mistaken for the person's own).
    query(&root, "#fs-submit").focus().expect("focusable");
    focus_soon("fs-field");
    focus_soon("fs-result");
    sleep(150).await;
    assert_eq!(focused(), Some("fs-result".to_owned()));
}
