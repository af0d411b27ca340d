//! 行政处罚统计 and the annual report. The statistics page shows a district's decisions for a year
//! (or every year) as charts with tables beside them: by month, locality, domain, kind and
//! procedure, how much of each locality's delegated catalog its cases used, and how quickly each
//! authority published. The annual report prints the same figures for one year, as the 31 January
//! rule expects every enforcement body to publish them.

use crate::api;
use crate::components::chart::{Columns, Datum, HBars};
use crate::components::list::district_options;
use crate::components::{DataView, DemoBadge, ResourceView};
use crate::i18n::{self, Key, grouped, per_mille, use_i18n};
use crate::pages::{china_date, use_title};
use crate::query::use_url_query;
use crate::routes::AppRoute;
use gongshi_domain::DistrictCode;
use gongshi_domain::penalty::PenaltyListItem;
use gongshi_domain::penalty_stats::{MonthTally, PenaltyStats, Tally};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn PenaltyStatsPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    use_title(move || i18n.tr(Key::StatsTitle).to_owned());
    let data = LocalResource::new(move || {
        let district = url.get("district");
        let year = url.get("year");
        async move {
            let district = match district {
                Some(d) => d,
                None => match default_district().await? {
                    Some(d) => d,
                    None => return Ok(None),
                },
            };
            api::penalty_stats(district, year).await.map(Some)
        }
    });
    view! {
        <nav class="breadcrumb" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href="/">{i18n.t(Key::NavHome)}</A></li>
                <li><A href=AppRoute::Penalties.href()>{i18n.t(Key::PenaltiesTitle)}</A></li>
                <li aria-current="page">{i18n.t(Key::StatsTitle)}</li>
            </ol>
        </nav>
        <h1>{i18n.t(Key::StatsTitle)}</h1>
        <p class="lead">{i18n.t(Key::StatsIntro)}</p>
        <ResourceView data render=stats_page />
    }
}

/// Without a district in the URL: the district of the newest disclosure, or the first district
/// when nothing is disclosed anywhere (`None` when there is no district at all).
async fn default_district() -> Result<Option<String>, api::ApiError> {
    let newest = api::penalties(vec![("limit", Some("1".to_owned()))]).await?;
    if let Some(item) = newest.items.first() {
        let locality = match item {
            PenaltyListItem::Public(p) => &p.locality,
            PenaltyListItem::Withdrawn(w) => &w.locality,
        };
        let view = api::locality(locality.id.to_string()).await?;
        return Ok(Some(view.district.code.to_string()));
    }
    Ok(api::districts()
        .await?
        .items
        .into_iter()
        .next()
        .map(|d| d.code.to_string()))
}

fn stats_page(stats: Option<PenaltyStats>) -> AnyView {
    let i18n = use_i18n();
    let Some(s) = stats else {
        return view! { <p class="empty">{i18n.t(Key::DistrictsEmpty)}</p> }.into_any();
    };
    let reports = match s.year {
        Some(y) => vec![y],
        None => s.years.clone(),
    };
    let code = s.district.code.clone();
    view! {
        <Controls district=s.district.code.clone() year=s.year years=s.years.clone() />
        <p class="stats-scope">
            {s.district.name.to_string()}" "<DemoBadge demo=s.district.demo />" · "
            {match s.year {
                Some(y) => {
                    let y = y.to_string();
                    view! { {move || i18n::format(i18n.lang(), Key::StatsYearN, &[("year", &y)])} }.into_any()
                }
                None => view! { {i18n.t(Key::StatsAllYears)} }.into_any(),
            }}
        </p>
        {(!reports.is_empty())
            .then(|| {
                view! {
                    <p class="link-row">
                        {reports
                            .into_iter()
                            .map(|y| {
                                let href = AppRoute::AnnualReport(code.clone(), y).href();
                                let year = y.to_string();
                                view! {
                                    <A href=href attr:class="button button-secondary">
                                        {move || i18n::format(i18n.lang(), Key::StatsReportLink, &[("year", &year)])}
                                    </A>
                                }
                            })
                            .collect_view()}
                    </p>
                }
            })}
        {sections(s, false)}
    }
    .into_any()
}

