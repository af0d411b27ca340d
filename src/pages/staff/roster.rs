//! Keeping the roster: find an officer by certificate number, see the status the public check
//! shows, suspend (暂扣), reinstate or revoke (吊销) the certificate with the reason the roster
//! publishes, and keep the officer's secondments. Each change is in the public change log.

use super::penalty::{district_view, with_district};
use super::secondments::Secondments;
use super::{StaffPage, busy_label, failure, use_staff};
use crate::api::{self, ApiError, Body};
use crate::components::list::spelling;
use crate::components::{RetryPanel, Skeleton};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::focus_soon;
use crate::routes::AppRoute;
use gongshi_domain::certificate::{
    CertificateNumber, StaffStatusChange, StatusChangeForm, StatusKind,
};
use gongshi_domain::roster_import::StaffOfficer;
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn StaffRosterPage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffRosterTitle>
            <Roster />
        </StaffPage>
    }
}

const CHANGES: [StaffStatusChange; 3] = [
    StaffStatusChange::Suspend,
    StaffStatusChange::Reinstate,
    StaffStatusChange::Revoke,
];

fn change_key(c: StaffStatusChange) -> Key {
    match c {
        StaffStatusChange::Suspend => Key::StaffSuspend,
        StaffStatusChange::Reinstate => Key::StaffReinstate,
        StaffStatusChange::Revoke => Key::StaffRevoke,
    }
}

/// The changes that apply to a certificate in this state.
fn changes_for(kind: StatusKind) -> Vec<StaffStatusChange> {
    CHANGES
        .into_iter()
        .filter(|c| match c {
            StaffStatusChange::Suspend => kind == StatusKind::Valid,
            StaffStatusChange::Reinstate => kind == StatusKind::Suspended,
            StaffStatusChange::Revoke => kind != StatusKind::Revoked,
        })
        .collect()
}

#[component]
fn Roster() -> impl IntoView {
    let i18n = use_i18n();
    let url = crate::query::use_url_query();
    // The officer shown is the one in the address (`?certificate=`), so it can be linked and
    // Back returns to the previous one.
    let number = Memo::new(move |_| {
        url.get("certificate")
            .and_then(|n| CertificateNumber::parse(n).ok())
    });
    let typed = RwSignal::new(String::new());
    // The box shows the number in the address, after Back too.
    Effect::new(move |_| typed.set(url.get("certificate").unwrap_or_default()));
    let invalid = RwSignal::new(false);
    let find = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match CertificateNumber::parse(typed.get_untracked()) {
            Ok(n) => {
                invalid.set(false);
                url.set(
                    &[("certificate", Some(n.to_string())), ("added", None)],
                    false,
                );
            }
            Err(_) => {
                invalid.set(true);
                focus_soon("roster-number");
            }
        }
    };
    view! {
        <p class="lead">{i18n.t(Key::StaffRosterIntro)}</p>
        <p class="actions">
            <A href=AppRoute::StaffOfficerNew.href()>{i18n.t(Key::StaffOfficerNewLink)}</A>
            " · "
            <A href=AppRoute::StaffRosterImport.href()>{i18n.t(Key::StaffRosterImportTitle)}</A>
        </p>
        <form id="roster-find-form" class="card" on:submit=find>
            <div class="field">
                <label for="roster-number">{i18n.t(Key::ColCertificate)}</label>
                <input id="roster-number" type="text" autocomplete="off" spellcheck="false" maxlength="40"
                    aria-invalid=move || invalid.get().to_string() aria-describedby="roster-number-error"
                    prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev)) />
                <p id="roster-number-error" class="field-error">
                    {move || invalid.get().then(|| i18n.tr(Key::StaffRosterBadNumber))}
                </p>
            </div>
            <button type="submit" class="button">{i18n.t(Key::StaffRosterFind)}</button>
        </form>
        {move || number.get().map(|n| view! { <Officer number=n /> })}
    }
}

#[component]
fn Officer(number: CertificateNumber) -> impl IntoView {
    let shown = number.as_str().to_owned();
    let staff = use_staff();
    let url = crate::query::use_url_query();
    let data = LocalResource::new(move || {
        let number = shown.clone();
        async move { staff.seen(api::staff_officer(number)).await }
    });
    let district = district_view();
    // Just added from the form: said once, here.
    let added = url.get_untracked("added").is_some();
    let outcome = RwSignal::new(added.then_some(Ok(Key::StaffOfficerAdded)));
    if added {
        // Said once (a reload does not say it again), and heard.
        Effect::new(move |_| url.set(&[("added", None)], true));
        focus_soon("roster-outcome");
    }
    view! {
        <p id="roster-outcome" role="status" tabindex="-1" class=move || match outcome.get() {
            Some(Err(_)) => "field-error",
            _ => "success",
        }>
            {move || outcome.get().map(|o| match o {
                Ok(k) => use_i18n().tr(k),
                Err(e) => use_i18n().tr(failure(&e)),
            })}
        </p>
        <Transition fallback=|| view! { <Skeleton lines=3 /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(o) => {
                        // Read untracked: a renewed session keeps what the forms hold.
                        let allowed = untrack(|| may_keep(&o));
                        let record = o.clone();
                        let secondments = move |d| view! {
                            <Secondments number=o.officer.certificate.to_string() unit=o.unit.clone()
                                entries=o.secondments.clone() allowed district=d />
                        };
                        view! {
                            <StatusChange record data outcome />
                            {with_district(district, secondments)}
                        }.into_any()
                    }
                    Err(e) => view! {
                        <RetryPanel message=failure(&e) on_retry=Callback::new(move |_| data.refetch()) />
                    }.into_any(),
                }
            })}
        </Transition>
    }
}

