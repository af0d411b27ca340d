//! 变更记录: the public, hash-chained change log — every publication, correction and withdrawal of
//! a penalty, every certificate status change and catalog round, oldest first. Anyone can have the
//! server recompute the whole chain here, or narrow the log to one record's history
//! (`?subject=penalty:123`), which each record's page links to.

use crate::api;
use crate::components::list::{PAGING, Paging};
use crate::components::{ResourceView, RetryPanel, Skeleton};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::{china_time, use_title};
use crate::query::{UrlQuery, use_url_query};
use crate::routes::AppRoute;
use gongshi_domain::api::Page;
use gongshi_domain::log::{ChainBreak, LogAction, LogEntry, Verification};
use gongshi_domain::penalty::PenaltyId;
use leptos::prelude::*;
use leptos_router::components::A;

pub fn action_key(a: LogAction) -> Key {
    match a {
        LogAction::PenaltyPublished => Key::LogPenaltyPublished,
        LogAction::PenaltyCorrected => Key::LogPenaltyCorrected,
        LogAction::PenaltyWithdrawn => Key::LogPenaltyWithdrawn,
        LogAction::CertificateStatusChanged => Key::LogCertificateStatusChanged,
        LogAction::OfficerAdded => Key::LogOfficerAdded,
        LogAction::SecondmentChanged => Key::LogSecondmentChanged,
        LogAction::CatalogRound => Key::LogCatalogRound,
    }
}

/// The public page of a log entry's record, where it has one.
fn record_href(subject: &str) -> Option<String> {
    let (kind, id) = subject.split_once(':')?;
    match kind {
        "penalty" => id
            .parse::<PenaltyId>()
            .ok()
            .map(|id| AppRoute::Penalty(id).href()),
        "officer" => gongshi_domain::certificate::CertificateNumber::parse(id)
            .ok()
            .map(|n| AppRoute::Check(Some(n)).href()),
        _ => None,
    }
}

#[component]
pub fn LogPage() -> impl IntoView {
    let i18n = use_i18n();
    use_title(move || i18n.tr(Key::LogTitle).to_owned());
    let url = use_url_query();
    provide_context(url);
    let data = LocalResource::new(move || {
        let cursor = url.get("cursor");
        let subject = url.get("subject");
        async move { api::log(cursor, subject).await }
    });
    view! {
        <h1>{i18n.t(Key::LogTitle)}</h1>
        <p class="lead">{i18n.t(Key::LogIntro)}</p>
        <Verify />
        {move || url.get("subject").map(|s| {
            let subject = s.clone();
            view! {
                <p class="notice">
                    {move || i18n::format(i18n.lang(), Key::LogHistoryOf, &[("subject", &subject)])} " "
                    {record_href(&s).map(|h| view! { <A href=h>{i18n.t(Key::LogOpenRecord)}</A> " · " })}
                    <A href=url.href_with(&[("subject", None), ("cursor", None), ("page", None)])>{i18n.t(Key::LogWholeLog)}</A>
                </p>
            }
        })}
        <ResourceView data render=entries />
    }
}

/// The server recomputes every hash on request.
#[component]
fn Verify() -> impl IntoView {
    let i18n = use_i18n();
    let asked = RwSignal::new(false);
    let result = LocalResource::new(move || {
        let go = asked.get();
        async move {
            if go {
                Some(api::log_verify().await)
            } else {
                None
            }
        }
    });
    view! {
        <section class="card log-verify" aria-labelledby="log-verify-heading">
            <h2 id="log-verify-heading">{i18n.t(Key::LogVerifyHeading)}</h2>
            <p class="hint">{i18n.t(Key::LogVerifyIntro)}</p>
            <button type="button" class="button" on:click=move |_| {
                if asked.get_untracked() { result.refetch() } else { asked.set(true) }
            }>{i18n.t(Key::LogVerify)}</button>
            <div aria-live="polite">
                <Transition fallback=|| view! { <Skeleton lines=1 /> }>
                    {move || Suspend::new(async move {
                        match result.await {
                            None => ().into_any(),
                            Some(Ok(v)) => verification(v).into_any(),
                            Some(Err(e)) => view! {
                                <RetryPanel message=i18n::error_code(e.code) on_retry=Callback::new(move |_| result.refetch()) />
                            }.into_any(),
                        }
                    })}
                </Transition>
            </div>
        </section>
    }
}

fn verification(v: Verification) -> impl IntoView {
    let i18n = use_i18n();
    match (v.verified, v.broken) {
        (Some(ok), _) if v.intact => {
            let entries = ok.entries.to_string();
            let head = ok.head;
            view! {
                <p class="success" role="status">
                    {move || i18n::format(i18n.lang(), Key::LogIntact, &[("entries", &entries)])}
                </p>
                <p class="hint">{i18n.t(Key::LogHead)} " " <code class="hash">{head}</code></p>
            }
            .into_any()
        }
        (_, broken) => {
            let seq = broken
                .map(|b| match b {
                    ChainBreak::Gap { seq, .. }
                    | ChainBreak::Link { seq }
                    | ChainBreak::Altered { seq } => seq,
                })
                .unwrap_or_default()
                .to_string();
            view! {
                <p class="field-error" role="alert">
                    {move || i18n::format(i18n.lang(), Key::LogBroken, &[("seq", &seq)])}
                </p>
            }
            .into_any()
        }
    }
}

fn entries(page: Page<LogEntry>) -> impl IntoView {
    let i18n = use_i18n();
    let url = expect_context::<UrlQuery>();
    if page.items.is_empty() {
        return view! { <p class="empty">{i18n.t(Key::LogEmpty)}</p> }.into_any();
    }
    view! {
        <ol class="log-entries">
            {page.items.into_iter().map(|e| {
                let action = e.change.action;
                let subject = e.change.subject.clone();
                let history = history_href(url, subject.clone());
                let content = e.content.map(|c| serde_json::to_string_pretty(&c).unwrap_or_default());
                view! {
                    <li class="card log-entry" id=format!("log-{}", e.seq)>
                        <p class="log-head">
                            <span class="seq">"#"{e.seq}</span> " "
                            <strong>{move || i18n.tr(action_key(action))}</strong> " · "
                            <A href=history>{subject}</A> " · "
                            {e.change.unit} " · "
                            <span class="when">{china_time(e.change.at)}</span>
                        </p>
                        <p class="hint hash-line">
                            {i18n.t(Key::LogHash)} " " <code class="hash">{e.hash}</code>
                            <br />
                            {i18n.t(Key::LogDigest)} " " <code class="hash">{e.change.digest}</code>
                        </p>
                        {match content {
                            Some(c) => view! {
                                <details>
                                    <summary>{i18n.t(Key::LogContent)}</summary>
                                    <pre class="log-content">{c}</pre>
                                </details>
                            }.into_any(),
                            None => view! { <p class="hint">{i18n.t(Key::LogWithheld)}</p> }.into_any(),
                        }}
                    </li>
                }
            }).collect_view()}
        </ol>
        <Paging url next=page.next />
    }
    .into_any()
}

/// One record's history (paging starts again).
fn history_href(url: UrlQuery, subject: String) -> String {
    let mut changes = vec![("subject", Some(subject))];
    changes.extend(PAGING);
    url.href_with(&changes)
}
