//! The complaint inbox: a handler's body's cases, or a supervisor's whole district (supervised
//! ones on their own with one filter), newest first. The filters and the page ride in the URL.

use super::StaffPage;
use crate::api;
use crate::components::ResourceView;
use crate::components::list::{PAGING, Paging, spelling};
use crate::i18n::{self, Key, use_i18n};
use crate::pages::china_time;
use crate::pages::track::status_key;
use crate::query::{UrlQuery, use_url_query};
use crate::routes::AppRoute;
use gongshi_domain::api::Page;
use gongshi_domain::complaint::{ComplaintKind, ComplaintStatus};
use gongshi_domain::dashboard::{CaseQueue, DUE_SOON_DAYS};
use gongshi_domain::handling::InboxItem;
use leptos::prelude::*;
use leptos_router::components::A;

pub fn kind_key(k: ComplaintKind) -> Key {
    match k {
        ComplaintKind::Tip => Key::ComplainKindTip,
        ComplaintKind::Conduct => Key::ComplainKindConduct,
    }
}

/// A queue as the start page's figure names it.
pub fn queue_label(lang: i18n::Lang, q: CaseQueue) -> String {
    match q {
        CaseQueue::ToAccept => i18n::text(lang, Key::DashToAccept).to_owned(),
        CaseQueue::Overdue => i18n::text(lang, Key::StaffOverdue).to_owned(),
        CaseQueue::DueSoon => i18n::format(
            lang,
            Key::DashDueSoon,
            &[("days", &DUE_SOON_DAYS.to_string())],
        ),
    }
}

const STATUSES: [ComplaintStatus; 5] = [
    ComplaintStatus::Received,
    ComplaintStatus::Accepted,
    ComplaintStatus::Referred,
    ComplaintStatus::Replied,
    ComplaintStatus::Closed,
];

#[component]
pub fn StaffInboxPage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffInboxTitle>
            <Inbox />
        </StaffPage>
    }
}

fn set(url: UrlQuery, key: &'static str, value: Option<String>) {
    let mut changes = vec![(key, value)];
    changes.extend(PAGING);
    url.set(&changes, false);
}

#[component]
fn Inbox() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    provide_context(url);
    let staff = super::use_staff();
    let data = LocalResource::new(move || {
        let params = vec![
            ("status", url.get("status")),
            ("kind", url.get("kind")),
            ("supervised", url.get("supervised")),
            ("queue", url.get("queue")),
            ("cursor", url.get("cursor")),
        ];
        async move { staff.seen(api::inbox(params)).await }
    });
    view! {
        <form class="filters card" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <div class="field inline">
                <label for="inbox-status">{i18n.t(Key::StaffInboxStatus)}</label>
                <select id="inbox-status" on:change=move |ev| set(url, "status", Some(event_target_value(&ev)))>
                    <option value="" selected=move || url.get("status").is_none()>{i18n.t(Key::StaffAll)}</option>
                    {STATUSES.into_iter().map(|s| {
                        let v = spelling(&s);
                        let selected = v.clone();
                        view! { <option value=v selected=move || url.get("status") == Some(selected.clone())>{i18n.t(status_key(s))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field inline">
                <label for="inbox-queue">{i18n.t(Key::StaffInboxQueue)}</label>
                <select id="inbox-queue" on:change=move |ev| set(url, "queue", Some(event_target_value(&ev)))>
                    <option value="" selected=move || url.get("queue").is_none()>{i18n.t(Key::StaffAll)}</option>
                    {CaseQueue::ALL.into_iter().map(|q| {
                        let v = spelling(&q);
                        let selected = v.clone();
                        view! { <option value=v selected=move || url.get("queue") == Some(selected.clone())>{move || queue_label(i18n.lang(), q)}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field inline">
                <label for="inbox-kind">{i18n.t(Key::ComplainKind)}</label>
                <select id="inbox-kind" on:change=move |ev| set(url, "kind", Some(event_target_value(&ev)))>
                    <option value="" selected=move || url.get("kind").is_none()>{i18n.t(Key::StaffAll)}</option>
                    {[ComplaintKind::Tip, ComplaintKind::Conduct].into_iter().map(|k| {
                        let v = spelling(&k);
                        let selected = v.clone();
                        view! { <option value=v selected=move || url.get("kind") == Some(selected.clone())>{i18n.t(kind_key(k))}</option> }
                    }).collect_view()}
                </select>
            </div>
            <div class="field inline">
                <input
                    id="inbox-supervised"
                    type="checkbox"
                    prop:checked=move || url.get("supervised").as_deref() == Some("true")
                    on:change=move |ev| set(url, "supervised", event_target_checked(&ev).then(|| "true".to_owned()))
                />
                <label for="inbox-supervised">{i18n.t(Key::StaffInboxSupervised)}</label>
            </div>
        </form>
        <ResourceView data render=table />
    }
}

fn table(page: Page<InboxItem>) -> impl IntoView {
    let i18n = use_i18n();
    let url = expect_context::<UrlQuery>();
    if page.items.is_empty() {
        return view! { <p class="empty">{i18n.t(Key::StaffInboxEmpty)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" role="region" aria-labelledby="inbox-caption" tabindex="0">
            <table class="data-table inbox">
                <caption id="inbox-caption">{i18n.t(Key::StaffInboxTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::TrackCode)}</th>
                        <th scope="col">{i18n.t(Key::ComplainKind)}</th>
                        <th scope="col">{i18n.t(Key::StaffInboxStatus)}</th>
                        <th scope="col">{i18n.t(Key::TrackSubmitted)}</th>
                        <th scope="col">{i18n.t(Key::TrackReplyDue)}</th>
                        <th scope="col">{i18n.t(Key::StaffInboxSummary)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page.items.into_iter().map(|c| {
                        let (kind, status, supervised, overdue) = (c.kind, c.status, c.supervised, c.overdue);
                        view! {
                            <tr class:overdue=overdue>
                                <td><A href=AppRoute::StaffCase(c.code.clone()).href()>{c.code.to_string()}</A></td>
                                <td>{move || i18n.tr(kind_key(kind))}</td>
                                <td>
                                    {move || i18n.tr(status_key(status))}
                                    {supervised.then(|| view! { " " <span class="badge">{i18n.t(Key::TrackSupervisedBadge)}</span> })}
                                </td>
                                <td>{china_time(c.submitted_at)}</td>
                                <td>
                                    {c.reply_due.map(|d| d.to_string())}
                                    {overdue.then(|| view! { " " <span class="badge badge-warn">{i18n.t(Key::StaffOverdue)}</span> })}
                                </td>
                                <td>{c.summary}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <Paging url next=page.next />
    }
    .into_any()
}
