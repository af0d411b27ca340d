//! The roster dataset format (`data/demo/roster/*.toml`): one district's officers with their
//! certificates and secondments, and its auxiliaries, checked against the district's organisation
//! so that a bad file is refused with every problem listed and nothing loaded.

use crate::certificate::{Certificate, CertificateEvent, CertificateNumber};
use crate::officer::{
    Auxiliary, AuxiliaryId, Officer, OfficerId, Personal, Posting, Secondment, Unit,
};
use crate::{DepartmentId, DistrictCode, DistrictOrg, Name, TeamId};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use time::Date;
use utoipa::ToSchema;

/// One district's roster as written in a dataset file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RosterFile {
    pub district: DistrictCode,
    #[serde(default)]
    pub officers: Vec<OfficerEntry>,
    #[serde(default)]
    pub auxiliaries: Vec<AuxiliaryEntry>,
}

/// An officer: exactly one of `team` and `department` names the unit.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficerEntry {
    pub id: OfficerId,
    pub name: Name,
    pub team: Option<TeamId>,
    pub department: Option<DepartmentId>,
    pub certificate: Certificate,
    #[serde(default)]
    pub secondments: Vec<Secondment>,
    #[serde(default)]
    pub personal: Personal,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuxiliaryEntry {
    pub id: AuxiliaryId,
    pub name: Name,
    pub team: Option<TeamId>,
    pub department: Option<DepartmentId>,
    #[serde(default)]
    pub personal: Personal,
}

/// One inconsistency in a roster file, naming the record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RosterError {
    #[error("the roster is for district {roster} but was checked against {org}")]
    WrongDistrict { roster: String, org: String },
    #[error("{id}: the id is used twice")]
    DuplicateId { id: String },
    #[error("{id}: certificate number {number} is already held by {other}")]
    DuplicateNumber {
        id: String,
        number: String,
        other: String,
    },
    #[error("{id}: {problem}")]
    Record { id: String, problem: String },
}

fn unit(
    org: &DistrictOrg,
    team: Option<TeamId>,
    department: Option<DepartmentId>,
) -> Result<Unit, String> {
    match (team, department) {
        (Some(t), None) if org.team(&t).is_some() => Ok(Unit::Team(t)),
        (Some(t), None) => Err(format!("team {t} is not in this district")),
        (None, Some(d)) if org.department(&d).is_some() => Ok(Unit::Department(d)),
        (None, Some(d)) => Err(format!("department {d} is not in this district")),
        _ => Err("name exactly one of team and department".into()),
    }
}

/// Why a secondment cannot stand (the same rules for a dataset file, an import and a staff write).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum SecondmentProblem {
    #[error("only a department's officer is seconded")]
    NotADepartmentOfficer,
    #[error("a secondment ends after it starts")]
    EndsBeforeStart,
    #[error("a secondment posts to a place of this district")]
    UnknownPlace,
    #[error("a special area is enforced by the bureau's team; nobody is seconded to it")]
    SpecialArea,
}

/// Everything wrong with seconding an officer of `unit` as `s` says, in `org`.
pub fn secondment_problems(
    org: &DistrictOrg,
    unit: &Unit,
    s: &Secondment,
) -> Vec<SecondmentProblem> {
    let mut problems = Vec::new();
    if !matches!(unit, Unit::Department(_)) {
        problems.push(SecondmentProblem::NotADepartmentOfficer);
    }
    if s.until.is_some_and(|u| u < s.from) {
        problems.push(SecondmentProblem::EndsBeforeStart);
    }
    let exists = match &s.to {
        Posting::Locality(l) => org.locality(l).is_some(),
        Posting::Zone(z) => org.zone(z).is_some(),
    };
    if !exists {
        problems.push(SecondmentProblem::UnknownPlace);
    }
    if let Posting::Locality(l) = &s.to
        && org
            .locality(l)
            .is_some_and(|l| l.kind == crate::LocalityKind::SpecialArea)
    {
        problems.push(SecondmentProblem::SpecialArea);
    }
    problems
}

