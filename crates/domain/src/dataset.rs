//! The organisation dataset format (one file per district, e.g. `data/demo/*.toml`) and the checks
//! that turn it into a consistent [`DistrictOrg`]. The server reads the files; this module decides
//! whether they make sense, so a bad file is refused with every problem listed and nothing loaded.

use crate::{
    Authority, AuthorityId, AuthorityKind, Department, DepartmentId, District, DistrictCode,
    DistrictOrg, Locality, LocalityId, LocalityKind, Name, PhoneNumber, Team, TeamId, TeamKind,
    Text, Zone, ZoneId,
};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};

/// One district as written in a dataset file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictFile {
    pub district: DistrictEntry,
    pub departments: Vec<DepartmentEntry>,
    pub localities: Vec<LocalityEntry>,
    #[serde(default)]
    pub zones: Vec<ZoneEntry>,
    /// District-level teams of the bureau (mobile, special-area).
    #[serde(default)]
    pub teams: Vec<TeamEntry>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DistrictEntry {
    pub code: DistrictCode,
    pub name: Name,
    pub province: Name,
    pub city: Option<Name>,
    pub bureau: DepartmentId,
    #[serde(default)]
    pub demo: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DepartmentEntry {
    pub id: DepartmentId,
    pub name: Name,
    pub short_name: Name,
    pub phone: Option<PhoneNumber>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocalityEntry {
    pub id: LocalityId,
    pub name: Name,
    pub kind: LocalityKind,
    /// The legal name of the locality office (街道办事处 / 镇人民政府); not for special areas.
    pub office: Option<Name>,
    /// The name of the locality's own team; not for special areas, whose team is a district team.
    pub team: Option<Name>,
    pub address: Text,
    pub supervision_phone: PhoneNumber,
    pub deputy_lead: Option<Name>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ZoneEntry {
    pub id: ZoneId,
    pub name: Name,
    pub lead_department: DepartmentId,
    pub lead: Name,
    pub centre: LocalityId,
    pub legal_reviewer: Name,
    pub members: Vec<LocalityId>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeamEntry {
    pub id: TeamId,
    pub name: Name,
    pub kind: TeamKind,
    pub area: Option<LocalityId>,
}

/// One inconsistency in a dataset, naming the district and the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DatasetError {
    #[error("{district}: the id {id} is used twice")]
    DuplicateId { district: String, id: String },
    #[error("district {0} appears twice")]
    DuplicateDistrict(String),
    #[error("{district}: {what} refers to {target}, which is not in this district")]
    Dangling {
        district: String,
        what: String,
        target: String,
    },
    #[error("{district}: zone {zone}'s centre {centre} is not one of its members")]
    CentreNotMember {
        district: String,
        zone: String,
        centre: String,
    },
    #[error("{district}: {locality} is a member of both {first} and {second}")]
    TwoZones {
        district: String,
        locality: String,
        first: String,
        second: String,
    },
    #[error("{district}: {locality}: {problem}")]
    Locality {
        district: String,
        locality: String,
        problem: &'static str,
    },
    #[error("{district}: team {team}: {problem}")]
    Team {
        district: String,
        team: String,
        problem: &'static str,
    },
}

/// The id of the team a locality's own office runs.
fn locality_team_id(locality: &LocalityId) -> Result<TeamId, crate::SlugError> {
    TeamId::parse(format!("{locality}-team"))
}

impl DistrictFile {
    /// Checks one district and builds its organisation; every problem found is reported.
    pub fn into_org(self) -> Result<DistrictOrg, Vec<DatasetError>> {
        let code = self.district.code.to_string();
        let mut errors = Vec::new();
        let dangling = |what: String, target: String| DatasetError::Dangling {
            district: code.clone(),
            what,
            target,
        };

        // Departments and locality offices share the authority namespace.
        let mut seen = BTreeSet::new();
        let ids = self
            .departments
            .iter()
            .map(|d| d.id.to_string())
            .chain(self.localities.iter().map(|l| l.id.to_string()))
            .chain(self.zones.iter().map(|z| z.id.to_string()))
            .chain(self.teams.iter().map(|t| t.id.to_string()));
        for id in ids {
            if !seen.insert(id.clone()) {
                errors.push(DatasetError::DuplicateId {
                    district: code.clone(),
                    id,
                });
            }
        }
        let departments: BTreeSet<_> = self.departments.iter().map(|d| d.id.clone()).collect();
        let localities: BTreeMap<_, _> =
            self.localities.iter().map(|l| (l.id.clone(), l)).collect();
        if !departments.contains(&self.district.bureau) {
            errors.push(dangling(
                "the bureau".into(),
                self.district.bureau.to_string(),
            ));
        }

        let mut zone_of: BTreeMap<LocalityId, ZoneId> = BTreeMap::new();
        for z in &self.zones {
            if !departments.contains(&z.lead_department) {
                errors.push(dangling(
                    format!("zone {}", z.id),
                    z.lead_department.to_string(),
                ));
            }
            if !z.members.contains(&z.centre) {
                errors.push(DatasetError::CentreNotMember {
                    district: code.clone(),
                    zone: z.id.to_string(),
                    centre: z.centre.to_string(),
                });
            }
            for m in &z.members {
                match localities.get(m) {
                    None => errors.push(dangling(format!("zone {}", z.id), m.to_string())),
                    Some(l) if l.kind == LocalityKind::SpecialArea => {
                        errors.push(DatasetError::Locality {
                            district: code.clone(),
                            locality: m.to_string(),
                            problem: "a special area belongs to no zone",
                        })
                    }
                    Some(_) => {}
                }
                if let Some(first) = zone_of.insert(m.clone(), z.id.clone()) {
                    errors.push(DatasetError::TwoZones {
                        district: code.clone(),
                        locality: m.to_string(),
                        first: first.to_string(),
                        second: z.id.to_string(),
                    });
                }
            }
        }

        let bureau_authority = AuthorityId::parse(self.district.bureau.as_str());
        let mut area_team: BTreeMap<LocalityId, TeamId> = BTreeMap::new();
        let mut teams = Vec::new();
        for t in &self.teams {
            let problem = match (t.kind, &t.area) {
                (TeamKind::Locality, _) => Some("locality teams are declared on their locality"),
                (TeamKind::SpecialArea, None) => Some("a special-area team needs an area"),
                (TeamKind::SpecialArea, Some(a)) => match localities.get(a) {
                    Some(l) if l.kind == LocalityKind::SpecialArea => {
                        if area_team.insert(a.clone(), t.id.clone()).is_some() {
                            Some("its area already has a team")
                        } else {
                            None
                        }
                    }
                    _ => Some("its area is not a special area of this district"),
                },
                (TeamKind::Mobile, Some(_)) => Some("the mobile team serves the whole district"),
                (TeamKind::Mobile, None) => None,
            };
            if let Some(problem) = problem {
                errors.push(DatasetError::Team {
                    district: code.clone(),
                    team: t.id.to_string(),
                    problem,
                });
            }
            if let Ok(authority) = &bureau_authority {
                teams.push(Team {
                    id: t.id.clone(),
                    authority: authority.clone(),
                    name: t.name.clone(),
                    kind: t.kind,
                    area: t.area.clone(),
                });
            }
        }

        let mut authorities: Vec<Authority> = Vec::new();
        for d in &self.departments {
            if let Ok(id) = AuthorityId::parse(d.id.as_str()) {
                authorities.push(Authority {
                    id,
                    district: self.district.code.clone(),
                    name: d.name.clone(),
                    kind: AuthorityKind::Department,
                    locality: None,
                    department: Some(d.id.clone()),
                });
            }
        }

        let mut out_localities = Vec::new();
        for l in &self.localities {
            let problem = |problem| DatasetError::Locality {
                district: code.clone(),
                locality: l.id.to_string(),
                problem,
            };
            let (authority, team) = if l.kind == LocalityKind::SpecialArea {
                if l.office.is_some() || l.team.is_some() {
                    errors.push(problem(
                        "a special area has no office or team of its own; the bureau's team enforces there",
                    ));
                }
                let Some(team) = area_team.get(&l.id) else {
                    errors.push(problem("no special-area team is posted here"));
                    continue;
                };
                let Ok(authority) = bureau_authority.clone() else {
                    continue;
                };
                (authority, team.clone())
            } else {
                let (Some(office), Some(team_name)) = (&l.office, &l.team) else {
                    errors.push(problem(
                        "a subdistrict, town or township needs an office and a team",
                    ));
                    continue;
                };
                let (Ok(authority), Ok(team)) =
                    (AuthorityId::parse(l.id.as_str()), locality_team_id(&l.id))
                else {
                    errors.push(problem("the id is too long to derive its team's id"));
                    continue;
                };
                authorities.push(Authority {
                    id: authority.clone(),
                    district: self.district.code.clone(),
                    name: office.clone(),
                    kind: AuthorityKind::LocalityOffice,
                    locality: Some(l.id.clone()),
                    department: None,
                });
                teams.push(Team {
                    id: team.clone(),
                    authority: authority.clone(),
                    name: team_name.clone(),
                    kind: TeamKind::Locality,
                    area: None,
                });
                (authority, team)
            };
            if l.deputy_lead.is_some() && !zone_of.contains_key(&l.id) {
                errors.push(problem("only a zone member names a deputy lead"));
            }
            out_localities.push(Locality {
                id: l.id.clone(),
                district: self.district.code.clone(),
                name: l.name.clone(),
                kind: l.kind,
                zone: zone_of.get(&l.id).cloned(),
                authority,
                team,
                address: l.address.clone(),
                supervision_phone: l.supervision_phone.clone(),
                deputy_lead: l.deputy_lead.clone(),
            });
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(DistrictOrg {
            district: District {
                code: self.district.code.clone(),
                name: self.district.name,
                province: self.district.province,
                city: self.district.city,
                bureau: self.district.bureau,
                demo: self.district.demo,
            },
            departments: self
                .departments
                .into_iter()
                .map(|d| Department {
                    id: d.id,
                    district: self.district.code.clone(),
                    name: d.name,
                    short_name: d.short_name,
                    phone: d.phone,
                })
                .collect(),
            authorities,
            teams,
            zones: self
                .zones
                .into_iter()
                .map(|z| Zone {
                    id: z.id,
                    district: self.district.code.clone(),
                    name: z.name,
                    lead_department: z.lead_department,
                    lead: z.lead,
                    centre: z.centre,
                    legal_reviewer: z.legal_reviewer,
                })
                .collect(),
            localities: out_localities,
        })
    }
}

/// Checks a whole dataset: each district, and that ids are unique across districts too (they share
/// URL space).
pub fn load(files: Vec<DistrictFile>) -> Result<Vec<DistrictOrg>, Vec<DatasetError>> {
    let mut errors = Vec::new();
    let mut orgs = Vec::new();
    for file in files {
        match file.into_org() {
            Ok(org) => orgs.push(org),
            Err(mut e) => errors.append(&mut e),
        }
    }
    let mut codes = BTreeSet::new();
    let mut ids = BTreeMap::new();
    for org in &orgs {
        let code = org.district.code.to_string();
        if !codes.insert(code.clone()) {
            errors.push(DatasetError::DuplicateDistrict(code.clone()));
        }
        let all = org
            .authorities
            .iter()
            .map(|a| a.id.to_string())
            .chain(org.teams.iter().map(|t| t.id.to_string()))
            .chain(org.zones.iter().map(|z| z.id.to_string()));
        for id in all {
            if let Some(other) = ids.insert(id.clone(), code.clone())
                && other != code
            {
                errors.push(DatasetError::DuplicateId {
                    district: code.clone(),
                    id,
                });
            }
        }
    }
    if errors.is_empty() {
        Ok(orgs)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn valid() -> Value {
        crate::fixtures::district_json()
    }

    fn load_one(v: Value) -> Result<DistrictOrg, Vec<DatasetError>> {
        let file: DistrictFile = serde_json::from_value(v).expect("the shape parses");
        file.into_org()
    }

    #[test]
    fn a_consistent_district_loads_with_derived_authorities_and_teams() {
        let org = load_one(valid()).expect("valid");
        // Two departments and three locality offices; the special area has no authority of its own.
        assert_eq!(org.authorities.len(), 5);
        let area = org
            .locality(&LocalityId::parse("t-area").expect("id"))
            .expect("the area");
        assert_eq!(
            area.authority.as_str(),
            "t-bureau",
            "a special area is enforced in the bureau's name"
        );
        assert_eq!(area.team.as_str(), "t-area-team");
        let a = org
            .locality(&LocalityId::parse("t-a").expect("id"))
            .expect("甲");
        assert_eq!(a.zone.as_ref().map(ZoneId::as_str), Some("t-east"));
        assert_eq!(a.team.as_str(), "t-a-team");
        let view = org.view().expect("a consistent district has a view");
        assert_eq!(view.zones[0].centre.id.as_str(), "t-a");
        assert_eq!(view.special_areas.len(), 1);
        assert_eq!(view.unzoned.len(), 1, "丙乡 is in no zone");
    }

    #[test]
    fn inconsistencies_are_refused_with_a_reason() {
        type Mutation = fn(&mut Value);
        type Expected = fn(&DatasetError) -> bool;
        let cases: [(&str, Mutation, Expected); 9] = [
            (
                "unknown bureau",
                |v| v["district"]["bureau"] = json!("t-none"),
                |e| matches!(e, DatasetError::Dangling { .. }),
            ),
            (
                "centre outside the zone",
                |v| v["zones"][0]["centre"] = json!("t-area"),
                |e| matches!(e, DatasetError::CentreNotMember { .. }),
            ),
            (
                "member that does not exist",
                |v| v["zones"][0]["members"] = json!(["t-a", "t-zz"]),
                |e| matches!(e, DatasetError::Dangling { .. }),
            ),
            (
                "a special area in a zone",
                |v| v["zones"][0]["members"] = json!(["t-a", "t-area"]),
                |e| matches!(e, DatasetError::Locality { .. }),
            ),
            (
                "a locality in two zones",
                |v| {
                    let mut second = v["zones"][0].clone();
                    second["id"] = json!("t-west");
                    v["zones"].as_array_mut().expect("zones").push(second);
                },
                |e| matches!(e, DatasetError::TwoZones { .. }),
            ),
            (
                "a duplicate id",
                |v| v["localities"][1]["id"] = json!("t-a"),
                |e| matches!(e, DatasetError::DuplicateId { .. }),
            ),
            (
                "a special area without a team",
                |v| v["teams"] = json!([]),
                |e| matches!(e, DatasetError::Locality { .. }),
            ),
            (
                "a subdistrict without an office",
                |v| v["localities"][1]["office"] = Value::Null,
                |e| matches!(e, DatasetError::Locality { .. }),
            ),
            (
                "a mobile team posted to an area",
                |v| {
                    v["teams"] = json!([
                {"id": "t-area-team", "name": "园区执法中队", "kind": "special_area", "area": "t-area"},
                {"id": "t-mobile", "name": "机动中队", "kind": "mobile", "area": "t-a"}])
                },
                |e| matches!(e, DatasetError::Team { .. }),
            ),
        ];
        for (why, mutate, expected) in cases {
            let mut v = valid();
            mutate(&mut v);
            let errors = load_one(v).expect_err(why);
            assert!(errors.iter().any(expected), "{why}: got {errors:?}");
        }
    }

    #[test]
    fn ids_must_be_unique_across_districts() {
        let first: DistrictFile = serde_json::from_value(valid()).expect("parses");
        let mut other = valid();
        other["district"]["code"] = json!("310105");
        let second: DistrictFile = serde_json::from_value(other).expect("parses");
        let errors = load(vec![first, second]).expect_err("the same ids twice");
        assert!(
            errors
                .iter()
                .any(|e| matches!(e, DatasetError::DuplicateId { .. }))
        );
    }

    #[test]
    fn bad_values_are_refused_by_their_parsers() {
        let mut v = valid();
        v["localities"][0]["supervision_phone"] = json!("call us");
        assert!(serde_json::from_value::<DistrictFile>(v).is_err());
        let mut v = valid();
        v["unexpected"] = json!(1);
        assert!(
            serde_json::from_value::<DistrictFile>(v).is_err(),
            "unknown fields are refused"
        );
    }
}
