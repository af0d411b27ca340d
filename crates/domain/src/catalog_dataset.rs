//! The catalog dataset format (`data/demo/catalog/*.toml`): a district's matters and its adjustment
//! rounds (each round a document with an effective date that delegates or revokes matters at
//! localities), checked against the district's organisation before anything is loaded.

use crate::catalog::{
    Delegation, DelegationAct, DocumentNumber, Matter, MatterCode, MatterLevel, act_in_force,
};
use crate::{DistrictOrg, LocalityId, LocalityKind};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use time::Date;

/// One district's catalog as written in a dataset file.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogFile {
    /// The district whose organisation the catalog refers to.
    pub district: crate::DistrictCode,
    /// Matters as the API shows them; the file and the wire share one shape.
    pub matters: Vec<Matter>,
    #[serde(default)]
    pub rounds: Vec<RoundEntry>,
}

/// An adjustment round (赋权 / 调整): one document, one effective date, several acts. Also the
/// body of `POST /staff/catalog/rounds`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoundEntry {
    pub document: DocumentNumber,
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub effective: Date,
    pub acts: Vec<ActEntry>,
}

/// Delegates or revokes `matters` at `localities`.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActEntry {
    pub act: DelegationAct,
    pub localities: Vec<LocalityId>,
    pub matters: Vec<MatterCode>,
}

mod iso_date {
    use serde::{Deserialize, Deserializer};
    use time::Date;
    use time::macros::format_description;

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let s = String::deserialize(d)?;
        Date::parse(&s, format_description!("[year]-[month]-[day]"))
            .map_err(|e| serde::de::Error::custom(format!("{s:?} is not a YYYY-MM-DD date: {e}")))
    }
}

/// One inconsistency in a catalog file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CatalogError {
    #[error("the catalog is for district {catalog} but was checked against {org}")]
    WrongDistrict { catalog: String, org: String },
    #[error("matter {0} appears twice")]
    DuplicateMatter(String),
    #[error("matter {code}: {problem}")]
    Matter { code: String, problem: &'static str },
    #[error("round {document}: {problem}")]
    Round {
        document: String,
        problem: RoundProblem,
    },
}

/// What is wrong with a catalog round: the round as a whole, one of its localities, or one matter
/// at one locality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct RoundProblem {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub locality: Option<LocalityId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub matter: Option<MatterCode>,
    pub problem: RoundProblemKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RoundProblemKind {
    /// The round neither delegates nor revokes anything.
    NoActs,
    UnknownLocality,
    /// Special areas are enforced by the bureau; nothing is delegated to them.
    SpecialArea,
    UnknownMatter,
    /// District-level matters stay with the district.
    DistrictLevel,
    /// The same matter at the same locality twice in one round.
    Twice,
    AlreadyDelegated,
    /// Revoked where it is not delegated.
    NotDelegated,
}

impl RoundProblemKind {
    /// In English, for files checked on the command line and for developers.
    pub fn describe(self) -> &'static str {
        match self {
            Self::NoActs => "a round delegates or revokes something",
            Self::UnknownLocality => "no such locality in this district",
            Self::SpecialArea => {
                "special areas are enforced by the bureau; nothing is delegated to them"
            }
            Self::UnknownMatter => "no such matter in the catalog",
            Self::DistrictLevel => "district-level matters cannot be delegated",
            Self::Twice => "acted on twice in one round",
            Self::AlreadyDelegated => "already delegated",
            Self::NotDelegated => "revoked but not delegated",
        }
    }
}

impl std::fmt::Display for RoundProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (&self.matter, &self.locality) {
            (Some(m), Some(l)) => write!(f, "{m} at {l}: ")?,
            (None, Some(l)) => write!(f, "{l}: ")?,
            (Some(m), None) => write!(f, "{m}: ")?,
            (None, None) => {}
        }
        f.write_str(self.problem.describe())
    }
}

