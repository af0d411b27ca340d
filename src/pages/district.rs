//! A district: its bureau and district-level teams, its joint zones (lead, centre, members), the
//! localities in no zone, special areas and departments.

use crate::api;
use crate::components::{DataView, DemoBadge};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::use_page_title;
use crate::routes::AppRoute;
use gongshi_domain::api::{DistrictView, LocalityRef};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn DistrictPage() -> impl IntoView {
    let params = use_params_map();
    let code = move || params.read().get("code").unwrap_or_default();
    view! { <DataView fetch=move || api::district(code()) render=district /> }
}

fn locality_links(list: Vec<LocalityRef>, centre: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="chips">
            {list
                .into_iter()
                .map(|l| {
                    let is_centre = centre.as_deref() == Some(l.id.as_str());
                    view! {
                        <li>
                            <A href=AppRoute::Locality(l.id.clone()).href()>{l.name.to_string()}</A>
                            {is_centre
                                .then(|| view! { <span class="badge badge-centre">{i18n.t(Key::ZoneCentre)}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

fn district(d: DistrictView) -> impl IntoView {
    let i18n = use_i18n();
    let name = d.district.name.to_string();
    use_page_title(&name);
    let place = format!(
        "{}{}",
        d.district.province,
        d.district
            .city
            .as_ref()
            .map(|c| c.to_string())
            .unwrap_or_default()
    );
    let has_zones = !d.zones.is_empty();
    view! {
        <nav class="breadcrumb" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href="/">{i18n.t(Key::NavHome)}</A></li>
                <li aria-current="page">{name.clone()}</li>
            </ol>
        </nav>
        <h1>{name} " " <DemoBadge demo=d.district.demo /></h1>
        <p class="muted">{place}" · "{d.district.code.to_string()}</p>

        <section aria-labelledby="zones-heading">
            <h2 id="zones-heading">{i18n.t(Key::ZonesHeading)}</h2>
            {if has_zones {
                view! {
                    <ul class="cards zones">
                        {d
                            .zones
                            .into_iter()
                            .map(|z| {
                                let centre = z.centre.id.to_string();
                                view! {
                                    <li class="card zone-card">
                                        <h3>
                                            <A href=AppRoute::Zone(z.id.clone()).href()>{z.name.to_string()}</A>
                                        </h3>
                                        <dl class="facts">
                                            <dt>{i18n.t(Key::ZoneLead)}</dt>
                                            <dd>{z.lead.name.to_string()}" · "{z.lead.department.short_name.to_string()}</dd>
                                            <dt>{i18n.t(Key::ZoneCentre)}</dt>
                                            <dd>{z.centre.name.to_string()}</dd>
                                        </dl>
                                        <h4>{i18n.t(Key::ZoneMembers)}</h4>
                                        {locality_links(z.members, Some(centre))}
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            } else {
                view! { <p class="empty">{i18n.t(Key::ZonesEmpty)}</p> }.into_any()
            }}
        </section>

        <section aria-labelledby="unzoned-heading">
            <h2 id="unzoned-heading">{i18n.t(Key::UnzonedHeading)}</h2>
            {if d.unzoned.is_empty() {
                view! { <p class="empty">{i18n.t(Key::UnzonedEmpty)}</p> }.into_any()
            } else {
                locality_links(d.unzoned, None).into_any()
            }}
        </section>

        {(!d.special_areas.is_empty())
            .then(|| {
                view! {
                    <section aria-labelledby="special-heading">
                        <h2 id="special-heading">{i18n.t(Key::SpecialAreasHeading)}</h2>
                        <p>{i18n.t(Key::SpecialAreaNote)}</p>
                        {locality_links(d.special_areas, None)}
                    </section>
                }
            })}

        <section aria-labelledby="bureau-heading">
            <h2 id="bureau-heading">{i18n.t(Key::DistrictBureau)}</h2>
            <p>{d.bureau.name.to_string()}</p>
            {(!d.teams.is_empty())
                .then(|| {
                    view! {
                        <h3>{i18n.t(Key::DistrictTeams)}</h3>
                        <ul class="plain">
                            {d
                                .teams
                                .into_iter()
                                .map(|t| {
                                    view! {
                                        <li>
                                            {t.name.to_string()} " "
                                            <span class="badge">{i18n.t(i18n::team_kind(t.kind))}</span>
                                            {t.area
                                                .map(|a| {
                                                    view! {
                                                        " → "
                                                        <A href=AppRoute::Locality(a.id.clone()).href()>{a.name.to_string()}</A>
                                                    }
                                                })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </section>

        <section aria-labelledby="departments-heading">
            <h2 id="departments-heading">{i18n.t(Key::DepartmentsHeading)}</h2>
            <ul class="plain departments">
                {d
                    .departments
                    .into_iter()
                    .map(|dep| {
                        view! {
                            <li>
                                <span>{dep.name.to_string()}</span>
                                {dep.phone
                                    .map(|p| {
                                        view! {
                                            " · "
                                            <a href=p.tel_uri()>{p.to_string()}</a>
                                        }
                                    })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}
