//! The staff start page's figures (`GET /staff/dashboard`): what waits for the signed-in role
//! today, counted by the domain's rules ([`gongshi_domain::dashboard`]) over the signed-in unit's
//! data only — a handler's body's cases, a supervisor's district's, a publisher's authority's
//! records, the officers a publisher or admin keeps, an admin's district's accounts.

use super::roster_staff::own_org;
use super::staff::Staff;
use crate::AppState;
use crate::error::Result;
use axum::Json;
use axum::extract::State;
use gongshi_domain::api::ErrorBody;
use gongshi_domain::dashboard::{
    AccountCounts, CaseCounts, Dashboard, PenaltyCounts, RosterCounts,
};
use gongshi_domain::staff::Role;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(dashboard))
}

/// What waits for the signed-in role today: open cases (handlers: their body's; supervisors: the
/// district's), the publisher's records by state with how many were published late, the officers
/// the publisher or admin keeps by certificate status with those expiring soon, and the admin's
/// accounts. A part the role has no task for is absent.
#[utoipa::path(get, path = "/staff/dashboard", tag = "staff",
    responses((status = 200, body = Dashboard), (status = 401, body = ErrorBody)))]
async fn dashboard(State(state): State<AppState>, staff: Staff) -> Result<Json<Dashboard>> {
    let grant = &staff.user.grant;
    let today = crate::today();
    let store = &state.store;
    let complaints = match grant.role {
        Role::Handler | Role::Supervisor => {
            let groups = store
                .case_groups(&grant.district, grant.authority.as_ref())
                .await?;
            Some(CaseCounts::count(groups, today))
        }
        Role::Admin | Role::Publisher => None,
    };
    let penalties = match (&grant.role, &grant.authority) {
        (Role::Publisher, Some(authority)) => {
            let groups = store.penalty_groups(authority).await?;
            Some(PenaltyCounts::count(groups, today))
        }
        _ => None,
    };
    let roster = match grant.role {
        Role::Admin | Role::Publisher => {
            let org = own_org(&state, &staff).await?;
            let officers = store.officers(Some(&grant.district)).await?;
            let kept = officers.iter().filter_map(|o| {
                let authority = org.authority_ref(&o.unit.authority(&org)?)?;
                grant
                    .may_publish(&o.district, &authority.id)
                    .then_some((o, authority))
            });
            Some(RosterCounts::count(kept, today))
        }
        Role::Handler | Role::Supervisor => None,
    };
    let accounts = match grant.role {
        Role::Admin => Some(AccountCounts::count(
            &store.staff_accounts(&grant.district).await?,
        )),
        _ => None,
    };
    Ok(Json(Dashboard {
        today,
        complaints,
        penalties,
        roster,
        accounts,
    }))
}
