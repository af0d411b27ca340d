//! Wire types: what `/api/v1` answers and the browser reads. They carry data, not server logic; the
//! view builders here are pure functions of a [`DistrictOrg`] so both sides agree on their meaning.

use crate::{
    AuthorityId, AuthorityKind, DepartmentId, DistrictCode, DistrictOrg, Locality, LocalityId,
    LocalityKind, Name, PhoneNumber, TeamId, TeamKind, Text, ZoneId,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The machine-readable part of every error: stable across releases and languages, so clients
/// (our SPA among them) choose their own wording.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The resource named in the path does not exist.
    NotFound,
    /// No API route has this path.
    NoSuchRoute,
    /// The route exists but not for this method.
    MethodNotAllowed,
    /// A path or query parameter is malformed; `field` names it.
    InvalidParameter,
    /// The request body is too large.
    PayloadTooLarge,
    /// The request took too long.
    Timeout,
    /// The service cannot answer now (database unreachable, still starting); retry later.
    Unavailable,
    /// Something failed on our side; the details are in the server log, never in the response.
    Internal,
    /// The request body is not the JSON (or form) the route takes.
    InvalidBody,
    /// A submitted form has mistakes; `problems` lists them by field.
    InvalidForm,
    /// The proof-of-work solution is missing, wrong, expired or already used: fetch a new challenge.
    ChallengeFailed,
    /// Too many submissions from this address; `Retry-After` says when to try again.
    RateLimited,
    /// The Idempotency-Key was used before with a different body.
    IdempotencyKeyReused,
    /// The secret does not match, or the signed-in role or unit may not do this.
    Forbidden,
    /// A state-changing staff request without the session's CSRF token, or with another session's
    /// (the page was opened before someone signed in again in another tab): `GET /staff/me` has
    /// the current one.
    CsrfFailed,
    /// Not signed in: no session, an ended one, or a wrong user name or password.
    Unauthorized,
    /// A record (or an import's rows) has mistakes; `cells` (`roster_cells` for officers) lists
    /// them by line and column.
    InvalidRecord,
    /// The record's state does not allow this (already withdrawn, entered before gongshi kept it).
    Conflict,
}

/// The one error envelope: `{"error": {"code": …, "message": …, "field": …}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ErrorDetail {
    pub code: ErrorCode,
    /// A human-readable explanation in English, for developers; UIs translate `code` instead.
    pub message: String,
    /// The parameter at fault, for `invalid_parameter`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong with each field, for `invalid_form`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<crate::complaint::FieldError>,
    /// What is wrong with a record's cells, for `invalid_record`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub cells: Vec<crate::penalty_import::FieldProblem>,
    /// What is wrong with an officer's cells (the roster's form or import), for `invalid_record`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub roster_cells: Vec<crate::roster_import::RosterFieldProblem>,
    /// Why a secondment cannot be added or ended so, for `invalid_parameter` on the secondment
    /// routes (`field` names the form's field).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub secondment: Option<crate::roster_import::SecondmentChangeProblem>,
    /// What is wrong with a catalog round's acts, for `invalid_parameter` on `acts`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub round: Vec<crate::catalog_dataset::RoundProblem>,
    /// The effective date of the latest catalog round, which a new round may not precede, for
    /// `invalid_parameter` on a round's `effective`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub latest: Option<time::Date>,
}

/// One value of a facet and how many items in the whole filtered set have it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FacetCount {
    pub value: String,
    pub count: u64,
}

/// Counts of the filtered set by one field, ignoring paging.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Facet {
    pub field: String,
    pub counts: Vec<FacetCount>,
}

/// Every list answers in this shape. `next` is an opaque keyset cursor: pass it back as `cursor`
/// to get the following page; it is absent on the last page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Page<T> {
    pub items: Vec<T>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facets: Vec<Facet>,
    /// How many items the whole filtered set has, where the list counts it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
    /// Set when counting stopped at `total` and the set is larger ("more than 20,000").
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_is_lower_bound: bool,
}

