//! One module per route.

pub mod catalog;
pub mod check;
pub mod complain;
pub mod complaint_stats;
pub mod district;
pub mod home;
pub mod locality;
pub mod log;
pub mod matter;
pub mod not_found;
pub mod officer;
pub mod penalties;
pub mod penalty;
pub mod penalty_stats;
pub mod roster;
pub mod staff;
pub mod track;
pub mod who;
pub mod zone;

use leptos::prelude::*;

/// Keeps `document.title` as "page · 公示", following the language.
pub fn use_title(title: impl Fn() -> String + 'static) {
    let i18n = crate::i18n::use_i18n();
    Effect::new(move |_| {
        let app = i18n.tr(crate::i18n::Key::AppName);
        let page = title();
        let full = if page.is_empty() {
            app.to_owned()
        } else {
            format!("{page} · {app}")
        };
        document().set_title(&full);
    });
}

/// A page titled by a proper name (a district, zone or locality), the same in every language.
pub fn use_page_title(name: &str) {
    let name = name.to_owned();
    use_title(move || name.clone());
}

/// Today in China Standard Time as `YYYY-MM-DD`, the date the server means by "today".
pub fn china_date() -> String {
    let now = web_sys::js_sys::Date::now() + 8.0 * 3_600_000.0;
    let d = web_sys::js_sys::Date::new(&now.into());
    format!(
        "{:04}-{:02}-{:02}",
        d.get_utc_full_year(),
        d.get_utc_month() + 1,
        d.get_utc_date()
    )
}

/// Today in China as a date (what the server calls today).
pub fn today() -> time::Date {
    parse_date(&china_date()).unwrap_or(time::Date::MIN)
}

/// A date as a date field gives it (`2026-03-11`).
pub fn parse_date(s: &str) -> Option<time::Date> {
    time::Date::parse(
        s.trim(),
        &time::format_description::well_known::Iso8601::DATE,
    )
    .ok()
}

/// Moves focus to the element with `id` once the change just made has rendered: after a control
/// that had focus disappears (a suggestion chosen), or a page of results replaced. Two rules keep
/// it from surprising anyone: of moves asked for together, only the last is made; and when the
/// person has meanwhile gone into a field (clicked or tabbed into it, and may be typing), focus
/// stays there.
pub fn focus_soon(id: &'static str) {
    use wasm_bindgen::JsCast;
    thread_local! {
        static LATEST: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    }
    let mine = LATEST.with(|latest| {
        latest.set(latest.get().wrapping_add(1));
        latest.get()
    });
    let document = document();
    let was = document.active_element();
    leptos::leptos_dom::helpers::set_timeout(
        move || {
            if LATEST.with(std::cell::Cell::get) != mine {
                return;
            }
            let now = document.active_element();
            let typing = now.as_ref().is_some_and(|el| {
                matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            });
            if typing && now != was {
                return;
            }
            if let Some(el) = document.get_element_by_id(id) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        },
        std::time::Duration::from_millis(50),
    );
}

/// Waits `ms` milliseconds on the browser's timer, giving the page the thread meanwhile.
pub async fn sleep(ms: i32) {
    let promise = web_sys::js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A moment as China Standard Time, `YYYY-MM-DD HH:MM` (how every date on the portal reads).
pub fn china_time(at: time::OffsetDateTime) -> String {
    let local = at.to_offset(time::macros::offset!(+8));
    format!("{} {:02}:{:02}", local.date(), local.hour(), local.minute())
}
