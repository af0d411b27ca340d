//! Officers (行政执法人员), their own unit, secondments (下沉 / 派驻), and the question the public asks
//! of a person in uniform: "may officer O enforce matter M at locality L on date D?".
//!
//! An [`Officer`] as stored carries personal data (ID number, birth date, phone, home address) the
//! staff side needs. It is deliberately neither `Serialize` nor a schema: the only officer type that
//! can be written to a response is [`PublicOfficer`], built field by field from what the law says is
//! published — name, certificate number, unit, categories, area, validity, status, secondments.
//!
//! Auxiliaries (执法辅助人员) are a separate type with no certificate: they may not enforce alone and
//! are never listed as officers.

use crate::api::{
    AuthorityRef, DepartmentRef, DistrictRef, LocalityRef, MatterRef, TeamRef, ZoneRef,
    locality_ref,
};
use crate::catalog::{Delegation, Domain, Matter, ResolveError, resolve};
use crate::certificate::{Certificate, CertificateNumber, CertificateStatus, StatusKind};
pub use crate::ids::{AuxiliaryId, OfficerId};
use crate::{
    AuthorityId, DepartmentId, DistrictCode, DistrictOrg, LocalityId, Name, PhoneNumber, TeamId,
    Text, ZoneId,
};
use serde::{Deserialize, Serialize};
use time::Date;
use utoipa::ToSchema;

/// The unit an officer belongs to (编制所在单位): a team (a locality's team, the bureau's mobile or
/// special-area team) or a district department.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    Team(TeamId),
    Department(DepartmentId),
}

impl Unit {
    /// The authority in whose name the unit acts.
    pub fn authority(&self, org: &DistrictOrg) -> Option<AuthorityId> {
        match self {
            Self::Team(t) => org.team(t).map(|t| t.authority.clone()),
            Self::Department(d) => org
                .department(d)
                .and_then(|d| AuthorityId::parse(d.id.as_str()).ok())
                .filter(|a| org.authority(a).is_some()),
        }
    }

    /// The locality whose own team this is, if it is one.
    pub fn locality<'a>(&self, org: &'a DistrictOrg) -> Option<&'a crate::Locality> {
        let Self::Team(t) = self else { return None };
        let team = org.team(t)?;
        org.localities
            .iter()
            .find(|l| &l.team == t && team.kind == crate::TeamKind::Locality)
    }
}

/// Where a secondment posts an officer: one locality, or a joint zone (any of its members).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Posting {
    Locality(LocalityId),
    Zone(ZoneId),
}

/// A department officer working in a locality or zone for a period (下沉 / 派驻). The officer keeps
/// their department: the secondment adds an authority they work for, it does not replace one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Secondment {
    #[serde(flatten)]
    pub to: Posting,
    pub from: Date,
    /// The last day; open-ended when absent.
    pub until: Option<Date>,
}

impl Secondment {
    pub fn in_force(&self, date: Date) -> bool {
        self.from <= date && self.until.is_none_or(|u| date <= u)
    }

    /// Whether the posting covers `locality` (the locality itself, or a member of the zone).
    pub fn covers(&self, org: &DistrictOrg, locality: &LocalityId) -> bool {
        match &self.to {
            Posting::Locality(l) => l == locality,
            Posting::Zone(z) => org
                .locality(locality)
                .is_some_and(|l| l.zone.as_ref() == Some(z)),
        }
    }
}

/// Personal data the staff side keeps and the public never sees.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Personal {
    /// 居民身份证号码.
    pub id_number: Option<Text>,
    pub birth_date: Option<Date>,
    pub phone: Option<PhoneNumber>,
    pub home_address: Option<Text>,
}

/// An officer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Officer {
    pub id: OfficerId,
    pub district: DistrictCode,
    pub name: Name,
    pub unit: Unit,
    pub certificate: Certificate,
    pub secondments: Vec<Secondment>,
    pub personal: Personal,
}

/// An enforcement auxiliary (执法辅助人员): no certificate, never enforces alone, never listed as an
/// officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Auxiliary {
    pub id: AuxiliaryId,
    pub district: DistrictCode,
    pub name: Name,
    pub unit: Unit,
    pub personal: Personal,
}

/// How an officer comes to work for an authority.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "via", rename_all = "snake_case")]
pub enum Via {
    /// Their own unit acts in that authority's name.
    OwnUnit,
    /// A secondment in force on the date.
    Secondment {
        to: Posting,
        from: Date,
        until: Option<Date>,
    },
}

/// One condition of an authorization, with whether it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "check", rename_all = "snake_case")]
pub enum Check {
    /// The certificate must be valid on the date.
    Certificate { status: CertificateStatus },
    /// The certificate's categories must cover the matter's domain.
    Category { domain: Domain, covered: bool },
    /// The officer must work (own unit or secondment) for the authority that holds the matter there
    /// then; `via` is absent when they do not.
    Assignment {
        authority: AuthorityId,
        via: Option<Via>,
    },
}

