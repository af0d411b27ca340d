//! A catalog adjustment round (a district admin): the document, the day it takes effect, and
//! what it delegates to or revokes from which localities. The server checks it against the
//! district's catalog and history (the rules the catalog file is loaded with) and logs it.

use super::{StaffPage, busy_label, failure, use_staff};
use crate::api::{self, ApiError, Body};
use crate::components::ResourceView;
use crate::components::list::spelling;
use crate::i18n::{self, Key, use_i18n};
use crate::pages::focus_soon;
use crate::routes::AppRoute;
use gongshi_domain::api::{DistrictView, ErrorCode};
use gongshi_domain::catalog::{DelegationAct, DocumentNumber, MatterCode};
use gongshi_domain::catalog_dataset::{RoundProblem, RoundProblemKind};
use gongshi_domain::log::Logged;
use leptos::prelude::*;
use leptos_router::components::A;
use serde_json::json;

#[component]
pub fn StaffCatalogPage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffRoundTitle>
            <Round />
        </StaffPage>
    }
}

#[component]
fn Round() -> impl IntoView {
    let staff = use_staff();
    let district = staff.district();
    let district = LocalResource::new(move || {
        let code = district.get().map(|d| d.to_string()).unwrap_or_default();
        async move { staff.seen(api::district(code)).await }
    });
    view! { <ResourceView data=district render=|d| view! { <RoundForm district=d /> } /> }
}

/// One act of the round as typed.
#[derive(Debug, Clone, Copy)]
struct Act {
    id: usize,
    act: RwSignal<DelegationAct>,
    localities: RwSignal<Vec<String>>,
    matters: RwSignal<String>,
}

impl Act {
    fn new(id: usize) -> Self {
        Self {
            id,
            act: RwSignal::new(DelegationAct::Delegate),
            localities: RwSignal::new(Vec::new()),
            matters: RwSignal::new(String::new()),
        }
    }
}