/// Facets from counts of a set grouped by every facet field at once (`values[i]` is the group's
/// value of `fields[i]`), where `chosen[i]` is the filter on field `i`. Each facet counts the groups
/// that pass every *other* field's filter, so the facet of a filtered field still shows what
/// choosing another value would give; values are in order and zero counts left out.
pub fn disjunctive_facets<const N: usize>(
    fields: &[&str; N],
    chosen: &[Option<String>; N],
    groups: impl IntoIterator<Item = ([String; N], u64)>,
) -> Vec<Facet> {
    let groups: Vec<([String; N], u64)> = groups.into_iter().collect();
    (0..N)
        .map(|i| {
            let mut counts = std::collections::BTreeMap::<&str, u64>::new();
            for (values, n) in &groups {
                let others_pass = (0..N)
                    .filter(|j| *j != i)
                    .all(|j| chosen[j].as_ref().is_none_or(|c| *c == values[j]));
                if others_pass && *n > 0 {
                    *counts.entry(values[i].as_str()).or_default() += n;
                }
            }
            Facet {
                field: fields[i].to_owned(),
                counts: counts
                    .into_iter()
                    .map(|(value, count)| FacetCount {
                        value: value.to_owned(),
                        count,
                    })
                    .collect(),
            }
        })
        .collect()
}

impl Facet {
    /// The size of the filtered set, read off a facet that leaves out its own filter (see the
    /// server's facet rule): the count of the chosen value, or every count if none is chosen.
    pub fn total(&self, chosen: Option<&str>) -> u64 {
        self.counts
            .iter()
            .filter(|c| chosen.is_none_or(|v| c.value == v))
            .map(|c| c.count)
            .sum()
    }
}

/// The service's state, for load balancers and scripts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok` once the database is reachable and migrated.
    pub status: String,
    pub version: String,
}

/// A district as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DistrictSummary {
    pub code: DistrictCode,
    pub name: Name,
    pub province: Name,
    pub city: Option<Name>,
    pub demo: bool,
    pub zone_count: u32,
    pub locality_count: u32,
}

/// A short reference to a district, carried by every page inside it (for breadcrumbs and the
/// 示例数据 mark).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DistrictRef {
    pub code: DistrictCode,
    pub name: Name,
    pub demo: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DepartmentRef {
    pub id: DepartmentId,
    pub name: Name,
    pub short_name: Name,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DepartmentView {
    pub id: DepartmentId,
    pub name: Name,
    pub short_name: Name,
    pub phone: Option<PhoneNumber>,
    /// True for the district enforcement bureau.
    pub is_bureau: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuthorityRef {
    pub id: AuthorityId,
    pub name: Name,
    pub kind: AuthorityKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TeamRef {
    pub id: TeamId,
    pub name: Name,
    pub kind: TeamKind,
}

/// A district-level team, with the area it is posted to if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TeamView {
    pub id: TeamId,
    pub name: Name,
    pub kind: TeamKind,
    pub authority: AuthorityRef,
    pub area: Option<LocalityRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LocalityRef {
    pub id: LocalityId,
    pub name: Name,
    pub kind: LocalityKind,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZoneRef {
    pub id: ZoneId,
    pub name: Name,
}

/// A zone's lead (片长) and the department they come from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZoneLead {
    pub name: Name,
    pub department: DepartmentRef,
}

/// A zone as shown on its district's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZoneSummary {
    pub id: ZoneId,
    pub name: Name,
    pub lead: ZoneLead,
    pub centre: LocalityRef,
    /// Centre first.
    pub members: Vec<LocalityRef>,
}

/// `GET /api/v1/districts/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DistrictView {
    pub district: DistrictSummary,
    /// The district enforcement bureau.
    pub bureau: DepartmentRef,
    /// District-level teams: the mobile team and special-area teams.
    pub teams: Vec<TeamView>,
    pub departments: Vec<DepartmentView>,
    /// Every body that decides cases in its own name: the locality offices and the departments.
    pub authorities: Vec<AuthorityRef>,
    pub zones: Vec<ZoneSummary>,
    /// Subdistricts, towns and townships in no zone.
    pub unzoned: Vec<LocalityRef>,
    pub special_areas: Vec<LocalityRef>,
    /// Every unit officers belong to: the teams (localities' own, then the district's), then the
    /// departments; each with the authority in whose name it acts.
    pub units: Vec<UnitRef>,
}

/// A unit officers belong to (编制所在单位) and the authority in whose name it acts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct UnitRef {
    pub unit: crate::officer::Unit,
    pub name: Name,
    pub authority: AuthorityId,
}

