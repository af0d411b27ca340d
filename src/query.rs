//! Page state kept in the URL query, so every search, filter, page and answer can be linked,
//! bookmarked and reloaded. Pages read keys reactively and write them by navigating.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use std::collections::HashMap;

/// The current page's query string, read and written by key.
#[derive(Clone, Copy)]
pub struct UrlQuery {
    map: Memo<ParamsMap>,
    navigate: StoredValue<Navigate>,
    path: Memo<String>,
    /// One memo per key read, so a reader reruns only when its own key changes (typing in the
    /// search box must not refetch the locality list).
    keys: StoredValue<HashMap<String, Memo<Option<String>>>>,
    owner: StoredValue<Owner>,
}

type Navigate = std::sync::Arc<dyn Fn(&str, NavigateOptions) + Send + Sync>;

impl std::fmt::Debug for UrlQuery {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlQuery").finish_non_exhaustive()
    }
}

pub fn use_url_query() -> UrlQuery {
    let location = use_location();
    let pathname = location.pathname;
    UrlQuery {
        map: use_query_map(),
        navigate: StoredValue::new(std::sync::Arc::new(use_navigate())),
        path: Memo::new(move |_| pathname.get()),
        keys: StoredValue::new(HashMap::new()),
        owner: StoredValue::new(Owner::current().unwrap_or_default()),
    }
}

impl UrlQuery {
    /// A key's value, tracked: a closure reading it reruns when that key changes, and only then.
    /// Empty counts as absent.
    pub fn get(&self, key: &str) -> Option<String> {
        self.key(key).get()
    }

    fn key(&self, key: &str) -> Memo<Option<String>> {
        if let Some(memo) = self.keys.with_value(|keys| keys.get(key).copied()) {
            return memo;
        }
        let map = self.map;
        let name = key.to_owned();
        let memo = self.owner.with_value(|owner| {
            owner.with(|| {
                Memo::new(move |_| {
                    map.read()
                        .get_str(&name)
                        .filter(|v| !v.is_empty())
                        .map(str::to_owned)
                })
            })
        });
        self.keys.update_value(|keys| {
            keys.insert(key.to_owned(), memo);
        });
        memo
    }

    /// A key's value without tracking.
    pub fn get_untracked(&self, key: &str) -> Option<String> {
        self.map
            .read_untracked()
            .get_str(key)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    }

    /// The URL of this page with `changes` applied (`None` removes a key), keys in a stable order.
    pub fn href_with(&self, changes: &[(&str, Option<String>)]) -> String {
        let mut pairs: Vec<(String, String)> = self
            .map
            .read_untracked()
            .latest_values()
            .filter(|(k, _)| !changes.iter().any(|(c, _)| c == k))
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        for (k, v) in changes {
            if let Some(v) = v.as_ref().filter(|v| !v.is_empty()) {
                pairs.push(((*k).to_owned(), v.clone()));
            }
        }
        pairs.sort();
        format!(
            "{}{}",
            self.path.get_untracked(),
            crate::api::query_string(
                &pairs
                    .iter()
                    .map(|(k, v)| (k.as_str(), Some(v.as_str())))
                    .collect::<Vec<_>>()
            )
        )
    }

    /// Applies `changes`. `replace` rewrites the current history entry (typing, which should not
    /// leave one entry per keystroke); otherwise the change can be undone with Back.
    pub fn set(&self, changes: &[(&str, Option<String>)], replace: bool) {
        let href = self.href_with(changes);
        let navigate = self.navigate.get_value();
        navigate(
            &href,
            NavigateOptions {
                replace,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    }
}

/// A text box bound to one URL key (a search box). What is typed shows at once; the URL follows
/// once typing pauses for `DEBOUNCE`, replacing the history entry, so a search sends one request
/// per pause, not one per key. While an input method is composing (pinyin), nothing is written.
/// A change of the key made elsewhere (Back, a suggestion link) replaces the text, and a write
/// still pending from before it is dropped.
#[derive(Clone, Copy)]
pub struct UrlText {
    pub typed: RwSignal<String>,
    url: UrlQuery,
    key: &'static str,
    /// Keys to clear with every write (paging starts again).
    resets: &'static [&'static str],
    /// The last value written to the URL by this box.
    written: StoredValue<String>,
    pending: StoredValue<Option<leptos::leptos_dom::helpers::TimeoutHandle>>,
}

impl std::fmt::Debug for UrlText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("UrlText")
            .field("key", &self.key)
            .finish_non_exhaustive()
    }
}

/// How long typing must pause before the URL (and so the search) follows.
pub const DEBOUNCE: std::time::Duration = std::time::Duration::from_millis(350);

impl UrlText {
    pub fn new(url: UrlQuery, key: &'static str, resets: &'static [&'static str]) -> Self {
        let initial = url.get_untracked(key).unwrap_or_default();
        let this = Self {
            typed: RwSignal::new(initial.clone()),
            url,
            key,
            resets,
            written: StoredValue::new(initial),
            pending: StoredValue::new(None),
        };
        Effect::new(move |_| {
            let now = url.get(key).unwrap_or_default();
            if now != this.written.get_value() {
                this.cancel();
                this.written.set_value(now.clone());
                this.typed.set(now);
            }
        });
        on_cleanup(move || this.cancel());
        this
    }

    fn cancel(self) {
        if let Some(Some(handle)) = self.pending.try_update_value(Option::take) {
            handle.clear();
        }
    }

    /// Writes `text` to the URL now (Enter), adding a history entry unless `replace`.
    pub fn write(self, text: String, replace: bool) {
        self.cancel();
        if text.trim() == self.written.get_value().trim() {
            return;
        }
        self.written.set_value(text.clone());
        let mut changes = vec![(self.key, Some(text))];
        changes.extend(self.resets.iter().map(|k| (*k, None)));
        self.url.set(&changes, replace);
    }

    /// For `on:input` (and `on:compositionend`): show the text, write it after a pause.
    pub fn input(self, text: String, composing: bool) {
        self.typed.set(text.clone());
        self.cancel();
        if composing {
            return;
        }
        let seen = self.url.get_untracked(self.key).unwrap_or_default();
        let handle = leptos::leptos_dom::helpers::set_timeout_with_handle(
            move || {
                // Dropped if the URL's value moved on since (Back, a link): that change wins.
                if self.url.get_untracked(self.key).unwrap_or_default() == seen {
                    self.write(text, true);
                }
            },
            DEBOUNCE,
        );
        self.pending.set_value(handle.ok());
    }
}

/// Whether an `input` event belongs to an unfinished input-method composition (pinyin being typed).
pub fn is_composing(ev: &web_sys::Event) -> bool {
    use wasm_bindgen::JsCast;
    ev.dyn_ref::<web_sys::InputEvent>()
        .is_some_and(web_sys::InputEvent::is_composing)
}