/// The district and year pickers; the URL keeps them.
#[component]
fn Controls(district: DistrictCode, year: Option<i32>, years: Vec<i32>) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    let districts = district_options();
    let current = district.to_string();
    let year_value = year.map(|y| y.to_string()).unwrap_or_default();
    view! {
        <form class="filters stats-controls" on:submit=|ev| ev.prevent_default()>
            <div class="filter-grid">
                <div class="field">
                    <label for="s-district">{i18n.t(Key::FilterDistrict)}</label>
                    <select
                        id="s-district"
                        on:change=move |ev| {
                            url.set(&[("district", Some(event_target_value(&ev))), ("year", None)], false);
                        }
                    >
                        {move || {
                            let current = current.clone();
                            districts
                                .get()
                                .into_iter()
                                .map(|(code, name)| {
                                    let selected = code == current;
                                    view! { <option value=code prop:selected=selected>{name}</option> }
                                })
                                .collect_view()
                        }}
                    </select>
                </div>
                <div class="field">
                    <label for="s-year">{i18n.t(Key::StatsYear)}</label>
                    <select
                        id="s-year"
                        on:change=move |ev| {
                            url.set(&[("year", Some(event_target_value(&ev)))], false);
                        }
                    >
                        <option value="" prop:selected=year.is_none()>{i18n.t(Key::StatsAllYears)}</option>
                        {years
                            .into_iter()
                            .rev()
                            .map(|y| {
                                let value = y.to_string();
                                let selected = value == year_value;
                                let text = value.clone();
                                view! { <option value=value prop:selected=selected>{text}</option> }
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
        </form>
    }
}

/// The printable report of one district for one year.
#[component]
pub fn AnnualReportPage() -> impl IntoView {
    let params = use_params_map();
    let fetch = move || {
        let district = params.read().get("district").unwrap_or_default();
        let year = params.read().get("year");
        api::penalty_stats(district, year)
    };
    view! { <DataView fetch render=report /> }
}

fn report(s: PenaltyStats) -> impl IntoView {
    let i18n = use_i18n();
    let district = s.district.name.to_string();
    let year = s.year.map(|y| y.to_string()).unwrap_or_default();
    let title = {
        let (district, year) = (district.clone(), year.clone());
        move || {
            i18n::format(
                i18n.lang(),
                Key::ReportTitle,
                &[("district", &district), ("year", &year)],
            )
        }
    };
    use_title(title.clone());
    let today = china_date();
    // The year is still running: the figures are as of today.
    let running = s
        .year
        .is_some_and(|y| today.get(..4).and_then(|t| t.parse::<i32>().ok()) == Some(y));
    let generated = {
        let today = today.clone();
        move || i18n::format(i18n.lang(), Key::ReportGenerated, &[("date", &today)])
    };
    let provisional = running.then(|| {
        let (year, today) = (year.clone(), today.clone());
        view! {
            <p class="notice">
                {move || i18n::format(i18n.lang(), Key::ReportProvisional, &[("year", &year), ("date", &today)])}
            </p>
        }
    });
    let stats_href = AppRoute::PenaltyStats.href_with(&[
        ("district", Some(s.district.code.as_str())),
        ("year", Some(&year)),
    ]);
    let print = move |_| {
        let _ = window().print();
    };
    view! {
        <nav class="breadcrumb no-print" aria-label=i18n.t(Key::BreadcrumbLabel)>
            <ol>
                <li><A href=AppRoute::Penalties.href()>{i18n.t(Key::PenaltiesTitle)}</A></li>
                <li><A href=stats_href>{i18n.t(Key::StatsTitle)}</A></li>
                <li aria-current="page">{year.clone()}</li>
            </ol>
        </nav>
        <article class="report">
            <h1>{title}" "<DemoBadge demo=s.district.demo /></h1>
            <p class="muted">{generated}</p>
            {provisional}
            <p>{i18n.t(Key::ReportIntro)}</p>
            <p class="no-print"><button type="button" class="button" on:click=print>{i18n.t(Key::ReportPrint)}</button></p>
            {sections(s, true)}
        </article>
    }
}

/// The months from the first to the last one shown, with those that had no decision as zeros: the
/// twelve months of a past year, a running year up to this month, or every month the data spans.
pub fn months_filled(
    by_month: &[MonthTally],
    year: Option<i32>,
    this_month: &str,
) -> Vec<MonthTally> {
    let parse = |m: &str| -> Option<(i32, u32)> {
        let (y, mo) = m.split_once('-')?;
        Some((y.parse().ok()?, mo.parse().ok()?))
    };
    let known: Vec<(i32, u32)> = by_month.iter().filter_map(|m| parse(&m.month)).collect();
    let (first, last) = match year {
        Some(y) => {
            let end = match parse(this_month) {
                Some((ty, tm)) if ty == y => tm,
                _ => 12,
            };
            ((y, 1), (y, end))
        }
        None => match (known.iter().min(), known.iter().max()) {
            (Some(a), Some(b)) => (*a, *b),
            _ => return Vec::new(),
        },
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        let month = format!("{y:04}-{m:02}");
        let tally = by_month
            .iter()
            .find(|t| t.month == month)
            .map(|t| t.tally)
            .unwrap_or_default();
        out.push(MonthTally { month, tally });
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// A chart's table: folded under the chart on screen, printed open in the report.
fn table_alt(report: bool, table: AnyView) -> AnyView {
    let i18n = use_i18n();
    if report {
        table
    } else {
        view! {
            <details class="table-alt">
                <summary>{i18n.t(Key::StatsShowTable)}</summary>
                {table}
            </details>
        }
        .into_any()
    }
}

/// A table headed by `columns` whose rows are a name and numbers already written out; the last
/// row is the total when `total` is given. It scrolls on its own where a phone is too narrow.
fn table(
    labelled_by: &'static str,
    columns: &[Key],
    rows: Vec<(String, Vec<String>)>,
    total: Option<Vec<String>>,
) -> AnyView {
    let i18n = use_i18n();
    let row = |name: AnyView, cells: Vec<String>, class: &'static str| {
        view! {
            <tr class=class>
                <th scope="row">{name}</th>
                {cells.into_iter().map(|c| view! { <td class="num">{c}</td> }).collect_view()}
            </tr>
        }
    };
    view! {
        <div class="table-scroll" tabindex="0" role="group" aria-labelledby=labelled_by>
            <table class="stats-table">
                <thead>
                    <tr>
                        {columns
                            .iter()
                            .enumerate()
                            .map(|(i, k)| {
                                let class = if i == 0 { "" } else { "num" };
                                view! { <th scope="col" class=class>{i18n.t(*k)}</th> }
                            })
                            .collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows.into_iter().map(|(n, cells)| row(n.into_any(), cells, "")).collect_view()}
                    {total.map(|cells| row(i18n.t(Key::StatsTotalRow).into_any(), cells, "total-row"))}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}

/// A share in per mille as a percentage, or a dash where there was nothing to judge.
fn share_text(p: Option<u64>) -> String {
    p.map(per_mille).unwrap_or_else(|| "—".to_owned())
}

fn tally_cells(t: Tally) -> Vec<String> {
    vec![
        grouped(t.decisions),
        t.fine.to_string(),
        t.confiscated.to_string(),
    ]
}

/// Rows of (name, tally) as a table of decisions, fines and confiscations.
fn tally_table(
    labelled_by: &'static str,
    first: Key,
    rows: Vec<(String, Tally)>,
    total: Option<Tally>,
) -> AnyView {
    table(
        labelled_by,
        &[first, Key::ColDecisions, Key::ColFine, Key::ColConfiscated],
        rows.into_iter().map(|(n, t)| (n, tally_cells(t))).collect(),
        total.map(tally_cells),
    )
}

fn section(id: &'static str, heading: Key, intro: Option<Key>, body: AnyView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby=id class="stats-section">
            <h2 id=id>{i18n.t(heading)}</h2>
            {intro.map(|k| view! { <p class="hint">{i18n.t(k)}</p> })}
            {body}
        </section>
    }
}

/// Every figure of `s`, as charts with tables (`report`: the tables printed open).
fn sections(s: PenaltyStats, report: bool) -> impl IntoView {
    let i18n = use_i18n();
    if s.total.decisions == 0 {
        return view! { <p class="empty-state">{i18n.t(Key::StatsEmpty)}</p> }.into_any();
    }
    let total = s.total;
    let summary = move || {
        i18n::format(
            i18n.lang(),
            Key::StatsTotal,
            &[
                ("decisions", &grouped(total.decisions)),
                ("fine", &total.fine.to_string()),
                ("confiscated", &total.confiscated.to_string()),
            ],
        )
    };

    // By month
    let this_month = china_date().get(..7).unwrap_or_default().to_owned();
    let months = months_filled(&s.by_month, s.year, &this_month);
    let month_data: Vec<Datum> = months
        .iter()
        .map(|m| Datum {
            label: m.month.clone(),
            value: m.tally.decisions,
            shown: grouped(m.tally.decisions),
        })
        .collect();
    let mut previous_year = "";
    let below: Vec<(String, Option<String>)> = months
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let (y, mo) = m.month.split_at(4);
            let mo = mo.trim_start_matches('-');
            let new_year = (y != previous_year).then(|| y.to_owned());
            previous_year = y;
            // With many months, every third is labelled (the year always).
            let short = if months.len() <= 12 || i % 3 == 0 || new_year.is_some() {
                mo.to_owned()
            } else {
                String::new()
            };
            (short, new_year)
        })
        .collect();
    let month_rows: Vec<(String, Tally)> =
        months.iter().map(|m| (m.month.clone(), m.tally)).collect();
    let by_month = view! {
        <figure class="chart">
            <figcaption id="chart-month">{i18n.t(Key::StatsChartMonth)}</figcaption>
            <Columns data=month_data labelled_by="chart-month" ticks_below=below />
        </figure>
        {table_alt(report, tally_table("stats-month", Key::ColMonth, month_rows, Some(total)))}
    }
    .into_any();

    // By locality, most decisions first
    let mut localities = s.by_locality.clone();
    localities.sort_by_key(|l| std::cmp::Reverse(l.tally.decisions));
    let locality_data: Vec<Datum> = localities
        .iter()
        .map(|l| Datum {
            label: l.locality.name.to_string(),
            value: l.tally.decisions,
            shown: grouped(l.tally.decisions),
        })
        .collect();
    let locality_rows: Vec<(String, Tally)> = localities
        .iter()
        .map(|l| (l.locality.name.to_string(), l.tally))
        .collect();
    let by_locality = view! {
        <HBars data=locality_data />
        {table_alt(report, tally_table("stats-locality", Key::ColLocality, locality_rows, None))}
    }
    .into_any();

    // By domain: names follow the language.
    let mut domains = s.by_domain.clone();
    domains.sort_by_key(|d| std::cmp::Reverse(d.tally.decisions));
    let domain_data = {
        let domains = domains.clone();
        Signal::derive(move || {
            domains
                .iter()
                .map(|d| Datum {
                    label: i18n.tr(i18n::domain(d.domain)).to_owned(),
                    value: d.tally.decisions,
                    shown: grouped(d.tally.decisions),
                })
                .collect()
        })
    };
    let by_domain = view! {
        <HBars data=domain_data />
        {move || {
            let rows = domains
                .iter()
                .map(|d| (i18n.tr(i18n::domain(d.domain)).to_owned(), d.tally))
                .collect();
            table_alt(report, tally_table("stats-domain", Key::ColDomain, rows, None))
        }}
    }
    .into_any();

    // By kind: a decision counts under each kind it imposes.
    let kinds = s.by_kind.clone();
    let kind_data = Signal::derive(move || {
        let mut kinds = kinds.clone();
        kinds.sort_by_key(|k| std::cmp::Reverse(k.decisions));
        kinds
            .iter()
            .map(|k| Datum {
                label: i18n.tr(i18n::penalty_kind(k.kind)).to_owned(),
                value: k.decisions,
                shown: grouped(k.decisions),
            })
            .collect()
    });
    let by_kind = view! { <HBars data=kind_data /> }.into_any();

    let procedures = s.by_procedure.clone();
    let by_procedure = view! {
        {move || {
            let rows = procedures
                .iter()
                .map(|p| (i18n.tr(i18n::procedure(p.procedure)).to_owned(), p.tally))
                .collect();
            tally_table("stats-procedure", Key::ColProcedure, rows, None)
        }}
    }
    .into_any();

    // Coverage: the share of each locality's delegated catalog its cases used.
    let coverage = s.coverage.clone();
    let coverage_data = {
        let coverage = coverage.clone();
        Signal::derive(move || {
            coverage
                .iter()
                .map(|c| {
                    let share = (c.delegated > 0).then(|| c.used * 1000 / c.delegated);
                    Datum {
                        label: c.locality.name.to_string(),
                        value: share.unwrap_or(0),
                        shown: i18n::format(
                            i18n.lang(),
                            Key::StatsCoverageRow,
                            &[
                                ("used", &grouped(c.used)),
                                ("delegated", &grouped(c.delegated)),
                                ("share", &share_text(share)),
                            ],
                        ),
                    }
                })
                .collect()
        })
    };
    let coverage_table = table(
        "stats-coverage",
        &[
            Key::ColLocality,
            Key::ColDelegated,
            Key::ColDelegatedPenalty,
            Key::ColUsed,
        ],
        coverage
            .into_iter()
            .map(|c| {
                let cells = vec![
                    grouped(c.delegated),
                    grouped(c.delegated_penalty),
                    grouped(c.used),
                ];
                (c.locality.name.to_string(), cells)
            })
            .collect(),
        None,
    );
    let by_coverage = view! {
        <HBars data=coverage_data full=1000 />
        {table_alt(report, coverage_table)}
    }
    .into_any();

    // Timeliness per authority.
    let timeliness = s.timeliness.clone();
    let timeliness_data = {
        let timeliness = timeliness.clone();
        Signal::derive(move || {
            timeliness
                .iter()
                .map(|p| Datum {
                    label: p.authority.name.to_string(),
                    value: p.on_time_per_mille().unwrap_or(0),
                    shown: i18n::format(
                        i18n.lang(),
                        Key::StatsTimelinessRow,
                        &[
                            ("share", &share_text(p.on_time_per_mille())),
                            ("late", &grouped(p.late)),
                            ("decisions", &grouped(p.decisions)),
                        ],
                    ),
                })
                .collect()
        })
    };
    let timeliness_table = table(
        "stats-timeliness",
        &[
            Key::ColAuthority,
            Key::ColDecisions,
            Key::ColOnTime,
            Key::ColLate,
            Key::ColShare,
        ],
        timeliness
            .into_iter()
            .map(|p| {
                let cells = vec![
                    grouped(p.decisions),
                    grouped(p.on_time),
                    grouped(p.late),
                    share_text(p.on_time_per_mille()),
                ];
                (p.authority.name.to_string(), cells)
            })
            .collect(),
        None,
    );
    let by_timeliness = view! {
        <HBars data=timeliness_data full=1000 />
        {table_alt(report, timeliness_table)}
    }
    .into_any();

    view! {
        <p class="stats-total">{summary}</p>
        {section("stats-month", Key::StatsByMonth, None, by_month)}
        {section("stats-locality", Key::StatsByLocality, None, by_locality)}
        {section("stats-domain", Key::StatsByDomain, None, by_domain)}
        {section("stats-kind", Key::StatsByKind, Some(Key::StatsByKindIntro), by_kind)}
        {section("stats-procedure", Key::StatsByProcedure, None, by_procedure)}
        {section("stats-coverage", Key::StatsCoverage, Some(Key::StatsCoverageIntro), by_coverage)}
        {section("stats-timeliness", Key::StatsTimeliness, Some(Key::StatsTimelinessIntro), by_timeliness)}
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use super::*;
    use gongshi_domain::money::Fen;

    fn month(m: &str, n: u64) -> MonthTally {
        MonthTally {
            month: m.to_owned(),
            tally: Tally {
                decisions: n,
                fine: Fen(n * 100),
                confiscated: Fen::ZERO,
            },
        }
    }

    #[test]
    fn a_past_year_has_twelve_months_with_gaps_as_zeros() {
        let filled = months_filled(&[month("2025-03", 4)], Some(2025), "2026-11");
        assert_eq!(filled.len(), 12);
        assert_eq!(filled[0].month, "2025-01");
        assert_eq!(filled[2].tally.decisions, 4);
        assert_eq!(filled[11].month, "2025-12");
        assert_eq!(filled.iter().map(|m| m.tally.decisions).sum::<u64>(), 4);
    }

    #[test]
    fn a_running_year_stops_at_this_month() {
        let filled = months_filled(&[], Some(2026), "2026-11");
        assert_eq!(filled.len(), 11);
        assert_eq!(filled.last().map(|m| m.month.as_str()), Some("2026-11"));
    }

    #[test]
    fn every_year_spans_the_data_across_new_year() {
        let filled = months_filled(&[month("2024-11", 1), month("2025-02", 2)], None, "2026-11");
        let names: Vec<_> = filled.iter().map(|m| m.month.as_str()).collect();
        assert_eq!(names, ["2024-11", "2024-12", "2025-01", "2025-02"]);
        assert!(months_filled(&[], None, "2026-11").is_empty());
    }
}
