//! One complaint as staff handle it: what was reported, the contact (only for the handlers of the
//! body holding it), photos, the public steps and the internal notes; and, for those handlers,
//! accept, reply (the citizen reads it on the tracking page), note, transfer (移送) to a body the
//! jurisdiction rules allow, and close. A step taken on a case someone else changed meanwhile is
//! refused, and the page shows the case as it now is.

use super::inbox::kind_key;
use super::{StaffPage, busy_label, failure, use_staff};
use crate::api::{self, ApiError, Body};
use crate::components::{RetryPanel, Skeleton};
use crate::i18n::{Key, use_i18n};
use crate::pages::track::{reply_due, status_key};
use crate::pages::{china_time, focus_soon};
use crate::routes::AppRoute;
use gongshi_domain::complaint::{ComplaintStatus, Privacy, TrackingCode};
use gongshi_domain::handling::{Case, StatusForm, TextForm, TransferForm};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

#[component]
pub fn StaffCasePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let code = Memo::new(move |_| {
        params
            .read()
            .get("code")
            .and_then(|c| TrackingCode::parse(&c).ok())
    });
    view! {
        <StaffPage title=Key::StaffCaseTitle>
            <p><A href=AppRoute::StaffInbox.href()>{i18n.t(Key::StaffInboxTitle)}</A></p>
            {move || match code.get() {
                Some(c) => view! { <CaseView code=c /> }.into_any(),
                None => view! { <p class="notice">{i18n.t(Key::TrackInvalidCode)}</p> }.into_any(),
            }}
        </StaffPage>
    }
}

fn privacy_key(p: Privacy) -> Key {
    match p {
        Privacy::Anonymous => Key::ComplainPrivacyAnonymous,
        Privacy::NameWithheld => Key::ComplainPrivacyWithheld,
        Privacy::HandlerOnly => Key::ComplainPrivacyHandler,
    }
}

#[component]
fn CaseView(code: TrackingCode) -> impl IntoView {
    let shown = code.as_str().to_owned();
    let staff = use_staff();
    let data = LocalResource::new(move || {
        let code = shown.clone();
        async move { staff.seen(api::case(code)).await }
    });
    // Transferred away: the case is no longer this body's to read.
    let gone = RwSignal::new(false);
    // The outcome of the last step and what is typed, kept across the reload that follows a step.
    let outcome = RwSignal::new(None::<Result<Key, ApiError>>);
    let drafts = Drafts {
        reply: RwSignal::new(String::new()),
        note: RwSignal::new(String::new()),
        target: RwSignal::new(String::new()),
        reason: RwSignal::new(String::new()),
    };
    view! {
        <p id="case-outcome" role="status" tabindex="-1" class=move || match outcome.get() {
            Some(Err(_)) => "field-error",
            _ => "success",
        }>
            {move || outcome.get().map(|o| match o {
                Ok(k) => use_i18n().tr(k),
                Err(e) => use_i18n().tr(failure(&e)),
            })}
        </p>
        <Show when=move || gone.get()>
            <p><A href=AppRoute::StaffInbox.href()>{use_i18n().t(Key::StaffBackToInbox)}</A></p>
        </Show>
        <Show when=move || !gone.get()>
        <Transition fallback=|| view! { <Skeleton lines=8 /> }>
            {move || Suspend::new(async move {
                match data.await {
                    Ok(c) => view! { <CaseBody case=c data outcome drafts gone /> }.into_any(),
                    Err(e) => view! {
                        <RetryPanel message=failure(&e) on_retry=Callback::new(move |_| data.refetch()) />
                    }.into_any(),
                }
            })}
        </Transition>
        </Show>
    }
}

/// What is typed into the case's forms.
#[derive(Debug, Clone, Copy)]
struct Drafts {
    reply: RwSignal<String>,
    note: RwSignal<String>,
    target: RwSignal<String>,
    reason: RwSignal<String>,
}

