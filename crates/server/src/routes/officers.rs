//! The roster and certificate checks: `GET /api/v1/officers` (filtered, searched, faceted,
//! keyset-paged), `GET /api/v1/officers/{certificate}` (the public record and where the officer may
//! enforce what), `GET /api/v1/certificates/{number}` (the check a citizen makes, on any date),
//! `GET /api/v1/zones/{id}/roster` and `GET /api/v1/authorization`.
//!
//! Every officer in a response is a `PublicOfficer`: the store does not even read personal data
//! for these routes, and the stored `Officer` cannot be serialised.

use crate::AppState;
use crate::error::{ApiError, Result};
use crate::store::StoreError;
use crate::{paging, params};
use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use gongshi_domain::api::{ErrorBody, Facet, FacetCount, Page};
use gongshi_domain::catalog::{Domain, MatterCode};
use gongshi_domain::certificate::{CertificateNumber, StatusKind};
use gongshi_domain::officer::{
    AuthorizationView, Leave, Officer, OfficerView, PublicOfficer, RosterFilter, ZoneRoster, powers,
};
use gongshi_domain::search::normalise_text;
use gongshi_domain::{DistrictCode, DistrictOrg, LocalityId, ZoneId};
use serde::Deserialize;
use std::collections::BTreeMap;
use time::Date;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(detail))
        .routes(routes!(check))
        .routes(routes!(zone_roster))
        .routes(routes!(authorization))
}

/// The longest name or number search accepted.
const MAX_Q: usize = 32;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct ListParams {
    /// Part of a name (林) or of a certificate number (0602001); full-width characters count as
    /// half-width, letters as upper case.
    q: Option<String>,
    /// 6-digit district code.
    district: Option<String>,
    /// Officers working at this locality on `date`: its own team, or seconded to it or its zone.
    locality: Option<String>,
    /// Officers on this zone's joint roster on `date`.
    zone: Option<String>,
    /// Officers of this department (for the bureau: its mobile and special-area teams too).
    department: Option<String>,
    /// Certificates whose categories cover this domain (urban_management, …).
    domain: Option<String>,
    /// valid, expired, suspended, revoked or not_issued, on `date`.
    status: Option<String>,
    /// `true`: seconded on `date`; `false`: not.
    seconded: Option<String>,
    /// The as-of date, YYYY-MM-DD (default: today, China Standard Time).
    date: Option<String>,
    /// Page size, 1–200 (default 50).
    limit: Option<String>,
    /// The `next` value of the previous page.
    cursor: Option<String>,
}

impl ListParams {
    pub(super) fn filter(&self) -> Result<RosterFilter> {
        let q = match self.q.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(q) if q.chars().count() > MAX_Q => {
                return Err(ApiError::invalid(
                    "q",
                    format!("at most {MAX_Q} characters"),
                ));
            }
            Some(q) => Some(normalise_text(q).replace('－', "-")),
        };
        let seconded = params::boolean("seconded", self.seconded.as_deref())?;
        Ok(RosterFilter {
            district: params::district(self.district.as_deref())?,
            locality: params::id("locality", self.locality.as_deref())?,
            zone: params::id("zone", self.zone.as_deref())?,
            department: params::id("department", self.department.as_deref())?,
            domain: params::unit_enum(
                "domain",
                self.domain.as_deref(),
                "a domain such as urban_management",
            )?,
            status: params::unit_enum(
                "status",
                self.status.as_deref(),
                "valid, expired, suspended, revoked or not_issued",
            )?,
            seconded,
            q,
            date: params::date("date", self.date.as_deref())?.unwrap_or_else(params::today),
        })
    }
}

