//! The frame around every page: skip link, header with the language switcher, `<main>`, footer.

use crate::i18n::{I18n, Key, Lang, use_i18n};
use crate::routes::AppRoute;
use leptos::prelude::*;
use leptos_router::components::A;
use wasm_bindgen::JsCast;

#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    focus_main_on_new_page();
    view! {
        <a class="skip-link" href="#main" on:click=skip_to_main>{i18n.t(Key::SkipToContent)}</a>
        <header class="site-header">
            <div class="wrap header-row">
                <A href="/" attr:class="brand">
                    <span class="brand-name">{i18n.t(Key::AppName)}</span>
                    <span class="brand-tagline">{i18n.t(Key::AppTagline)}</span>
                </A>
                <nav aria-label=i18n.t(Key::NavLabel) class="site-nav">
                    <A href="/">{i18n.t(Key::NavHome)}</A>
                    <A href=AppRoute::Catalog.href()>{i18n.t(Key::NavCatalog)}</A>
                    <A href=AppRoute::Who.href()>{i18n.t(Key::NavWho)}</A>
                    <A href=AppRoute::Officers.href()>{i18n.t(Key::NavOfficers)}</A>
                    <A href=AppRoute::Check(None).href()>{i18n.t(Key::NavCheck)}</A>
                    <A href=AppRoute::Penalties.href()>{i18n.t(Key::NavPenalties)}</A>
                    <A href=AppRoute::ComplaintNew.href()>{i18n.t(Key::NavComplain)}</A>
                </nav>
                <LanguageSwitcher />
            </div>
        </header>
        <main id="main" tabindex="-1" class="wrap">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="wrap">
                <p>{i18n.t(Key::FooterBasis)}</p>
                <p>
                    <A href=AppRoute::Log.href()>{i18n.t(Key::FooterLog)}</A> " · "
                    <a href="/api/v1/openapi.json">{i18n.t(Key::FooterApi)}</a> " · "
                    <A href=AppRoute::Staff.href()>{i18n.t(Key::FooterStaff)}</A>
                </p>
            </div>
        </footer>
    }
}

/// Moves focus to `<main>` itself: the router would treat `#main` as a navigation, and a focus move
/// is what keyboard and screen-reader users need from a skip link.
fn skip_to_main(ev: leptos::ev::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = document().get_element_by_id("main") {
        let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

/// After a client-side move to another page (not a change of query, such as typing in a search
/// box), focus goes to `<main>`, as it would on a full page load's skip: keyboard and screen-reader
/// users start reading the new page instead of staying on the link they followed.
fn focus_main_on_new_page() {
    let pathname = leptos_router::hooks::use_location().pathname;
    Effect::new(move |previous: Option<String>| {
        let path = pathname.get();
        if previous.is_some_and(|p| p != path)
            && let Some(main) = document().get_element_by_id("main")
        {
            let _ = main.unchecked_into::<web_sys::HtmlElement>().focus();
        }
        path
    });
}

/// Three buttons, each in its own language; the current one is pressed.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n: I18n = use_i18n();
    view! {
        <div class="lang-switch" role="group" aria-label=i18n.t(Key::LanguageLabel)>
            {Lang::ALL
                .into_iter()
                .map(|lang| {
                    view! {
                        <button
                            type="button"
                            lang=lang.tag()
                            data-lang=lang.tag()
                            aria-pressed=move || (i18n.lang() == lang).to_string()
                            on:click=move |_| i18n.set(lang)
                        >
                            {lang.native_name()}
                        </button>
                    }
                })
                .collect_view()}
        </div>
    }
}
