//! An officer's secondments (下沉 / 派驻) as the roster keepers see them: every one, past ones
//! included; a department's officer seconded to a locality or a zone from today or later; one in
//! force or planned ended early with the reason the change log publishes. The server checks each
//! change against the roster's rules again and says why it refuses, by code, at the field.

use super::import::secondment_rule;
use super::{busy_label, failure, use_staff};
use crate::api::{self, ApiError};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::{focus_soon, parse_date, today};
use gongshi_domain::api::DistrictView;
use gongshi_domain::officer::{Posting, Unit};
use gongshi_domain::roster_import::{
    EndSecondmentForm, SecondmentChangeProblem, SecondmentEntry, SecondmentForm,
};
use gongshi_domain::{LocalityId, ZoneId};
use leptos::prelude::*;
use time::Date;

/// A refused change in words.
fn refusal(p: SecondmentChangeProblem) -> Key {
    use SecondmentChangeProblem as P;
    match p {
        P::Place => Key::ScPlace,
        P::Rule(rule) => secondment_rule(rule),
        P::StartsInPast => Key::ScStartsInPast,
        P::Overlaps => Key::ScOverlaps,
        P::NoSuchSecondment => Key::ErrNotFound,
        P::Ended => Key::ScEnded,
        P::EndInPast => Key::ScEndInPast,
        P::NotEarlier => Key::ScNotEarlier,
    }
}

/// A place's name in the district (its id if the district does not list it).
fn place_name(d: &DistrictView, p: &Posting) -> String {
    match p {
        Posting::Locality(id) => d
            .localities()
            .find(|l| &l.id == id)
            .map_or_else(|| id.to_string(), |l| l.name.to_string()),
        Posting::Zone(id) => d
            .zones
            .iter()
            .find(|z| &z.id == id)
            .map_or_else(|| id.to_string(), |z| z.name.to_string()),
    }
}

/// Whether a secondment has ended by `today`.
fn ended(s: &SecondmentEntry, today: Date) -> bool {
    s.until.is_some_and(|u| u < today)
}

fn state(s: &SecondmentEntry, today: Date) -> Key {
    if ended(s, today) {
        Key::StaffSecondmentEnded
    } else if s.from > today {
        Key::StaffSecondmentPlanned
    } else {
        Key::StaffSecondmentCurrent
    }
}

/// The outcome of the last change, said once.
type Outcome = RwSignal<Option<Result<Key, ApiError>>>;

