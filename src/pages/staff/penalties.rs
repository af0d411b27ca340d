//! A publisher's records in every state (public, withdrawn, past their period, never published),
//! the last entered first; each opens the record to correct or withdraw it.

use super::StaffPage;
use crate::api;
use crate::components::ResourceView;
use crate::components::list::Paging;
use crate::i18n::{Key, use_i18n};

use crate::query::use_url_query;
use crate::routes::AppRoute;
use gongshi_domain::api::Page;
use gongshi_domain::penalty_import::{RecordStatus, StaffPenaltyItem};
use leptos::prelude::*;
use leptos_router::components::A;

pub fn record_status(s: RecordStatus) -> Key {
    match s {
        RecordStatus::Listed => Key::RecordListed,
        RecordStatus::Withdrawn => Key::RecordWithdrawn,
        RecordStatus::Removed => Key::RecordRemoved,
        RecordStatus::Restricted => Key::RecordRestricted,
    }
}

#[component]
pub fn StaffPenaltiesPage() -> impl IntoView {
    view! {
        <StaffPage title=Key::StaffPenaltiesTitle>
            <Records />
        </StaffPage>
    }
}

#[component]
fn Records() -> impl IntoView {
    let i18n = use_i18n();
    let url = use_url_query();
    let staff = super::use_staff();
    let data = LocalResource::new(move || {
        let cursor = url.get("cursor");
        async move { staff.seen(api::staff_penalties(cursor)).await }
    });
    provide_context(url);
    view! {
        <p class="actions">
            <A href=AppRoute::StaffPenaltyNew.href() attr:class="button">{i18n.t(Key::StaffPenaltyNewTitle)}</A>
            " "
            <A href=AppRoute::StaffImport.href() attr:class="button button-secondary">{i18n.t(Key::StaffImportTitle)}</A>
        </p>
        <ResourceView data render=table />
    }
}

fn table(page: Page<StaffPenaltyItem>) -> impl IntoView {
    let i18n = use_i18n();
    let url = expect_context::<crate::query::UrlQuery>();
    if page.items.is_empty() {
        return view! { <p class="empty">{i18n.t(Key::StaffPenaltiesEmpty)}</p> }.into_any();
    }
    view! {
        <div class="table-scroll" role="region" aria-labelledby="staff-penalties-caption" tabindex="0">
            <table class="data-table">
                <caption id="staff-penalties-caption">{i18n.t(Key::StaffPenaltiesTitle)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{i18n.t(Key::PfDecisionNumber)}</th>
                        <th scope="col">{i18n.t(Key::PfPartyName)}</th>
                        <th scope="col">{i18n.t(Key::PfDecided)}</th>
                        <th scope="col">{i18n.t(Key::StaffPublished)}</th>
                        <th scope="col">{i18n.t(Key::StaffEnds)}</th>
                        <th scope="col">{i18n.t(Key::StaffRecordStatus)}</th>
                    </tr>
                </thead>
                <tbody>
                    {page
                        .items
                        .into_iter()
                        .map(|p| {
                            let status = p.status;
                            view! {
                                <tr>
                                    <td>
                                        <A href=AppRoute::StaffPenalty(p.id).href()>{p.decision_number.to_string()}</A>
                                    </td>
                                    <td>{p.party_name}</td>
                                    <td>{p.decided.to_string()}</td>
                                    <td>{p.published.to_string()}</td>
                                    <td>{p.ends.to_string()}</td>
                                    <td>{move || i18n.tr(record_status(status))}</td>
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
        <Paging url next=page.next />
    }
    .into_any()
}
