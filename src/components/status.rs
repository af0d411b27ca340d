//! Loading, error and demo states every data view shares.

use crate::api::ApiError;
use crate::i18n::{self, Key, use_i18n};
use leptos::prelude::*;
use std::future::Future;

/// Grey placeholder lines while data loads; announced to screen readers as loading.
#[component]
pub fn Skeleton(#[prop(default = 4)] lines: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="skeleton" role="status" aria-live="polite">
            <span class="visually-hidden">{i18n.t(Key::Loading)}</span>
            <div class="sk-line sk-title"></div>
            {(0..lines).map(|_| view! { <div class="sk-line"></div> }).collect_view()}
        </div>
    }
}

/// The 示例数据 mark on anything from the demo dataset.
#[component]
pub fn DemoBadge(demo: bool) -> impl IntoView {
    let i18n = use_i18n();
    demo.then(|| view! { <span class="badge badge-demo">{i18n.t(Key::DemoBadge)}</span> })
}

/// Loads `fetch` into a [`LocalResource`] and shows it with [`ResourceView`].
#[component]
pub fn DataView<T, Fut, F, V>(fetch: F, render: fn(T) -> V) -> impl IntoView
where
    T: Clone + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    F: Fn() -> Fut + 'static,
    V: IntoView + 'static,
{
    let data = LocalResource::new(fetch);
    view! { <ResourceView data render /> }
}

/// Shows a skeleton while `data` first loads, the error (translated by its API code) with a retry
/// button if it fails, and `render`'s view once it arrives. While a new value loads, the old one
/// stays on screen marked busy (`aria-busy`), so results do not flash away under the reader.
#[component]
pub fn ResourceView<T, V>(
    data: LocalResource<Result<T, ApiError>>,
    render: fn(T) -> V,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let pending = RwSignal::new(false);
    view! {
        <div class="data-view" aria-busy=move || pending.get().to_string()>
            <Transition fallback=|| view! { <Skeleton /> } set_pending=pending.write_only()>
                <ErrorBoundary fallback=move |errors| {
                    let message = move || {
                        let code = errors
                            .read()
                            .iter()
                            .find_map(|(_, e)| e.downcast_ref::<ApiError>().map(|e| e.code));
                        i18n.tr(i18n::error_code(code.flatten()))
                    };
                    view! {
                        <div class="error-panel" role="alert">
                            <h1>{i18n.t(Key::ErrorTitle)}</h1>
                            <p>{message}</p>
                            <button type="button" class="button" on:click=move |_| data.refetch()>
                                {i18n.t(Key::Retry)}
                            </button>
                        </div>
                    }
                }>
                    {move || Suspend::new(async move { data.await.map(|t| render(t).into_any()) })}
                </ErrorBoundary>
            </Transition>
        </div>
    }
}

/// A failed load said in words (translated, following the language) with a **Retry** button.
#[component]
pub fn RetryPanel(message: Key, on_retry: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="error-panel" role="alert">
            <p>{i18n.t(message)}</p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {i18n.t(Key::Retry)}
            </button>
        </div>
    }
}
