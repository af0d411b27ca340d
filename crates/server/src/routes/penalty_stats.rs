//! `GET /api/v1/penalties/stats`: a district's enforcement statistics for a year (or all years) —
//! counts and fine totals by month, locality, domain, kind and procedure, catalog coverage per
//! locality, and timeliness per authority. The annual report page prints them.

use crate::AppState;
use crate::error::{ApiError, Result};
use crate::params;
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use gongshi_domain::api::{ErrorBody, locality_ref};
use gongshi_domain::catalog::{DelegationAct, Domain, PowerKind};
use gongshi_domain::penalty::PenaltyKind;
use gongshi_domain::penalty_stats::{
    Coverage, DomainTally, KindTally, LocalityTally, MonthTally, PenaltyStats, ProcedureTally,
    Punctuality, Tally,
};
use gongshi_domain::{DistrictCode, LocalityKind};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use time::{Date, Month};
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(stats))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct StatsParams {
    /// 6-digit district code.
    district: Option<String>,
    /// A calendar year (default: every year the data holds).
    year: Option<String>,
}

/// A district's statistics: withdrawn decisions left out, restricted ones counted (a count names
/// nobody), publication windows not applied.
#[utoipa::path(get, path = "/penalties/stats", tag = "penalties", params(StatsParams),
    responses(
        (status = 200, body = PenaltyStats, description = "Coverage counts the matters delegated to each locality at the end of the period (or today) and how many of them its cases used"),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody, description = "No such district"),
    ))]
async fn stats(
    State(state): State<AppState>,
    params: std::result::Result<Query<StatsParams>, QueryRejection>,
) -> Result<Json<PenaltyStats>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let district = DistrictCode::parse(params.district.as_deref().unwrap_or_default())
        .map_err(|e| ApiError::invalid("district", e))?;
    let year = params::year("year", params.year.as_deref())?;
    let org = super::district_org(&state, Some(district.clone()), "district").await?;
    let rows = state.store.penalty_stats(&district, year).await?;

    let today = params::today();
    let period_end = year
        .and_then(|y| Date::from_calendar_date(y, Month::December, 31).ok())
        .map_or(today, |end| end.min(today));
    let places: Vec<_> = org
        .localities
        .iter()
        .filter(|l| l.kind != LocalityKind::SpecialArea)
        .collect();
    let ids: Vec<_> = places.iter().map(|l| l.id.clone()).collect();
    let acts = state
        .store
        .acts_in_force(&district, &Domain::ALL, &ids, period_end)
        .await?;
    let mut delegated: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
    for act in acts
        .into_iter()
        .filter(|a| a.act == DelegationAct::Delegate)
    {
        delegated
            .entry(act.locality)
            .or_default()
            .insert(act.matter);
    }
    let mut used: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
    for (l, m) in rows.matters_used {
        used.entry(l).or_default().insert(m);
    }
    let coverage = places
        .iter()
        .map(|l| {
            let held = delegated.get(&l.id).cloned().unwrap_or_default();
            Coverage {
                locality: locality_ref(l),
                delegated: held.len() as u64,
                delegated_penalty: held
                    .iter()
                    .filter(|m| m.power_kind() == PowerKind::Penalty)
                    .count() as u64,
                used: used
                    .get(&l.id)
                    .map_or(0, |u| u.intersection(&held).count() as u64),
            }
        })
        .collect();

    let mut total = Tally::default();
    for (_, t) in &rows.by_month {
        total.add(t.decisions, t.fine, t.confiscated);
    }
    let mut by_kind = BTreeMap::<PenaltyKind, u64>::new();
    for (bits, n) in rows.by_kinds {
        for k in PenaltyKind::from_bits(bits) {
            *by_kind.entry(k).or_default() += n;
        }
    }
    Ok(Json(PenaltyStats {
        district: org.district_ref(),
        year,
        years: rows.years,
        total,
        by_month: rows
            .by_month
            .into_iter()
            .map(|(month, tally)| MonthTally { month, tally })
            .collect(),
        by_locality: rows
            .by_locality
            .iter()
            .filter_map(|(l, tally)| {
                org.locality(l)
                    .map(locality_ref)
                    .map(|locality| LocalityTally {
                        locality,
                        tally: *tally,
                    })
            })
            .collect(),
        by_domain: rows
            .by_domain
            .into_iter()
            .map(|(domain, tally)| DomainTally { domain, tally })
            .collect(),
        by_kind: by_kind
            .into_iter()
            .map(|(kind, decisions)| KindTally { kind, decisions })
            .collect(),
        by_procedure: rows
            .by_procedure
            .into_iter()
            .map(|(procedure, tally)| ProcedureTally { procedure, tally })
            .collect(),
        coverage,
        timeliness: rows
            .by_authority
            .into_iter()
            .filter_map(|(a, decisions, on_time, late)| {
                org.authority_ref(&a).map(|authority| Punctuality {
                    authority,
                    decisions,
                    on_time,
                    late,
                })
            })
            .collect(),
    }))
}
