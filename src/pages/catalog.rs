//! The enforcement catalog: search as you type (debounced, so typing sends one request per pause,
//! not per key), facet filters with counts, a locality's catalog on a date, and keyset paging. All
//! of it lives in the URL query, so a search can be linked and survives a reload.

use crate::api;
use crate::api::ApiError;
use crate::components::ResourceView;
use crate::components::list::{
    FilterSelect, Paging, SearchBox, any_filter_set, counts, district_options, enum_options,
    filters_open_at_start, focus_results_on_paging, set_filter,
};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::use_title;
use crate::query::{UrlQuery, use_url_query};
use crate::routes::AppRoute;
use gongshi_domain::api::Page;
use gongshi_domain::catalog::{Domain, Matter, MatterClass, MatterLevel, PowerKind};
use leptos::prelude::*;
use leptos_router::components::A;

/// The URL keys the page passes to `GET /api/v1/matters` as they are.
const API_KEYS: [&str; 10] = [
    "q",
    "district",
    "domain",
    "power_kind",
    "class",
    "level",
    "locality",
    "delegated",
    "date",
    "cursor",
];
const PAGE_SIZE: &str = "20";
/// Offered when nothing matches.
const SUGGESTIONS: [&str; 5] = ["占道", "噪声", "犬", "油烟", "燃气"];

#[component]
pub fn CatalogPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    use_title(move || i18n.tr(Key::CatalogTitle).to_owned());

    // One request per URL change feeds both the list and the filter counts.
    let data = LocalResource::new(move || {
        let mut params: Vec<(&'static str, Option<String>)> =
            API_KEYS.iter().map(|k| (*k, url.get(k))).collect();
        params.push(("limit", Some(PAGE_SIZE.to_owned())));
        api::matters(params)
    });

    let count = move || {
        data.get().and_then(Result::ok).map(|p| {
            i18n::format(
                i18n.lang(),
                Key::CatalogCount,
                &[(
                    "count",
                    &p.total.unwrap_or(p.items.len() as u64).to_string(),
                )],
            )
        })
    };
    focus_results_on_paging(url, "results-heading");
    view! {
        <h1>{i18n.t(Key::CatalogTitle)}</h1>
        <p class="lead">{i18n.t(Key::CatalogIntro)}</p>
        <SearchBox url id="catalog-q" label=Key::SearchLabel placeholder=Key::SearchPlaceholder hint=Key::SearchHint />
        <Filters url data />
        <section aria-labelledby="results-heading" class="results">
            <h2 id="results-heading" class="visually-hidden" tabindex="-1">{i18n.t(Key::CatalogTitle)}</h2>
            // One live region for the count, kept across searches so screen readers announce it.
            <p class="count" role="status">{count}</p>
            <ResourceView data render=results />
        </section>
    }
}