/// The organisations of the districts `officers` belong to.
async fn orgs_of(
    state: &AppState,
    officers: &[Officer],
) -> Result<BTreeMap<DistrictCode, DistrictOrg>> {
    let mut orgs = BTreeMap::new();
    for o in officers {
        if !orgs.contains_key(&o.district) {
            let org = state
                .store
                .district_org(&o.district)
                .await?
                .ok_or_else(|| corrupt("an officer's district is missing"))?;
            orgs.insert(o.district.clone(), org);
        }
    }
    Ok(orgs)
}

fn corrupt(detail: &str) -> ApiError {
    ApiError::Store(StoreError::Corrupt {
        what: "roster",
        detail: detail.to_owned(),
    })
}

fn project(o: &Officer, org: &DistrictOrg, date: Date) -> Result<PublicOfficer> {
    PublicOfficer::project(o, org, date).ok_or_else(|| corrupt("an officer's unit is missing"))
}

/// A facet in the values' own order (the order the public lists domains and statuses in).
fn facet<T: serde::Serialize>(field: &str, counts: BTreeMap<T, u64>) -> Facet {
    Facet {
        field: field.to_owned(),
        counts: counts
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(value, count)| FacetCount {
                value: params::spelling(&value),
                count,
            })
            .collect(),
    }
}

/// Officers, ordered by certificate number, with counts by status and by domain.
#[utoipa::path(get, path = "/officers", tag = "roster", params(ListParams), responses(
    (status = 200, body = Page<PublicOfficer>, description = "Facets: `status` (counting every status, whatever `status` asks for) and `domain` (likewise); `total` is the filtered set's size"),
    (status = 400, body = ErrorBody),
    (status = 404, body = ErrorBody, description = "No such district, locality, zone or department"),
))]
async fn list(
    State(state): State<AppState>,
    params: std::result::Result<Query<ListParams>, QueryRejection>,
) -> Result<Json<Page<PublicOfficer>>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let filter = params.filter()?;
    let limit = paging::limit(params.limit.as_deref())?;
    let after = paging::decode_cursor(params.cursor.as_deref(), CertificateNumber::parse)?;

    // A place that does not exist is a 404, not an empty list.
    if let Some(l) = &filter.locality {
        state
            .store
            .district_of_locality(l)
            .await?
            .ok_or(ApiError::NotFound { what: "locality" })?;
    }
    if let Some(z) = &filter.zone {
        state
            .store
            .district_of_zone(z)
            .await?
            .ok_or(ApiError::NotFound { what: "zone" })?;
    }
    let officers = state.store.officers(filter.district.as_ref()).await?;
    if let Some(d) = &filter.district {
        state
            .store
            .district_org(d)
            .await?
            .ok_or(ApiError::NotFound { what: "district" })?;
    }
    let orgs = orgs_of(&state, &officers).await?;
    if let Some(d) = &filter.department
        && !orgs.values().any(|o| o.department(d).is_some())
    {
        return Err(ApiError::NotFound { what: "department" });
    }

    let mut statuses: BTreeMap<StatusKind, u64> = BTreeMap::new();
    let mut domains: BTreeMap<Domain, u64> = BTreeMap::new();
    let mut matching = Vec::new();
    for o in &officers {
        let Some(org) = orgs.get(&o.district) else {
            continue;
        };
        if filter.passes(o, org, Leave::Status) {
            let kind = o.certificate.status_on(filter.date).kind();
            *statuses.entry(kind).or_default() += 1;
        }
        if filter.passes(o, org, Leave::Domain) {
            for d in &o.certificate.categories {
                *domains.entry(*d).or_default() += 1;
            }
        }
        if filter.passes(o, org, Leave::Nothing) {
            matching.push((o, org));
        }
    }
    let total = matching.len() as u64;
    let page: Vec<_> = matching
        .into_iter()
        .filter(|(o, _)| after.as_ref().is_none_or(|a| &o.certificate.number > a))
        .take(limit as usize + 1)
        .map(|(o, org)| project(o, org, filter.date))
        .collect::<Result<_>>()?;
    let (items, next) = paging::split_page(page, limit, |o| o.certificate.to_string());
    Ok(Json(Page {
        items,
        next,
        facets: vec![facet("status", statuses), facet("domain", domains)],
        total: Some(total),
        total_is_lower_bound: false,
    }))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct DateParams {
    /// The as-of date, YYYY-MM-DD (default: today, China Standard Time).
    date: Option<String>,
}

