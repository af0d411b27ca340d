//! The staff start page: what the signed-in role does, with what waits for it today — open and
//! overdue cases, the records by state and late publications, certificates about to expire, the
//! accounts — each figure leading to the list behind it, then one card per task.

use super::inbox::queue_label;
use super::{StaffPage, use_staff};
use crate::api;
use crate::components::ResourceView;
use crate::components::list::spelling;
use crate::i18n::{self, Key, grouped, use_i18n};
use crate::routes::AppRoute;
use gongshi_domain::dashboard::{
    AccountCounts, CaseCounts, CaseQueue, Dashboard, EXPIRING_DAYS, PenaltyCounts, RECENT_DAYS,
    RosterCounts,
};
use gongshi_domain::staff::{Role, StaffMe};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn StaffHomePage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffHomeTitle>
            <Home />
        </StaffPage>
    }
}

#[component]
fn Home() -> impl IntoView {
    let staff = use_staff();
    let i18n = use_i18n();
    // Asked once: someone else signing in gets the page afresh from `StaffGate`, and a renewed
    // session keeps it.
    let data = LocalResource::new(move || async move { staff.seen(api::staff_dashboard()).await });
    view! {
        {move || staff.me().map(lead)}
        <section class="dashboard" aria-labelledby="dashboard-heading">
            <h2 id="dashboard-heading">{i18n.t(Key::DashHeading)}</h2>
            <ResourceView data render=|d| view! { <DashboardFigures dashboard=d /> } />
        </section>
        {move || staff.me().map(tasks)}
    }
}

fn lead(me: StaffMe) -> impl IntoView {
    let i18n = use_i18n();
    let role = me.grant.role;
    view! {
        <p class="lead">
            {move || i18n.tr(match role {
                Role::Admin => Key::StaffRoleAdminDesc,
                Role::Publisher => Key::StaffRolePublisherDesc,
                Role::Handler => Key::StaffRoleHandlerDesc,
                Role::Supervisor => Key::StaffRoleSupervisorDesc,
            })}
        </p>
    }
}

/// One figure: its label over the number, a link to the list behind it when there is one, marked
/// when it needs attention.
fn figure(label: String, n: u64, href: Option<String>, alert: bool) -> impl IntoView {
    let marked = alert && n > 0;
    let class = if marked {
        "figure figure-alert"
    } else {
        "figure"
    };
    let body = view! {
        <span class="figure-label">{label}</span>
        <span class="figure-n">{grouped(n)}</span>
        // The mark is not only a colour: screen readers hear it too.
        {marked.then(|| view! { <span class="visually-hidden">{use_i18n().t(Key::DashNeedsAttention)}</span> })}
    };
    view! {
        <li class=class>
            {match href {
                Some(href) => view! { <A href=href>{body}</A> }.into_any(),
                None => view! { <span class="figure-body">{body}</span> }.into_any(),
            }}
        </li>
    }
}

/// The figures of a [`Dashboard`], part by part (the parts the role has).
#[component]
pub fn DashboardFigures(dashboard: Dashboard) -> impl IntoView {
    let i18n = use_i18n();
    let d = dashboard;
    view! {
        <p class="muted">{move || i18n::format(i18n.lang(), Key::DashAsOf, &[("date", &d.today.to_string())])}</p>
        {d.complaints.map(cases)}
        {d.penalties.map(penalties)}
        {d.roster.map(roster)}
        {d.accounts.map(accounts)}
    }
}

fn part(heading: Key, figures: impl IntoView, more: impl IntoView) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="dash-part">
            <h3>{i18n.t(heading)}</h3>
            // role="list": a list styled without bullets stays a list for VoiceOver.
            <ul class="figures" role="list">{figures}</ul>
            {more}
        </div>
    }
}