impl DistrictView {
    /// Every locality and special area: the zones' members, then those in no zone.
    pub fn localities(&self) -> impl Iterator<Item = &LocalityRef> {
        self.zones
            .iter()
            .flat_map(|z| z.members.iter())
            .chain(self.unzoned.iter())
            .chain(self.special_areas.iter())
    }
}

/// One locality in a zone with the deputy lead it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZoneMember {
    pub locality: LocalityRef,
    pub deputy_lead: Option<Name>,
    pub is_centre: bool,
}

/// `GET /api/v1/zones/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZoneView {
    pub id: ZoneId,
    pub name: Name,
    pub district: DistrictRef,
    pub lead: ZoneLead,
    pub legal_reviewer: Name,
    /// Centre first.
    pub members: Vec<ZoneMember>,
}

/// A locality as listed by `GET /api/v1/localities`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LocalitySummary {
    pub id: LocalityId,
    pub name: Name,
    pub kind: LocalityKind,
    pub district: DistrictRef,
    pub zone: Option<ZoneRef>,
}

/// `GET /api/v1/localities/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LocalityView {
    pub id: LocalityId,
    pub name: Name,
    pub kind: LocalityKind,
    pub district: DistrictRef,
    pub zone: Option<ZoneRef>,
    pub is_zone_centre: bool,
    pub deputy_lead: Option<Name>,
    /// In whose name matters here are enforced.
    pub authority: AuthorityRef,
    pub team: TeamRef,
    pub address: Text,
    pub supervision_phone: PhoneNumber,
}

impl DistrictOrg {
    pub fn district_ref(&self) -> DistrictRef {
        DistrictRef {
            code: self.district.code.clone(),
            name: self.district.name.clone(),
            demo: self.district.demo,
        }
    }

    pub(crate) fn department_ref(&self, id: &DepartmentId) -> Option<DepartmentRef> {
        self.department(id).map(|d| DepartmentRef {
            id: d.id.clone(),
            name: d.name.clone(),
            short_name: d.short_name.clone(),
        })
    }

    pub fn authority_ref(&self, id: &AuthorityId) -> Option<AuthorityRef> {
        self.authority(id).map(|a| AuthorityRef {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind,
        })
    }

    fn zone_lead(&self, zone: &crate::Zone) -> Option<ZoneLead> {
        Some(ZoneLead {
            name: zone.lead.clone(),
            department: self.department_ref(&zone.lead_department)?,
        })
    }

    /// The district as a list item.
    pub fn summary(&self) -> DistrictSummary {
        DistrictSummary {
            code: self.district.code.clone(),
            name: self.district.name.clone(),
            province: self.district.province.clone(),
            city: self.district.city.clone(),
            demo: self.district.demo,
            zone_count: u32::try_from(self.zones.len()).unwrap_or(u32::MAX),
            locality_count: u32::try_from(self.localities.len()).unwrap_or(u32::MAX),
        }
    }

