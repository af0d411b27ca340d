//! 谁来管？ Pick a district and a locality (or a zone to narrow them), describe the matter in plain
//! words, optionally a date; the answer card names the authority, how it came to hold the power,
//! the team, how to reach it and where complaints go. Every input lives in the URL, so an answer
//! can be linked.

use crate::api;
use crate::components::{DataView, DemoBadge, ResourceView};
use crate::i18n::{self, I18n, Key, use_i18n};
use crate::pages::{focus_soon, use_title};
use crate::query::{UrlQuery, UrlText, is_composing, use_url_query};
use crate::routes::AppRoute;
use gongshi_domain::api::{ChannelRole, DistrictView, JurisdictionView, MatterView, Page};
use gongshi_domain::catalog::{Matter, Reason};
use leptos::prelude::*;
use leptos_router::components::A;

const SUGGESTION_COUNT: &str = "8";

/// The chosen district's page data: its zones and localities.
type DistrictResource = LocalResource<Result<Option<DistrictView>, api::ApiError>>;

#[component]
pub fn WhoPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    use_title(move || i18n.tr(Key::WhoTitle).to_owned());

    let districts = LocalResource::new(api::districts);
    let district: DistrictResource = LocalResource::new(move || {
        let code = url.get("district");
        async move {
            match code {
                Some(c) => api::district(c).await.map(Some),
                None => Ok(None),
            }
        }
    });
    // The zone answer reads the zone's members from it.
    provide_context(district);

    view! {
        <h1>{i18n.t(Key::WhoTitle)}</h1>
        <p class="lead">{i18n.t(Key::WhoIntro)}</p>
        <form class="who-form card" on:submit=|ev| ev.prevent_default()>
            <PlaceFields url districts district />
            <MatterField url />
            <div class="field">
                <label for="who-date">{i18n.t(Key::WhoDate)}</label>
                <input
                    id="who-date"
                    type="date"
                    aria-describedby="who-date-hint"
                    prop:value=move || url.get("date").unwrap_or_default()
                    on:change=move |ev| url.set(&[("date", Some(event_target_value(&ev)))], false)
                />
                <p id="who-date-hint" class="hint">{i18n.t(Key::WhoDateHint)}</p>
            </div>
        </form>
        <section class="answer-area" aria-live="polite">
            {move || {
                match (url.get("matter"), url.get("locality"), url.get("zone")) {
                    (Some(matter), Some(locality), _) => {
                        view! {
                            <DataView
                                fetch=move || api::jurisdiction(matter.clone(), locality.clone(), url.get("date"))
                                render=answer
                            />
                        }
                            .into_any()
                    }
                    (Some(matter), None, Some(_)) => {
                        view! {
                            <DataView fetch=move || api::matter(matter.clone(), url.get("date")) render=zone_answers />
                        }
                            .into_any()
                    }
                    _ => view! { <p class="empty">{i18n.t(Key::WhoPrompt)}</p> }.into_any(),
                }
            }}
        </section>
    }
}