fn cases(c: CaseCounts) -> impl IntoView {
    let i18n = use_i18n();
    let inbox = |status: Option<&str>| Some(AppRoute::StaffInbox.href_with(&[("status", status)]));
    let queue =
        |q: CaseQueue| Some(AppRoute::StaffInbox.href_with(&[("queue", Some(&spelling(&q)))]));
    move || {
        let t = |k| i18n.tr(k).to_owned();
        let named = |q| queue_label(i18n.lang(), q);
        part(
            Key::DashCasesHeading,
            view! {
                {figure(named(CaseQueue::ToAccept), c.to_accept, queue(CaseQueue::ToAccept), false)}
                {figure(t(Key::ComplaintStatusAccepted), c.accepted, inbox(Some("accepted")), false)}
                {figure(t(Key::DashReplied), c.replied, inbox(Some("replied")), false)}
                {figure(named(CaseQueue::Overdue), c.overdue, queue(CaseQueue::Overdue), true)}
                {figure(named(CaseQueue::DueSoon), c.due_soon, queue(CaseQueue::DueSoon), true)}
                {figure(
                    t(Key::DashSupervised),
                    c.supervised,
                    Some(AppRoute::StaffInbox.href_with(&[("supervised", Some("true"))])),
                    false,
                )}
            },
            (),
        )
    }
}

fn penalties(c: PenaltyCounts) -> impl IntoView {
    let i18n = use_i18n();
    let list = || Some(AppRoute::StaffPenalties.href());
    let recent = RECENT_DAYS.to_string();
    move || {
        let t = |k| i18n.tr(k).to_owned();
        let last = c.last_published.map_or_else(
            || t(Key::DashNonePublished),
            |d| {
                i18n::format(
                    i18n.lang(),
                    Key::DashLastPublished,
                    &[("date", &d.to_string())],
                )
            },
        );
        part(
            Key::DashPenaltiesHeading,
            view! {
                {figure(t(Key::RecordListed), c.listed, list(), false)}
                {figure(t(Key::RecordWithdrawn), c.withdrawn, list(), false)}
                {figure(t(Key::RecordRemoved), c.removed, list(), false)}
                {figure(t(Key::RecordRestricted), c.restricted, list(), false)}
                {figure(i18n::format(i18n.lang(), Key::DashRecent, &[("days", &recent)]), c.recent, list(), false)}
                {figure(t(Key::DashLate), c.late, None, true)}
            },
            view! {
                <p class="muted">{last}</p>
                {(c.late > 0).then(|| view! { <p class="warning">{t(Key::DashLateHint)}</p> })}
            },
        )
    }
}

