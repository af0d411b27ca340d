//! The home page: what the portal is for, the four sections, and the districts with data.

use crate::api;
use crate::components::{DataView, DemoBadge};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::use_title;
use crate::routes::AppRoute;
use gongshi_domain::api::{DistrictSummary, Page};
use leptos::prelude::*;
use leptos_router::components::A;

/// Where a section starts, and a second way in (its label and route).
type SectionLinks = (AppRoute, Key, AppRoute);

/// The four sections: title, description, where they start and a second way in.
const SECTIONS: [(Key, Key, SectionLinks); 4] = [
    (
        Key::SectionCatalogTitle,
        Key::SectionCatalogDesc,
        (AppRoute::Catalog, Key::NavWho, AppRoute::Who),
    ),
    (
        Key::SectionOfficersTitle,
        Key::SectionOfficersDesc,
        (AppRoute::Officers, Key::NavCheck, AppRoute::Check(None)),
    ),
    (
        Key::SectionPenaltiesTitle,
        Key::SectionPenaltiesDesc,
        (AppRoute::Penalties, Key::StatsLink, AppRoute::PenaltyStats),
    ),
    (
        Key::SectionComplaintsTitle,
        Key::SectionComplaintsDesc,
        (AppRoute::ComplaintNew, Key::NavTrack, AppRoute::Track(None)),
    ),
];

#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    use_title(String::new);
    view! {
        <section class="hero">
            <h1>{i18n.t(Key::HomeHeading)}</h1>
            <p class="lead">{i18n.t(Key::HomeIntro)}</p>
        </section>
        <section aria-labelledby="sections-heading">
            <h2 id="sections-heading">{i18n.t(Key::SectionsHeading)}</h2>
            <ul class="cards sections">
                {SECTIONS
                    .into_iter()
                    .map(|(title, desc, (route, second, second_route))| {
                        view! {
                            <li class="card">
                                <h3><A href=route.href()>{i18n.t(title)}</A></h3>
                                <p>{i18n.t(desc)}</p>
                                <p><A href=second_route.href()>{i18n.t(second)}</A></p>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <section aria-labelledby="districts-heading">
            <h2 id="districts-heading">{i18n.t(Key::DistrictsHeading)}</h2>
            <DataView fetch=api::districts render=districts />
        </section>
    }
}

fn districts(page: Page<DistrictSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if page.items.is_empty() {
        return view! { <p class="empty">{i18n.t(Key::DistrictsEmpty)}</p> }.into_any();
    }
    let any_demo = page.items.iter().any(|d| d.demo);
    view! {
        {any_demo.then(|| view! { <p class="notice">{i18n.t(Key::DemoNotice)}</p> })}
        <ul class="cards districts">
            {page
                .items
                .into_iter()
                .map(|d| {
                    let counts = move || {
                        i18n::format(
                            i18n.lang(),
                            Key::DistrictCounts,
                            &[
                                ("zones", &d.zone_count.to_string()),
                                ("localities", &d.locality_count.to_string()),
                            ],
                        )
                    };
                    let place = format!(
                        "{}{}",
                        d.province,
                        d.city.as_ref().map(|c| c.to_string()).unwrap_or_default(),
                    );
                    view! {
                        <li class="card">
                            <h3>
                                <A href=AppRoute::District(d.code.clone()).href()>{d.name.to_string()}</A>
                                " "
                                <DemoBadge demo=d.demo />
                            </h3>
                            <p class="muted">{place}" · "{d.code.to_string()}</p>
                            <p>{counts}</p>
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
    .into_any()
}