impl Check {
    pub fn holds(&self) -> bool {
        match self {
            Self::Certificate { status } => status.is_valid(),
            Self::Category { covered, .. } => *covered,
            Self::Assignment { via, .. } => via.is_some(),
        }
    }
}

/// The answer to "may this officer enforce this matter here on this date?".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Authorization {
    pub allowed: bool,
    /// Who holds the matter there then (the jurisdiction resolver's answer).
    pub jurisdiction: crate::catalog::Jurisdiction,
    /// Every condition, in the order a citizen would check them; all must hold.
    pub checks: Vec<Check>,
}

impl Officer {
    /// The authorities the officer works for on `date` at `locality`, and how.
    pub fn assignment(
        &self,
        org: &DistrictOrg,
        authority: &AuthorityId,
        locality: &LocalityId,
        date: Date,
    ) -> Option<Via> {
        if self.district != org.district.code {
            return None;
        }
        if self.unit.authority(org).as_ref() == Some(authority) {
            return Some(Via::OwnUnit);
        }
        // A secondment adds a locality office's authority, never the bureau's at a special area.
        let place = org.locality(locality)?;
        let office = org
            .authority(&place.authority)
            .is_some_and(|a| a.kind == crate::AuthorityKind::LocalityOffice);
        if &place.authority != authority || !office {
            return None;
        }
        self.secondments
            .iter()
            .find(|s| s.in_force(date) && s.covers(org, locality))
            .map(|s| Via::Secondment {
                to: s.to.clone(),
                from: s.from,
                until: s.until,
            })
    }

    /// The secondments in force on `date`.
    pub fn seconded_on(&self, date: Date) -> impl Iterator<Item = &Secondment> {
        self.secondments.iter().filter(move |s| s.in_force(date))
    }

    /// Whether the officer works at `locality` on `date`: their own locality team, or a secondment
    /// covering it.
    pub fn works_at(&self, org: &DistrictOrg, locality: &LocalityId, date: Date) -> bool {
        self.unit.locality(org).is_some_and(|l| &l.id == locality)
            || self.seconded_on(date).any(|s| s.covers(org, locality))
    }

    /// Whether the officer is on `zone`'s joint roster on `date`: seconded to the zone or to one of
    /// its members, or on a member's own team.
    pub fn in_zone(&self, org: &DistrictOrg, zone: &ZoneId, date: Date) -> bool {
        let member = |l: &LocalityId| {
            org.locality(l)
                .is_some_and(|l| l.zone.as_ref() == Some(zone))
        };
        self.unit.locality(org).is_some_and(|l| member(&l.id))
            || self.seconded_on(date).any(|s| match &s.to {
                Posting::Zone(z) => z == zone,
                Posting::Locality(l) => member(l),
            })
    }

    /// The localities where the officer can work for someone on `date`, so the only places
    /// [`authorize`] can allow: every locality when their own unit acts in a department's name
    /// (a department may hold a matter anywhere), else the places whose authority is their own
    /// (a locality team's home); and the places a secondment in force covers.
    pub fn places<'a>(&self, org: &'a DistrictOrg, date: Date) -> Vec<&'a crate::Locality> {
        let own = self.unit.authority(org);
        let own_is_department = self.acts_for_a_department(org);
        org.localities
            .iter()
            .filter(|l| {
                own_is_department
                    || own.as_ref() == Some(&l.authority)
                    || self.seconded_on(date).any(|s| s.covers(org, &l.id))
            })
            .collect()
    }

    /// Whether the officer's own unit acts in a department's name (a department's officers, and
    /// the bureau's mobile and special-area teams), so may hold matters anywhere in the district.
    pub fn acts_for_a_department(&self, org: &DistrictOrg) -> bool {
        self.unit
            .authority(org)
            .and_then(|a| org.authority(&a).map(|a| a.kind))
            == Some(crate::AuthorityKind::Department)
    }

    /// The department the officer belongs to, if their unit is one.
    pub fn department(&self) -> Option<&DepartmentId> {
        match &self.unit {
            Unit::Department(d) => Some(d),
            Unit::Team(_) => None,
        }
    }
}

/// May `officer` enforce `matter` at `locality` on `date`? Every check is reported, not just the
/// first that fails, so the answer explains itself.
pub fn authorize(
    org: &DistrictOrg,
    officer: &Officer,
    matter: &Matter,
    history: &[Delegation],
    locality: &LocalityId,
    date: Date,
) -> Result<Authorization, ResolveError> {
    let jurisdiction = resolve(org, matter, history, locality, date)?;
    let checks = vec![
        Check::Certificate {
            status: officer.certificate.status_on(date),
        },
        Check::Category {
            domain: matter.domain,
            covered: officer.certificate.covers(matter.domain),
        },
        Check::Assignment {
            authority: jurisdiction.authority.clone(),
            via: officer.assignment(org, &jurisdiction.authority, locality, date),
        },
    ];
    Ok(Authorization {
        allowed: checks.iter().all(Check::holds),
        jurisdiction,
        checks,
    })
}

/// The unit as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum UnitView {
    Team {
        team: TeamRef,
        /// For a locality's own team.
        locality: Option<LocalityRef>,
    },
    Department {
        department: DepartmentRef,
    },
}

