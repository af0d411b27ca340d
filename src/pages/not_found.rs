//! The page for any path the router does not know.

use crate::i18n::{Key, use_i18n};
use crate::pages::use_title;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn NotFound() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || i18n.tr(Key::NotFoundTitle).to_owned());
    view! {
        <section class="not-found">
            <h1>{i18n.t(Key::NotFoundTitle)}</h1>
            <p>{i18n.t(Key::NotFoundBody)}</p>
            <p><A href="/" attr:class="button">{i18n.t(Key::BackHome)}</A></p>
        </section>
    }
}