fn roster(c: RosterCounts) -> impl IntoView {
    let i18n = use_i18n();
    let days = EXPIRING_DAYS.to_string();
    move || {
        let t = |k| i18n.tr(k).to_owned();
        let expiring = i18n::format(i18n.lang(), Key::DashExpiring, &[("days", &days)]);
        let more = c.expiring - c.expiring_soonest.len() as u64;
        let list = if c.expiring_soonest.is_empty() {
            view! {
                <p class="empty">{i18n::format(i18n.lang(), Key::DashExpiringNone, &[("days", &days)])}</p>
            }
            .into_any()
        } else {
            view! {
                <h4 id="expiring-heading">{expiring.clone()}</h4>
                <ul class="expiring-list" role="list" aria-labelledby="expiring-heading">
                    {c.expiring_soonest
                        .clone()
                        .into_iter()
                        .map(|e| {
                            let href = AppRoute::StaffRoster
                                .href_with(&[("certificate", Some(e.certificate.as_str()))]);
                            let until = i18n::format(
                                i18n.lang(),
                                Key::StatusValidUntil,
                                &[("date", &e.until.to_string())],
                            );
                            view! {
                                <li>
                                    <A href=href>{e.name.to_string()}</A>
                                    " "
                                    <span class="code">{e.certificate.to_string()}</span>
                                    <br />
                                    <span class="expiring-until">{until}</span>
                                    " · "
                                    <span class="muted">{e.authority.name.to_string()}</span>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                {(more > 0).then(|| view! {
                    <p class="muted">{i18n::format(i18n.lang(), Key::DashExpiringMore, &[("n", &grouped(more))])}</p>
                })}
            }
            .into_any()
        };
        part(
            Key::DashRosterHeading,
            view! {
                {figure(t(Key::DashOfficers), c.officers, None, false)}
                {figure(t(Key::StatusValid), c.valid, None, false)}
                {figure(t(Key::StatusSuspended), c.suspended, None, false)}
                {figure(t(Key::StatusRevoked), c.revoked, None, false)}
                {figure(t(Key::StatusExpired), c.expired, None, false)}
                {figure(expiring.clone(), c.expiring, None, true)}
            },
            list,
        )
    }
}

fn accounts(c: AccountCounts) -> impl IntoView {
    let i18n = use_i18n();
    let users = || Some(AppRoute::StaffUsers.href());
    move || {
        let t = |k| i18n.tr(k).to_owned();
        part(
            Key::DashAccountsHeading,
            view! {
                {figure(t(Key::DashActive), c.active, users(), false)}
                {figure(t(Key::DashDisabled), c.disabled, users(), false)}
                {figure(t(Key::DashNeverSignedIn), c.never_signed_in, users(), false)}
            },
            (),
        )
    }
}

/// A task: where it is done and what it is.
fn task(href: String, title: Key, desc: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card">
            <h3><A href=href>{i18n.t(title)}</A></h3>
            <p>{i18n.t(desc)}</p>
        </li>
    }
}

fn tasks(me: StaffMe) -> impl IntoView {
    let i18n = use_i18n();
    let role = me.grant.role;
    let publishes = role == Role::Publisher;
    let keeps_roster = matches!(role, Role::Admin | Role::Publisher);
    let handles = matches!(role, Role::Handler | Role::Supervisor);
    view! {
        <section aria-labelledby="tasks-heading">
            <h2 id="tasks-heading">{i18n.t(Key::DashTasksHeading)}</h2>
            <ul class="cards cards-wide">
                {publishes.then(|| view! {
                    {task(AppRoute::StaffPenalties.href(), Key::StaffPenaltiesTitle, Key::StaffPenaltiesDesc)}
                    {task(AppRoute::StaffPenaltyNew.href(), Key::StaffPenaltyNewTitle, Key::StaffPenaltyNewDesc)}
                    {task(AppRoute::StaffImport.href(), Key::StaffImportTitle, Key::StaffImportDesc)}
                })}
                {keeps_roster.then(|| view! {
                    {task(AppRoute::StaffRoster.href(), Key::StaffRosterTitle, Key::StaffRosterDesc)}
                    {task(AppRoute::StaffOfficerNew.href(), Key::StaffOfficerNewTitle, Key::StaffOfficerNewDesc)}
                    {task(AppRoute::StaffRosterImport.href(), Key::StaffRosterImportTitle, Key::StaffRosterImportDesc)}
                })}
                {handles.then(|| view! {
                    {task(AppRoute::StaffInbox.href(), Key::StaffInboxTitle, Key::StaffInboxDesc)}
                })}
                {(role == Role::Supervisor).then(|| view! {
                    {task(AppRoute::StaffInbox.href_with(&[("supervised", Some("true"))]), Key::StaffSupervisedTitle, Key::StaffSupervisedDesc)}
                })}
                {(role == Role::Admin).then(|| view! {
                    {task(AppRoute::StaffUsers.href(), Key::StaffUsersTitle, Key::StaffUsersDesc)}
                    {task(AppRoute::StaffCatalog.href(), Key::StaffRoundTitle, Key::StaffRoundDesc)}
                })}
                {task(AppRoute::Log.href(), Key::LogTitle, Key::StaffLogDesc)}
            </ul>
        </section>
    }
}