    /// The district page. `None` only if the organisation is inconsistent (a dangling reference),
    /// which [`crate::dataset`] rules out for everything it loads.
    pub fn view(&self) -> Option<DistrictView> {
        let bureau = self.department_ref(&self.district.bureau)?;
        let mut teams = Vec::new();
        for t in self.teams.iter().filter(|t| t.kind != TeamKind::Locality) {
            teams.push(TeamView {
                id: t.id.clone(),
                name: t.name.clone(),
                kind: t.kind,
                authority: self.authority_ref(&t.authority)?,
                area: t
                    .area
                    .as_ref()
                    .and_then(|a| self.locality(a))
                    .map(locality_ref),
            });
        }
        let mut zones = Vec::new();
        for z in &self.zones {
            zones.push(ZoneSummary {
                id: z.id.clone(),
                name: z.name.clone(),
                lead: self.zone_lead(z)?,
                centre: locality_ref(self.locality(&z.centre)?),
                members: self
                    .zone_members(&z.id)
                    .into_iter()
                    .map(locality_ref)
                    .collect(),
            });
        }
        let by_kind = |special: bool| {
            self.localities
                .iter()
                .filter(|l| (l.kind == LocalityKind::SpecialArea) == special && l.zone.is_none())
                .map(locality_ref)
                .collect::<Vec<_>>()
        };
        Some(DistrictView {
            district: self.summary(),
            bureau,
            teams,
            departments: self
                .departments
                .iter()
                .map(|d| DepartmentView {
                    id: d.id.clone(),
                    name: d.name.clone(),
                    short_name: d.short_name.clone(),
                    phone: d.phone.clone(),
                    is_bureau: d.id == self.district.bureau,
                })
                .collect(),
            authorities: self
                .authorities
                .iter()
                .map(|a| AuthorityRef {
                    id: a.id.clone(),
                    name: a.name.clone(),
                    kind: a.kind,
                })
                .collect(),
            zones,
            unzoned: by_kind(false),
            special_areas: by_kind(true),
            units: self.units(),
        })
    }

    /// Every unit officers belong to, with its authority; locality teams first.
    fn units(&self) -> Vec<UnitRef> {
        let mut teams: Vec<_> = self.teams.iter().collect();
        teams.sort_by_key(|t| t.kind != TeamKind::Locality);
        let teams = teams.into_iter().map(|t| UnitRef {
            unit: crate::officer::Unit::Team(t.id.clone()),
            name: t.name.clone(),
            authority: t.authority.clone(),
        });
        let departments = self.departments.iter().filter_map(|d| {
            let unit = crate::officer::Unit::Department(d.id.clone());
            Some(UnitRef {
                authority: unit.authority(self)?,
                unit,
                name: d.name.clone(),
            })
        });
        teams.chain(departments).collect()
    }

    /// A zone's page, if the zone is in this district.
    pub fn zone_view(&self, id: &ZoneId) -> Option<ZoneView> {
        let zone = self.zone(id)?;
        Some(ZoneView {
            id: zone.id.clone(),
            name: zone.name.clone(),
            district: self.district_ref(),
            lead: self.zone_lead(zone)?,
            legal_reviewer: zone.legal_reviewer.clone(),
            members: self
                .zone_members(id)
                .into_iter()
                .map(|l| ZoneMember {
                    locality: locality_ref(l),
                    deputy_lead: l.deputy_lead.clone(),
                    is_centre: l.id == zone.centre,
                })
                .collect(),
        })
    }

    pub(crate) fn zone_ref(&self, id: Option<&ZoneId>) -> Option<ZoneRef> {
        id.and_then(|z| self.zone(z)).map(|z| ZoneRef {
            id: z.id.clone(),
            name: z.name.clone(),
        })
    }

    /// A locality as a list item.
    pub fn locality_summary(&self, l: &Locality) -> LocalitySummary {
        LocalitySummary {
            id: l.id.clone(),
            name: l.name.clone(),
            kind: l.kind,
            district: self.district_ref(),
            zone: self.zone_ref(l.zone.as_ref()),
        }
    }

    /// A locality's page, if the locality is in this district.
    pub fn locality_view(&self, id: &LocalityId) -> Option<LocalityView> {
        let l = self.locality(id)?;
        let team = self.team(&l.team)?;
        Some(LocalityView {
            id: l.id.clone(),
            name: l.name.clone(),
            kind: l.kind,
            district: self.district_ref(),
            zone: self.zone_ref(l.zone.as_ref()),
            is_zone_centre: self.zones.iter().any(|z| z.centre == l.id),
            deputy_lead: l.deputy_lead.clone(),
            authority: self.authority_ref(&l.authority)?,
            team: TeamRef {
                id: team.id.clone(),
                name: team.name.clone(),
                kind: team.kind,
            },
            address: l.address.clone(),
            supervision_phone: l.supervision_phone.clone(),
        })
    }
}

pub fn locality_ref(l: &Locality) -> LocalityRef {
    LocalityRef {
        id: l.id.clone(),
        name: l.name.clone(),
        kind: l.kind,
    }
}

/// A matter as listed and as referred to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MatterRef {
    pub code: crate::catalog::MatterCode,
    pub name: Name,
}

