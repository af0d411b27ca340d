//! 查询办理进度: a tracking code shows where a submission stands to anyone; with its secret also
//! who handles it, the timeline and the replies. The secret is typed (or taken from a receipt kept
//! on this device), never put in the URL, which would leave it in history and logs.

use crate::api::{self, ApiError};
use crate::components::{RetryPanel, Skeleton};
use crate::draft;
use crate::i18n::{self, Key, use_i18n};
use crate::pages::{focus_soon, use_title};
use crate::routes::AppRoute;
use gongshi_domain::api::ErrorCode;
use gongshi_domain::complaint::{ComplaintStatus, Submission, Tracking, TrackingCode};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_params_map};

pub fn status_key(s: ComplaintStatus) -> Key {
    match s {
        ComplaintStatus::Received => Key::ComplaintStatusReceived,
        ComplaintStatus::Accepted => Key::ComplaintStatusAccepted,
        ComplaintStatus::Referred => Key::ComplaintStatusReferred,
        ComplaintStatus::Replied => Key::ComplaintStatusReplied,
        ComplaintStatus::Closed => Key::ComplaintStatusClosed,
    }
}

/// The reply's due date as a term of the facts list (nothing past the calendar's years).
pub fn reply_due(due: Option<time::Date>) -> impl IntoView {
    let i18n = use_i18n();
    due.map(|d| {
        let date = d.to_string();
        let days = gongshi_domain::complaint::REPLY_WORKING_DAYS.to_string();
        view! {
            <dt>{i18n.t(Key::TrackReplyDue)}</dt>
            <dd>
                {move || {
                    i18n::format(i18n.lang(), Key::TrackReplyDueValue, &[("date", &date), ("days", &days)])
                }}
            </dd>
        }
    })
}

/// The secret kept with a receipt on this device, if the code is one of them.
fn kept_secret(code: &TrackingCode) -> Option<String> {
    draft::receipts()
        .into_iter()
        .find(|r| &r.code == code)
        .map(|r| r.secret)
}

#[component]
pub fn TrackPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || i18n.tr(Key::TrackTitle).to_owned());
    let params = use_params_map();
    let typed_code = Memo::new(move |_| params.read().get("code"));
    let code = Memo::new(move |_| typed_code.get().map(|c| TrackingCode::parse(&c)));
    // The secret sent with a code: the one typed for it, else the one kept on this device.
    let applied = RwSignal::new(None::<(TrackingCode, String)>);
    let secret_for = move |c: &TrackingCode| {
        applied
            .with(|a| {
                a.as_ref()
                    .filter(|(code, _)| code == c)
                    .map(|(_, s)| s.clone())
            })
            .or_else(|| kept_secret(c))
    };
    let secret_text = RwSignal::new(String::new());
    Effect::new(move |_| {
        if let Some(Ok(c)) = code.get() {
            secret_text.set(secret_for(&c).unwrap_or_default());
        }
    });
    let receipts = RwSignal::new(draft::receipts());
    view! {
        <h1>{i18n.t(Key::TrackTitle)}</h1>
        <p class="lead">{i18n.t(Key::TrackIntro)}</p>
        {move || match code.get() {
            None => ().into_any(),
            Some(Err(_)) => view! { <p class="notice" role="alert">{i18n.t(Key::TrackInvalidCode)}</p> }.into_any(),
            Some(Ok(c)) => {
                let secret = Signal::derive({
                    let c = c.clone();
                    move || secret_for(&c)
                });
                view! { <TrackResult code=c secret /> }.into_any()
            }
        }}
        <TrackForm initial=typed_code.get_untracked().unwrap_or_default() secret_text applied />
        <Receipts receipts />
    }
}

#[component]
fn TrackForm(
    initial: String,
    secret_text: RwSignal<String>,
    applied: RwSignal<Option<(TrackingCode, String)>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let navigate = use_navigate();
    let code_text = RwSignal::new(initial);
    // Following a receipt's link changes the code in the path: the box follows it.
    let params = use_params_map();
    Effect::new(move |first: Option<()>| {
        let code = params.read().get("code");
        if first.is_some()
            && let Some(c) = code
        {
            code_text.set(c);
        }
    });
    let invalid = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match TrackingCode::parse(&code_text.get_untracked()) {
            Ok(c) => {
                invalid.set(false);
                let typed = secret_text.get_untracked().trim().to_owned();
                applied.set((!typed.is_empty()).then(|| (c.clone(), typed)));
                navigate(&AppRoute::Track(Some(c)).href(), Default::default());
                focus_soon("track-result-heading");
            }
            Err(_) => {
                invalid.set(true);
                focus_soon("track-code");
            }
        }
    };
    view! {
        <form class="track-form card" on:submit=submit>
            <div class="field">
                <label for="track-code">{i18n.t(Key::TrackCode)}</label>
                <input
                    id="track-code"
                    type="text"
                    autocomplete="off"
                    autocapitalize="characters"
                    spellcheck="false"
                    maxlength="20"
                    placeholder="ABC-DEF-GHJ"
                    aria-invalid=move || invalid.get().to_string()
                    aria-describedby="track-code-error"
                    prop:value=move || code_text.get()
                    on:input=move |ev| {
                        code_text.set(event_target_value(&ev));
                        invalid.set(false);
                    }
                />
                <p id="track-code-error" class="field-error">
                    {move || invalid.get().then(|| i18n.tr(Key::TrackInvalidCode))}
                </p>
            </div>
            <div class="field">
                <label for="track-secret">{i18n.t(Key::TrackSecret)}</label>
                <input
                    id="track-secret"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    maxlength="100"
                    aria-describedby="track-secret-hint"
                    prop:value=move || secret_text.get()
                    on:input=move |ev| secret_text.set(event_target_value(&ev))
                />
                <p id="track-secret-hint" class="hint">{i18n.t(Key::TrackSecretHint)}</p>
            </div>
            <button type="submit" class="button">{i18n.t(Key::TrackSubmit)}</button>
        </form>
    }
}