/// District, zone and locality selects. The district's page data gives its zones and localities.
#[component]
fn PlaceFields(
    url: UrlQuery,
    districts: LocalResource<Result<Page<gongshi_domain::api::DistrictSummary>, api::ApiError>>,
    district: DistrictResource,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = move |key: &str| url.get(key).unwrap_or_default();
    let district_options = move || {
        districts
            .get()
            .and_then(Result::ok)
            .map(|p| p.items)
            .unwrap_or_default()
            .into_iter()
            .map(|d| {
                let code = d.code.to_string();
                let selected = current("district") == code;
                view! { <option value=code prop:selected=selected>{d.name.to_string()}</option> }
            })
            .collect_view()
    };
    let view_of = move || district.get().and_then(Result::ok).flatten();
    let zone_options = move || {
        view_of()
            .map(|d| d.zones)
            .unwrap_or_default()
            .into_iter()
            .map(|z| {
                let id = z.id.to_string();
                let selected = current("zone") == id;
                view! { <option value=id prop:selected=selected>{z.name.to_string()}</option> }
            })
            .collect_view()
    };
    let has_zones = move || view_of().is_some_and(|d| !d.zones.is_empty());
    // With a zone chosen, its members; otherwise every locality, grouped by zone.
    let locality_options = move || {
        let Some(d) = view_of() else {
            return Vec::new();
        };
        let zone = current("zone");
        let mut groups: Vec<(String, Vec<gongshi_domain::api::LocalityRef>)> = d
            .zones
            .into_iter()
            .filter(|z| zone.is_empty() || z.id.as_str() == zone)
            .map(|z| (z.name.to_string(), z.members))
            .collect();
        if zone.is_empty() {
            groups.push((String::new(), d.unzoned));
            groups.push((
                i18n.tr(Key::SpecialAreasHeading).to_owned(),
                d.special_areas,
            ));
        }
        groups.retain(|(_, members)| !members.is_empty());
        groups
    };
    let locality_option = move |l: gongshi_domain::api::LocalityRef| {
        let id = l.id.to_string();
        let selected = current("locality") == id;
        view! { <option value=id prop:selected=selected>{l.name.to_string()}</option> }
    };
    view! {
        <div class="field">
            <label for="who-district">{i18n.t(Key::WhoDistrict)}</label>
            <select
                id="who-district"
                on:change=move |ev| {
                    url.set(
                        &[
                            ("district", Some(event_target_value(&ev))),
                            ("zone", None),
                            ("locality", None),
                            ("matter", None),
                        ],
                        false,
                    )
                }
            >
                <option value="" prop:selected=move || current("district").is_empty()>
                    {i18n.t(Key::WhoPickDistrict)}
                </option>
                {district_options}
            </select>
        </div>
        {move || {
            has_zones()
                .then(|| {
                    view! {
                        <div class="field">
                            <label for="who-zone">{i18n.t(Key::WhoZone)}</label>
                            <select
                                id="who-zone"
                                on:change=move |ev| {
                                    url.set(&[("zone", Some(event_target_value(&ev))), ("locality", None)], false)
                                }
                            >
                                <option value="" prop:selected=move || current("zone").is_empty()>{i18n.t(Key::Any)}</option>
                                {zone_options}
                            </select>
                        </div>
                    }
                })
        }}
        <div class="field">
            <label for="who-locality">{i18n.t(Key::WhoLocality)}</label>
            <select
                id="who-locality"
                disabled=move || url.get("district").is_none()
                on:change=move |ev| url.set(&[("locality", Some(event_target_value(&ev)))], false)
            >
                <option value="" prop:selected=move || current("locality").is_empty()>
                    {i18n.t(Key::WhoPickLocality)}
                </option>
                {move || {
                    locality_options()
                        .into_iter()
                        .map(|(group, members)| {
                            let options = members.into_iter().map(locality_option).collect_view();
                            if group.is_empty() {
                                options.into_any()
                            } else {
                                view! { <optgroup label=group>{options}</optgroup> }.into_any()
                            }
                        })
                        .collect_view()
                }}
            </select>
        </div>
    }
}

/// The matter: a plain-words box with suggestions until one is chosen, then its name with a way
/// back to the box.
#[component]
fn MatterField(url: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let text = UrlText::new(url, "q", &[]);
    let suggestions = LocalResource::new(move || {
        let q = url.get("q");
        let district = url.get("district");
        let chosen = url.get("matter");
        async move {
            match (q, chosen) {
                (Some(q), None) => api::matters(vec![
                    ("q", Some(q)),
                    ("district", district),
                    ("limit", Some(SUGGESTION_COUNT.to_owned())),
                ])
                .await
                .map(Some),
                _ => Ok(None),
            }
        }
    });
    let chosen = LocalResource::new(move || {
        let code = url.get("matter");
        async move {
            match code {
                Some(c) => api::matter(c, None).await.map(Some),
                None => Ok(None),
            }
        }
    });
    view! {
        {move || match url.get("matter") {
            Some(_) => {
                view! {
                    <div class="field">
                        <span class="label" id="who-matter-label">{i18n.t(Key::WhoMatter)}</span>
                        <div class="chosen-matter" role="group" aria-labelledby="who-matter-label">
                            <ResourceView data=chosen render=chosen_matter />
                        </div>
                        <button
                            type="button"
                            id="who-change"
                            class="button button-secondary"
                            on:click=move |_| {
                                url.set(&[("matter", None)], false);
                                focus_soon("who-q");
                            }
                        >
                            {i18n.t(Key::WhoChangeMatter)}
                        </button>
                    </div>
                }
                    .into_any()
            }
            None => {
                view! {
                    <div class="field">
                        <label for="who-q">{i18n.t(Key::WhoMatter)}</label>
                        <input
                            id="who-q"
                            type="search"
                            autocomplete="off"
                            maxlength="50"
                            placeholder=i18n.t(Key::WhoMatterPlaceholder)
                            prop:value=move || text.typed.get()
                            on:input=move |ev| text.input(event_target_value(&ev), is_composing(&ev))
                            on:compositionend=move |ev| text.input(event_target_value(&ev), false)
                        />
                        <ResourceView data=suggestions render=suggestion_list />
                    </div>
                }
                    .into_any()
            }
        }}
    }
}

