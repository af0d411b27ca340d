//! A joint enforcement zone (片区): lead, centre, legal reviewer and the member localities with their
//! deputy leads.

use crate::api;
use crate::components::{DataView, DemoBadge};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::use_page_title;
use crate::routes::AppRoute;
use gongshi_domain::api::ZoneView;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn ZonePage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! { <DataView fetch=move || api::zone(id()) render=zone /> }
}

fn zone(z: ZoneView) -> impl IntoView {
    let i18n = use_i18n();
    let name = z.name.to_string();
    use_page_title(&name);
    let department = z.lead.department.name.to_string();
    let intro = move || i18n::format(i18n.lang(), Key::ZoneIntro, &[("department", &department)]);
    let centre = z
        .members
        .iter()
        .find(|m| m.is_centre)
        .map(|m| m.locality.clone());
    view! {
        <nav class="breadcrumb" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href="/">{i18n.t(Key::NavHome)}</A></li>
                <li><A href=AppRoute::District(z.district.code.clone()).href()>{z.district.name.to_string()}</A></li>
                <li aria-current="page">{name.clone()}</li>
            </ol>
        </nav>
        <h1>{name} " " <DemoBadge demo=z.district.demo /></h1>
        <p class="lead">{intro}</p>
        <dl class="facts">
            <dt>{i18n.t(Key::ZoneLead)}</dt>
            <dd>{z.lead.name.to_string()}" · "{z.lead.department.name.to_string()}</dd>
            <dt>{i18n.t(Key::ZoneCentre)}</dt>
            <dd>
                {centre
                    .map(|c| view! { <A href=AppRoute::Locality(c.id.clone()).href()>{c.name.to_string()}</A> })}
            </dd>
            <dt>{i18n.t(Key::ZoneLegalReviewer)}</dt>
            <dd>{z.legal_reviewer.to_string()}</dd>
        </dl>
        <section aria-labelledby="members-heading">
            <h2 id="members-heading">{i18n.t(Key::ZoneMembers)}</h2>
            <div class="table-scroll">
                <table>
                    <thead>
                        <tr>
                            <th scope="col">{i18n.t(Key::ColLocality)}</th>
                            <th scope="col">{i18n.t(Key::ColKind)}</th>
                            <th scope="col">{i18n.t(Key::ZoneDeputyLead)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {z
                            .members
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <tr>
                                        <td>
                                            <A href=AppRoute::Locality(m.locality.id.clone()).href()>{m.locality.name.to_string()}</A>
                                            {m.is_centre
                                                .then(|| view! { " " <span class="badge badge-centre">{i18n.t(Key::ZoneCentre)}</span> })}
                                        </td>
                                        <td>{i18n.t(i18n::locality_kind(m.locality.kind))}</td>
                                        <td>{m.deputy_lead.map(|n| n.to_string()).unwrap_or_default()}</td>
                                    </tr>
                                }
                            })
                            .collect_view()}
                    </tbody>
                </table>
            </div>
        </section>
    }
}