/// Where a secondment posts an officer, as the public sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PostingView {
    Locality { locality: LocalityRef },
    Zone { zone: ZoneRef },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SecondmentView {
    pub to: PostingView,
    pub from: Date,
    pub until: Option<Date>,
}

/// The period printed on the card: from the issue or last renewal in force, to its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Validity {
    pub from: Date,
    pub until: Date,
}

/// Everything about an officer that may be published, and nothing else. Built only by
/// [`PublicOfficer::project`], field by field; there is no way from here to personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicOfficer {
    pub name: Name,
    pub certificate: CertificateNumber,
    pub district: DistrictRef,
    pub unit: UnitView,
    /// The enforcement categories on the certificate (执法类别).
    pub categories: Vec<Domain>,
    /// The area on the certificate (执法区域).
    pub area: Name,
    pub issuer: Name,
    pub validity: Option<Validity>,
    /// The status on `as_of`.
    pub status: CertificateStatus,
    pub as_of: Date,
    /// Secondments in force on `as_of`, and those to come.
    pub secondments: Vec<SecondmentView>,
}

impl PublicOfficer {
    /// The public projection of `officer` on `date`. `None` when the record refers to a unit the
    /// organisation does not have (the dataset checks make that impossible for loaded data).
    pub fn project(officer: &Officer, org: &DistrictOrg, date: Date) -> Option<Self> {
        let unit = match &officer.unit {
            Unit::Team(t) => {
                let team = org.team(t)?;
                UnitView::Team {
                    team: TeamRef {
                        id: team.id.clone(),
                        name: team.name.clone(),
                        kind: team.kind,
                    },
                    locality: officer.unit.locality(org).map(locality_ref),
                }
            }
            Unit::Department(d) => UnitView::Department {
                department: org.department_ref(d)?,
            },
        };
        let secondments = officer
            .secondments
            .iter()
            .filter(|s| s.until.is_none_or(|u| date <= u))
            .map(|s| {
                let to = match &s.to {
                    Posting::Locality(l) => PostingView::Locality {
                        locality: locality_ref(org.locality(l)?),
                    },
                    Posting::Zone(z) => PostingView::Zone {
                        zone: org.zone_ref(Some(z))?,
                    },
                };
                Some(SecondmentView {
                    to,
                    from: s.from,
                    until: s.until,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        let c = &officer.certificate;
        Some(Self {
            name: officer.name.clone(),
            certificate: c.number.clone(),
            district: org.district_ref(),
            unit,
            categories: c.categories.clone(),
            area: c.area.clone(),
            issuer: c.issuer.clone(),
            validity: c
                .validity_on(date)
                .map(|(from, until)| Validity { from, until }),
            status: c.status_on(date),
            as_of: date,
            secondments,
        })
    }
}

/// Which officers `GET /api/v1/officers` lists, all judged on `date`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RosterFilter {
    pub district: Option<DistrictCode>,
    /// Working there: its own team, or seconded to it or to its zone.
    pub locality: Option<LocalityId>,
    /// On the zone's joint roster.
    pub zone: Option<ZoneId>,
    /// Belonging to the department (for the bureau: its mobile and special-area teams too).
    pub department: Option<DepartmentId>,
    /// The certificate covers it.
    pub domain: Option<Domain>,
    pub status: Option<StatusKind>,
    pub seconded: Option<bool>,
    /// Part of the name or of the certificate number, normalised like a search
    /// ([`crate::search::normalise_text`]).
    pub q: Option<String>,
    pub date: Date,
}

/// Which of a filter's conditions to leave out (for facets that count their own alternatives).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Leave {
    Nothing,
    Status,
    Domain,
}

impl RosterFilter {
    /// Whether `o` passes every condition but the one left out. `org` is the officer's district.
    pub fn passes(&self, o: &Officer, org: &DistrictOrg, leave: Leave) -> bool {
        let date = self.date;
        self.district.as_ref().is_none_or(|d| &o.district == d)
            && self
                .locality
                .as_ref()
                .is_none_or(|l| o.works_at(org, l, date))
            && self.zone.as_ref().is_none_or(|z| o.in_zone(org, z, date))
            && self.department.as_ref().is_none_or(|d| {
                o.unit
                    .authority(org)
                    .is_some_and(|a| a.as_str() == d.as_str())
            })
            && (leave == Leave::Domain || self.domain.is_none_or(|d| o.certificate.covers(d)))
            && (leave == Leave::Status
                || self
                    .status
                    .is_none_or(|s| o.certificate.status_on(date).kind() == s))
            && self
                .seconded
                .is_none_or(|b| o.seconded_on(date).next().is_some() == b)
            && self.q.as_ref().is_none_or(|q| {
                o.name.as_str().contains(q.as_str())
                    || o.certificate.number.as_str().contains(q.as_str())
            })
    }
}

/// How someone is on a zone's joint roster (片区联合执法人员名单).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "role", rename_all = "snake_case")]
pub enum RosterRole {
    /// A department's officer seconded to the zone.
    ZoneSecondment,
    /// A department's officer seconded to a member locality.
    LocalitySecondment { locality: LocalityRef },
    /// An officer of a member locality's own team.
    LocalityTeam { locality: LocalityRef },
}

/// One line of a zone's joint roster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RosterEntry {
    pub role: RosterRole,
    pub officer: PublicOfficer,
}

/// `GET /api/v1/zones/{id}/roster`: who enforces jointly in the zone on a date. Officers whose
/// certificate is revoked or not yet issued then are not on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ZoneRoster {
    pub zone: ZoneRef,
    pub district: DistrictRef,
    pub date: Date,
    pub entries: Vec<RosterEntry>,
}