fn chosen_matter(m: Option<MatterView>) -> impl IntoView {
    m.map(|v| {
        view! {
            <A href=AppRoute::Matter(v.matter.code.clone()).href()>{v.matter.name.to_string()}</A>
            " "
            <span class="code">{v.matter.code.to_string()}</span>
        }
    })
}

fn suggestion_list(page: Option<Page<Matter>>) -> impl IntoView {
    let url = use_url_query();
    page.map(|page| {
        crate::components::list::matter_suggestions(page, "who-matches", move |code| {
            url.set(&[("matter", Some(code.to_string()))], false);
            focus_soon("who-change");
        })
    })
}

/// One reason as a sentence, with the names the answer carries.
fn reason_text(i18n: I18n, j: &JurisdictionView, r: &Reason) -> String {
    let lang = i18n.lang();
    let locality = j.locality.name.to_string();
    let team = j
        .team
        .as_ref()
        .map(|t| t.name.to_string())
        .unwrap_or_default();
    let date = j.date.to_string();
    let f = |key, args: &[(&str, &str)]| i18n::format(lang, key, args);
    match r {
        Reason::PlaceOfViolation { .. } => {
            f(Key::ReasonPlaceOfViolation, &[("locality", &locality)])
        }
        Reason::SpecialArea { .. } => f(
            Key::ReasonSpecialArea,
            &[("locality", &locality), ("team", &team)],
        ),
        Reason::SpecialAreaOtherDepartment => f(Key::ReasonSpecialAreaOtherDepartment, &[]),
        Reason::DistrictLevel => f(Key::ReasonDistrictLevel, &[]),
        Reason::Delegated {
            document,
            effective,
        } => f(
            Key::ReasonDelegated,
            &[
                ("document", document.as_str()),
                ("date", &effective.to_string()),
                ("locality", &locality),
            ],
        ),
        Reason::Revoked {
            document,
            effective,
        } => f(
            Key::ReasonRevoked,
            &[
                ("document", document.as_str()),
                ("date", &effective.to_string()),
                ("locality", &locality),
            ],
        ),
        Reason::NotDelegated => f(
            Key::ReasonNotDelegated,
            &[("date", &date), ("locality", &locality)],
        ),
        Reason::Department { .. } => f(
            Key::ReasonDepartment,
            &[("department", j.authority.name.as_str())],
        ),
    }
}