#[component]
fn CaseBody(
    case: Case,
    data: LocalResource<Result<Case, ApiError>>,
    outcome: RwSignal<Option<Result<Key, ApiError>>>,
    drafts: Drafts,
    gone: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let staff = use_staff();
    let code = case.code.to_string();
    let busy = RwSignal::new(false);
    // One step at a time; the case reloads after each, whatever the answer.
    let act =
        move |action: &'static str, body: Body, done: Key, after: Box<dyn FnOnce() + 'static>| {
            if busy.get_untracked() {
                return;
            }
            busy.set(true);
            let code = code.clone();
            leptos::task::spawn_local(async move {
                match api::case_action(code, action, body, staff.csrf()).await {
                    Ok(_) => {
                        after();
                        outcome.set(Some(Ok(done)));
                    }
                    Err(e) => {
                        staff.failed(&e).await;
                        outcome.set(Some(Err(e)));
                    }
                }
                busy.set(false);
                if !gone.get_untracked() {
                    data.refetch();
                }
                focus_soon("case-outcome");
            });
        };
    let act = StoredValue::new_local(act);
    let status = case.status;
    let kind = case.kind;
    let privacy = case.privacy;
    let may_handle = case.may_handle;
    let photos = case.photos;
    let photo_code = case.code.to_string();
    let Drafts {
        reply,
        note,
        target,
        reason,
    } = drafts;
    let status_change = move |to: ComplaintStatus, done: Key| {
        act.with_value(|a| {
            a(
                "status",
                Body::json(&StatusForm { status: to }),
                done,
                Box::new(|| ()),
            )
        });
    };
    let send_text = move |action: &'static str, text: RwSignal<String>, done: Key| {
        let t = text.get_untracked();
        if t.trim().is_empty() {
            return;
        }
        act.with_value(|a| {
            a(
                action,
                Body::json(&TextForm { text: t }),
                done,
                Box::new(move || text.set(String::new())),
            )
        });
    };
    let transfer = move || {
        let Ok(authority) = gongshi_domain::AuthorityId::parse(target.get_untracked()) else {
            return;
        };
        let form = TransferForm {
            authority,
            reason: reason.get_untracked(),
        };
        if form.reason.trim().is_empty() {
            return;
        }
        act.with_value(|a| {
            a(
                "transfer",
                Body::json(&form),
                Key::StaffTransferred,
                Box::new(move || {
                    reason.set(String::new());
                    target.set(String::new());
                    gone.set(true);
                }),
            )
        });
    };
    let targets = case.transfer_targets.clone();
    view! {
        <dl class="facts card">
            <dt>{i18n.t(Key::TrackCode)}</dt>
            <dd class="code">{case.code.to_string()}</dd>
            <dt>{i18n.t(Key::ComplainKind)}</dt>
            <dd>{move || i18n.tr(kind_key(kind))}</dd>
            <dt>{i18n.t(Key::StaffInboxStatus)}</dt>
            <dd>
                {move || i18n.tr(status_key(status))}
                {case.supervised.then(|| view! { " " <span class="badge">{i18n.t(Key::TrackSupervisedBadge)}</span> })}
                {case.overdue.then(|| view! { " " <span class="badge badge-warn">{i18n.t(Key::StaffOverdue)}</span> })}
            </dd>
            <dt>{i18n.t(Key::TrackSubmitted)}</dt>
            <dd>{china_time(case.submitted_at)}</dd>
            {reply_due(case.reply_due)}
            <dt>{i18n.t(Key::StaffCaseHolder)}</dt>
            <dd>{case.authority.name.to_string()}</dd>
            <dt>{i18n.t(Key::StaffCasePlace)}</dt>
            <dd>
                <A href=AppRoute::Locality(case.locality.clone()).href()>{case.locality.to_string()}</A>
                {case.address.clone().map(|a| view! { " · " {a} })}
            </dd>
            <dt>{i18n.t(Key::StaffCaseHappened)}</dt>
            <dd>{case.happened_on.to_string()}</dd>
            {case.matter.clone().map(|m| view! {
                <dt>{i18n.t(Key::StaffCaseMatter)}</dt>
                <dd><A href=AppRoute::Matter(m.clone()).href()>{m.to_string()}</A></dd>
            })}
            {case.officer.clone().map(|o| view! {
                <dt>{i18n.t(Key::StaffCaseOfficer)}</dt>
                <dd><A href=AppRoute::Officer(o.clone()).href()>{o.to_string()}</A></dd>
            })}
            <dt>{i18n.t(Key::ComplainPrivacy)}</dt>
            <dd class="case-privacy">{move || i18n.tr(privacy_key(privacy))}</dd>
            <dt>{i18n.t(Key::StaffCaseContact)}</dt>
            <dd>
                {match case.contact.clone() {
                    Some(c) => {
                        let parts: Vec<String> = [c.name, c.phone, c.email].into_iter().flatten().collect();
                        view! { <span class="contact">{parts.join(" · ")}</span> }.into_any()
                    }
                    None => view! { <span class="hint">{i18n.t(Key::StaffCaseNoContact)}</span> }.into_any(),
                }}
            </dd>
        </dl>
        <h2>{i18n.t(Key::StaffCaseDescription)}</h2>
        <p class="case-description">{case.description.clone()}</p>
        {(photos > 0).then(|| view! {
            <ul class="case-photos">
                {(0..photos).map(|n| {
                    let href = format!("/api/v1/staff/complaints/{photo_code}/photos/{n}");
                    let label = move || format!("{} {}", i18n.tr(Key::StaffCasePhoto), n + 1);
                    view! { <li><a href=href.clone() target="_blank" rel="noopener">{label}</a></li> }
                }).collect_view()}
            </ul>
        })}
        <h2>{i18n.t(Key::TrackTimeline)}</h2>
        <ol class="timeline">
            {case.timeline.iter().cloned().map(|s| {
                let st = s.status;
                view! {
                    <li>
                        <span class="when">{china_time(s.at)}</span> " "
                        <strong>{move || i18n.tr(status_key(st))}</strong>
                        {s.actor.map(|a| view! { " · " {a} })}
                        {s.authority.map(|a| view! { " · " {a.to_string()} })}
                        {s.note.map(|n| view! { <p>{n}</p> })}
                    </li>
                }
            }).collect_view()}
        </ol>
        <h2>{i18n.t(Key::StaffCaseNotes)}</h2>
        {if case.notes.is_empty() {
            view! { <p class="empty">{i18n.t(Key::StaffCaseNoNotes)}</p> }.into_any()
        } else {
            view! {
                <ul class="notes">
                    {case.notes.iter().cloned().map(|n| view! {
                        <li><span class="when">{china_time(n.at)}</span> " · " {n.actor} <p>{n.text}</p></li>
                    }).collect_view()}
                </ul>
            }.into_any()
        }}
        {may_handle.then(|| view! {
            <section class="card case-actions" aria-labelledby="case-actions-heading">
                <h2 id="case-actions-heading">{i18n.t(Key::StaffCaseActions)}</h2>
                <div class="actions">
                    {matches!(status, ComplaintStatus::Received | ComplaintStatus::Referred).then(|| view! {
                        <button type="button" class="button" disabled=move || busy.get()
                            on:click=move |_| status_change(ComplaintStatus::Accepted, Key::StaffAccepted)>
                            {i18n.t(Key::StaffAccept)}
                        </button>
                    })}
                    {(status == ComplaintStatus::Replied).then(|| view! {
                        <button type="button" class="button" disabled=move || busy.get()
                            on:click=move |_| status_change(ComplaintStatus::Closed, Key::StaffClosed)>
                            {i18n.t(Key::StaffClose)}
                        </button>
                    })}
                </div>
                {(status != ComplaintStatus::Closed).then(|| view! {
                    <form id="case-reply-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send_text("reply", reply, Key::StaffReplied); }>
                        <div class="field">
                            <label for="case-reply">{i18n.t(Key::StaffReply)}</label>
                            <textarea id="case-reply" rows="4" maxlength="2000" required aria-describedby="case-reply-hint"
                                prop:value=move || reply.get() on:input=move |ev| reply.set(event_target_value(&ev))></textarea>
                            <p id="case-reply-hint" class="hint">{i18n.t(Key::StaffReplyHint)}</p>
                        </div>
                        <button type="submit" class="button" disabled=move || busy.get() || reply.get().trim().is_empty()>
                            {busy_label(busy, Key::StaffSendReply, Key::StaffSaving)}
                        </button>
                    </form>
                })}
                {(!targets.is_empty() && status != ComplaintStatus::Closed).then(|| view! {
                    <form id="case-transfer-form" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); transfer(); }>
                        <h3>{i18n.t(Key::StaffTransferHeading)}</h3>
                        <div class="field">
                            <label for="case-transfer-to">{i18n.t(Key::StaffTransferTo)}</label>
                            <select id="case-transfer-to" required on:change=move |ev| target.set(event_target_value(&ev))>
                                <option value="" selected=move || target.get().is_empty()>{i18n.t(Key::StaffChoose)}</option>
                                {targets.iter().map(|a| {
                                    let id = a.id.to_string();
                                    let chosen = id.clone();
                                    view! { <option value=id selected=move || target.get() == chosen>{a.name.to_string()}</option> }
                                }).collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for="case-transfer-reason">{i18n.t(Key::StaffTransferReason)}</label>
                            <textarea id="case-transfer-reason" rows="2" maxlength="2000" required aria-describedby="case-transfer-hint"
                                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                            <p id="case-transfer-hint" class="hint">{i18n.t(Key::StaffTransferHint)}</p>
                        </div>
                        <button type="submit" class="button button-secondary"
                            disabled=move || busy.get() || target.get().is_empty() || reason.get().trim().is_empty()>
                            {i18n.t(Key::StaffTransfer)}
                        </button>
                    </form>
                })}
            </section>
        })}
                <form id="case-note-form" class="card" on:submit=move |ev: leptos::ev::SubmitEvent| { ev.prevent_default(); send_text("notes", note, Key::StaffNoted); }>
                    <div class="field">
                        <label for="case-note">{i18n.t(Key::StaffNote)}</label>
                        <textarea id="case-note" rows="2" maxlength="2000" required aria-describedby="case-note-hint"
                            prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        <p id="case-note-hint" class="hint">{i18n.t(Key::StaffNoteHint)}</p>
                    </div>
                    <button type="submit" class="button button-secondary" disabled=move || busy.get() || note.get().trim().is_empty()>
                        {i18n.t(Key::StaffAddNote)}
                    </button>
                </form>
    }
}