/// The filter bar. Option lists come from the enums; counts from the current answer's facets, which
/// the server computes leaving out each facet's own filter, so every option shows what choosing it
/// would give.
#[component]
fn Filters(url: UrlQuery, data: LocalResource<Result<Page<Matter>, ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let facet_counts = move |field: &'static str| {
        data.get()
            .and_then(Result::ok)
            .and_then(|p: Page<Matter>| counts(&p.facets, field))
    };
    let domains = Signal::derive(move || {
        enum_options(
            &Domain::ALL,
            i18n::domain,
            facet_counts("domain"),
            i18n.lang(),
        )
    });
    let kinds = Signal::derive(move || {
        enum_options(
            &PowerKind::ALL,
            i18n::power_kind,
            facet_counts("power_kind"),
            i18n.lang(),
        )
    });
    let classes = Signal::derive(move || {
        enum_options(
            &MatterClass::ALL,
            i18n::matter_class,
            facet_counts("class"),
            i18n.lang(),
        )
    });
    let levels = Signal::derive(move || {
        enum_options(
            &MatterLevel::ALL,
            i18n::matter_level,
            facet_counts("level"),
            i18n.lang(),
        )
    });
    let district_options = district_options();
    let localities = LocalResource::new(move || {
        let district = url.get("district");
        async move {
            match district {
                Some(d) => api::localities(d).await.map(|p| p.items),
                None => Ok(Vec::new()),
            }
        }
    });
    let locality_options = Signal::derive(move || {
        localities
            .get()
            .and_then(Result::ok)
            .map(|items| {
                items
                    .into_iter()
                    .filter(|l| l.kind != gongshi_domain::LocalityKind::SpecialArea)
                    .map(|l| (l.id.to_string(), l.name.to_string()))
                    .collect()
            })
            .unwrap_or_default()
    });
    let has_district = move || url.get("district").is_some();
    let any_filter = move || any_filter_set(url, &API_KEYS);
    let open_at_start = filters_open_at_start(url, &API_KEYS);
    view! {
        <details class="filters" open=open_at_start>
            <summary>{i18n.t(Key::FiltersHeading)}</summary>
            <div class="filter-grid">
                <FilterSelect url key="district" id="f-district" label=Key::FilterDistrict options=district_options />
                <FilterSelect url key="domain" id="f-domain" label=Key::FilterDomain options=domains />
                <FilterSelect url key="power_kind" id="f-kind" label=Key::FilterPowerKind options=kinds />
                <FilterSelect url key="class" id="f-class" label=Key::FilterClass options=classes />
                <FilterSelect url key="level" id="f-level" label=Key::FilterLevel options=levels />
                {move || {
                    has_district()
                        .then(|| {
                            view! {
                                <FilterSelect url key="locality" id="f-locality" label=Key::FilterLocality options=locality_options />
                            }
                        })
                }}
                <div class="field">
                    <label for="f-date">{i18n.t(Key::FilterDate)}</label>
                    <input
                        id="f-date"
                        type="date"
                        prop:value=move || url.get("date").unwrap_or_default()
                        on:change=move |ev| {
                            set_filter(url, "date", Some(event_target_value(&ev)));
                        }
                    />
                </div>
            </div>
            {move || {
                url.get("locality")
                    .map(|_| {
                        let key = if url.get("delegated").as_deref() == Some("false") {
                            Key::FilterNotDelegatedHint
                        } else {
                            Key::FilterLocalityHint
                        };
                        view! { <p class="hint">{i18n.t(key)}</p> }
                    })
            }}
            {move || {
                any_filter()
                    .then(|| {
                        view! {
                            <p>
                                <A href=AppRoute::Catalog.href()>{i18n.t(Key::FiltersClear)}</A>
                            </p>
                        }
                    })
            }}
        </details>
    }
}

/// One matter as a result line.
pub(crate) fn matter_item(m: Matter, date: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let href = AppRoute::Matter(m.code.clone()).href_on(date.as_deref());
    view! {
        <li class="matter-item">
            <A href=href attr:class="matter-name">{m.name.to_string()}</A>
            <div class="matter-meta">
                <span class="code">{m.code.to_string()}</span>
                <span class="badge">{i18n.t(i18n::domain(m.domain))}</span>
                <span class="badge">{i18n.t(i18n::power_kind(m.power_kind))}</span>
                <span class="badge">{i18n.t(i18n::matter_class(m.class))}</span>
                {(m.level == MatterLevel::District)
                    .then(|| view! { <span class="badge badge-district">{i18n.t(Key::LevelDistrict)}</span> })}
            </div>
        </li>
    }
}

fn results(page: Page<Matter>) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    if page.items.is_empty() {
        return view! {
            <div class="empty-state">
                <p>{i18n.t(Key::CatalogEmpty)}</p>
                <p>{i18n.t(Key::CatalogEmptyTry)}</p>
                <ul class="chips">
                    {SUGGESTIONS
                        .iter()
                        .map(|s| {
                            let href = url
                                .href_with(&[("q", Some((*s).to_owned())), ("cursor", None), ("page", None)]);
                            view! { <li><A href=href>{*s}</A></li> }
                        })
                        .collect_view()}
                </ul>
                <p><A href=AppRoute::Catalog.href()>{i18n.t(Key::CatalogEmptyClear)}</A></p>
            </div>
        }
        .into_any();
    }
    let date = url.get_untracked("date");
    view! {
        <ul class="matter-list">
            {page.items.into_iter().map(|m| matter_item(m, date.clone())).collect_view()}
        </ul>
        <Paging url next=page.next />
    }
    .into_any()
}