/// One act in a matter's history at a locality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ActView {
    pub act: crate::catalog::DelegationAct,
    pub effective: time::Date,
    pub document: crate::catalog::DocumentNumber,
}

/// A matter at one locality: who holds it on the date asked and the history that led there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MatterAtLocality {
    pub locality: LocalityRef,
    /// Delegated to the locality on the date asked.
    pub delegated: bool,
    /// Since when the current state holds (the act in force), if any act applies.
    pub since: Option<time::Date>,
    pub acts: Vec<ActView>,
}

/// `GET /api/v1/matters/{code}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct MatterView {
    pub matter: crate::catalog::Matter,
    pub district: DistrictRef,
    pub department: DepartmentRef,
    /// The date the per-locality state is given for.
    pub as_of: time::Date,
    /// Every locality of the district (special areas excepted: nothing is delegated to them).
    pub localities: Vec<MatterAtLocality>,
}

/// `GET /api/v1/jurisdiction`: the resolver's answer with what a citizen needs to act on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct JurisdictionView {
    pub matter: MatterRef,
    pub class: crate::catalog::MatterClass,
    pub locality: LocalityRef,
    pub district: DistrictRef,
    pub date: time::Date,
    pub authority: AuthorityRef,
    pub team: Option<TeamRef>,
    pub reasons: Vec<crate::catalog::Reason>,
    /// How to reach the body that acts.
    pub contact: Contact,
    /// Where a complaint about this enforcement goes, first channel first.
    pub complaints: Vec<ComplaintChannel>,
}

/// A body's public telephone and office address, as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Contact {
    pub name: Name,
    pub phone: Option<PhoneNumber>,
    pub address: Option<Text>,
}

/// Why a complaint channel is listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChannelRole {
    /// The locality's supervision line (监督电话), for enforcement in its name or in its area.
    LocalitySupervision,
    /// The department that enforces the matter in its own name.
    Department,
    /// A class B or C matter: the delegating department still takes complaints and refers leads.
    DelegatingDepartment,
}

/// One place a complaint about the enforcement can go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ComplaintChannel {
    pub role: ChannelRole,
    pub name: Name,
    pub phone: Option<PhoneNumber>,
}

/// One act in `GET /api/v1/localities/{id}/catalog/changes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CatalogChange {
    pub matter: MatterRef,
    pub act: crate::catalog::DelegationAct,
    pub effective: time::Date,
    pub document: crate::catalog::DocumentNumber,
}

impl DistrictOrg {
    /// A matter's page: its state and history at every locality on `as_of`.
    pub fn matter_view(
        &self,
        matter: crate::catalog::Matter,
        history: &[crate::catalog::Delegation],
        as_of: time::Date,
    ) -> Option<MatterView> {
        use crate::catalog::{DelegationAct, act_in_force};
        let department = self.department_ref(&matter.department)?;
        let localities = self
            .localities
            .iter()
            .filter(|l| l.kind != LocalityKind::SpecialArea)
            .map(|l| {
                let in_force = act_in_force(history, &matter.code, &l.id, as_of);
                MatterAtLocality {
                    locality: locality_ref(l),
                    delegated: in_force.is_some_and(|d| d.act == DelegationAct::Delegate),
                    since: in_force.map(|d| d.effective),
                    acts: history
                        .iter()
                        .filter(|d| d.matter == matter.code && d.locality == l.id)
                        .map(|d| ActView {
                            act: d.act,
                            effective: d.effective,
                            document: d.document.clone(),
                        })
                        .collect(),
                }
            })
            .collect();
        Some(MatterView {
            district: self.district_ref(),
            department,
            as_of,
            localities,
            matter,
        })
    }