impl CatalogFile {
    /// Checks the catalog against its district's organisation and expands the rounds into the
    /// delegation history (in round order). Every problem found is reported.
    pub fn into_catalog(
        self,
        org: &DistrictOrg,
    ) -> Result<(Vec<Matter>, Vec<Delegation>), Vec<CatalogError>> {
        let mut errors = Vec::new();
        if self.district != org.district.code {
            return Err(vec![CatalogError::WrongDistrict {
                catalog: self.district.to_string(),
                org: org.district.code.to_string(),
            }]);
        }
        let mut codes = BTreeSet::new();
        let mut matters = Vec::new();
        for m in self.matters {
            let problem = |problem| CatalogError::Matter {
                code: m.code.to_string(),
                problem,
            };
            if !codes.insert(m.code.clone()) {
                errors.push(CatalogError::DuplicateMatter(m.code.to_string()));
            }
            if m.code.power_kind() != m.power_kind {
                errors.push(problem(
                    "the code's power letter contradicts its power kind",
                ));
            }
            if !m.code.as_str().starts_with(org.district.code.as_str()) {
                errors.push(problem("the code's region is not this district"));
            }
            if org.department(&m.department).is_none() {
                errors.push(problem("its department is not in this district"));
            }
            if m.legal_basis.is_empty() {
                errors.push(problem("a matter needs at least one legal basis"));
            }
            matters.push(m);
        }

        let mut rounds = self.rounds;
        rounds.sort_by_key(|r| r.effective);
        let mut history: Vec<Delegation> = Vec::new();
        for round in &rounds {
            errors.extend(
                check_round(org, &matters, &mut history, round)
                    .into_iter()
                    .map(|problem| CatalogError::Round {
                        document: round.document.to_string(),
                        problem,
                    }),
            );
        }
        if errors.is_empty() {
            Ok((matters, history))
        } else {
            Err(errors)
        }
    }
}

