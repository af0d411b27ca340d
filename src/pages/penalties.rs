//! 行政处罚公示: the decisions listed today, searched (one character works), filtered with counts by
//! place, authority, domain, kind, party, procedure, date and fine, sorted, keyset-paged, and
//! exported with the same filter. All of it lives in the URL query, so a search can be linked, and
//! the export and feed links carry it.

use crate::api;
use crate::api::ApiError;
use crate::components::ResourceView;
use crate::components::list::{
    FilterSelect, Paging, SearchBox, any_filter_set, counts, district_options, enum_options,
    filters_open_at_start, focus_results_on_paging, labelled_options, set_filter, url_district,
};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::use_title;
use crate::query::{UrlQuery, use_url_query};
use crate::routes::AppRoute;
use gongshi_domain::api::{DistrictView, Page};
use gongshi_domain::catalog::Domain;
use gongshi_domain::money::Fen;
use gongshi_domain::penalty::{
    PartyKind, PenaltyKind, PenaltyListItem, PenaltySummary, Procedure, WithdrawnStub,
};
use leptos::prelude::*;
use leptos_router::components::A;

/// The URL keys that filter the list, passed to the API (list, exports and feed) as they are.
const FILTER_KEYS: [&str; 14] = [
    "q",
    "district",
    "locality",
    "authority",
    "domain",
    "matter",
    "kind",
    "party_kind",
    "procedure",
    "from",
    "to",
    "fine_min",
    "fine_max",
    "sort",
];
const PAGE_SIZE: &str = "20";

/// The export formats offered, with their labels.
const EXPORTS: [(&str, Key); 4] = [
    ("csv", Key::ExportCsv),
    ("shuanggongshi", Key::ExportShuanggongshi),
    ("json", Key::ExportJson),
    ("ndjson", Key::ExportNdjson),
];

const SORTS: [(&str, Key); 4] = [
    ("newest", Key::SortNewest),
    ("oldest", Key::SortOldest),
    ("fine_desc", Key::SortFineDesc),
    ("fine_asc", Key::SortFineAsc),
];

fn filter_pairs(url: UrlQuery) -> Vec<(&'static str, Option<String>)> {
    FILTER_KEYS.iter().map(|k| (*k, url.get(k))).collect()
}

