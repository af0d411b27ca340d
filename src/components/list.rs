//! What every searchable list shares: a debounced search box and `<select>` filters bound to URL
//! keys, facet counts in the options, and keyset paging links. The catalog and the roster use them.

use crate::api::ApiError;
use crate::i18n::{self, Key, use_i18n};
use crate::query::{UrlQuery, UrlText, is_composing};
use gongshi_domain::api::{DistrictView, Facet};
use leptos::prelude::*;
use leptos_router::components::A;
use serde::Serialize;

/// Every key a filter change resets (paging starts again).
pub const PAGING: [(&str, Option<String>); 2] = [("cursor", None), ("page", None)];

/// The keys that name a place inside a district: choosing another district clears them.
const INSIDE_DISTRICT: [&str; 5] = ["locality", "zone", "department", "delegated", "authority"];

/// Sets one filter key (`None` removes it) and starts paging again, as a new history entry.
pub fn set_filter(url: UrlQuery, key: &'static str, value: Option<String>) {
    let mut changes = vec![(key, value)];
    changes.extend(PAGING);
    url.set(&changes, false);
}

/// The wire spelling of a unit enum (`urban_management`), as the API and the URL use it.
pub fn spelling<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// The search box: what is typed shows at once; the URL (and so the request) follows after a pause
/// (see [`UrlText`]); Enter searches at once.
#[component]
pub fn SearchBox(
    url: UrlQuery,
    id: &'static str,
    label: Key,
    placeholder: Key,
    hint: Key,
    #[prop(default = 50)] maxlength: u32,
) -> impl IntoView {
    let i18n = use_i18n();
    let text = UrlText::new(url, "q", &["cursor", "page"]);
    let hint_id = format!("{id}-hint");
    view! {
        <form
            role="search"
            class="search"
            on:submit=move |ev| {
                ev.prevent_default();
                text.write(text.typed.get_untracked(), false);
            }
        >
            <label for=id>{i18n.t(label)}</label>
            <div class="search-row">
                <input
                    id=id
                    type="search"
                    autocomplete="off"
                    enterkeyhint="search"
                    maxlength=maxlength
                    aria-describedby=hint_id.clone()
                    placeholder=i18n.t(placeholder)
                    prop:value=move || text.typed.get()
                    on:input=move |ev| text.input(event_target_value(&ev), is_composing(&ev))
                    on:compositionend=move |ev| text.input(event_target_value(&ev), false)
                />
                <button type="submit" class="button">{i18n.t(Key::SearchSubmit)}</button>
            </div>
            <p id=hint_id class="hint">{i18n.t(hint)}</p>
        </form>
    }
}

