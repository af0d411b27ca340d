//! 投诉举报统计: how many submissions a district received (in a year, or ever), where, of which
//! kind, where they stand, how many were supervised (督办) and the median working days to a first
//! reply. Counts only: nothing anyone wrote appears here.

use crate::api;
use crate::components::chart::{Datum, HBars};
use crate::components::list::district_options;
use crate::components::{DemoBadge, ResourceView};
use crate::i18n::{self, Key, grouped, use_i18n};
use crate::pages::track::status_key;
use crate::pages::{china_date, use_title};
use crate::query::use_url_query;
use crate::routes::AppRoute;
use gongshi_domain::complaint::{ComplaintKind, ComplaintStats};
use leptos::prelude::*;
use leptos_router::components::A;

/// The years offered: this year and the two before it.
const YEARS_BACK: i32 = 2;

#[component]
pub fn ComplaintStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    use_title(move || i18n.tr(Key::ComplaintStatsTitle).to_owned());
    let data = LocalResource::new(move || {
        let district = url.get("district");
        let year = url.get("year");
        async move {
            let district = match district {
                Some(d) => d,
                None => match api::districts().await?.items.into_iter().next() {
                    Some(d) => d.code.to_string(),
                    None => return Ok(None),
                },
            };
            api::complaint_stats(district, year).await.map(Some)
        }
    });
    view! {
        <nav class="breadcrumb" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href="/">{i18n.t(Key::NavHome)}</A></li>
                <li><A href=AppRoute::ComplaintNew.href()>{i18n.t(Key::ComplainTitle)}</A></li>
                <li aria-current="page">{i18n.t(Key::ComplaintStatsTitle)}</li>
            </ol>
        </nav>
        <h1>{i18n.t(Key::ComplaintStatsTitle)}</h1>
        <p class="lead">{i18n.t(Key::ComplaintStatsIntro)}</p>
        // Outside the data view, so choosing keeps the focus on the control chosen.
        <Controls />
        <ResourceView data render=stats />
    }
}

fn stats(s: Option<ComplaintStats>) -> AnyView {
    let i18n = use_i18n();
    let Some(s) = s else {
        return view! { <p class="empty">{i18n.t(Key::DistrictsEmpty)}</p> }.into_any();
    };
    let scope = match s.year {
        Some(y) => {
            let y = y.to_string();
            view! { {move || i18n::format(i18n.lang(), Key::StatsYearN, &[("year", &y)])} }
                .into_any()
        }
        None => view! { {i18n.t(Key::StatsAllYears)} }.into_any(),
    };
    let median = s.median_reply_working_days.map(|d| d.to_string());
    let mut localities = s.by_locality.clone();
    localities.sort_by_key(|l| std::cmp::Reverse(l.submissions));
    let by_locality = Signal::derive(move || {
        localities
            .iter()
            .map(|l| Datum {
                label: l.locality.name.to_string(),
                value: l.submissions,
                shown: if l.supervised > 0 {
                    i18n::format(
                        i18n.lang(),
                        Key::ComplaintStatsWithSupervised,
                        &[
                            ("count", &grouped(l.submissions)),
                            ("supervised", &grouped(l.supervised)),
                        ],
                    )
                } else {
                    grouped(l.submissions)
                },
            })
            .collect::<Vec<_>>()
    });
    let kinds = s.by_kind.clone();
    let kind_data = Signal::derive(move || {
        kinds
            .iter()
            .map(|k| Datum {
                label: i18n
                    .tr(match k.kind {
                        ComplaintKind::Tip => Key::ComplainKindTip,
                        ComplaintKind::Conduct => Key::ComplainKindConduct,
                    })
                    .to_owned(),
                value: k.submissions,
                shown: grouped(k.submissions),
            })
            .collect::<Vec<_>>()
    });
    let statuses = s.by_status.clone();
    let status_data = Signal::derive(move || {
        statuses
            .iter()
            .map(|c| Datum {
                label: i18n.tr(status_key(c.status)).to_owned(),
                value: c.submissions,
                shown: grouped(c.submissions),
            })
            .collect::<Vec<_>>()
    });
    let empty = s.submissions == 0;
    view! {
        <p class="stats-scope">
            {s.district.name.to_string()} " " <DemoBadge demo=s.district.demo /> " · " {scope}
        </p>
        <dl class="totals">
            <div><dt>{i18n.t(Key::ComplaintStatsSubmissions)}</dt><dd>{grouped(s.submissions)}</dd></div>
            <div><dt>{i18n.t(Key::ComplaintStatsSupervised)}</dt><dd>{grouped(s.supervised)}</dd></div>
            <div><dt>{i18n.t(Key::ComplaintStatsReplied)}</dt><dd>{grouped(s.replied)}</dd></div>
            <div>
                <dt>{i18n.t(Key::ComplaintStatsMedian)}</dt>
                <dd>
                    {match median {
                        Some(d) => view! { {move || i18n::format(i18n.lang(), Key::ComplaintStatsDays, &[("days", &d)])} }.into_any(),
                        None => view! { <span class="muted">{i18n.t(Key::ComplaintStatsNoReplies)}</span> }.into_any(),
                    }}
                </dd>
            </div>
        </dl>
        {if empty {
            view! { <p class="empty-state">{i18n.t(Key::ComplaintStatsEmpty)}</p> }.into_any()
        } else {
            view! {
                <section aria-labelledby="cs-locality">
                    <h2 id="cs-locality">{i18n.t(Key::ComplaintStatsByLocality)}</h2>
                    <HBars data=by_locality />
                </section>
                <section aria-labelledby="cs-kind">
                    <h2 id="cs-kind">{i18n.t(Key::ComplaintStatsByKind)}</h2>
                    <HBars data=kind_data />
                </section>
                <section aria-labelledby="cs-status">
                    <h2 id="cs-status">{i18n.t(Key::ComplaintStatsByStatus)}</h2>
                    <HBars data=status_data />
                </section>
            }
                .into_any()
        }}
    }
    .into_any()
}

/// The district and year pickers; the URL keeps them (no district: the first, as the data view).
#[component]
fn Controls() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    let districts = district_options();
    let this_year: i32 = china_date()
        .get(..4)
        .and_then(|y| y.parse().ok())
        .unwrap_or(2026);
    view! {
        <form class="filters stats-controls" on:submit=|ev| ev.prevent_default()>
            <div class="filter-grid">
                <div class="field">
                    <label for="cs-district-select">{i18n.t(Key::FilterDistrict)}</label>
                    <select
                        id="cs-district-select"
                        on:change=move |ev| url.set(&[("district", Some(event_target_value(&ev)))], false)
                    >
                        {move || {
                            let all = districts.get();
                            let current = url
                                .get("district")
                                .or_else(|| all.first().map(|(code, _)| code.clone()))
                                .unwrap_or_default();
                            all.into_iter()
                                .map(|(code, name)| {
                                    let selected = code == current;
                                    view! { <option value=code prop:selected=selected>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="cs-year">{i18n.t(Key::StatsYear)}</label>
                    <select
                        id="cs-year"
                        on:change=move |ev| url.set(&[("year", Some(event_target_value(&ev)))], false)
                    >
                        <option value="" prop:selected=move || url.get("year").is_none()>{i18n.t(Key::StatsAllYears)}</option>
                        {(this_year - YEARS_BACK..=this_year)
                            .rev()
                            .map(|y| {
                                let value = y.to_string();
                                let text = value.clone();
                                let mine = value.clone();
                                view! {
                                    <option value=value prop:selected=move || url.get("year").as_deref() == Some(mine.as_str())>
                                        {text}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
        </form>
    }
}