/// The matter codes typed in a box, one per line or separated by spaces, commas or 、; the ones
/// that are not codes.
fn matter_codes(text: &str) -> (Vec<MatterCode>, Vec<String>) {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for t in text
        .split([' ', '\n', ',', '，', '、', ';', '；'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        match MatterCode::parse(t) {
            Ok(c) => good.push(c),
            Err(_) => bad.push(t.to_owned()),
        }
    }
    (good, bad)
}

#[component]
fn RoundForm(district: DistrictView) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let document = RwSignal::new(String::new());
    let effective = RwSignal::new(String::new());
    let next_id = StoredValue::new(1usize);
    let acts = RwSignal::new(vec![Act::new(0)]);
    let problem = RwSignal::new(None::<String>);
    let error = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<u64>);
    let busy = RwSignal::new(false);
    let localities: Vec<(String, String)> = district
        .localities()
        .map(|l| (l.id.to_string(), l.name.to_string()))
        .collect();
    let localities = StoredValue::new(localities);
    let add_act = move |_| {
        let id = next_id.get_value();
        next_id.set_value(id + 1);
        acts.update(|a| a.push(Act::new(id)));
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        error.set(None);
        done.set(None);
        let lang = i18n.lang();
        let complain = |k: Key, args: &[(&str, &str)]| {
            problem.set(Some(i18n::format(lang, k, args)));
            focus_soon("round-status");
        };
        if DocumentNumber::parse(document.get_untracked()).is_err() {
            return complain(Key::StaffRoundBadDocument, &[]);
        }
        if effective.get_untracked().is_empty() {
            return complain(Key::StaffRoundNoDate, &[]);
        }
        let mut body_acts = Vec::new();
        for a in acts.get_untracked() {
            let (codes, bad) = matter_codes(&a.matters.get_untracked());
            if let Some(b) = bad.first() {
                return complain(Key::StaffRoundBadMatter, &[("code", b)]);
            }
            if codes.is_empty() || a.localities.get_untracked().is_empty() {
                return complain(Key::StaffRoundEmptyAct, &[]);
            }
            body_acts.push(json!({
                "act": a.act.get_untracked(),
                "localities": a.localities.get_untracked(),
                "matters": codes,
            }));
        }
        problem.set(None);
        busy.set(true);
        let body = json!({
            "document": document.get_untracked().trim(),
            "effective": effective.get_untracked(),
            "acts": body_acts,
        });
        leptos::task::spawn_local(async move {
            let sent: Result<Logged, ApiError> = api::send(
                gloo_net::http::Method::POST,
                "/staff/catalog/rounds",
                Body::json(&body),
                staff.csrf(),
            )
            .await;
            match sent {
                Ok(l) => {
                    done.set(Some(l.log_seq));
                    document.set(String::new());
                    acts.set(vec![Act::new(next_id.get_value())]);
                    next_id.update_value(|n| *n += 1);
                }
                Err(e) => {
                    staff.failed(&e).await;
                    error.set(Some(e));
                }
            }
            busy.set(false);
            focus_soon("round-status");
        });
    };
    // The server's refusal in words: by field, with the details it names (codes, dates).
    let refusal = move || {
        error.get().map(|e| {
            let key = match (e.code, e.field.as_deref()) {
                (Some(ErrorCode::InvalidParameter), Some("document")) => {
                    Key::StaffRoundDocumentTaken
                }
                (Some(ErrorCode::InvalidParameter), Some("effective")) => Key::StaffRoundOutOfOrder,
                (Some(ErrorCode::InvalidParameter), Some("acts")) => Key::StaffRoundConflicts,
                _ => failure(&e),
            };
            // An out-of-order round is told the date it may not precede.
            let latest = e.latest.map(|d| d.to_string()).unwrap_or_default();
            let sentence = i18n::format(i18n.lang(), key, &[("date", &latest)]);
            let listed = e.round.clone();
            view! {
                <p>{sentence}</p>
                {(!listed.is_empty()).then(|| view! {
                    <ul class="round-problems">
                        {listed
                            .iter()
                            .map(|p| view! { <li>{round_problem(i18n.lang(), p, &localities.read_value())}</li> })
                            .collect_view()}
                    </ul>
                })}
            }
        })
    };
    view! {
        <p class="lead">{i18n.t(Key::StaffRoundIntro)}</p>
        <form class="round-form" on:submit=submit novalidate>
            <div class="card">
                <div class="field">
                    <label for="round-document">{i18n.t(Key::ColDocument)}</label>
                    <input id="round-document" type="text" autocomplete="off" placeholder="芗政文〔2026〕12号"
                        prop:value=move || document.get() on:input=move |ev| document.set(event_target_value(&ev)) />
                </div>
                <div class="field">
                    <label for="round-effective">{i18n.t(Key::ColEffective)}</label>
                    <input id="round-effective" type="date"
                        prop:value=move || effective.get() on:change=move |ev| effective.set(event_target_value(&ev)) />
                </div>
            </div>
            <For each=move || acts.get() key=|a| a.id let:a>
                <fieldset class="card round-act">
                    <legend>{i18n.t(Key::StaffRoundAct)}</legend>
                    <div class="field">
                        <label for=format!("act-{}-kind", a.id)>{i18n.t(Key::ColAct)}</label>
                        <select id=format!("act-{}-kind", a.id) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            if let Some(k) = [DelegationAct::Delegate, DelegationAct::Revoke].into_iter().find(|k| spelling(k) == v) {
                                a.act.set(k);
                            }
                        }>
                            {[DelegationAct::Delegate, DelegationAct::Revoke].into_iter().map(|k| view! {
                                <option value=spelling(&k) selected=move || a.act.get() == k>{i18n.t(i18n::delegation_act(k))}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <fieldset class="round-localities">
                        <legend>{i18n.t(Key::ColLocality)}</legend>
                        {localities.with_value(|ls| ls.iter().map(|(id, name)| {
                            let input_id = format!("act-{}-{id}", a.id);
                            let value = id.clone();
                            let checked = id.clone();
                            view! {
                                <div class="field inline">
                                    <input type="checkbox" id=input_id.clone()
                                        prop:checked=move || a.localities.with(|l| l.contains(&checked))
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            let v = value.clone();
                                            a.localities.update(|l| {
                                                l.retain(|x| *x != v);
                                                if on { l.push(v); }
                                            });
                                        } />
                                    <label for=input_id>{name.clone()}</label>
                                </div>
                            }
                        }).collect_view())}
                    </fieldset>
                    <div class="field">
                        <label for=format!("act-{}-matters", a.id)>{i18n.t(Key::StaffRoundMatters)}</label>
                        <textarea id=format!("act-{}-matters", a.id) rows="3" spellcheck="false"
                            aria-describedby=format!("act-{}-hint", a.id)
                            prop:value=move || a.matters.get() on:input=move |ev| a.matters.set(event_target_value(&ev))></textarea>
                        <p id=format!("act-{}-hint", a.id) class="hint">{i18n.t(Key::StaffRoundMattersHint)}</p>
                    </div>
                    <Show when=move || { acts.read().len() > 1 }>
                        <button type="button" class="button button-secondary"
                            on:click=move |_| acts.update(|all| all.retain(|x| x.id != a.id))>
                            {i18n.t(Key::StaffRoundRemoveAct)}
                        </button>
                    </Show>
                </fieldset>
            </For>
            <div class="actions">
                <button type="button" class="button button-secondary" on:click=add_act>{i18n.t(Key::StaffRoundAddAct)}</button>
            </div>
            <div id="round-status" role="status" tabindex="-1" class=move || if done.get().is_some() { "success" } else { "field-error" }>
                {move || problem.get().map(|p| view! { <p>{p}</p> })}
                {refusal}
                {move || done.get().map(|seq| view! {
                    <p>
                        {i18n.tr(Key::StaffRoundRecorded)} " "
                        <A href=AppRoute::Log.href_with(&[("cursor", Some(&seq.saturating_sub(1).to_string()))])>{i18n.t(Key::LogTitle)}</A>
                    </p>
                })}
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>
                {busy_label(busy, Key::StaffRoundSave, Key::StaffSaving)}
            </button>
        </form>
    }
}