fn number(raw: &str) -> Result<CertificateNumber> {
    CertificateNumber::parse(raw).map_err(|e| ApiError::invalid("number", e))
}

async fn officer_by_number(
    state: &AppState,
    number: &CertificateNumber,
) -> Result<(Officer, DistrictOrg)> {
    let officer = state
        .store
        .officer(number)
        .await?
        .ok_or(ApiError::NotFound {
            what: "certificate",
        })?;
    let org = state
        .store
        .district_org(&officer.district)
        .await?
        .ok_or_else(|| corrupt("an officer's district is missing"))?;
    Ok((officer, org))
}

/// An officer's public record, and where and what they may enforce on the date.
#[utoipa::path(get, path = "/officers/{certificate}", tag = "roster",
    params(("certificate" = String, Path, description = "Certificate number, e.g. 闽35060200001"), DateParams),
    responses(
        (status = 200, body = OfficerView),
        (status = 400, body = ErrorBody, description = "Not a certificate number"),
        (status = 404, body = ErrorBody, description = "No officer holds this number"),
    ))]
async fn detail(
    State(state): State<AppState>,
    Path(certificate): Path<String>,
    params: std::result::Result<Query<DateParams>, QueryRejection>,
) -> Result<Json<OfficerView>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let date = params::date("date", params.date.as_deref())?.unwrap_or_else(params::today);
    let number =
        CertificateNumber::parse(&certificate).map_err(|e| ApiError::invalid("certificate", e))?;
    let (officer, org) = officer_by_number(&state, &number).await?;
    let public = project(&officer, &org, date)?;
    let mut history = Vec::new();
    let mut matters = Vec::new();
    if public.status.is_valid() {
        // Only the matters the certificate's categories cover, and only at the places the
        // officer can work: a department's officer may hold any of them; a locality team's only
        // those delegated to its locality.
        let categories = &officer.certificate.categories;
        let places: Vec<LocalityId> = officer
            .places(&org, date)
            .into_iter()
            .map(|l| l.id.clone())
            .collect();
        let holds_anywhere = officer.acts_for_a_department(&org);
        history = state
            .store
            .acts_in_force(&org.district.code, categories, &places, date)
            .await?;
        let delegated: Vec<MatterCode>;
        let codes = if holds_anywhere {
            None
        } else {
            delegated = history
                .iter()
                .filter(|d| d.act == gongshi_domain::catalog::DelegationAct::Delegate)
                .map(|d| d.matter.clone())
                .collect();
            Some(delegated.as_slice())
        };
        matters = state
            .store
            .matters_of(&org.district.code, categories, codes)
            .await?;
    }
    let powers = powers(&org, &officer, &matters, &history, date);
    Ok(Json(OfficerView {
        officer: public,
        powers,
    }))
}

/// Check a certificate: its holder's public record and its status on the date. An unknown number
/// is a 404 whose `error.code` is `not_found`; a string that cannot be a number is a 400.
#[utoipa::path(get, path = "/certificates/{number}", tag = "roster",
    params(("number" = String, Path, description = "Certificate number as printed or typed (full-width and lower case accepted)"), DateParams),
    responses(
        (status = 200, body = PublicOfficer),
        (status = 400, body = ErrorBody, description = "Not a certificate number"),
        (status = 404, body = ErrorBody, description = "No certificate has this number"),
    ))]
