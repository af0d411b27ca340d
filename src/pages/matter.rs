//! A matter: everything published about it (code, domain, power, class, level, delegating
//! department, legal basis) and, for every locality of its district, who enforces it on the date
//! asked, since when, and the acts that led there.

use crate::api;
use crate::components::{DataView, DemoBadge};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::use_page_title;
use crate::query::use_url_query;
use crate::routes::AppRoute;
use gongshi_domain::api::{MatterAtLocality, MatterView};
use gongshi_domain::catalog::{MatterClass, MatterLevel};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn MatterPage() -> impl IntoView {
    let params = use_params_map();
    let url = use_url_query();
    let code = move || params.read().get("code").unwrap_or_default();
    view! { <DataView fetch=move || api::matter(code(), url.get("date")) render=matter /> }
}

fn matter(v: MatterView) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    let m = v.matter;
    let name = m.name.to_string();
    use_page_title(&name);
    let as_of = v.as_of.to_string();
    let as_of_label = {
        let as_of = as_of.clone();
        move || i18n::format(i18n.lang(), Key::MatterAsOf, &[("date", &as_of)])
    };
    let department = v.department.name.to_string();
    let district_level = m.level == MatterLevel::District;
    let who_href = AppRoute::Who.href_with(&[
        ("district", Some(v.district.code.as_str())),
        ("matter", Some(m.code.as_str())),
        ("date", url.get_untracked("date").as_deref()),
    ]);
    let catalog_href = AppRoute::Catalog.href_with(&[("district", Some(v.district.code.as_str()))]);
    view! {
        <nav class="breadcrumb" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href="/">{i18n.t(Key::NavHome)}</A></li>
                <li><A href=catalog_href>{i18n.t(Key::CatalogTitle)}</A></li>
                <li aria-current="page">{name.clone()}</li>
            </ol>
        </nav>
        <h1>{name} " " <DemoBadge demo=v.district.demo /></h1>
        <p class="muted">{v.district.name.to_string()}</p>
        <dl class="facts">
            <dt>{i18n.t(Key::MatterCode)}</dt>
            <dd class="code">{m.code.to_string()}</dd>
            <dt>{i18n.t(Key::MatterDomain)}</dt>
            <dd>{i18n.t(i18n::domain(m.domain))}</dd>
            <dt>{i18n.t(Key::MatterPowerKind)}</dt>
            <dd>{i18n.t(i18n::power_kind(m.power_kind))}</dd>
            <dt>{i18n.t(Key::MatterClass)}</dt>
            <dd>
                {i18n.t(i18n::matter_class(m.class))}
                {matches!(m.class, MatterClass::B | MatterClass::C)
                    .then(|| view! { <br /><span class="muted">{i18n.t(Key::ClassNote)}</span> })}
            </dd>
            <dt>{i18n.t(Key::MatterLevel)}</dt>
            <dd>{i18n.t(i18n::matter_level(m.level))}</dd>
            <dt>{i18n.t(Key::MatterDepartment)}</dt>
            <dd>{department.clone()}</dd>
        </dl>
        <section aria-labelledby="basis-heading">
            <h2 id="basis-heading">{i18n.t(Key::MatterLegalBasis)}</h2>
            <ul class="plain">
                {m
                    .legal_basis
                    .into_iter()
                    .map(|b| {
                        view! {
                            <li>
                                <strong>{b.law.to_string()}</strong>
                                " "
                                {b.article.to_string()}
                                {b.text.map(|t| view! { <blockquote class="basis-text">{t.to_string()}</blockquote> })}
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
        <p><A href=who_href attr:class="button">{i18n.t(Key::MatterWhoLink)}</A></p>
        <section aria-labelledby="localities-heading">
            <h2 id="localities-heading">{i18n.t(Key::MatterLocalities)}</h2>
            <div class="field inline">
                <label for="matter-date">{i18n.t(Key::MatterDateLabel)}</label>
                <input
                    id="matter-date"
                    type="date"
                    prop:value=as_of.clone()
                    on:change=move |ev| url.set(&[("date", Some(event_target_value(&ev)))], false)
                />
            </div>
            <p class="muted">{as_of_label}</p>
            {if district_level {
                let note = move || {
                    i18n::format(
                        i18n.lang(),
                        Key::MatterDistrictLevelNote,
                        &[("department", &department)],
                    )
                };
                view! { <p class="notice">{note}</p> }.into_any()
            } else {
                localities_table(v.localities, department).into_any()
            }}
        </section>
    }
}

fn localities_table(rows: Vec<MatterAtLocality>, department: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="table-scroll" role="group" aria-labelledby="localities-heading" tabindex="0">
            <table>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::ColLocality)}</th>
                        <th scope="col">{i18n.t(Key::ColEnforcer)}</th>
                        <th scope="col">{i18n.t(Key::ColSince)}</th>
                        <th scope="col">{i18n.t(Key::ColHistory)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|r| {
                            let enforcer = if r.delegated {
                                view! { <span class="badge badge-delegated">{i18n.t(Key::EnforcerLocality)}</span> }
                                    .into_any()
                            } else {
                                view! { <span>{department.clone()}</span> }.into_any()
                            };
                            let history = if r.acts.is_empty() {
                                view! { <span class="muted">{i18n.t(Key::HistoryNone)}</span> }.into_any()
                            } else {
                                view! {
                                    <ul class="acts">
                                        {r
                                            .acts
                                            .into_iter()
                                            .map(|a| {
                                                view! {
                                                    <li>
                                                        {a.effective.to_string()} " "
                                                        {i18n.t(i18n::delegation_act(a.act))} " · "
                                                        {a.document.to_string()}
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                }
                                    .into_any()
                            };
                            view! {
                                <tr>
                                    <th scope="row">
                                        <A href=AppRoute::Locality(r.locality.id.clone()).href()>
                                            {r.locality.name.to_string()}
                                        </A>
                                    </th>
                                    <td>{enforcer}</td>
                                    <td>{r.since.map(|d| d.to_string()).unwrap_or_else(|| "—".to_owned())}</td>
                                    <td>{history}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}