/// Checks one round against the catalog and the history before it (every act of `history` effective
/// on or before the round's date), and appends its acts to `history`. Every problem is reported;
/// acts with a problem are not appended.
pub fn check_round(
    org: &DistrictOrg,
    matters: &[Matter],
    history: &mut Vec<Delegation>,
    round: &RoundEntry,
) -> Vec<RoundProblem> {
    use RoundProblemKind as K;
    let mut errors = Vec::new();
    let problem =
        |locality: Option<&LocalityId>, matter: Option<&MatterCode>, problem| RoundProblem {
            locality: locality.cloned(),
            matter: matter.cloned(),
            problem,
        };
    if round.acts.is_empty() {
        errors.push(problem(None, None, K::NoActs));
    }
    let mut seen_today = BTreeSet::new();
    for a in &round.acts {
        for l in &a.localities {
            match org.locality(l) {
                None => errors.push(problem(Some(l), None, K::UnknownLocality)),
                Some(p) if p.kind == LocalityKind::SpecialArea => {
                    errors.push(problem(Some(l), None, K::SpecialArea));
                }
                Some(_) => {}
            }
            for code in &a.matters {
                let at = |kind| problem(Some(l), Some(code), kind);
                match matters.iter().find(|m| &m.code == code) {
                    None => errors.push(at(K::UnknownMatter)),
                    Some(m) if m.level == MatterLevel::District => {
                        errors.push(at(K::DistrictLevel));
                    }
                    Some(_) => {}
                }
                if !seen_today.insert((code.clone(), l.clone())) {
                    errors.push(at(K::Twice));
                }
                let in_force = act_in_force(history, code, l, round.effective).map(|d| d.act);
                match (a.act, in_force) {
                    (DelegationAct::Delegate, Some(DelegationAct::Delegate)) => {
                        errors.push(at(K::AlreadyDelegated));
                    }
                    (DelegationAct::Revoke, None | Some(DelegationAct::Revoke)) => {
                        errors.push(at(K::NotDelegated));
                    }
                    _ => history.push(Delegation {
                        matter: code.clone(),
                        locality: l.clone(),
                        act: a.act,
                        effective: round.effective,
                        document: round.document.clone(),
                    }),
                }
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{Value, json};

    fn valid() -> Value {
        json!({
            "district": "350602",
            "matters": [
                {"code": "350602001F004200", "name": "对擅自占用城市道路的处罚", "domain": "urban_management",
                 "power_kind": "penalty", "class": "A", "level": "locality", "department": "t-bureau",
                 "legal_basis": [{"law": "《城市道路管理条例》", "article": "第四十二条"}]},
                {"code": "350602001J000100", "name": "对户外广告设施设置情况的行政检查", "domain": "urban_management",
                 "power_kind": "inspection", "class": "B", "level": "district", "department": "t-bureau",
                 "legal_basis": [{"law": "《城市市容和环境卫生管理条例》", "article": "第十一条"}]}
            ],
            "rounds": [
                {"document": "芗政文〔2024〕12号", "effective": "2024-07-01", "acts": [
                    {"act": "revoke", "localities": ["t-a"], "matters": ["350602001F004200"]}]},
                {"document": "芗政文〔2022〕8号", "effective": "2022-07-01", "acts": [
                    {"act": "delegate", "localities": ["t-a", "t-b"], "matters": ["350602001F004200"]}]}
            ]
        })
    }

    fn check(v: Value) -> Result<(Vec<Matter>, Vec<Delegation>), Vec<CatalogError>> {
        let file: CatalogFile = serde_json::from_value(v).expect("the shape parses");
        file.into_catalog(&crate::fixtures::district())
    }

    #[test]
    fn rounds_expand_into_a_dated_history_in_round_order() {
        let (matters, history) = check(valid()).expect("valid");
        assert_eq!(matters.len(), 2);
        let acts: Vec<_> = history
            .iter()
            .map(|d| (d.locality.as_str(), d.act))
            .collect();
        assert_eq!(
            acts,
            [
                ("t-a", DelegationAct::Delegate),
                ("t-b", DelegationAct::Delegate),
                ("t-a", DelegationAct::Revoke)
            ],
            "the 2022 round applies before the 2024 one, whatever the file order"
        );
    }

    #[test]
    fn inconsistencies_are_refused_with_a_reason() {
        type Mutation = fn(&mut Value);
        let cases: [(&str, Mutation, &str); 9] = [
            (
                "a duplicate code",
                |v| v["matters"][1]["code"] = json!("350602001F004200"),
                "appears twice",
            ),
            (
                "a power letter that contradicts",
                |v| v["matters"][0]["power_kind"] = json!("coercion"),
                "power letter",
            ),
            (
                "another region's code",
                |v| v["matters"][0]["code"] = json!("310105001F004200"),
                "region",
            ),
            (
                "an unknown department",
                |v| v["matters"][0]["department"] = json!("t-nope"),
                "department",
            ),
            (
                "no legal basis",
                |v| v["matters"][0]["legal_basis"] = json!([]),
                "legal basis",
            ),
            (
                "delegating a district-level matter",
                |v| v["rounds"][1]["acts"][0]["matters"] = json!(["350602001J000100"]),
                "district-level",
            ),
            (
                "delegating to a special area",
                |v| v["rounds"][1]["acts"][0]["localities"] = json!(["t-area"]),
                "special area",
            ),
            (
                "revoking what was never delegated",
                |v| v["rounds"][0]["acts"][0]["localities"] = json!(["t-c"]),
                "not delegated",
            ),
            (
                "an unknown locality",
                |v| v["rounds"][1]["acts"][0]["localities"] = json!(["t-zz"]),
                "no such locality",
            ),
        ];
        for (why, mutate, expected) in cases {
            let mut v = valid();
            mutate(&mut v);
            let errors = check(v).expect_err(why);
            assert!(
                errors.iter().any(|e| e.to_string().contains(expected)),
                "{why}: got {errors:?}"
            );
        }
    }

    #[test]
    fn dates_must_be_real() {
        let mut v = valid();
        v["rounds"][0]["effective"] = json!("2024-02-30");
        assert!(serde_json::from_value::<CatalogFile>(v).is_err());
    }

    #[test]
    fn a_rounds_problems_name_the_matter_and_locality_for_a_translated_message() {
        let (matters, mut history) = check(valid()).expect("valid");
        let round: RoundEntry = serde_json::from_value(json!({
            "document": "芗政文〔2026〕1号", "effective": "2026-01-01", "acts": [
                {"act": "delegate", "localities": ["t-b", "t-zz"], "matters": ["350602001F004200"]},
                {"act": "revoke", "localities": ["t-c"], "matters": ["350602001F009999"]}
            ]
        }))
        .expect("the shape parses");
        let before = history.len();
        let found = check_round(&crate::fixtures::district(), &matters, &mut history, &round);
        let code = |c: &str| Some(MatterCode::parse(c).expect("a code"));
        let at = |l: &str| Some(LocalityId::parse(l).expect("an id"));
        assert_eq!(
            found,
            [
                RoundProblem {
                    locality: at("t-b"),
                    matter: code("350602001F004200"),
                    problem: RoundProblemKind::AlreadyDelegated,
                },
                RoundProblem {
                    locality: at("t-zz"),
                    matter: None,
                    problem: RoundProblemKind::UnknownLocality,
                },
                RoundProblem {
                    locality: at("t-c"),
                    matter: code("350602001F009999"),
                    problem: RoundProblemKind::UnknownMatter,
                },
                RoundProblem {
                    locality: at("t-c"),
                    matter: code("350602001F009999"),
                    problem: RoundProblemKind::NotDelegated,
                },
            ]
        );
        assert_eq!(
            found[0].to_string(),
            "350602001F004200 at t-b: already delegated"
        );
        // The unknown locality's act was appended (nothing in force there): only acts that are
        // themselves refused are left out.
        assert_eq!(history.len(), before + 1);
    }
}