#[component]
fn TrackResult(code: TrackingCode, secret: Signal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let shown = code.as_str().to_owned();
    let data = LocalResource::new(move || {
        let code = shown.clone();
        let secret = secret.get();
        async move { api::track(code, secret).await }
    });
    let code_text = code.to_string();
    view! {
        <section class="track-result" aria-labelledby="track-result-heading">
            <h2 id="track-result-heading" tabindex="-1">
                {i18n.t(Key::TrackResultHeading)} " " <span class="code">{code_text}</span>
            </h2>
            <Transition fallback=|| view! { <Skeleton lines=3 /> }>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(t) => tracking(t).into_any(),
                        Err(e) => {
                            let key = match e {
                                ApiError { code: Some(ErrorCode::NotFound), .. } => Key::TrackNotFound,
                                ApiError { code: Some(ErrorCode::Forbidden), .. } => Key::TrackWrongSecret,
                                ApiError { code, .. } => i18n::error_code(code),
                            };
                            view! { <RetryPanel message=key on_retry=Callback::new(move |_| data.refetch()) /> }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

fn tracking(t: Tracking) -> impl IntoView {
    let i18n = use_i18n();
    let status = t.status;
    let submitted = t.submitted_on.to_string();
    let kind = match t.kind {
        gongshi_domain::complaint::ComplaintKind::Tip => Key::ComplainKindTip,
        gongshi_domain::complaint::ComplaintKind::Conduct => Key::ComplainKindConduct,
    };
    view! {
        <div class="track-answer" data-status=crate::components::list::spelling(&status)>
            <p class="track-status">
                <span class=format!("badge complaint-status status-{}", crate::components::list::spelling(&status))>
                    {i18n.t(status_key(status))}
                </span>
                {t.supervised.then(|| view! { " " <span class="badge badge-supervised">{i18n.t(Key::TrackSupervisedBadge)}</span> })}
            </p>
            <dl class="facts">
                <dt>{i18n.t(Key::ComplainKind)}</dt>
                <dd>{i18n.t(kind)}</dd>
                <dt>{i18n.t(Key::TrackSubmitted)}</dt>
                <dd>{submitted}</dd>
                {reply_due(t.reply_due)}
                {t.authority.map(|a| view! { <dt>{i18n.t(Key::WhoAuthority)}</dt><dd class="track-authority">{a.name.to_string()}</dd> })}
            </dl>
            {t.supervised.then(|| view! { <p class="notice">{i18n.t(Key::TrackSupervised)}</p> })}
            {match t.timeline {
                Some(steps) => {
                    view! {
                        <h3>{i18n.t(Key::TrackTimeline)}</h3>
                        <ol class="timeline">
                            {steps
                                .into_iter()
                                .map(|s| {
                                    let at = crate::pages::china_time(s.at);
                                    view! {
                                        <li data-status=crate::components::list::spelling(&s.status)>
                                            <time datetime=s.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()>{at}</time>
                                            " · "
                                            <strong>{i18n.t(status_key(s.status))}</strong>
                                            {s.note.map(|n| view! { <p class="reply">{n}</p> })}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ol>
                    }
                        .into_any()
                }
                None => view! { <p class="hint">{i18n.t(Key::TrackNeedSecret)}</p> }.into_any(),
            }}
        </div>
    }
}

/// Submissions sent from this device, each a way back to its status; forgetting one removes only
/// this device's copy of its secret.
#[component]
fn Receipts(receipts: RwSignal<Vec<Submission>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <section aria-labelledby="receipts-heading" class="receipts">
            <h2 id="receipts-heading" tabindex="-1">{i18n.t(Key::ReceiptsHeading)}</h2>
            {move || {
                let all = receipts.get();
                if all.is_empty() {
                    return view! {
                        <p class="empty">
                            {i18n.t(Key::ReceiptsEmpty)} " "
                            <A href=AppRoute::ComplaintNew.href()>{i18n.t(Key::ComplainTitle)}</A>
                        </p>
                    }
                        .into_any();
                }
                view! {
                    <p class="hint">{i18n.t(Key::ReceiptOnDevice)}</p>
                    <ul class="receipt-list">
                        {all
                            .into_iter()
                            .map(|r| {
                                let code = r.code.as_str().to_owned();
                                let label = r.code.to_string();
                                let forget_label = label.clone();
                                let date = crate::pages::china_time(r.submitted_at);
                                view! {
                                    <li>
                                        <A href=AppRoute::Track(Some(r.code.clone())).href()>
                                            <span class="code">{label}</span>
                                        </A>
                                        " · " {date} " · " {r.authority.name.to_string()}
                                        " "
                                        <button
                                            type="button"
                                            class="link-button"
                                            on:click=move |_| {
                                                draft::forget_receipt(&code);
                                                receipts.set(draft::receipts());
                                                focus_soon("receipts-heading");
                                            }
                                        >
                                            {move || i18n::format(i18n.lang(), Key::ReceiptForget, &[("code", &forget_label)])}
                                        </button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                }
                    .into_any()
            }}
        </section>
    }
}