#[component]
pub fn Secondments(
    /// The officer's certificate number.
    number: String,
    unit: Unit,
    entries: Vec<SecondmentEntry>,
    /// Whether the signed-in person keeps this officer's record.
    allowed: bool,
    district: DistrictView,
) -> impl IntoView {
    let i18n = use_i18n();
    let entries = RwSignal::new(entries);
    let district = StoredValue::new(district);
    let number = StoredValue::new(number);
    let outcome: Outcome = RwSignal::new(None);
    // The secondment whose early end is being typed.
    let ending = RwSignal::new(None::<u32>);
    let department = matches!(unit, Unit::Department(_));
    let rows = move || {
        let today = today();
        entries
            .get()
            .into_iter()
            .map(|s| {
                let n = s.n;
                let place = district.with_value(|d| place_name(d, &s.to));
                // Ending early needs a last day from today on, before the planned one.
                let endable = s.until.is_none_or(|u| u > today);
                let key = state(&s, today);
                view! {
                    <tr>
                        <td>{place}</td>
                        <td>{s.from.to_string()}</td>
                        <td>{s.until.map_or_else(|| i18n.tr(Key::StaffSecondmentOpen).to_owned(), |u| u.to_string())}</td>
                        <td>{move || i18n.tr(key)}</td>
                        <td>
                            {(allowed && endable).then(|| view! {
                                <button type="button" class="button button-secondary" id=format!("secondment-{n}-end")
                                    aria-expanded=move || (ending.get() == Some(n)).to_string()
                                    on:click=move |_| {
                                        ending.set(Some(n));
                                        focus_soon("end-until");
                                    }>
                                    {i18n.t(Key::StaffSecondmentEnd)}
                                </button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <section class="card secondments" aria-labelledby="secondments-heading">
            <h2 id="secondments-heading" tabindex="-1">{i18n.t(Key::StaffSecondmentsHeading)}</h2>
            <p id="secondment-outcome" role="status" tabindex="-1" class=move || match outcome.get() {
                Some(Err(_)) => "field-error",
                _ => "success",
            }>
                {move || outcome.get().map(|o| match o {
                    Ok(k) => i18n.tr(k),
                    Err(e) => i18n.tr(e.secondment.map_or_else(|| failure(&e), refusal)),
                })}
            </p>
            <Show when=move || !entries.read().is_empty()
                fallback=move || view! { <p class="empty">{i18n.t(Key::StaffSecondmentsNone)}</p> }>
                <div class="table-scroll">
                    <table class="secondment-table">
                        <thead>
                            <tr>
                                <th scope="col">{i18n.t(Key::RcSecondedTo)}</th>
                                <th scope="col">{i18n.t(Key::StaffSecondmentFrom)}</th>
                                <th scope="col">{i18n.t(Key::StaffSecondmentEndUntil)}</th>
                                <th scope="col">{i18n.t(Key::StaffSecondmentState)}</th>
                                <th scope="col"><span class="visually-hidden">{i18n.t(Key::StaffSecondmentEnd)}</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </Show>
            {move || ending.get().and_then(|n| {
                // Untracked: a change of the list does not rebuild the form being typed.
                let s = entries.with_untracked(|e| e.iter().find(|s| s.n == n).cloned())?;
                let place = district.with_value(|d| place_name(d, &s.to));
                // The earliest last day: today, or the first day of one not started.
                let earliest = s.from.max(today());
                Some(view! { <EndForm n place earliest number entries ending outcome /> })
            })}
            {(allowed && !department).then(|| view! {
                <p class="notice">{i18n.t(Key::StaffSecondmentTeamOfficer)}</p>
            })}
            {(allowed && department).then(|| view! { <AddForm number entries outcome district /> })}
        </section>
    }
}

/// Which of the add form's fields a refusal is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AddField {
    Place,
    From,
    Until,
}

#[component]
fn AddForm(
    number: StoredValue<String>,
    entries: RwSignal<Vec<SecondmentEntry>>,
    outcome: Outcome,
    district: StoredValue<DistrictView>,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    // `zone:<id>` or `locality:<id>`.
    let place = RwSignal::new(String::new());
    let from = RwSignal::new(today().to_string());
    let until = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<(AddField, Key)>);
    let busy = RwSignal::new(false);
    let at = move |f: AddField| {
        move || {
            problem
                .get()
                .filter(|(field, _)| *field == f)
                .map(|(_, k)| i18n.tr(k))
        }
    };
    let invalid = move |f: AddField| move || problem.get().is_some_and(|(x, _)| x == f).to_string();
    let refuse = move |f: AddField, k: Key| {
        problem.set(Some((f, k)));
        focus_soon(match f {
            AddField::Place => "secondment-place",
            AddField::From => "secondment-from",
            AddField::Until => "secondment-until",
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let chosen = place.get_untracked();
        let (locality, zone) = match chosen.split_once(':') {
            Some(("zone", id)) => (None, ZoneId::parse(id).ok()),
            Some(("locality", id)) => (LocalityId::parse(id).ok(), None),
            _ => (None, None),
        };
        if locality.is_none() && zone.is_none() {
            return refuse(AddField::Place, Key::StaffSecondmentChoosePlace);
        }
        let Some(first) = parse_date(&from.get_untracked()) else {
            return refuse(AddField::From, Key::StaffSecondmentChooseDate);
        };
        let last = until.get_untracked();
        let last = match last.trim() {
            "" => None,
            t => match parse_date(t) {
                Some(d) => Some(d),
                None => return refuse(AddField::Until, Key::StaffSecondmentChooseDate),
            },
        };
        problem.set(None);
        busy.set(true);
        let form = SecondmentForm {
            locality,
            zone,
            from: first,
            until: last,
        };
        leptos::task::spawn_local(async move {
            match api::add_secondment(number.get_value(), form, staff.csrf()).await {
                Ok(changed) => {
                    entries.set(changed.secondments);
                    place.set(String::new());
                    until.set(String::new());
                    outcome.set(Some(Ok(Key::StaffSecondmentAdded)));
                    focus_soon("secondment-outcome");
                }
                Err(e) => {
                    staff.failed(&e).await;
                    let field = match e.field.as_deref() {
                        Some("locality" | "zone") => Some(AddField::Place),
                        Some("from") => Some(AddField::From),
                        Some("until") => Some(AddField::Until),
                        _ => None,
                    };
                    match (field, e.secondment) {
                        (Some(f), Some(p)) => {
                            outcome.set(None);
                            refuse(f, refusal(p));
                        }
                        _ => {
                            outcome.set(Some(Err(e)));
                            focus_soon("secondment-outcome");
                        }
                    }
                }
            }
            busy.set(false);
        });
    };
    let zones = district.with_value(|d| {
        d.zones
            .iter()
            .map(|z| (format!("zone:{}", z.id), z.name.to_string()))
            .collect::<Vec<_>>()
    });
    // No special area: nobody is seconded there.
    let localities = district.with_value(|d| {
        d.zones
            .iter()
            .flat_map(|z| z.members.iter())
            .chain(d.unzoned.iter())
            .map(|l| (format!("locality:{}", l.id), l.name.to_string()))
            .collect::<Vec<_>>()
    });
    let options = |list: Vec<(String, String)>| {
        list.into_iter()
            .map(|(v, name)| {
                let shown = v.clone();
                view! { <option value=v selected=move || place.get() == shown>{name}</option> }
            })
            .collect_view()
    };
    view! {
        <form id="secondment-add-form" on:submit=submit novalidate>
            <fieldset>
                <legend>{i18n.t(Key::StaffSecondmentAdd)}</legend>
                <div class="field">
                    <label for="secondment-place">{i18n.t(Key::StaffSecondmentPlace)}</label>
                    <select id="secondment-place" required aria-describedby="secondment-place-hint secondment-place-error"
                        aria-invalid=invalid(AddField::Place)
                        prop:value=move || place.get()
                        on:change=move |ev| { place.set(event_target_value(&ev)); problem.set(None); }>
                        <option value="" selected=move || place.get().is_empty()>{i18n.t(Key::StaffChoose)}</option>
                        <optgroup label=move || i18n.tr(Key::StaffZone)>{options(zones)}</optgroup>
                        <optgroup label=move || i18n.tr(Key::ColLocality)>{options(localities)}</optgroup>
                    </select>
                    <p id="secondment-place-hint" class="hint">{i18n.t(Key::StaffHintSecondedTo)}</p>
                    <p id="secondment-place-error" class="field-error">{at(AddField::Place)}</p>
                </div>
                <div class="field">
                    <label for="secondment-from">{i18n.t(Key::StaffSecondmentFrom)}</label>
                    <input id="secondment-from" type="date" required aria-describedby="secondment-from-error"
                        aria-invalid=invalid(AddField::From)
                        prop:value=move || from.get()
                        on:change=move |ev| { from.set(event_target_value(&ev)); problem.set(None); } />
                    <p id="secondment-from-error" class="field-error">{at(AddField::From)}</p>
                </div>
                <div class="field">
                    <label for="secondment-until">{i18n.t(Key::StaffSecondmentUntil)}</label>
                    <input id="secondment-until" type="date" aria-describedby="secondment-until-hint secondment-until-error"
                        aria-invalid=invalid(AddField::Until)
                        prop:value=move || until.get()
                        on:change=move |ev| { until.set(event_target_value(&ev)); problem.set(None); } />
                    <p id="secondment-until-hint" class="hint">{i18n.t(Key::StaffSecondmentUntilHint)}</p>
                    <p id="secondment-until-error" class="field-error">{at(AddField::Until)}</p>
                </div>
            </fieldset>
            <button type="submit" class="button" disabled=move || busy.get()>
                {busy_label(busy, Key::StaffSecondmentAdd, Key::StaffSaving)}
            </button>
        </form>
    }
}

#[component]
fn EndForm(
    n: u32,
    place: String,
    earliest: Date,
    number: StoredValue<String>,
    entries: RwSignal<Vec<SecondmentEntry>>,
    ending: RwSignal<Option<u32>>,
    outcome: Outcome,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let until = RwSignal::new(earliest.to_string());
    let reason = RwSignal::new(String::new());
    // (field, problem): `until` or `reason`.
    let problem = RwSignal::new(None::<(&'static str, Key)>);
    let busy = RwSignal::new(false);
    let at = move |f: &'static str| {
        move || {
            problem
                .get()
                .filter(|(field, _)| *field == f)
                .map(|(_, k)| i18n.tr(k))
        }
    };
    let invalid =
        move |f: &'static str| move || problem.get().is_some_and(|(x, _)| x == f).to_string();
    let refuse = move |f: &'static str, k: Key| {
        problem.set(Some((f, k)));
        focus_soon(if f == "reason" {
            "end-reason"
        } else {
            "end-until"
        });
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(last) = parse_date(&until.get_untracked()) else {
            return refuse("until", Key::StaffSecondmentChooseDate);
        };
        if reason.get_untracked().trim().is_empty() {
            return refuse("reason", Key::StaffStatusReasonRequired);
        }
        problem.set(None);
        busy.set(true);
        let form = EndSecondmentForm {
            until: last,
            reason: reason.get_untracked(),
        };
        leptos::task::spawn_local(async move {
            match api::end_secondment(number.get_value(), n, form, staff.csrf()).await {
                Ok(changed) => {
                    entries.set(changed.secondments);
                    outcome.set(Some(Ok(Key::StaffSecondmentEndedDone)));
                    ending.set(None);
                    focus_soon("secondment-outcome");
                }
                Err(e) => {
                    staff.failed(&e).await;
                    match (e.field.as_deref(), e.secondment) {
                        (Some("until"), Some(p)) => refuse("until", refusal(p)),
                        (Some("reason"), _) if reason.get_untracked().trim().is_empty() => {
                            refuse("reason", Key::StaffStatusReasonRequired)
                        }
                        _ => {
                            outcome.set(Some(Err(e)));
                            focus_soon("secondment-outcome");
                        }
                    }
                }
            }
            busy.set(false);
        });
    };
    let legend = move || {
        i18n::format(
            i18n.lang(),
            Key::StaffSecondmentEndLegend,
            &[("place", &place)],
        )
    };
    view! {
        <form id="secondment-end-form" on:submit=submit novalidate>
            <fieldset>
                <legend>{legend}</legend>
                <div class="field">
                    <label for="end-until">{i18n.t(Key::StaffSecondmentEndUntil)}</label>
                    <input id="end-until" type="date" required aria-describedby="end-until-error"
                        min=earliest.to_string()
                        aria-invalid=invalid("until")
                        prop:value=move || until.get()
                        on:change=move |ev| { until.set(event_target_value(&ev)); problem.set(None); } />
                    <p id="end-until-error" class="field-error">{at("until")}</p>
                </div>
                <div class="field">
                    <label for="end-reason">{i18n.t(Key::StaffStatusReason)}</label>
                    <textarea id="end-reason" rows="2" maxlength="500" required
                        aria-describedby="end-reason-hint end-reason-error"
                        aria-invalid=invalid("reason")
                        prop:value=move || reason.get()
                        on:input=move |ev| { reason.set(event_target_value(&ev)); problem.set(None); }></textarea>
                    <p id="end-reason-hint" class="hint">{i18n.t(Key::StaffSecondmentReasonHint)}</p>
                    <p id="end-reason-error" class="field-error">{at("reason")}</p>
                </div>
            </fieldset>
            <div class="actions">
                <button type="submit" class="button" disabled=move || busy.get()>
                    {busy_label(busy, Key::StaffSecondmentEnd, Key::StaffSaving)}
                </button>
                " "
                <button type="button" class="button button-secondary" on:click=move |_| {
                    ending.set(None);
                    focus_soon("secondments-heading");
                }>
                    {i18n.t(Key::StaffSecondmentKeep)}
                </button>
            </div>
        </form>
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use time::macros::date;

    #[test]
    fn a_secondment_is_planned_then_in_force_then_ended() {
        let s = SecondmentEntry {
            n: 0,
            to: Posting::Zone(ZoneId::parse("xc-east").expect("an id")),
            from: date!(2026 - 03 - 01),
            until: Some(date!(2026 - 03 - 31)),
        };
        assert_eq!(
            state(&s, date!(2026 - 02 - 28)),
            Key::StaffSecondmentPlanned
        );
        assert_eq!(
            state(&s, date!(2026 - 03 - 01)),
            Key::StaffSecondmentCurrent
        );
        assert_eq!(
            state(&s, date!(2026 - 03 - 31)),
            Key::StaffSecondmentCurrent
        );
        assert_eq!(state(&s, date!(2026 - 04 - 01)), Key::StaffSecondmentEnded);
        let open = SecondmentEntry { until: None, ..s };
        assert_eq!(
            state(&open, date!(2030 - 01 - 01)),
            Key::StaffSecondmentCurrent
        );
    }
}