/// `/api/v1/penalties/{path}` with the current filter (no paging), for the export and feed links.
fn api_href(path: &str, extra: &[(&'static str, Option<String>)], url: UrlQuery) -> String {
    let mut pairs = extra.to_vec();
    pairs.extend(filter_pairs(url));
    let pairs: Vec<(&str, Option<&str>)> = pairs.iter().map(|(k, v)| (*k, v.as_deref())).collect();
    format!("/api/v1/penalties/{path}{}", api::query_string(&pairs))
}

#[component]
pub fn PenaltiesPage() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    use_title(move || i18n.tr(Key::PenaltiesTitle).to_owned());
    let data = LocalResource::new(move || {
        let mut params = filter_pairs(url);
        params.push(("cursor", url.get("cursor")));
        params.push(("limit", Some(PAGE_SIZE.to_owned())));
        api::penalties(params)
    });
    let count = move || {
        data.get().and_then(Result::ok).map(|p| {
            let key = if p.total_is_lower_bound {
                Key::PenaltiesCountMore
            } else {
                Key::PenaltiesCount
            };
            let n = p.total.unwrap_or(p.items.len() as u64);
            i18n::format(i18n.lang(), key, &[("count", &i18n::grouped(n))])
        })
    };
    focus_results_on_paging(url, "penalty-results");
    let feed = move || api_href("feed.atom", &[], url);
    view! {
        <h1>{i18n.t(Key::PenaltiesTitle)}</h1>
        <p class="lead">{i18n.t(Key::PenaltiesIntro)}</p>
        <p class="link-row">
            <A href=move || AppRoute::PenaltyStats.href_with(&[("district", url.get("district").as_deref())]) attr:class="button button-secondary">
                {i18n.t(Key::StatsLink)}
            </A>
            <a href=feed class="feed-link" type="application/atom+xml" rel="external">{i18n.t(Key::ExportAtom)}</a>
        </p>
        <SearchBox
            url
            id="penalties-q"
            label=Key::PenaltiesSearchLabel
            placeholder=Key::PenaltiesSearchPlaceholder
            hint=Key::PenaltiesSearchHint
            maxlength=40
        />
        <Filters url data />
        <section aria-labelledby="penalty-results" class="results">
            <h2 id="penalty-results" class="visually-hidden" tabindex="-1">{i18n.t(Key::PenaltiesTitle)}</h2>
            <div class="results-bar">
                <p class="count" role="status">{count}</p>
                <SortSelect url />
            </div>
            <ResourceView data render=results />
        </section>
        <Exports url />
    }
}

#[component]
fn SortSelect(url: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let current = move || url.get("sort").unwrap_or_else(|| "newest".to_owned());
    view! {
        <div class="field inline sort">
            <label for="p-sort">{i18n.t(Key::SortLabel)}</label>
            <select
                id="p-sort"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    let v = (v != "newest").then_some(v);
                    set_filter(url, "sort", v);
                }
            >
                {SORTS
                    .into_iter()
                    .map(|(value, label)| {
                        view! {
                            <option value=value prop:selected=move || current() == value>
                                {i18n.t(label)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Exports(url: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="export-heading" class="exports">
            <h2 id="export-heading">{i18n.t(Key::ExportHeading)}</h2>
            <p class="hint">{i18n.t(Key::ExportIntro)}</p>
            <ul class="chips">
                {EXPORTS
                    .into_iter()
                    .map(|(format, label)| {
                        let href = move || api_href("export", &[("format", Some(format.to_owned()))], url);
                        view! {
                            <li><a href=href download data-format=format>{i18n.t(label)}</a></li>
                        }
                    })
                    .collect_view()}
            </ul>
        </section>
    }
}

#[component]
fn Filters(
    url: UrlQuery,
    data: LocalResource<Result<Page<PenaltyListItem>, ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let facet_counts = move |field: &'static str| {
        data.get()
            .and_then(Result::ok)
            .and_then(|p| counts(&p.facets, field))
    };
    let domains = Signal::derive(move || {
        enum_options(
            &Domain::ALL,
            i18n::domain,
            facet_counts("domain"),
            i18n.lang(),
        )
    });
    let kinds = Signal::derive(move || {
        enum_options(
            &PenaltyKind::ALL,
            i18n::penalty_kind,
            facet_counts("kind"),
            i18n.lang(),
        )
    });
    let party_kinds = Signal::derive(move || {
        enum_options(
            &PartyKind::ALL,
            i18n::party_kind,
            facet_counts("party_kind"),
            i18n.lang(),
        )
    });
    let procedures = Signal::derive(move || {
        enum_options(
            &Procedure::ALL,
            i18n::procedure,
            facet_counts("procedure"),
            i18n.lang(),
        )
    });
    let district_options = district_options();
    let district = url_district(url);
    let inside = move |field: &'static str, pick: fn(&DistrictView) -> Vec<(String, String)>| {
        Signal::derive(move || {
            let items = district
                .get()
                .and_then(Result::ok)
                .flatten()
                .map(|d| pick(&d))
                .unwrap_or_default();
            labelled_options(items, facet_counts(field).as_deref(), i18n.lang())
        })
    };
    let localities = inside("locality", |d| {
        d.localities()
            .map(|l| (l.id.to_string(), l.name.to_string()))
            .collect()
    });
    let authorities = inside("authority", |d| {
        d.authorities
            .iter()
            .map(|a| (a.id.to_string(), a.name.to_string()))
            .collect()
    });
    let has_district = move || url.get("district").is_some();
    let any_filter = move || any_filter_set(url, &FILTER_KEYS);
    let open_at_start = filters_open_at_start(url, &FILTER_KEYS);
    view! {
        <details class="filters" open=open_at_start>
            <summary>{i18n.t(Key::FiltersHeading)}</summary>
            <div class="filter-grid">
                <FilterSelect url key="district" id="p-district" label=Key::FilterDistrict options=district_options />
                {move || {
                    has_district()
                        .then(|| {
                            view! {
                                <FilterSelect url key="locality" id="p-locality" label=Key::FilterLocality options=localities />
                                <FilterSelect url key="authority" id="p-authority" label=Key::FilterAuthority options=authorities />
                            }
                        })
                }}
                <FilterSelect url key="domain" id="p-domain" label=Key::FilterDomain options=domains />
                <FilterSelect url key="kind" id="p-kind" label=Key::FilterKind options=kinds />
                <FilterSelect url key="party_kind" id="p-party-kind" label=Key::FilterPartyKind options=party_kinds />
                <FilterSelect url key="procedure" id="p-procedure" label=Key::FilterProcedure options=procedures />
                <DateRange url />
                <FineRange url />
            </div>
            {move || {
                url.get("matter")
                    .map(|m| {
                        view! {
                            <p>
                                {i18n.t(Key::FilterMatter)}" "<span class="code">{m}</span>" · "
                                <button type="button" class="link-button" on:click=move |_| set_filter(url, "matter", None)>
                                    {i18n.t(Key::FilterRemove)}
                                </button>
                            </p>
                        }
                    })
            }}
            {move || {
                any_filter()
                    .then(|| {
                        view! {
                            <p><A href=AppRoute::Penalties.href()>{i18n.t(Key::FiltersClear)}</A></p>
                        }
                    })
            }}
        </details>
    }
}

/// Two bounds typed separately and written to the URL together once both make sense: a from–to
/// pair (dates, or fines in 元). What is typed stays in the boxes until then, with the reason next
/// to the box; a change of the URL made elsewhere (clear every filter, Back) replaces both.
#[derive(Clone, Copy)]
struct Range {
    url: UrlQuery,
    keys: [&'static str; 2],
    typed: [RwSignal<String>; 2],
    error: [RwSignal<Option<Key>>; 2],
}

impl Range {
    /// `shown` turns the URL's value into what the box shows.
    fn new(url: UrlQuery, keys: [&'static str; 2], shown: fn(&str) -> String) -> Self {
        let read = move |k: &str| url.get_untracked(k).map(|v| shown(&v)).unwrap_or_default();
        let range = Self {
            url,
            keys,
            typed: keys.map(|k| RwSignal::new(read(k))),
            error: [RwSignal::new(None), RwSignal::new(None)],
        };
        Effect::new(move |_| {
            for (i, k) in keys.iter().enumerate() {
                let now = url.get(k).map(|v| shown(&v)).unwrap_or_default();
                range.typed[i].set(now);
                range.error[i].set(None);
            }
        });
        range
    }

    /// Parses both boxes with `parse` (`Err` names the problem; empty is no bound) and, when both
    /// parse and the first is not after the second, writes them; otherwise marks box `edited`.
    fn apply<T: PartialOrd>(
        self,
        edited: usize,
        parse: impl Fn(&str) -> Result<(T, String), Key>,
        backwards: Key,
    ) {
        let mut values: [Option<(T, String)>; 2] = [None, None];
        let mut bad = false;
        for (i, value) in values.iter_mut().enumerate() {
            let text = self.typed[i].get_untracked();
            let parsed = if text.trim().is_empty() {
                Ok(None)
            } else {
                parse(text.trim()).map(Some)
            };
            match parsed {
                Ok(v) => {
                    *value = v;
                    self.error[i].set(None);
                }
                Err(key) => {
                    self.error[i].set(Some(key));
                    bad = true;
                }
            }
        }
        if bad {
            return;
        }
        if let [Some((low, _)), Some((high, _))] = &values
            && low > high
        {
            self.error[edited].set(Some(backwards));
            return;
        }
        let [low, high] = values.map(|v| v.map(|(_, wire)| wire));
        let unchanged = self.url.get_untracked(self.keys[0]) == low
            && self.url.get_untracked(self.keys[1]) == high;
        // Enter, then leaving the box, must not add the same search to the history twice.
        if !unchanged {
            let mut changes = vec![(self.keys[0], low), (self.keys[1], high)];
            changes.extend(crate::components::list::PAGING);
            self.url.set(&changes, false);
        }
    }
}

/// Decided from … to … (the browser's date picker gives `YYYY-MM-DD`, which orders as text).
#[component]
fn DateRange(url: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let range = Range::new(url, ["from", "to"], str::to_owned);
    let apply = move |edited| {
        range.apply(
            edited,
            |t| Ok((t.to_owned(), t.to_owned())),
            Key::FilterDateOrder,
        );
    };
    let field = move |i: usize, id: &'static str, label: Key| {
        let error_id = format!("{id}-error");
        view! {
            <div class="field">
                <label for=id>{i18n.t(label)}</label>
                <input
                    id=id
                    type="date"
                    aria-describedby=error_id.clone()
                    aria-invalid=move || range.error[i].get().is_some().to_string()
                    prop:value=move || range.typed[i].get()
                    on:change=move |ev| {
                        range.typed[i].set(event_target_value(&ev));
                        apply(i);
                    }
                />
                <p id=error_id class="field-error" aria-live="polite">
                    {move || range.error[i].get().map(|k| i18n.t(k))}
                </p>
            </div>
        }
    };
    view! {
        {field(0, "p-from", Key::FilterFrom)}
        {field(1, "p-to", Key::FilterTo)}
    }
}

/// Shows fen in 元 without trailing zero decimals: 500000 → "5000", 50 → "0.5".
fn yuan_text(fen: &str) -> String {
    let Ok(f) = fen.parse::<u64>() else {
        return String::new();
    };
    let s = Fen(f).yuan();
    s.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// Fine from … to … in 元 as typed (5000, 2,000.50, ５００元); the URL and the API keep fen.
#[component]
fn FineRange(url: UrlQuery) -> impl IntoView {
    let i18n = use_i18n();
    let range = Range::new(url, ["fine_min", "fine_max"], yuan_text);
    let apply = move |edited| {
        range.apply(
            edited,
            |t| {
                Fen::parse_yuan(t)
                    .map(|f| (f, f.0.to_string()))
                    .map_err(|_| Key::FilterFineInvalid)
            },
            Key::FilterFineOrder,
        );
    };
    let field = move |i: usize, id: &'static str, label: Key| {
        let hint_id = format!("{id}-hint");
        let error_id = format!("{id}-error");
        let described = format!("{hint_id} {error_id}");
        view! {
            <div class="field">
                <label for=id>{i18n.t(label)}</label>
                <input
                    id=id
                    type="text"
                    inputmode="decimal"
                    autocomplete="off"
                    maxlength="16"
                    aria-describedby=described
                    aria-invalid=move || range.error[i].get().is_some().to_string()
                    prop:value=move || range.typed[i].get()
                    on:input=move |ev| range.typed[i].set(event_target_value(&ev))
                    on:change=move |_| apply(i)
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        // The Enter that confirms an input-method word is not a search.
                        if ev.key() == "Enter" && !ev.is_composing() {
                            ev.prevent_default();
                            apply(i);
                        }
                    }
                />
                <p id=hint_id class="hint">{i18n.t(Key::FilterFineHint)}</p>
                <p id=error_id class="field-error" aria-live="polite">
                    {move || range.error[i].get().map(|k| i18n.t(k))}
                </p>
            </div>
        }
    };
    view! {
        {field(0, "p-fine-min", Key::FilterFineMin)}
        {field(1, "p-fine-max", Key::FilterFineMax)}
    }
}

fn results(page: Page<PenaltyListItem>) -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    if page.items.is_empty() {
        return view! {
            <div class="empty-state">
                <p>{i18n.t(Key::PenaltiesEmpty)}</p>
                <p><A href=AppRoute::Penalties.href()>{i18n.t(Key::FiltersClear)}</A></p>
            </div>
        }
        .into_any();
    }
    view! {
        <ul class="penalty-list">
            {page
                .items
                .into_iter()
                .map(|item| match item {
                    PenaltyListItem::Public(p) => public_item(p).into_any(),
                    PenaltyListItem::Withdrawn(w) => withdrawn_item(w).into_any(),
                })
                .collect_view()}
        </ul>
        <Paging url next=page.next />
    }
    .into_any()
}

fn public_item(p: PenaltySummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = AppRoute::Penalty(p.id).href();
    let fine = (!p.fine.is_zero()).then(|| {
        let amount = p.fine.to_string();
        view! {
            <span class="amount">
                {move || i18n::format(i18n.lang(), Key::PenaltyFineShort, &[("amount", &amount)])}
            </span>
        }
    });
    let decided = p.decided.to_string();
    view! {
        <li class="penalty-item">
            <div class="penalty-head">
                <A href=href attr:class="penalty-party">{p.party_name}</A>
                {fine}
            </div>
            <div class="matter-meta">
                {p.kinds
                    .iter()
                    .map(|k| view! { <span class="badge">{i18n.t(i18n::penalty_kind(*k))}</span> })
                    .collect_view()}
                {(p.late == Some(true))
                    .then(|| view! { <span class="badge badge-late">{i18n.t(Key::PenaltyLateBadge)}</span> })}
            </div>
            <p class="penalty-matter">{p.matter.name.to_string()}</p>
            <p class="muted penalty-where">
                <time datetime=decided.clone()>{decided.clone()}</time>
                " · "{p.locality.name.to_string()}" · "{p.authority.name.to_string()}
            </p>
            <p class="code">{p.decision_number.to_string()}</p>
        </li>
    }
}

fn withdrawn_item(w: WithdrawnStub) -> impl IntoView {
    let i18n = use_i18n();
    let href = AppRoute::Penalty(w.id).href();
    let date = w.withdrawal.date.to_string();
    let reason = w.withdrawal.reason;
    let summary = move || {
        i18n::format(
            i18n.lang(),
            Key::PenaltyWithdrawnSummary,
            &[
                ("date", &date),
                ("reason", i18n.tr(i18n::withdrawal_reason(reason))),
            ],
        )
    };
    view! {
        <li class="penalty-item penalty-withdrawn">
            <div class="penalty-head">
                <A href=href attr:class="penalty-party">{w.decision_number.to_string()}</A>
                <span class="badge badge-withdrawn">{i18n.t(Key::PenaltyWithdrawnBadge)}</span>
            </div>
            <p>{summary}</p>
            <p class="muted penalty-where">
                {w.decided.to_string()}" · "{w.locality.name.to_string()}" · "{w.authority.name.to_string()}
            </p>
        </li>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_shows_as_typed_yuan() {
        assert_eq!(yuan_text("500000"), "5000");
        assert_eq!(yuan_text("50"), "0.5");
        assert_eq!(yuan_text("123456"), "1234.56");
        assert_eq!(yuan_text("0"), "0");
        assert_eq!(yuan_text("x"), "");
    }
}