async fn check(
    State(state): State<AppState>,
    Path(raw): Path<String>,
    params: std::result::Result<Query<DateParams>, QueryRejection>,
) -> Result<Json<PublicOfficer>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let date = params::date("date", params.date.as_deref())?.unwrap_or_else(params::today);
    let (officer, org) = officer_by_number(&state, &number(&raw)?).await?;
    project(&officer, &org, date).map(Json)
}

/// A zone's joint roster (片区联合执法人员名单) on a date: officers seconded to the zone, then each
/// member locality (centre first) with the officers seconded to it and its own team. Revoked and
/// not-yet-issued certificates are left out.
#[utoipa::path(get, path = "/zones/{id}/roster", tag = "roster",
    params(("id" = String, Path, description = "Zone id, e.g. xc-east"), DateParams),
    responses(
        (status = 200, body = ZoneRoster),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn zone_roster(
    State(state): State<AppState>,
    Path(id): Path<String>,
    params: std::result::Result<Query<DateParams>, QueryRejection>,
) -> Result<Json<ZoneRoster>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let date = params::date("date", params.date.as_deref())?.unwrap_or_else(params::today);
    let id = ZoneId::parse(id).map_err(|e| ApiError::invalid("id", e))?;
    let org = super::district_org(&state, state.store.district_of_zone(&id).await?, "zone").await?;
    let officers = state.store.officers(Some(&org.district.code)).await?;
    ZoneRoster::build(&org, &id, &officers, date)
        .map(Json)
        .ok_or(ApiError::NotFound { what: "zone" })
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub(super) struct AuthorizationParams {
    /// The officer's certificate number (required).
    officer: Option<String>,
    /// The matter code (required).
    matter: Option<String>,
    /// The locality where it happens (required).
    locality: Option<String>,
    /// The date, YYYY-MM-DD (default: today, China Standard Time).
    date: Option<String>,
}

/// May this officer enforce this matter at this locality on this date? Every check is reported:
/// the certificate's status, whether its categories cover the matter's domain, and whether the
/// officer works (own unit or secondment) for the authority that holds the matter there then.
#[utoipa::path(get, path = "/authorization", tag = "roster", params(AuthorizationParams), responses(
    (status = 200, body = AuthorizationView),
    (status = 400, body = ErrorBody),
    (status = 404, body = ErrorBody, description = "No such certificate, matter or locality, or the matter is not in the locality's district"),
))]
async fn authorization(
    State(state): State<AppState>,
    params: std::result::Result<Query<AuthorizationParams>, QueryRejection>,
) -> Result<Json<AuthorizationView>> {
    let Query(params) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let number = CertificateNumber::parse(params.officer.as_deref().unwrap_or_default())
        .map_err(|e| ApiError::invalid("officer", e))?;
    let code = MatterCode::parse(params.matter.as_deref().unwrap_or_default())
        .map_err(|e| ApiError::invalid("matter", e))?;
    let locality = LocalityId::parse(params.locality.as_deref().unwrap_or_default())
        .map_err(|e| ApiError::invalid("locality", e))?;
    let date = params::date("date", params.date.as_deref())?.unwrap_or_else(params::today);

    let officer = state
        .store
        .officer(&number)
        .await?
        .ok_or(ApiError::NotFound {
            what: "certificate",
        })?;
    let matter = state
        .store
        .matter(&code)
        .await?
        .ok_or(ApiError::NotFound { what: "matter" })?;
    let district = state.store.district_of_locality(&locality).await?;
    let org = super::district_org(&state, district, "locality").await?;
    let history = state
        .store
        .delegations(Some(&code), Some(&locality))
        .await?;
    let public = if officer.district == org.district.code {
        project(&officer, &org, date)?
    } else {
        let own = state
            .store
            .district_org(&officer.district)
            .await?
            .ok_or_else(|| corrupt("an officer's district is missing"))?;
        project(&officer, &own, date)?
    };
    AuthorizationView::build(&org, &officer, public, &matter, &history, &locality, date)
        .map(Json)
        .map_err(super::resolve_error)
}