/// One problem of a refused round in words: the matter and the locality (by name) it is about,
/// then what is wrong.
fn round_problem(lang: i18n::Lang, p: &RoundProblem, localities: &[(String, String)]) -> String {
    let locality = p.locality.as_ref().map(|l| {
        localities
            .iter()
            .find(|(id, _)| id == l.as_str())
            .map_or_else(|| l.to_string(), |(_, name)| name.clone())
    });
    let at: Vec<String> = p
        .matter
        .as_ref()
        .map(ToString::to_string)
        .into_iter()
        .chain(locality)
        .collect();
    let problem = i18n::text(
        lang,
        match p.problem {
            RoundProblemKind::NoActs => Key::StaffRoundEmptyAct,
            RoundProblemKind::UnknownLocality => Key::RoundProblemUnknownLocality,
            RoundProblemKind::SpecialArea => Key::RoundProblemSpecialArea,
            RoundProblemKind::UnknownMatter => Key::RoundProblemUnknownMatter,
            RoundProblemKind::DistrictLevel => Key::RoundProblemDistrictLevel,
            RoundProblemKind::Twice => Key::RoundProblemTwice,
            RoundProblemKind::AlreadyDelegated => Key::RoundProblemAlreadyDelegated,
            RoundProblemKind::NotDelegated => Key::RoundProblemNotDelegated,
        },
    );
    if at.is_empty() {
        return problem.to_owned();
    }
    i18n::format(
        lang,
        Key::RoundProblemAt,
        &[("at", &at.join(" · ")), ("problem", problem)],
    )
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn matter_codes_are_split_and_checked() {
        let (good, bad) = matter_codes("350602001F004200、 350602001F004201\nABC");
        assert_eq!(good.len(), 2);
        assert_eq!(bad, vec!["ABC".to_owned()]);
        assert_eq!(matter_codes("  ").0.len(), 0);
    }
}
