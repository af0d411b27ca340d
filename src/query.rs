//! Page state kept in the URL query, so every search, filter, page and answer can be linked,
//! bookmarked and reloaded. Pages read keys reactively and write them by navigating.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

/// The current page's query string, read and written by key.
#[derive(Clone, Copy)]
pub struct UrlQuery {
    map: Memo<ParamsMap>,
    navigate: StoredValue<Navigate>,
    path: Memo<String>,
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
    }
}

impl UrlQuery {
    /// A key's value, tracked: a closure reading it reruns when it changes. Empty counts as absent.
    pub fn get(&self, key: &str) -> Option<String> {
        self.map
            .read()
            .get_str(key)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
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