/// The problems with a certificate's history, if any: it starts with an issue, runs in date
/// order, and ends no validity period before it starts.
pub(crate) fn history_problem(c: &Certificate) -> Option<&'static str> {
    let first = c.history.first()?;
    if !matches!(first.event, CertificateEvent::Issued { .. }) {
        return Some("a certificate's history starts with its issue");
    }
    if c.history.windows(2).any(|w| w[0].date > w[1].date) {
        return Some("a certificate's history is in date order");
    }
    let ends_before_start = c.history.iter().any(|h| match h.event {
        CertificateEvent::Issued { valid_until } | CertificateEvent::Renewed { valid_until } => {
            valid_until < h.date
        }
        _ => false,
    });
    ends_before_start.then_some("a certificate is valid until a day after it was issued or renewed")
}

impl RosterFile {
    /// Checks the roster against its district's organisation.
    pub fn into_roster(
        self,
        org: &DistrictOrg,
    ) -> Result<(Vec<Officer>, Vec<Auxiliary>), Vec<RosterError>> {
        let mut errors = Vec::new();
        if self.district != org.district.code {
            return Err(vec![RosterError::WrongDistrict {
                roster: self.district.to_string(),
                org: org.district.code.to_string(),
            }]);
        }
        let mut ids = BTreeSet::new();
        let mut numbers: BTreeMap<CertificateNumber, OfficerId> = BTreeMap::new();
        let mut officers = Vec::new();
        for o in self.officers {
            let record = |problem: String| RosterError::Record {
                id: o.id.to_string(),
                problem,
            };
            if !ids.insert(o.id.to_string()) {
                errors.push(RosterError::DuplicateId {
                    id: o.id.to_string(),
                });
            }
            if let Some(other) = numbers.insert(o.certificate.number.clone(), o.id.clone()) {
                errors.push(RosterError::DuplicateNumber {
                    id: o.id.to_string(),
                    number: o.certificate.number.to_string(),
                    other: other.to_string(),
                });
            }
            if o.certificate.history.is_empty() {
                errors.push(record(
                    "a certificate has at least its issue in its history".into(),
                ));
            }
            if let Some(problem) = history_problem(&o.certificate) {
                errors.push(record(problem.into()));
            }
            if o.certificate.categories.is_empty() {
                errors.push(record("a certificate names at least one category".into()));
            }
            let unit = match unit(org, o.team, o.department) {
                Ok(u) => u,
                Err(problem) => {
                    errors.push(record(problem));
                    continue;
                }
            };
            for s in &o.secondments {
                for problem in secondment_problems(org, &unit, s) {
                    errors.push(record(problem.to_string()));
                }
            }
            officers.push(Officer {
                id: o.id,
                district: org.district.code.clone(),
                name: o.name,
                unit,
                certificate: o.certificate,
                secondments: o.secondments,
                personal: o.personal,
            });
        }
        let mut auxiliaries = Vec::new();
        for a in self.auxiliaries {
            if !ids.insert(a.id.to_string()) {
                errors.push(RosterError::DuplicateId {
                    id: a.id.to_string(),
                });
            }
            match unit(org, a.team, a.department) {
                Ok(unit) => auxiliaries.push(Auxiliary {
                    id: a.id,
                    district: org.district.code.clone(),
                    name: a.name,
                    unit,
                    personal: a.personal,
                }),
                Err(problem) => errors.push(RosterError::Record {
                    id: a.id.to_string(),
                    problem,
                }),
            }
        }
        if errors.is_empty() {
            Ok((officers, auxiliaries))
        } else {
            Err(errors)
        }
    }
}

