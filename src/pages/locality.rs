//! A locality: in whose name matters are enforced here, by which team, its zone, office address and
//! supervision telephone.

use crate::api;
use crate::components::{DataView, DemoBadge};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::{china_date, use_page_title};
use crate::query::use_url_query;
use crate::routes::AppRoute;
use gongshi_domain::api::{CatalogChange, LocalityView, Page};
use gongshi_domain::catalog::{Domain, Matter};
use gongshi_domain::{DistrictCode, LocalityId, LocalityKind};
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
        {(l.kind != LocalityKind::SpecialArea)
            .then(|| {
                view! {
                    <LocalityCatalog id=l.id.clone() district=l.district.code.clone() />
                    <CatalogChanges id=l.id />
                }
            })}
    }
}

/// The matters delegated to the locality on a date (`?date=`, default today), counted by domain,
/// each count a link to that part of the catalog.
#[component]
fn LocalityCatalog(id: LocalityId, district: DistrictCode) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    let fetch = {
        let id = id.to_string();
        move || {
            api::matters(vec![
                ("locality", Some(id.clone())),
                ("date", url.get("date")),
                ("limit", Some("1".to_owned())),
            ])
        }
    };
    provide_context(CatalogScope {
        locality: id.to_string(),
        district: district.to_string(),
    });
    view! {
        <section aria-labelledby="catalog-heading">
            <h2 id="catalog-heading">{i18n.t(Key::LocalityCatalogHeading)}</h2>
            <div class="field inline">
                <label for="catalog-date">{i18n.t(Key::FilterDate)}</label>
                <input
                    id="catalog-date"
                    type="date"
                    prop:value=move || url.get("date").unwrap_or_else(china_date)
                    on:change=move |ev| url.set(&[("date", Some(event_target_value(&ev)))], false)
                />
            </div>
            <DataView fetch render=catalog_counts />
        </section>
    }
}

/// Which locality's catalog the counts link into.
#[derive(Clone)]
struct CatalogScope {
    locality: String,
    district: String,
}

fn catalog_counts(page: Page<Matter>) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    let Some(scope) = use_context::<CatalogScope>() else {
        return ().into_any();
    };
    let date = url.get_untracked("date").unwrap_or_else(china_date);
    let total = page.total.unwrap_or(0);
    if total == 0 {
        return view! { <p class="empty">{i18n.t(Key::LocalityCatalogEmpty)}</p> }.into_any();
    }
    let summary = {
        let date = date.clone();
        move || {
            i18n::format(
                i18n.lang(),
                Key::LocalityCatalogCount,
                &[("date", &date), ("count", &total.to_string())],
            )
        }
    };
    let link = |domain: Option<&str>| {
        AppRoute::Catalog.href_with(&[
            ("district", Some(&scope.district)),
            ("locality", Some(&scope.locality)),
            ("date", Some(&date)),
            ("domain", domain),
        ])
    };
    let rows: Vec<(Domain, u64)> = page
        .facets
        .iter()
        .find(|f| f.field == "domain")
        .map(|f| {
            Domain::ALL
                .iter()
                .filter_map(|d| {
                    let spelled = crate::components::list::spelling(d);
                    f.counts
                        .iter()
                        .find(|c| c.value == spelled && c.count > 0)
                        .map(|c| (*d, c.count))
                })
                .collect()
        })
        .unwrap_or_default();
    view! {
        <p>{summary} " " <A href=link(None)>{i18n.t(Key::LocalityCatalogLink)}</A></p>
        <div class="table-scroll" role="group" aria-labelledby="catalog-heading" tabindex="0">
            <table class="counts">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::FilterDomain)}</th>
                        <th scope="col" class="num">{i18n.t(Key::ColCount)}</th>
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(d, n)| {
                            let spelled = crate::components::list::spelling(&d);
                            view! {
                                <tr>
                                    <th scope="row"><A href=link(Some(&spelled))>{i18n.t(i18n::domain(d))}</A></th>
                                    <td class="num">{n}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// What was delegated to or revoked from the locality between two dates (`?from=&to=`).
#[component]
fn CatalogChanges(id: LocalityId) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    let from = move || url.get("from").unwrap_or_else(|| CHANGES_FROM.to_owned());
    let to = move || url.get("to").unwrap_or_else(china_date);
    let fetch = {
        let id = id.to_string();
        move || api::catalog_changes(id.clone(), from(), to())
    };
    view! {
        <section aria-labelledby="changes-heading">
            <h2 id="changes-heading">{i18n.t(Key::ChangesHeading)}</h2>
            <p class="muted">{i18n.t(Key::ChangesIntro)}</p>
            <div class="filter-grid">
                <div class="field">
                    <label for="changes-from">{i18n.t(Key::ChangesFrom)}</label>
                    <input
                        id="changes-from"
                        type="date"
                        prop:value=from
                        on:change=move |ev| url.set(&[("from", Some(event_target_value(&ev)))], false)
                    />
                </div>
                <div class="field">
                    <label for="changes-to">{i18n.t(Key::ChangesTo)}</label>
                    <input
                        id="changes-to"
                        type="date"
                        prop:value=to
                        on:change=move |ev| url.set(&[("to", Some(event_target_value(&ev)))], false)
                    />
                </div>
            </div>
            <DataView fetch render=changes />
        </section>
    }
}

/// Where the changes view starts by default: before the reform's first adjustment rounds.
const CHANGES_FROM: &str = "2021-01-01";

fn changes(list: Vec<CatalogChange>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p class="empty">{i18n.t(Key::ChangesEmpty)}</p> }.into_any();
    }
    let n = list.len();
    let count = move || i18n::format(i18n.lang(), Key::ChangesCount, &[("count", &n.to_string())]);
    view! {
        <p>{count}</p>
        <div class="table-scroll" role="group" aria-labelledby="changes-heading" tabindex="0">
            <table class="changes">
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::ColEffective)}</th>
                        <th scope="col">{i18n.t(Key::ColAct)}</th>
                        <th scope="col">{i18n.t(Key::ColMatter)}</th>
                        <th scope="col">{i18n.t(Key::ColDocument)}</th>
                    </tr>
                </thead>
                <tbody>
                    {list
                        .into_iter()
                        .map(|c| {
                            let date = c.effective.to_string();
                            view! {
                                <tr>
                                    <td>{date.clone()}</td>
                                    <td>{i18n.t(i18n::delegation_act(c.act))}</td>
                                    <td>
                                        <A href=AppRoute::Matter(c.matter.code.clone()).href_on(Some(&date))>
                                            {c.matter.name.to_string()}
                                        </A>
                                    </td>
                                    <td>{c.document.to_string()}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