/// A `<select>` bound to one URL key. `options` are (value, label) pairs; the first option is
/// "any" (the key removed). A new district clears the places inside the old one.
#[component]
pub fn FilterSelect(
    url: UrlQuery,
    key: &'static str,
    id: &'static str,
    label: Key,
    #[prop(into)] options: Signal<Vec<(String, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = move || url.get(key).unwrap_or_default();
    view! {
        <div class="field">
            <label for=id>{i18n.t(label)}</label>
            <select
                id=id
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let v_is_empty = v.is_empty();
                    let mut changes = vec![(key, Some(v))];
                    changes.extend(PAGING);
                    if key == "district" {
                        changes.extend(INSIDE_DISTRICT.map(|k| (k, None)));
                    }
                    // `delegated` says something about a locality only.
                    if key == "locality" && v_is_empty {
                        changes.push(("delegated", None));
                    }
                    url.set(&changes, false);
                }
            >
                <option value="" prop:selected=move || current().is_empty()>{i18n.t(Key::Any)}</option>
                {move || {
                    options
                        .get()
                        .into_iter()
                        .map(|(value, text)| {
                            let selected = current() == value;
                            view! { <option value=value prop:selected=selected>{text}</option> }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The counts of one facet as (spelling → count); `None` when the answer has no such facet (not
/// loaded yet, or too large a set to count).
pub fn counts(facets: &[Facet], field: &str) -> Option<Vec<(String, u64)>> {
    facets.iter().find(|f| f.field == field).map(|f| {
        f.counts
            .iter()
            .map(|c| (c.value.clone(), c.count))
            .collect()
    })
}

/// Options for every value of an enum, each labelled with its count in `counts` when there are
/// counts.
pub fn enum_options<T: Serialize + Copy>(
    all: &[T],
    label: fn(T) -> Key,
    counts: Option<Vec<(String, u64)>>,
    lang: i18n::Lang,
) -> Vec<(String, String)> {
    labelled_options(
        all.iter()
            .map(|v| (spelling(v), i18n::text(lang, label(*v)).to_owned()))
            .collect(),
        counts.as_deref(),
        lang,
    )
}

/// Options for values with names (places, bodies, enum values), each name followed by its count in
/// `counts` when there are counts: 芝山镇（12）.
pub fn labelled_options(
    items: Vec<(String, String)>,
    counts: Option<&[(String, u64)]>,
    lang: i18n::Lang,
) -> Vec<(String, String)> {
    items
        .into_iter()
        .map(|(value, name)| {
            let Some(counts) = counts else {
                return (value, name);
            };
            let n = counts
                .iter()
                .find(|(k, _)| *k == value)
                .map_or(0, |(_, n)| *n);
            let text = i18n::format(
                lang,
                Key::OptionCount,
                &[("label", &name), ("count", &n.to_string())],
            );
            (value, text)
        })
        .collect()
}

/// Every district as (code, name) options.
pub fn district_options() -> Signal<Vec<(String, String)>> {
    let districts = LocalResource::new(crate::api::districts);
    Signal::derive(move || {
        districts
            .get()
            .and_then(Result::ok)
            .map(|p| {
                p.items
                    .into_iter()
                    .map(|d| (d.code.to_string(), d.name.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The district the URL's `district` key names (its zones, localities, departments and
/// authorities give the filters inside it), reloaded when the key changes.
pub fn url_district(url: UrlQuery) -> LocalResource<Result<Option<DistrictView>, ApiError>> {
    LocalResource::new(move || {
        let code = url.get("district");
        async move {
            match code {
                Some(c) => crate::api::district(c).await.map(Some),
                None => Ok(None),
            }
        }
    })
}

/// Whether any of `keys` narrows the list (paging and the sort order do not): a "clear every
/// filter" link is then offered.
pub fn any_filter_set(url: UrlQuery, keys: &[&str]) -> bool {
    keys.iter()
        .filter(|k| !matches!(**k, "cursor" | "sort"))
        .any(|k| url.get(k).is_some())
}

/// Whether a filter bar starts open: on wide screens, or when one of `keys` (other than the
/// search and the cursor) is set; on a phone the results come first.
pub fn filters_open_at_start(url: UrlQuery, keys: &[&str]) -> bool {
    keys.iter()
        .filter(|k| !matches!(**k, "cursor" | "q"))
        .any(|k| url.get_untracked(k).is_some())
        || window()
            .inner_width()
            .ok()
            .and_then(|w| w.as_f64())
            .is_some_and(|w| w >= 640.0)
}

/// "First page · page N · next page" links for a keyset-paged list whose cursor and page number
/// ride in the URL.
#[component]
pub fn Paging(url: UrlQuery, next: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let page_no: u32 = url
        .get_untracked("page")
        .and_then(|p| p.parse().ok())
        .filter(|p| *p >= 1)
        .unwrap_or(1);
    let next_href = next.map(|cursor| {
        url.href_with(&[
            ("cursor", Some(cursor)),
            ("page", Some((page_no + 1).to_string())),
        ])
    });
    let first_href = (page_no > 1).then(|| url.href_with(&PAGING));
    let page_label = move || i18n::format(i18n.lang(), Key::PageN, &[("n", &page_no.to_string())]);
    (next_href.is_some() || first_href.is_some()).then(|| {
        view! {
            <nav class="paging" aria-label=i18n.t(Key::PagingLabel)>
                {first_href.map(|h| view! { <A href=h>{i18n.t(Key::PageFirst)}</A> })}
                <span aria-current="page">{page_label}</span>
                {next_href.map(|h| view! { <A href=h attr:rel="next">{i18n.t(Key::PageNext)}</A> })}
            </nav>
        }
    })
}

/// Moves focus to the results heading `id` when a new page of results replaces the paging link
/// that had focus (next page, or back to the first); typing, which also resets paging, does not.
pub fn focus_results_on_paging(url: UrlQuery, id: &'static str) {
    Effect::new(move |previous: Option<(Option<String>, Option<String>)>| {
        let now = (url.get("page"), url.get("q"));
        if let Some((page, q)) = previous
            && page != now.0
            && (now.0.is_some() || q == now.1)
        {
            crate::pages::focus_soon(id);
        }
        now
    });
}

/// Matters suggested for what was typed, each a button that picks it (`labelled_by`: the id the
/// list's caption gets); none found points to the catalog.
pub fn matter_suggestions(
    page: gongshi_domain::api::Page<gongshi_domain::catalog::Matter>,
    labelled_by: &'static str,
    pick: impl Fn(gongshi_domain::catalog::MatterCode) + Copy + Send + Sync + 'static,
) -> AnyView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! {
            <p class="empty">
                {i18n.t(Key::WhoNoMatches)} " "
                <A href=crate::routes::AppRoute::Catalog.href()>{i18n.t(Key::CatalogTitle)}</A>
            </p>
        }
        .into_any();
    }
    view! {
        <p class="hint" id=labelled_by>{i18n.t(Key::WhoMatches)}</p>
        <ul class="suggestions" aria-labelledby=labelled_by>
            {page
                .items
                .into_iter()
                .map(|m| {
                    let code = m.code.clone();
                    view! {
                        <li>
                            <button type="button" class="suggestion" on:click=move |_| pick(code.clone())>
                                {m.name.to_string()}
                                <span class="code">{m.code.to_string()}</span>
                            </button>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongshi_domain::catalog::{Domain, MatterClass, PowerKind};

    #[test]
    fn spellings_are_the_wire_ones() {
        assert_eq!(spelling(&Domain::UrbanManagement), "urban_management");
        assert_eq!(spelling(&MatterClass::B), "B");
        assert_eq!(spelling(&PowerKind::Coercion), "coercion");
    }
}