impl ZoneRoster {
    /// The roster of `zone` on `date` from the district's officers: zone secondments first, then
    /// each member locality (centre first) with its seconded officers and its own team.
    pub fn build(
        org: &DistrictOrg,
        zone: &ZoneId,
        officers: &[Officer],
        date: Date,
    ) -> Option<Self> {
        let z = org.zone(zone)?;
        let on_roster = |o: &&Officer| {
            !matches!(
                o.certificate.status_on(date).kind(),
                StatusKind::Revoked | StatusKind::NotIssued
            )
        };
        let mut entries = Vec::new();
        let mut push = |o: &Officer, role: RosterRole| {
            if let Some(officer) = PublicOfficer::project(o, org, date) {
                entries.push(RosterEntry { role, officer });
            }
        };
        for o in officers.iter().filter(on_roster) {
            if o.seconded_on(date)
                .any(|s| s.to == Posting::Zone(zone.clone()))
            {
                push(o, RosterRole::ZoneSecondment);
            }
        }
        for member in org.zone_members(zone) {
            for o in officers.iter().filter(on_roster) {
                let seconded_here = o
                    .seconded_on(date)
                    .any(|s| s.to == Posting::Locality(member.id.clone()));
                if seconded_here {
                    push(
                        o,
                        RosterRole::LocalitySecondment {
                            locality: locality_ref(member),
                        },
                    );
                }
            }
            for o in officers.iter().filter(on_roster) {
                if o.unit.locality(org).is_some_and(|l| l.id == member.id) {
                    push(
                        o,
                        RosterRole::LocalityTeam {
                            locality: locality_ref(member),
                        },
                    );
                }
            }
        }
        Some(Self {
            zone: org.zone_ref(Some(&z.id))?,
            district: org.district_ref(),
            date,
            entries,
        })
    }
}

/// How many matters of one domain an officer may enforce at a place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DomainCount {
    pub domain: Domain,
    pub count: u32,
}

/// Where an officer may enforce on a date, in whose name, how they come to, and how many matters
/// of each of their categories.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Power {
    pub locality: LocalityRef,
    pub authority: AuthorityRef,
    pub via: Via,
    pub domains: Vec<DomainCount>,
}

/// `GET /api/v1/officers/{certificate}`: the public record and what it allows on the date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OfficerView {
    pub officer: PublicOfficer,
    /// Empty when the certificate is not valid on the date.
    pub powers: Vec<Power>,
}

/// Where and what `officer` may enforce on `date`: at every place they can work
/// ([`Officer::places`]), every matter of `matters` their categories cover, through [`authorize`].
/// `history` holds the acts that decide those matters there (the whole history, or only the acts
/// in force on `date`; other acts are ignored); `matters` needs every matter the officer might
/// hold, and may hold more.
pub fn powers(
    org: &DistrictOrg,
    officer: &Officer,
    matters: &[Matter],
    history: &[Delegation],
    date: Date,
) -> Vec<Power> {
    if !officer.certificate.status_on(date).is_valid() {
        return Vec::new();
    }
    // Each (locality, matter) pair's own acts, so that every question reads a handful of acts
    // instead of the whole history.
    let mut acts: std::collections::HashMap<
        (&LocalityId, &crate::catalog::MatterCode),
        Vec<Delegation>,
    > = std::collections::HashMap::new();
    for d in history {
        acts.entry((&d.locality, &d.matter))
            .or_default()
            .push(d.clone());
    }
    let covered: Vec<&Matter> = matters
        .iter()
        .filter(|m| officer.certificate.covers(m.domain))
        .collect();
    let mut out = Vec::new();
    for place in officer.places(org, date) {
        let mut by_authority: Vec<(AuthorityId, Via, std::collections::BTreeMap<Domain, u32>)> =
            Vec::new();
        for m in &covered {
            let history = acts
                .get(&(&place.id, &m.code))
                .map_or(&[][..], Vec::as_slice);
            let Ok(a) = authorize(org, officer, m, history, &place.id, date) else {
                continue;
            };
            if !a.allowed {
                continue;
            }
            let via = a.checks.into_iter().find_map(|c| match c {
                Check::Assignment { via, .. } => via,
                _ => None,
            });
            let Some(via) = via else { continue };
            let authority = a.jurisdiction.authority;
            let slot = match by_authority.iter().position(|(id, _, _)| id == &authority) {
                Some(i) => i,
                None => {
                    by_authority.push((authority, via, Default::default()));
                    by_authority.len() - 1
                }
            };
            *by_authority[slot].2.entry(m.domain).or_default() += 1;
        }
        for (authority, via, domains) in by_authority {
            let Some(authority) = org.authority_ref(&authority) else {
                continue;
            };
            out.push(Power {
                locality: locality_ref(place),
                authority,
                via,
                domains: domains
                    .into_iter()
                    .map(|(domain, count)| DomainCount { domain, count })
                    .collect(),
            });
        }
    }
    out
}

