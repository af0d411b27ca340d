//! Component tests: widgets mounted in real headless Chromium by wasm-bindgen-test-runner
//! (`cargo xtask test` runs them with `--target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

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
