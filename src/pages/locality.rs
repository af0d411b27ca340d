//! A locality: in whose name matters are enforced here, by which team, its zone, office address and
//! supervision telephone.

use crate::api;
use crate::components::{DataView, DemoBadge};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::use_page_title;
use crate::routes::AppRoute;
use gongshi_domain::LocalityKind;
use gongshi_domain::api::LocalityView;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn LocalityPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    view! { <DataView fetch=move || api::locality(id()) render=locality /> }
}

fn locality(l: LocalityView) -> impl IntoView {
    let i18n = use_i18n();
    let name = l.name.to_string();
    use_page_title(&name);
    view! {
        <nav class="breadcrumb" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href="/">{i18n.t(Key::NavHome)}</A></li>
                <li><A href=AppRoute::District(l.district.code.clone()).href()>{l.district.name.to_string()}</A></li>
                {l.zone.clone().map(|z| view! { <li><A href=AppRoute::Zone(z.id.clone()).href()>{z.name.to_string()}</A></li> })}
                <li aria-current="page">{name.clone()}</li>
            </ol>
        </nav>
        <h1>{name} " " <DemoBadge demo=l.district.demo /></h1>
        <p class="muted">{i18n.t(i18n::locality_kind(l.kind))}</p>
        {(l.kind == LocalityKind::SpecialArea).then(|| view! { <p class="notice">{i18n.t(Key::SpecialAreaNote)}</p> })}
        {l.is_zone_centre.then(|| view! { <p class="notice">{i18n.t(Key::LocalityIsCentre)}</p> })}
        <dl class="facts">
            <dt>{i18n.t(Key::LocalityAuthority)}</dt>
            <dd>
                {l.authority.name.to_string()}
                <br />
                <span class="muted">{i18n.t(i18n::authority_kind(l.authority.kind))}</span>
            </dd>
            <dt>{i18n.t(Key::LocalityTeam)}</dt>
            <dd>{l.team.name.to_string()}</dd>
            <dt>{i18n.t(Key::LocalityZone)}</dt>
            <dd>
                {match l.zone {
                    Some(z) => view! { <A href=AppRoute::Zone(z.id.clone()).href()>{z.name.to_string()}</A> }.into_any(),
                    None => view! { <span>{i18n.t(Key::LocalityNoZone)}</span> }.into_any(),
                }}
            </dd>
            {l.deputy_lead.map(|n| view! { <dt>{i18n.t(Key::ZoneDeputyLead)}</dt><dd>{n.to_string()}</dd> })}
            <dt>{i18n.t(Key::LocalityAddress)}</dt>
            <dd>{l.address.to_string()}</dd>
            <dt>{i18n.t(Key::LocalitySupervisionPhone)}</dt>
            <dd><a href=l.supervision_phone.tel_uri()>{l.supervision_phone.to_string()}</a></dd>
        </dl>
    }
}