fn answer(j: JurisdictionView) -> impl IntoView {
    let i18n = use_i18n();
    let summary = {
        let j = j.clone();
        move || {
            i18n::format(
                i18n.lang(),
                Key::WhoAnswerSummary,
                &[
                    ("date", &j.date.to_string()),
                    ("locality", j.locality.name.as_str()),
                    ("matter", j.matter.name.as_str()),
                    ("authority", j.authority.name.as_str()),
                ],
            )
        }
    };
    let reasons = {
        let j = j.clone();
        move || {
            j.reasons
                .iter()
                .map(|r| view! { <li>{reason_text(i18n, &j, r)}</li> })
                .collect_view()
        }
    };
    let not_published = move || i18n.tr(Key::WhoNotPublished);
    let phone = |p: Option<gongshi_domain::PhoneNumber>| match p {
        Some(p) => view! { <a href=p.tel_uri()>{p.to_string()}</a> }.into_any(),
        None => view! { <span class="muted">{not_published}</span> }.into_any(),
    };
    let channels = j
        .complaints
        .into_iter()
        .map(|c| {
            let name = c.name.to_string();
            let label = move || match c.role {
                ChannelRole::LocalitySupervision => i18n::format(
                    i18n.lang(),
                    Key::ChannelLocalitySupervision,
                    &[("name", &name)],
                ),
                ChannelRole::Department => name.clone(),
                ChannelRole::DelegatingDepartment => i18n::format(
                    i18n.lang(),
                    Key::ChannelDelegatingDepartment,
                    &[("name", &name)],
                ),
            };
            view! { <li>{label} " · " {phone(c.phone)}</li> }
        })
        .collect_view();
    let contact = j.contact;
    view! {
        <article class="answer card" aria-labelledby="answer-heading" data-authority=j.authority.id.to_string()>
            <h2 id="answer-heading">
                {i18n.t(Key::WhoAnswerHeading)} " " <DemoBadge demo=j.district.demo />
            </h2>
            <p class="answer-summary">{summary}</p>
            <dl class="facts">
                <dt>{i18n.t(Key::WhoAuthority)}</dt>
                <dd>
                    <strong class="answer-authority">{j.authority.name.to_string()}</strong>
                    <br />
                    <span class="muted">{i18n.t(i18n::authority_kind(j.authority.kind))}</span>
                </dd>
                <dt>{i18n.t(Key::WhoBasis)}</dt>
                <dd><ol class="reasons">{reasons}</ol></dd>
                {j.team.map(|t| view! { <dt>{i18n.t(Key::WhoTeam)}</dt><dd>{t.name.to_string()}</dd> })}
                <dt>{i18n.t(Key::WhoContact)}</dt>
                <dd>
                    {contact.name.to_string()}
                    <br />
                    {i18n.t(Key::WhoPhone)} {phone(contact.phone)}
                    <br />
                    {i18n.t(Key::WhoAddress)}
                    {match contact.address {
                        Some(a) => view! { <span>{a.to_string()}</span> }.into_any(),
                        None => view! { <span class="muted">{not_published}</span> }.into_any(),
                    }}
                </dd>
                <dt>{i18n.t(Key::WhoComplain)}</dt>
                <dd>
                    <p>{i18n.t(Key::WhoComplainNote)}</p>
                    <ul class="plain">{channels}</ul>
                </dd>
            </dl>
            <p>
                <A href=AppRoute::Matter(j.matter.code.clone()).href_on(Some(&j.date.to_string()))>
                    {j.matter.name.to_string()}
                </A>
            </p>
        </article>
    }
}

/// A zone chosen without a locality: one line per member locality, each a link to its full answer.
fn zone_answers(v: MatterView) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    let zone_id = url.get_untracked("zone").unwrap_or_default();
    let department = v.department.name.to_string();
    let district_level = v.matter.level == gongshi_domain::catalog::MatterLevel::District;
    // The rows come from the matter's per-locality table; the zone's membership from the district
    // data the form already loaded.
    let district = use_context::<DistrictResource>();
    let rows = v.localities;
    view! {
        <section class="answer card" aria-labelledby="answer-heading">
            <h2 id="answer-heading">{i18n.t(Key::WhoZonePick)}</h2>
            <Suspense fallback=|| view! { <crate::components::Skeleton lines=2 /> }>
                {move || {
                    let zone_id = zone_id.clone();
                    let rows = rows.clone();
                    let department = department.clone();
                    Suspend::new(async move {
                        let view = match district {
                            Some(d) => d.await.ok().flatten(),
                            None => None,
                        };
                        let zone = view
                            .and_then(|d| d.zones.into_iter().find(|z| z.id.as_str() == zone_id));
                        let ids: Vec<String> = zone
                            .map(|z| z.members.into_iter().map(|m| m.id.to_string()).collect())
                            .unwrap_or_default();
                        view! {
                            <ul class="plain zone-answers">
                                {rows
                                    .into_iter()
                                    .filter(|r| ids.contains(&r.locality.id.to_string()))
                                    .map(|r| {
                                        let href = url.href_with(&[("locality", Some(r.locality.id.to_string()))]);
                                        let who = if r.delegated && !district_level {
                                            view! { <span class="badge badge-delegated">{i18n.t(Key::EnforcerLocality)}</span> }
                                                .into_any()
                                        } else {
                                            view! { <span>{department.clone()}</span> }.into_any()
                                        };
                                        view! {
                                            <li>
                                                <A href=href>{r.locality.name.to_string()}</A>
                                                " → "
                                                {who}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}
