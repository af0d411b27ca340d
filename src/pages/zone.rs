//! A joint enforcement zone (片区): lead, centre, legal reviewer and the member localities with their
//! deputy leads.

use crate::api;
use crate::components::list::spelling;
use crate::components::{DataView, DemoBadge, ResourceView};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::officer::unit_name;
use crate::pages::use_page_title;
use crate::routes::AppRoute;
use gongshi_domain::api::ZoneView;
use gongshi_domain::officer::{RosterEntry, RosterRole, ZoneRoster};
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
        <JointRoster zone=z.id.to_string() />
    }
}

/// The zone's joint roster (片区联合执法人员名单) today: who, in which role, with what status.
#[component]
fn JointRoster(zone: String) -> impl IntoView {
    let i18n = use_i18n();
    let data = LocalResource::new(move || api::zone_roster(zone.clone(), None));
    view! {
        <section aria-labelledby="roster-heading">
            <h2 id="roster-heading">{i18n.t(Key::ZoneRoster)}</h2>
            <ResourceView data render=roster />
        </section>
    }
}

fn roster(r: ZoneRoster) -> impl IntoView {
    let i18n = use_i18n();
    let date = r.date.to_string();
    let intro = move || i18n::format(i18n.lang(), Key::ZoneRosterIntro, &[("date", &date)]);
    if r.entries.is_empty() {
        return view! { <p>{intro}</p> <p class="empty-state">{i18n.t(Key::ZoneRosterEmpty)}</p> }
            .into_any();
    }
    view! {
        <p class="hint">{intro}</p>
        <div class="table-scroll">
            <table class="roster-table">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::ColName)}</th>
                        <th scope="col">{i18n.t(Key::ColRole)}</th>
                        <th scope="col">{i18n.t(Key::ColUnit)}</th>
                        <th scope="col">{i18n.t(Key::ColCertificate)}</th>
                        <th scope="col">{i18n.t(Key::ColStatus)}</th>
                    </tr>
                </thead>
                <tbody>
                    {r.entries.into_iter().map(roster_row).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

fn roster_row(e: RosterEntry) -> impl IntoView {
    let i18n = use_i18n();
    let o = e.officer;
    let role = move || {
        let lang = i18n.lang();
        match &e.role {
            RosterRole::ZoneSecondment => i18n.tr(Key::RoleZoneSecondment).to_owned(),
            RosterRole::LocalitySecondment { locality } => i18n::format(
                lang,
                Key::RoleLocalitySecondment,
                &[("locality", locality.name.as_str())],
            ),
            RosterRole::LocalityTeam { locality } => i18n::format(
                lang,
                Key::RoleLocalityTeam,
                &[("locality", locality.name.as_str())],
            ),
        }
    };
    let kind = o.status.kind();
    view! {
        <tr>
            <td><A href=AppRoute::Officer(o.certificate.clone()).href()>{o.name.to_string()}</A></td>
            <td>{role}</td>
            <td>{unit_name(&o.unit)}</td>
            <td class="code">{o.certificate.to_string()}</td>
            <td>
                <span class=format!("badge status-badge status-{}", spelling(&kind))>
                    {i18n.t(i18n::status_kind(kind))}
                </span>
            </td>
        </tr>
    }
}
