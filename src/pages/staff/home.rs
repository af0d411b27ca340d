//! The staff start page: what the signed-in role does, one card per task.

use super::{StaffPage, use_staff};
use crate::i18n::{Key, use_i18n};

use crate::routes::AppRoute;
use gongshi_domain::staff::{Role, StaffMe};
use leptos::prelude::*;
use leptos_router::components::A;

#[component]
pub fn StaffHomePage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffHomeTitle>
            <Dashboard />
        </StaffPage>
    }
}

#[component]
fn Dashboard() -> impl IntoView {
    let staff = use_staff();
    move || staff.me().map(tasks)
}

/// A task: where it is done and what it is.
fn task(href: String, title: Key, desc: Key) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <li class="card">
            <h2><A href=href>{i18n.t(title)}</A></h2>
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
        <p class="lead">
            {move || i18n.tr(match role {
                Role::Admin => Key::StaffRoleAdminDesc,
                Role::Publisher => Key::StaffRolePublisherDesc,
                Role::Handler => Key::StaffRoleHandlerDesc,
                Role::Supervisor => Key::StaffRoleSupervisorDesc,
            })}
        </p>
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
    }
}