/// Whether the signed-in person keeps this officer's record: the district's admins, or the
/// officer's authority's publishers (the server decides again).
fn may_keep(record: &StaffOfficer) -> bool {
    use_staff().me().is_some_and(|me| {
        me.grant
            .may_publish(&record.officer.district.code, &record.authority)
    })
}

#[component]
fn StatusChange(
    record: StaffOfficer,
    data: LocalResource<Result<StaffOfficer, ApiError>>,
    outcome: RwSignal<Option<Result<Key, ApiError>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let allowed = may_keep(&record);
    let officer = record.officer;
    let kind = officer.status.kind();
    let available = if allowed {
        changes_for(kind)
    } else {
        Vec::new()
    };
    let change = RwSignal::new(available.first().copied());
    let reason = RwSignal::new(String::new());
    let missing = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let number = officer.certificate.to_string();
    let submit = {
        let number = number.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            let Some(c) = change.get_untracked() else {
                return;
            };
            if reason.get_untracked().trim().is_empty() {
                missing.set(true);
                focus_soon("status-reason");
                return;
            }
            busy.set(true);
            let form = StatusChangeForm {
                change: c,
                reason: reason.get_untracked(),
            };
            let path = format!("/staff/officers/{}/status", api::segment(&number));
            leptos::task::spawn_local(async move {
                let sent: Result<serde_json::Value, ApiError> = api::send(
                    gloo_net::http::Method::POST,
                    &path,
                    Body::json(&form),
                    staff.csrf(),
                )
                .await;
                match sent {
                    Ok(_) => {
                        reason.set(String::new());
                        outcome.set(Some(Ok(Key::StaffStatusChanged)));
                        data.refetch();
                    }
                    Err(e) => {
                        staff.failed(&e).await;
                        outcome.set(Some(Err(e)));
                    }
                }
                busy.set(false);
                focus_soon("roster-outcome");
            });
        }
    };
    let subject = format!("officer:{number}");
    view! {
        <section class="card" aria-labelledby="roster-officer-heading">
            <h2 id="roster-officer-heading">{officer.name.to_string()}</h2>
            <dl class="facts">
                <dt>{i18n.t(Key::ColCertificate)}</dt>
                <dd class="code">{number.clone()}</dd>
                <dt>{i18n.t(Key::ColStatus)}</dt>
                <dd class="roster-status">{move || i18n.tr(i18n::status_kind(kind))}</dd>
            </dl>
            <p class="actions">
                <A href=AppRoute::Officer(officer.certificate.clone()).href()>{i18n.t(Key::StaffPublicPage)}</A>
                " · "
                <A href=AppRoute::Log.href_with(&[("subject", Some(&subject))])>{i18n.t(Key::LogHistory)}</A>
            </p>
            {(!allowed).then(|| view! { <p class="notice">{i18n.t(Key::StaffRosterNotYours)}</p> })}
            {(!available.is_empty()).then(|| view! {
                <form id="status-form" on:submit=submit novalidate>
                    <fieldset>
                        <legend>{i18n.t(Key::StaffStatusChange)}</legend>
                        {available.iter().map(|&c| {
                            let id = format!("status-{}", spelling(&c));
                            view! {
                                <div class="field inline">
                                    <input type="radio" name="status-change" id=id.clone()
                                        prop:checked=move || change.get() == Some(c)
                                        on:change=move |_| change.set(Some(c)) />
                                    <label for=id>{i18n.t(change_key(c))}</label>
                                </div>
                            }
                        }).collect_view()}
                    </fieldset>
                    <div class="field">
                        <label for="status-reason">{i18n.t(Key::StaffStatusReason)}</label>
                        <textarea id="status-reason" rows="2" required aria-describedby="status-reason-hint status-reason-error"
                            aria-invalid=move || missing.get().to_string()
                            prop:value=move || reason.get()
                            on:input=move |ev| { reason.set(event_target_value(&ev)); missing.set(false); }></textarea>
                        <p id="status-reason-hint" class="hint">{i18n.t(Key::StaffStatusReasonHint)}</p>
                        <p id="status-reason-error" class="field-error">
                            {move || missing.get().then(|| i18n.tr(Key::StaffStatusReasonRequired))}
                        </p>
                    </div>
                    <button type="submit" class="button" disabled=move || busy.get()>
                        {busy_label(busy, Key::StaffStatusSave, Key::StaffSaving)}
                    </button>
                </form>
            })}
        </section>
    }
}
