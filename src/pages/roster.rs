//! The officer roster: search by name or number (debounced), filters by district, zone, locality,
//! department, category, status and secondment with counts, on any date, keyset-paged. All of it
//! lives in the URL query, so a filtered roster can be linked and survives a reload.

use crate::api;
use crate::api::ApiError;
use crate::components::ResourceView;
use crate::components::list::{
    FilterSelect, Paging, SearchBox, any_filter_set, counts, district_options, enum_options,
    filters_open_at_start, focus_results_on_paging, set_filter, url_district,
};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::officer::officer_item;
use crate::pages::use_title;
use crate::query::{UrlQuery, use_url_query};
use crate::routes::AppRoute;
use gongshi_domain::api::Page;
use gongshi_domain::catalog::Domain;
use gongshi_domain::certificate::StatusKind;
use gongshi_domain::officer::PublicOfficer;
use leptos::prelude::*;
use leptos_router::components::A;

/// The URL keys the page passes to `GET /api/v1/officers` as they are.
const API_KEYS: [&str; 10] = [
    "q",
    "district",
    "zone",
    "locality",
    "department",
    "domain",
    "status",
    "seconded",
    "date",
    "cursor",
];
const PAGE_SIZE: &str = "30";

#[component]
pub fn RosterPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    use_title(move || i18n.tr(Key::RosterTitle).to_owned());
    let data = LocalResource::new(move || {
        let mut params: Vec<(&'static str, Option<String>)> =
            API_KEYS.iter().map(|k| (*k, url.get(k))).collect();
        params.push(("limit", Some(PAGE_SIZE.to_owned())));
        api::officers(params)
    });
    let count = move || {
        data.get().and_then(Result::ok).map(|p| {
            i18n::format(
                i18n.lang(),
                Key::RosterCount,
                &[(
                    "count",
                    &p.total.unwrap_or(p.items.len() as u64).to_string(),
                )],
            )
        })
    };
    focus_results_on_paging(url, "roster-results");
    view! {
        <h1>{i18n.t(Key::RosterTitle)}</h1>
        <p class="lead">{i18n.t(Key::RosterIntro)}</p>
        <p><A href=AppRoute::Check(None).href() attr:class="button button-secondary">{i18n.t(Key::NavCheck)}</A></p>
        <SearchBox
            url
            id="roster-q"
            label=Key::RosterSearchLabel
            placeholder=Key::RosterSearchPlaceholder
            hint=Key::RosterSearchHint
            maxlength=32
        />
        <Filters url data />
        <section aria-labelledby="roster-results" class="results">
            <h2 id="roster-results" class="visually-hidden" tabindex="-1">{i18n.t(Key::RosterTitle)}</h2>
            <p class="count" role="status">{count}</p>
            <ResourceView data render=results />
        </section>
    }
}

#[component]
fn Filters(
    url: UrlQuery,
    data: LocalResource<Result<Page<PublicOfficer>, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let facet_counts = move |field: &'static str| {
        data.get()
            .and_then(Result::ok)
            .and_then(|p: Page<PublicOfficer>| counts(&p.facets, field))
    };
    let domains = Signal::derive(move || {
        enum_options(
            &Domain::ALL,
            i18n::domain,
            facet_counts("domain"),
            i18n.lang(),
        )
    });
    let statuses = Signal::derive(move || {
        enum_options(
            &StatusKind::ALL,
            i18n::status_kind,
            facet_counts("status"),
            i18n.lang(),
        )
    });
    let seconded = Signal::derive(move || {
        vec![
            ("true".to_owned(), i18n.tr(Key::SecondedTrue).to_owned()),
            ("false".to_owned(), i18n.tr(Key::SecondedFalse).to_owned()),
        ]
    });
    let district_options = district_options();
    // One district view gives its zones, localities and departments.
    let district = url_district(url);
    let inside = move |pick: fn(&gongshi_domain::api::DistrictView) -> Vec<(String, String)>| {
        Signal::derive(move || {
            district
                .get()
                .and_then(Result::ok)
                .flatten()
                .map(|d| pick(&d))
                .unwrap_or_default()
        })
    };
    let zones = inside(|d| {
        d.zones
            .iter()
            .map(|z| (z.id.to_string(), z.name.to_string()))
            .collect()
    });
    let localities = inside(|d| {
        d.localities()
            .map(|l| (l.id.to_string(), l.name.to_string()))
            .collect()
    });
    let departments = inside(|d| {
        d.departments
            .iter()
            .map(|dep| (dep.id.to_string(), dep.short_name.to_string()))
            .collect()
    });
    let has_district = move || url.get("district").is_some();
    let any_filter = move || any_filter_set(url, &API_KEYS);
    let open_at_start = filters_open_at_start(url, &API_KEYS);
    view! {
        <details class="filters" open=open_at_start>
            <summary>{i18n.t(Key::FiltersHeading)}</summary>
            <div class="filter-grid">
                <FilterSelect url key="district" id="r-district" label=Key::FilterDistrict options=district_options />
                {move || {
                    has_district()
                        .then(|| {
                            view! {
                                <FilterSelect url key="zone" id="r-zone" label=Key::FilterZone options=zones />
                                <FilterSelect url key="locality" id="r-locality" label=Key::FilterLocality options=localities />
                                <FilterSelect url key="department" id="r-department" label=Key::FilterDepartment options=departments />
                            }
                        })
                }}
                <FilterSelect url key="domain" id="r-domain" label=Key::FilterDomain options=domains />
                <FilterSelect url key="status" id="r-status" label=Key::FilterStatus options=statuses />
                <FilterSelect url key="seconded" id="r-seconded" label=Key::FilterSeconded options=seconded />
                <div class="field">
                    <label for="r-date">{i18n.t(Key::FilterDate)}</label>
                    <input
                        id="r-date"
                        type="date"
                        prop:value=move || url.get("date").unwrap_or_default()
                        on:change=move |ev| {
                            set_filter(url, "date", Some(event_target_value(&ev)));
                        }
                    />
                </div>
            </div>
            {move || {
                any_filter()
                    .then(|| {
                        view! {
                            <p><A href=AppRoute::Officers.href()>{i18n.t(Key::FiltersClear)}</A></p>
                        }
                    })
            }}
        </details>
    }
}

fn results(page: Page<PublicOfficer>) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    if page.items.is_empty() {
        return view! {
            <div class="empty-state">
                <p>{i18n.t(Key::RosterEmpty)}</p>
                <p><A href=AppRoute::Officers.href()>{i18n.t(Key::RosterEmptyClear)}</A></p>
            </div>
        }
        .into_any();
    }
    view! {
        <ul class="officer-list">
            {page.items.into_iter().map(officer_item).collect_view()}
        </ul>
        <Paging url next=page.next />
    }
    .into_any()
}
