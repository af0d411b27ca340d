//! gongshi's web app: a Leptos client-side-rendered SPA. `App` provides the language and routes each
//! path in [`routes::AppRoute`] to its page in `pages/`.

pub mod api;
pub mod components;
pub mod draft;
pub mod i18n;
pub mod pages;
pub mod pow;
pub mod query;
pub mod routes;

use components::Shell;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use pages::catalog::CatalogPage;
use pages::check::CheckPage;
use pages::complain::ComplainPage;
use pages::complaint_stats::ComplaintStatsPage;
use pages::district::DistrictPage;
use pages::home::Home;
use pages::locality::LocalityPage;
use pages::log::LogPage;
use pages::matter::MatterPage;
use pages::not_found::NotFound;
use pages::officer::OfficerPage;
use pages::penalties::PenaltiesPage;
use pages::penalty::PenaltyRecordPage;
use pages::penalty_stats::{AnnualReportPage, PenaltyStatsPage};
use pages::roster::RosterPage;
use pages::staff::case::StaffCasePage;
use pages::staff::catalog::StaffCatalogPage;
use pages::staff::home::StaffHomePage;
use pages::staff::import::{StaffImportPage, StaffRosterImportPage};
use pages::staff::inbox::StaffInboxPage;
use pages::staff::officer::StaffOfficerNewPage;
use pages::staff::penalties::StaffPenaltiesPage;
use pages::staff::penalty::{StaffPenaltyNewPage, StaffPenaltyPage};
use pages::staff::roster::StaffRosterPage;
use pages::staff::users::StaffUsersPage;
use pages::track::TrackPage;
use pages::who::WhoPage;
use pages::zone::ZonePage;

#[component]
pub fn App() -> impl IntoView {
    i18n::provide_i18n();
    pages::staff::provide_staff_context();
    view! {
        <Router>
            <Shell>
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/districts/:code") view=DistrictPage />
                    <Route path=path!("/zones/:id") view=ZonePage />
                    <Route path=path!("/localities/:id") view=LocalityPage />
                    <Route path=path!("/matters") view=CatalogPage />
                    <Route path=path!("/matters/:code") view=MatterPage />
                    <Route path=path!("/who") view=WhoPage />
                    <Route path=path!("/officers") view=RosterPage />
                    <Route path=path!("/officers/:certificate") view=OfficerPage />
                    <Route path=path!("/check") view=CheckPage />
                    <Route path=path!("/check/:number") view=CheckPage />
                    <Route path=path!("/penalties") view=PenaltiesPage />
                    <Route path=path!("/penalties/stats") view=PenaltyStatsPage />
                    <Route path=path!("/penalties/report/:district/:year") view=AnnualReportPage />
                    <Route path=path!("/penalties/:id") view=PenaltyRecordPage />
                    <Route path=path!("/complaints/new") view=ComplainPage />
                    <Route path=path!("/complaints/track") view=TrackPage />
                    <Route path=path!("/complaints/track/:code") view=TrackPage />
                    <Route path=path!("/complaints/stats") view=ComplaintStatsPage />
                    <Route path=path!("/log") view=LogPage />
                    <Route path=path!("/staff") view=StaffHomePage />
                    <Route path=path!("/staff/penalties") view=StaffPenaltiesPage />
                    <Route path=path!("/staff/penalties/new") view=StaffPenaltyNewPage />
                    <Route path=path!("/staff/penalties/import") view=StaffImportPage />
                    <Route path=path!("/staff/penalties/:id") view=StaffPenaltyPage />
                    <Route path=path!("/staff/users") view=StaffUsersPage />
                    <Route path=path!("/staff/catalog") view=StaffCatalogPage />
                    <Route path=path!("/staff/officers") view=StaffRosterPage />
                    <Route path=path!("/staff/officers/new") view=StaffOfficerNewPage />
                    <Route path=path!("/staff/officers/import") view=StaffRosterImportPage />
                    <Route path=path!("/staff/complaints") view=StaffInboxPage />
                    <Route path=path!("/staff/complaints/:code") view=StaffCasePage />
                </Routes>
            </Shell>
        </Router>
    }
}
