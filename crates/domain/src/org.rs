//! The organisation of enforcement in a district: departments, the enforcing authorities, their
//! teams, localities and the joint zones (片区) that group them.
//!
//! These are the entities as stored. What the public sees of them is built in [`crate::api`].

use crate::{
    AuthorityId, DepartmentId, DistrictCode, LocalityId, Name, PhoneNumber, TeamId, Text, ZoneId,
};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A county-level district (区 / 县).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct District {
    pub code: DistrictCode,
    pub name: Name,
    pub province: Name,
    pub city: Option<Name>,
    /// The department that acts as the district enforcement bureau (区城管执法局): it enforces
    /// district-level matters, runs the mobile team and the special-area teams.
    pub bureau: DepartmentId,
    /// Demo data is marked 示例数据 wherever it is shown.
    pub demo: bool,
}

/// A district department (区职能部门), possibly one that delegated matters to localities.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Department {
    pub id: DepartmentId,
    pub district: DistrictCode,
    /// The full legal name, in which decisions are made.
    pub name: Name,
    /// The name people use (区住建局).
    pub short_name: Name,
    pub phone: Option<PhoneNumber>,
}

/// Whose name an authority decides in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AuthorityKind {
    /// 街道办事处 / 镇人民政府, enforcing delegated matters in its own name.
    LocalityOffice,
    /// A district department, enforcing in its own name.
    Department,
}

/// An enforcing authority (执法主体): the legal subject in whose name decisions are made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Authority {
    pub id: AuthorityId,
    pub district: DistrictCode,
    pub name: Name,
    pub kind: AuthorityKind,
    /// Set for a locality office.
    pub locality: Option<LocalityId>,
    /// Set for a department.
    pub department: Option<DepartmentId>,
}

/// What a team is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TeamKind {
    /// A locality's comprehensive enforcement team (综合行政执法队).
    Locality,
    /// The district bureau's mobile team (机动中队): district-level, cross-locality, high-impact cases.
    Mobile,
    /// A team posted to a special area (特定区域), enforcing in the bureau's name.
    SpecialArea,
}

/// An enforcement team (综合行政执法队 / 中队).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    pub id: TeamId,
    pub authority: AuthorityId,
    pub name: Name,
    pub kind: TeamKind,
    /// For a special-area team: the area it is posted to.
    pub area: Option<LocalityId>,
}

/// What kind of place a locality is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum LocalityKind {
    /// 街道
    Subdistrict,
    /// 镇
    Town,
    /// 乡
    Township,
    /// 特定区域 (e.g. an airport economic zone), enforced in the district bureau's name.
    SpecialArea,
}

impl LocalityKind {
    pub const ALL: [Self; 4] = [
        Self::Subdistrict,
        Self::Town,
        Self::Township,
        Self::SpecialArea,
    ];

    /// The stable code used in URLs, storage and the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Subdistrict => "subdistrict",
            Self::Town => "town",
            Self::Township => "township",
            Self::SpecialArea => "special_area",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// A subdistrict, town, township or special area.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Locality {
    pub id: LocalityId,
    pub district: DistrictCode,
    pub name: Name,
    pub kind: LocalityKind,
    pub zone: Option<ZoneId>,
    /// The authority in whose name matters here are enforced: the locality office, or for a special
    /// area the district bureau.
    pub authority: AuthorityId,
    pub team: TeamId,
    pub address: Text,
    /// The number for complaints about enforcement here (监督电话).
    pub supervision_phone: PhoneNumber,
    /// The deputy lead (副片长) this locality names to its zone.
    pub deputy_lead: Option<Name>,
}

/// A joint enforcement zone (片区).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Zone {
    pub id: ZoneId,
    pub district: DistrictCode,
    pub name: Name,
    /// The department whose deputy section chief leads the zone (片长).
    pub lead_department: DepartmentId,
    pub lead: Name,
    /// The centre locality (中心驻点).
    pub centre: LocalityId,
    /// The legal reviewer the justice bureau assigns to the zone (法制审核人员).
    pub legal_reviewer: Name,
}

/// Everything about one district's organisation: what the store loads and the views are built from.
/// Zones and localities are in the order the district publishes them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DistrictOrg {
    pub district: District,
    pub departments: Vec<Department>,
    pub authorities: Vec<Authority>,
    pub teams: Vec<Team>,
    pub zones: Vec<Zone>,
    pub localities: Vec<Locality>,
}

impl DistrictOrg {
    pub fn department(&self, id: &DepartmentId) -> Option<&Department> {
        self.departments.iter().find(|d| &d.id == id)
    }

    pub fn authority(&self, id: &AuthorityId) -> Option<&Authority> {
        self.authorities.iter().find(|a| &a.id == id)
    }

    pub fn team(&self, id: &TeamId) -> Option<&Team> {
        self.teams.iter().find(|t| &t.id == id)
    }

    pub fn zone(&self, id: &ZoneId) -> Option<&Zone> {
        self.zones.iter().find(|z| &z.id == id)
    }

    pub fn locality(&self, id: &LocalityId) -> Option<&Locality> {
        self.localities.iter().find(|l| &l.id == id)
    }

    /// The members of a zone: the centre first, then in the order the district publishes them.
    pub fn zone_members(&self, zone: &ZoneId) -> Vec<&Locality> {
        let centre = self.zone(zone).map(|z| &z.centre);
        let mut members: Vec<&Locality> = self
            .localities
            .iter()
            .filter(|l| l.zone.as_ref() == Some(zone))
            .collect();
        // Stable: members other than the centre keep their published order.
        members.sort_by_key(|l| Some(&l.id) != centre);
        members
    }
}