/// For each department with officers: how many of them are seconded on `date`, of how many
/// (the zone plan asks for at least half, 不低于50%).
pub fn secondment_shares(officers: &[Officer], date: Date) -> BTreeMap<DepartmentId, (u32, u32)> {
    let mut shares: BTreeMap<DepartmentId, (u32, u32)> = BTreeMap::new();
    for o in officers {
        if let Some(d) = o.department() {
            let entry = shares.entry(d.clone()).or_default();
            entry.1 += 1;
            if o.seconded_on(date).next().is_some() {
                entry.0 += 1;
            }
        }
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use serde_json::json;

    fn roster(officers: serde_json::Value) -> RosterFile {
        serde_json::from_value(json!({"district": "350602", "officers": officers}))
            .expect("the roster parses")
    }

    fn certificate(number: &str) -> serde_json::Value {
        json!({"number": number, "issuer": "漳州市人民政府", "categories": ["urban_management"],
               "area": "芗城区",
               "history": [{"event": "issued", "date": "2021-01-01", "valid_until": "2026-12-31"}]})
    }

    #[test]
    fn a_consistent_roster_loads() {
        let org = fixtures::district();
        let file = roster(json!([
            {"id": "o-1", "name": "林志明", "team": "t-a-team", "certificate": certificate("闽0001")},
            {"id": "o-2", "name": "陈雅婷", "department": "t-zjj", "certificate": certificate("闽0002"),
             "secondments": [{"zone": "t-east", "from": "2022-07-01"}]}
        ]));
        let (officers, auxiliaries) = file.into_roster(&org).expect("consistent");
        assert_eq!(officers.len(), 2);
        assert!(auxiliaries.is_empty());
        let shares = secondment_shares(&officers, time::macros::date!(2023 - 01 - 01));
        assert_eq!(
            shares.get(&DepartmentId::parse("t-zjj").expect("id")),
            Some(&(1, 1))
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let org = fixtures::district();
        let mut bad_history = certificate("闽0004");
        bad_history["history"] = json!([{"event": "suspended", "date": "2021-01-01"}]);
        let file = roster(json!([
            {"id": "o-1", "name": "林志明", "team": "t-a-team", "certificate": certificate("闽0001")},
            {"id": "o-1", "name": "林志明", "team": "t-a-team", "certificate": certificate("闽0001")},
            {"id": "o-3", "name": "王芳", "team": "t-a-team", "certificate": certificate("闽0003"),
             "secondments": [{"locality": "t-b", "from": "2022-07-01"}]},
            {"id": "o-4", "name": "张伟", "department": "t-nowhere", "certificate": bad_history},
            {"id": "o-5", "name": "李娜", "department": "t-zjj", "certificate": certificate("闽0005"),
             "secondments": [{"locality": "t-nowhere", "from": "2022-07-01", "until": "2021-01-01"}]},
            {"id": "o-6", "name": "赵强", "department": "t-zjj", "certificate": certificate("闽0006"),
             "secondments": [{"locality": "t-area", "from": "2022-07-01"}]}
        ]));
        let errors = file.into_roster(&org).expect_err("inconsistent");
        let text: Vec<String> = errors.iter().map(ToString::to_string).collect();
        let expected = [
            "o-1: the id is used twice",
            "o-1: certificate number 闽0001 is already held by o-1",
            "o-3: only a department's officer is seconded",
            "o-4: a certificate's history starts with its issue",
            "o-4: department t-nowhere is not in this district",
            "o-5: a secondment ends after it starts",
            "o-5: a secondment posts to a place of this district",
            "o-6: a special area is enforced by the bureau's team; nobody is seconded to it",
        ];
        assert_eq!(text, expected);
    }

    #[test]
    fn a_roster_of_another_district_is_refused() {
        let org = fixtures::district();
        let file: RosterFile =
            serde_json::from_value(json!({"district": "310105"})).expect("parses");
        assert!(matches!(
            file.into_roster(&org),
            Err(e) if matches!(e[0], RosterError::WrongDistrict { .. })
        ));
    }
}