    /// The resolver's answer, dressed for the public: the body that acts, how to reach it and
    /// where complaints about it go.
    pub fn jurisdiction_view(
        &self,
        matter: &crate::catalog::Matter,
        history: &[crate::catalog::Delegation],
        locality: &LocalityId,
        date: time::Date,
    ) -> Result<JurisdictionView, crate::catalog::ResolveError> {
        use crate::catalog::{MatterClass, ResolveError};
        let j = crate::catalog::resolve(self, matter, history, locality, date)?;
        let place = self
            .locality(locality)
            .ok_or(ResolveError::UnknownLocality)?;
        let authority = self
            .authority_ref(&j.authority)
            .ok_or(ResolveError::Inconsistent(
                "the answer names an unknown authority",
            ))?;
        let department = self
            .department(&matter.department)
            .ok_or(ResolveError::UnknownDepartment)?;
        let team = j.team.as_ref().and_then(|t| self.team(t)).map(|t| TeamRef {
            id: t.id.clone(),
            name: t.name.clone(),
            kind: t.kind,
        });
        let supervision = ComplaintChannel {
            role: ChannelRole::LocalitySupervision,
            name: place.name.clone(),
            phone: Some(place.supervision_phone.clone()),
        };
        // The place's own office acts for a locality authority and for the team posted to a special
        // area; otherwise the department that keeps the matter does.
        let place_acts = j.authority == place.authority;
        let (contact, complaints) = if place_acts {
            let mut complaints = vec![supervision];
            if authority.kind == AuthorityKind::LocalityOffice
                && matches!(matter.class, MatterClass::B | MatterClass::C)
            {
                complaints.push(ComplaintChannel {
                    role: ChannelRole::DelegatingDepartment,
                    name: department.name.clone(),
                    phone: department.phone.clone(),
                });
            }
            let contact = Contact {
                name: team
                    .as_ref()
                    .map_or_else(|| authority.name.clone(), |t| t.name.clone()),
                phone: Some(place.supervision_phone.clone()),
                address: Some(place.address.clone()),
            };
            (contact, complaints)
        } else {
            let contact = Contact {
                name: department.name.clone(),
                phone: department.phone.clone(),
                address: None,
            };
            let complaints = vec![ComplaintChannel {
                role: ChannelRole::Department,
                name: department.name.clone(),
                phone: department.phone.clone(),
            }];
            (contact, complaints)
        };
        Ok(JurisdictionView {
            matter: MatterRef {
                code: matter.code.clone(),
                name: matter.name.clone(),
            },
            class: matter.class,
            locality: locality_ref(place),
            district: self.district_ref(),
            date,
            authority,
            team,
            reasons: j.reasons,
            contact,
            complaints,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn groups() -> Vec<([String; 2], u64)> {
        [
            ("water", "A", 2),
            ("water", "B", 1),
            ("urban", "A", 5),
            ("urban", "C", 0),
        ]
        .into_iter()
        .map(|(d, c, n)| ([d.to_owned(), c.to_owned()], n))
        .collect()
    }

    fn counts(f: &Facet) -> Vec<(&str, u64)> {
        f.counts
            .iter()
            .map(|c| (c.value.as_str(), c.count))
            .collect()
    }

    #[test]
    fn unfiltered_facets_count_everything_in_order_without_zeros() {
        let facets = disjunctive_facets(&["domain", "class"], &[None, None], groups());
        assert_eq!(counts(&facets[0]), [("urban", 5), ("water", 3)]);
        assert_eq!(counts(&facets[1]), [("A", 7), ("B", 1)]);
        assert_eq!(facets[0].total(None), 8);
    }

    #[test]
    fn a_facet_ignores_its_own_filter_and_obeys_the_others() {
        let chosen = [Some("water".to_owned()), None];
        let facets = disjunctive_facets(&["domain", "class"], &chosen, groups());
        assert_eq!(
            counts(&facets[0]),
            [("urban", 5), ("water", 3)],
            "every domain, as if chosen instead"
        );
        assert_eq!(counts(&facets[1]), [("A", 2), ("B", 1)], "water only");
        assert_eq!(facets[0].total(Some("water")), 3, "the list's size");
        assert_eq!(facets[1].total(None), 3, "agrees");

        let chosen = [Some("water".to_owned()), Some("B".to_owned())];
        let facets = disjunctive_facets(&["domain", "class"], &chosen, groups());
        assert_eq!(counts(&facets[0]), [("water", 1)]);
        assert_eq!(counts(&facets[1]), [("A", 2), ("B", 1)]);
        assert_eq!(facets[0].total(Some("water")), 1);
        assert_eq!(facets[1].total(Some("B")), 1);
    }
}