/// `GET /api/v1/authorization`: may this officer enforce this matter here on this date, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AuthorizationView {
    pub officer: PublicOfficer,
    pub matter: MatterRef,
    pub locality: LocalityRef,
    pub date: Date,
    pub allowed: bool,
    /// Who holds the matter there then.
    pub authority: AuthorityRef,
    pub checks: Vec<Check>,
}

impl AuthorizationView {
    /// `public` is the officer's projection, made with their own district's organisation (which
    /// need not be the place's: an officer of another district is simply not allowed).
    pub fn build(
        org: &DistrictOrg,
        officer: &Officer,
        public: PublicOfficer,
        matter: &Matter,
        history: &[Delegation],
        locality: &LocalityId,
        date: Date,
    ) -> Result<Self, ResolveError> {
        let a = authorize(org, officer, matter, history, locality, date)?;
        let inconsistent = ResolveError::Inconsistent("a unit or authority is missing");
        let place = org
            .locality(locality)
            .ok_or(ResolveError::UnknownLocality)?;
        let authority = org
            .authority_ref(&a.jurisdiction.authority)
            .ok_or(inconsistent)?;
        Ok(Self {
            officer: public,
            matter: MatterRef {
                code: matter.code.clone(),
                name: matter.name.clone(),
            },
            locality: locality_ref(place),
            date,
            allowed: a.allowed,
            authority,
            checks: a.checks,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::{
        DelegationAct, DocumentNumber, LegalBasis, MatterClass, MatterCode, MatterLevel, PowerKind,
    };
    use crate::certificate::{CertificateEvent, StatusChange};
    use crate::fixtures;
    use proptest::prelude::*;
    use time::macros::date;

    const ROAD: &str = "350602001F004200";
    const PERMIT: &str = "350602002F001100";

    fn lid(s: &str) -> LocalityId {
        LocalityId::parse(s).expect("a locality id")
    }

    fn matter(code: &str, domain: Domain, level: MatterLevel, department: &str) -> Matter {
        Matter {
            code: MatterCode::parse(code).expect("a code"),
            name: Name::parse("对擅自占用城市道路的处罚").expect("a name"),
            domain,
            power_kind: PowerKind::Penalty,
            class: MatterClass::A,
            level,
            legal_basis: vec![LegalBasis {
                law: Name::parse("《城市道路管理条例》").expect("a law"),
                article: Name::parse("第四十二条").expect("an article"),
                text: None,
            }],
            department: DepartmentId::parse(department).expect("a department"),
        }
    }

    /// ROAD (bureau, urban management) delegated to 甲 from 2022-07-01; PERMIT (住建, housing)
    /// delegated to 乙 from 2023-01-01.
    fn history() -> Vec<Delegation> {
        let act = |m: &str, l: &str, effective| Delegation {
            matter: MatterCode::parse(m).expect("a code"),
            locality: lid(l),
            act: DelegationAct::Delegate,
            effective,
            document: DocumentNumber::parse("芗政文〔2022〕8号").expect("a document"),
        };
        vec![
            act(ROAD, "t-a", date!(2022 - 07 - 01)),
            act(PERMIT, "t-b", date!(2023 - 01 - 01)),
        ]
    }

    fn certificate(categories: Vec<Domain>, history: Vec<StatusChange>) -> Certificate {
        Certificate {
            number: CertificateNumber::parse("闽35060200123").expect("a number"),
            issuer: Name::parse("漳州市人民政府").expect("a name"),
            categories,
            area: Name::parse("芗城区").expect("a name"),
            history,
        }
    }

    fn issued(on: Date, until: Date) -> StatusChange {
        StatusChange {
            event: CertificateEvent::Issued { valid_until: until },
            date: on,
            reason: None,
        }
    }

    fn officer(unit: Unit, categories: Vec<Domain>, secondments: Vec<Secondment>) -> Officer {
        Officer {
            id: OfficerId::parse("o-1").expect("an id"),
            district: crate::DistrictCode::parse("350602").expect("a code"),
            name: Name::parse("林志明").expect("a name"),
            unit,
            certificate: certificate(
                categories,
                vec![issued(date!(2021 - 01 - 01), date!(2026 - 12 - 31))],
            ),
            secondments,
            personal: Personal {
                id_number: Some(Text::parse("999999198503021234").expect("text")),
                birth_date: Some(date!(1985 - 03 - 02)),
                phone: Some(PhoneNumber::parse("13900000001").expect("a phone")),
                home_address: Some(Text::parse("示例小区 1 幢").expect("text")),
            },
        }
    }

    fn team(s: &str) -> Unit {
        Unit::Team(TeamId::parse(s).expect("a team"))
    }

    fn department(s: &str) -> Unit {
        Unit::Department(DepartmentId::parse(s).expect("a department"))
    }

    fn seconded(to: Posting, from: Date, until: Option<Date>) -> Secondment {
        Secondment { to, from, until }
    }

    #[test]
    fn authorization_table() {
        let org = fixtures::district();
        let road = matter(
            ROAD,
            Domain::UrbanManagement,
            MatterLevel::Locality,
            "t-bureau",
        );
        let permit = matter(
            PERMIT,
            Domain::HousingConstruction,
            MatterLevel::Locality,
            "t-zjj",
        );
        let um = vec![Domain::UrbanManagement];
        let housing = vec![Domain::HousingConstruction];
        let to_b = Posting::Locality(lid("t-b"));
        let to_zone = Posting::Zone(ZoneId::parse("t-east").expect("a zone"));
        let d = |y, m, d| {
            Date::from_calendar_date(y, time::Month::try_from(m).expect("m"), d).expect("d")
        };
        let cases: Vec<(&str, Officer, &Matter, &str, Date, bool)> = vec![
            (
                "甲's team, delegated matter at 甲",
                officer(team("t-a-team"), um.clone(), vec![]),
                &road,
                "t-a",
                d(2023, 1, 1),
                true,
            ),
            (
                "甲's team before the delegation: the bureau holds it",
                officer(team("t-a-team"), um.clone(), vec![]),
                &road,
                "t-a",
                d(2022, 6, 30),
                false,
            ),
            (
                "甲's team at 乙, where the bureau holds it",
                officer(team("t-a-team"), um.clone(), vec![]),
                &road,
                "t-b",
                d(2023, 1, 1),
                false,
            ),
            (
                "bureau mobile team where the bureau holds it",
                officer(team("t-mobile"), um.clone(), vec![]),
                &road,
                "t-b",
                d(2023, 1, 1),
                true,
            ),
            (
                "bureau mobile team where 甲 holds it",
                officer(team("t-mobile"), um.clone(), vec![]),
                &road,
                "t-a",
                d(2023, 1, 1),
                false,
            ),
            (
                "bureau special-area team in its area",
                officer(team("t-area-team"), um.clone(), vec![]),
                &road,
                "t-area",
                d(2023, 1, 1),
                true,
            ),
            (
                "category does not cover the domain",
                officer(team("t-a-team"), housing.clone(), vec![]),
                &road,
                "t-a",
                d(2023, 1, 1),
                false,
            ),
            (
                "住建 officer, not delegated at 甲: the department holds it",
                officer(department("t-zjj"), housing.clone(), vec![]),
                &permit,
                "t-a",
                d(2023, 1, 1),
                true,
            ),
            (
                "住建 officer, delegated to 乙, not seconded",
                officer(department("t-zjj"), housing.clone(), vec![]),
                &permit,
                "t-b",
                d(2023, 1, 1),
                false,
            ),
            (
                "住建 officer seconded to 乙",
                officer(
                    department("t-zjj"),
                    housing.clone(),
                    vec![seconded(to_b.clone(), d(2022, 7, 1), None)],
                ),
                &permit,
                "t-b",
                d(2023, 1, 1),
                true,
            ),
            (
                "住建 officer whose secondment to 乙 ended",
                officer(
                    department("t-zjj"),
                    housing.clone(),
                    vec![seconded(to_b.clone(), d(2022, 7, 1), Some(d(2022, 12, 31)))],
                ),
                &permit,
                "t-b",
                d(2023, 1, 1),
                false,
            ),
            (
                "住建 officer seconded to the zone 乙 is in",
                officer(
                    department("t-zjj"),
                    housing.clone(),
                    vec![seconded(to_zone.clone(), d(2022, 7, 1), None)],
                ),
                &permit,
                "t-b",
                d(2023, 1, 1),
                true,
            ),
            (
                "住建 officer seconded to 乙 still acts for the department at 丙",
                officer(
                    department("t-zjj"),
                    housing.clone(),
                    vec![seconded(to_b.clone(), d(2022, 7, 1), None)],
                ),
                &permit,
                "t-c",
                d(2023, 1, 1),
                true,
            ),
            (
                "住建 officer posted to the special area gains nothing of the bureau's",
                officer(
                    department("t-zjj"),
                    um.clone(),
                    vec![seconded(
                        Posting::Locality(lid("t-area")),
                        d(2022, 7, 1),
                        None,
                    )],
                ),
                &road,
                "t-area",
                d(2023, 1, 1),
                false,
            ),
            (
                "a district bureau officer of another district",
                {
                    let mut o = officer(team("t-mobile"), um.clone(), vec![]);
                    o.district = crate::DistrictCode::parse("310105").expect("code");
                    o
                },
                &road,
                "t-b",
                d(2023, 1, 1),
                false,
            ),
        ];
        for (why, o, m, l, on, allowed) in cases {
            let a = authorize(&org, &o, m, &history(), &lid(l), on).expect("answers");
            assert_eq!(a.allowed, allowed, "{why}: {:?}", a.checks);
            assert_eq!(a.checks.len(), 3, "{why}: every check is reported");
        }
    }

    #[test]
    fn the_certificate_decides_first() {
        let org = fixtures::district();
        let road = matter(
            ROAD,
            Domain::UrbanManagement,
            MatterLevel::Locality,
            "t-bureau",
        );
        let mut o = officer(team("t-a-team"), vec![Domain::UrbanManagement], vec![]);
        o.certificate.history.push(StatusChange {
            event: CertificateEvent::Suspended,
            date: date!(2024 - 03 - 01),
            reason: Some(Text::parse("违规执法，暂扣").expect("text")),
        });
        let a = authorize(
            &org,
            &o,
            &road,
            &history(),
            &lid("t-a"),
            date!(2024 - 03 - 02),
        )
        .expect("answers");
        assert!(!a.allowed);
        assert_eq!(
            a.checks[0],
            Check::Certificate {
                status: CertificateStatus::Suspended {
                    since: date!(2024 - 03 - 01),
                    reason: Some(Text::parse("违规执法，暂扣").expect("text")),
                }
            }
        );
        assert!(
            a.checks[1].holds() && a.checks[2].holds(),
            "the rest still holds"
        );
    }

    #[test]
    fn the_public_projection_carries_the_published_fields_only() {
        let org = fixtures::district();
        let o = officer(
            department("t-zjj"),
            vec![Domain::HousingConstruction],
            vec![
                seconded(
                    Posting::Locality(lid("t-b")),
                    date!(2022 - 07 - 01),
                    Some(date!(2022 - 12 - 31)),
                ),
                seconded(
                    Posting::Zone(ZoneId::parse("t-east").expect("zone")),
                    date!(2023 - 01 - 01),
                    None,
                ),
            ],
        );
        let p = PublicOfficer::project(&o, &org, date!(2024 - 01 - 01)).expect("projects");
        let json = serde_json::to_string(&p).expect("serialises");
        for private in [
            "999999198503021234",
            "1985-03-02",
            "13900000001",
            "示例小区",
            "o-1",
        ] {
            assert!(!json.contains(private), "{private} leaked: {json}");
        }
        assert_eq!(p.secondments.len(), 1, "an ended secondment is history");
        assert_eq!(
            p.validity,
            Some(Validity {
                from: date!(2021 - 01 - 01),
                until: date!(2026 - 12 - 31)
            })
        );
        assert!(matches!(p.unit, UnitView::Department { .. }));
    }

    #[test]
    fn zone_rosters_and_workplaces() {
        let org = fixtures::district();
        let zone = ZoneId::parse("t-east").expect("zone");
        let own = officer(team("t-b-team"), vec![Domain::UrbanManagement], vec![]);
        assert!(own.in_zone(&org, &zone, date!(2023 - 01 - 01)));
        assert!(own.works_at(&org, &lid("t-b"), date!(2023 - 01 - 01)));
        let outside = officer(team("t-c-team"), vec![Domain::UrbanManagement], vec![]);
        assert!(!outside.in_zone(&org, &zone, date!(2023 - 01 - 01)));
        let s = officer(
            department("t-zjj"),
            vec![Domain::HousingConstruction],
            vec![seconded(
                Posting::Zone(zone.clone()),
                date!(2023 - 01 - 01),
                None,
            )],
        );
        assert!(!s.in_zone(&org, &zone, date!(2022 - 12 - 31)), "not yet");
        assert!(s.in_zone(&org, &zone, date!(2023 - 01 - 01)));
        assert!(s.works_at(&org, &lid("t-a"), date!(2023 - 01 - 01)));
        assert!(!s.works_at(&org, &lid("t-c"), date!(2023 - 01 - 01)));
    }

    fn any_unit() -> impl Strategy<Value = Unit> {
        prop_oneof![
            Just(team("t-a-team")),
            Just(team("t-b-team")),
            Just(team("t-c-team")),
            Just(team("t-mobile")),
            Just(team("t-area-team")),
            Just(department("t-zjj")),
            Just(department("t-bureau")),
        ]
    }

    fn any_posting() -> impl Strategy<Value = Posting> {
        prop_oneof![
            Just(Posting::Locality(lid("t-a"))),
            Just(Posting::Locality(lid("t-b"))),
            Just(Posting::Locality(lid("t-c"))),
            Just(Posting::Zone(ZoneId::parse("t-east").expect("zone"))),
            Just(Posting::Locality(lid("t-area"))),
        ]
    }

    fn any_domain() -> impl Strategy<Value = Domain> {
        prop::sample::select(Domain::ALL.to_vec())
    }

    fn any_locality() -> impl Strategy<Value = LocalityId> {
        prop::sample::select(vec![lid("t-a"), lid("t-b"), lid("t-c"), lid("t-area")])
    }

    fn day(n: i64) -> Date {
        date!(2021 - 01 - 01) + time::Duration::days(n)
    }

    proptest! {
        /// Allowed exactly when every check holds; and each check agrees with its own source: the
        /// certificate's status, its categories, and the resolver's authority.
        #[test]
        fn allowed_iff_every_check_holds(
            unit in any_unit(),
            categories in prop::collection::vec(any_domain(), 0..4),
            postings in prop::collection::vec((any_posting(), 0i64..1500, prop::option::of(0i64..1500)), 0..3),
            which in prop::bool::ANY,
            domain in any_domain(),
            locality in any_locality(),
            on in 0i64..2500,
        ) {
            let org = fixtures::district();
            let secondments = postings
                .into_iter()
                .map(|(to, from, len)| seconded(to, day(from), len.map(|l| day(from + l))))
                .collect();
            let o = officer(unit, categories.clone(), secondments);
            let m = if which {
                matter(ROAD, domain, MatterLevel::Locality, "t-bureau")
            } else {
                matter(PERMIT, domain, MatterLevel::Locality, "t-zjj")
            };
            let on = day(on);
            let a = authorize(&org, &o, &m, &history(), &locality, on).expect("answers");
            let valid = o.certificate.status_on(on).is_valid();
            let covered = categories.contains(&domain);
            let assigned = matches!(&a.checks[2], Check::Assignment { via: Some(_), .. });
            prop_assert_eq!(a.allowed, valid && covered && assigned);
            let holder = resolve(&org, &m, &history(), &locality, on).expect("resolves").authority;
            prop_assert_eq!(&a.jurisdiction.authority, &holder);
            if let Check::Assignment { via: Some(Via::Secondment { to, from, until }), .. } = &a.checks[2] {
                // A secondment only ever grants the locality office's own authority, where it is
                // in force and covers the place.
                let s = Secondment { to: to.clone(), from: *from, until: *until };
                prop_assert!(s.in_force(on) && s.covers(&org, &locality));
                prop_assert_eq!(&org.locality(&locality).expect("a locality").authority, &holder);
            }
        }

        /// `places` never leaves out a place where the officer is allowed.
        #[test]
        fn allowed_only_at_their_places(
            unit in any_unit(),
            postings in prop::collection::vec((any_posting(), 0i64..1500, prop::option::of(0i64..1500)), 0..3),
            which in prop::bool::ANY,
            locality in any_locality(),
            on in 0i64..2500,
        ) {
            let org = fixtures::district();
            let secondments = postings
                .into_iter()
                .map(|(to, from, len)| seconded(to, day(from), len.map(|l| day(from + l))))
                .collect();
            let o = officer(unit, Domain::ALL.to_vec(), secondments);
            let m = if which {
                matter(ROAD, Domain::UrbanManagement, MatterLevel::Locality, "t-bureau")
            } else {
                matter(PERMIT, Domain::HousingConstruction, MatterLevel::Locality, "t-zjj")
            };
            let on = day(on);
            let a = authorize(&org, &o, &m, &history(), &locality, on).expect("answers");
            if a.allowed {
                prop_assert!(o.places(&org, on).iter().any(|l| l.id == locality));
            }
        }

        /// Secondments only ever add: an officer allowed without one is allowed with any.
        #[test]
        fn secondments_never_take_away(
            unit in any_unit(),
            postings in prop::collection::vec((any_posting(), 0i64..1500, prop::option::of(0i64..1500)), 1..3),
            which in prop::bool::ANY,
            locality in any_locality(),
            on in 0i64..2500,
        ) {
            let org = fixtures::district();
            let all = Domain::ALL.to_vec();
            let m = if which {
                matter(ROAD, Domain::UrbanManagement, MatterLevel::Locality, "t-bureau")
            } else {
                matter(PERMIT, Domain::HousingConstruction, MatterLevel::Locality, "t-zjj")
            };
            let on = day(on);
            let without = officer(unit.clone(), all.clone(), vec![]);
            let secondments = postings
                .into_iter()
                .map(|(to, from, len)| seconded(to, day(from), len.map(|l| day(from + l))))
                .collect();
            let with = officer(unit, all, secondments);
            let before = authorize(&org, &without, &m, &history(), &locality, on).expect("answers");
            let after = authorize(&org, &with, &m, &history(), &locality, on).expect("answers");
            prop_assert!(!before.allowed || after.allowed);
        }

        /// A locality team's officer is never allowed anywhere but at that locality.
        #[test]
        fn a_locality_team_stays_home(
            home in prop::sample::select(vec!["t-a", "t-b", "t-c"]),
            which in prop::bool::ANY,
            locality in any_locality(),
            on in 0i64..2500,
        ) {
            let org = fixtures::district();
            let m = if which {
                matter(ROAD, Domain::UrbanManagement, MatterLevel::Locality, "t-bureau")
            } else {
                matter(PERMIT, Domain::HousingConstruction, MatterLevel::Locality, "t-zjj")
            };
            let o = officer(team(&format!("{home}-team")), Domain::ALL.to_vec(), vec![]);
            let a = authorize(&org, &o, &m, &history(), &locality, day(on)).expect("answers");
            if a.allowed {
                prop_assert_eq!(locality.as_str(), home);
            }
        }
    }
}
