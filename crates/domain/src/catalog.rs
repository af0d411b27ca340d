//! The enforcement catalog: matters (执法事项), their delegation to localities over time (赋权 /
//! 收回), and the resolver that answers "who may enforce matter M at place P on date D?".
//!
//! A locality's catalog on a date is derived from the delegation history, never stored twice.

use crate::{
    AuthorityId, DepartmentId, DistrictOrg, LocalityId, LocalityKind, Name, TeamKind, Text,
};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use time::Date;
use utoipa::ToSchema;

/// 行政处罚 / 行政检查 / 行政强制.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PowerKind {
    Penalty,
    Inspection,
    Coercion,
}

impl PowerKind {
    pub const ALL: [Self; 3] = [Self::Penalty, Self::Inspection, Self::Coercion];

    /// The letter a matter code carries for its power kind (罚 F, 检 J, 强 Q).
    pub fn code_letter(self) -> char {
        match self {
            Self::Penalty => 'F',
            Self::Inspection => 'J',
            Self::Coercion => 'Q',
        }
    }

    pub fn from_code_letter(c: char) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code_letter() == c)
    }
}

/// How much of a matter moves to the locality: class A wholly; B and C keep the department taking
/// complaints and referring leads.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
pub enum MatterClass {
    A,
    B,
    C,
}

/// District-level matters are enforced only at district level; locality-level ones may be delegated.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MatterLevel {
    District,
    Locality,
}

/// 执法领域.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Domain {
    /// 城市管理
    UrbanManagement,
    /// 市场监管
    MarketRegulation,
    /// 自然资源
    NaturalResources,
    /// 住房建设
    HousingConstruction,
    /// 消防
    FireSafety,
    /// 水务
    Water,
    /// 应急管理
    EmergencyManagement,
    /// 卫生健康
    Health,
    /// 民政
    CivilAffairs,
    /// 教育
    Education,
    /// 人防
    CivilAirDefence,
    /// 农业农村
    Agriculture,
    /// 生态环境
    Ecology,
    /// 文化旅游
    CultureTourism,
    /// 交通运输
    Transport,
}

impl Domain {
    /// Every domain, in the order the public lists them.
    pub const ALL: [Self; 15] = [
        Self::UrbanManagement,
        Self::MarketRegulation,
        Self::NaturalResources,
        Self::HousingConstruction,
        Self::FireSafety,
        Self::Water,
        Self::EmergencyManagement,
        Self::Health,
        Self::CivilAffairs,
        Self::Education,
        Self::CivilAirDefence,
        Self::Agriculture,
        Self::Ecology,
        Self::CultureTourism,
        Self::Transport,
    ];

    /// The domain's name in Chinese, as catalogs and machine interfaces (Open311) write it.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::UrbanManagement => "城市管理",
            Self::MarketRegulation => "市场监管",
            Self::NaturalResources => "自然资源",
            Self::HousingConstruction => "住房建设",
            Self::FireSafety => "消防",
            Self::Water => "水务",
            Self::EmergencyManagement => "应急管理",
            Self::Health => "卫生健康",
            Self::CivilAffairs => "民政",
            Self::Education => "教育",
            Self::CivilAirDefence => "人防",
            Self::Agriculture => "农业农村",
            Self::Ecology => "生态环境",
            Self::CultureTourism => "文化旅游",
            Self::Transport => "交通运输",
        }
    }
}

impl MatterClass {
    pub const ALL: [Self; 3] = [Self::A, Self::B, Self::C];
}

impl MatterLevel {
    pub const ALL: [Self; 2] = [Self::Locality, Self::District];
}

/// Why a string is not a matter code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MatterCodeError {
    #[error(
        "a matter code has 16 characters: 6-digit region, 3-digit body, power letter F/J/Q, 4-digit item, 2-digit sub-item"
    )]
    BadShape,
    #[error("{0} is not a province prefix of GB/T 2260")]
    UnknownRegion(String),
}

/// A matter code shaped like the Hubei 16-character 职权事项编码: region (6 digits), body (3 digits),
/// power kind (F penalty, J inspection, Q coercion), item (4 digits), sub-item (2 digits, 00 for the
/// item itself), e.g. `350602001F004200`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct MatterCode(String);

impl MatterCode {
    pub fn parse(s: impl AsRef<str>) -> Result<Self, MatterCodeError> {
        let s = s.as_ref().trim().to_ascii_uppercase();
        let b = s.as_bytes();
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if b.len() != 16
            || !digits(0..9)
            || PowerKind::from_code_letter(char::from(b[9])).is_none()
            || !digits(10..16)
        {
            return Err(MatterCodeError::BadShape);
        }
        // Any level of region may publish a catalog (a province, a city, a district), so only the
        // province prefix is checked.
        if crate::DistrictCode::parse(format!("{}01", &s[..4])).is_err() {
            return Err(MatterCodeError::UnknownRegion(s[..2].to_owned()));
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The power kind the code itself states.
    pub fn power_kind(&self) -> PowerKind {
        self.0
            .chars()
            .nth(9)
            .and_then(PowerKind::from_code_letter)
            .unwrap_or(PowerKind::Penalty)
    }
}

impl TryFrom<String> for MatterCode {
    type Error = MatterCodeError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<MatterCode> for String {
    fn from(c: MatterCode) -> Self {
        c.0
    }
}

impl fmt::Display for MatterCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl utoipa::PartialSchema for MatterCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .pattern(Some("^[0-9]{9}[FJQ][0-9]{6}$"))
            .examples(["350602001F004200"])
            .into()
    }
}

impl utoipa::ToSchema for MatterCode {}

/// Why a string is not a document number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DocumentNumberError {
    #[error(
        "a document number reads like 芗政文〔2024〕12号: issuer, year in brackets, number, 号"
    )]
    BadShape,
}

/// The number of an official document (发文字号), e.g. `芗政文〔2024〕12号`. Brackets typed as `[]`,
/// `［］` or `（）` are normalised to 〔〕.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DocumentNumber(String);

impl DocumentNumber {
    pub fn parse(s: impl AsRef<str>) -> Result<Self, DocumentNumberError> {
        let s: String = s
            .as_ref()
            .trim()
            .chars()
            .map(|c| match c {
                '[' | '［' | '(' | '（' | '【' => '〔',
                ']' | '］' | ')' | '）' | '】' => '〕',
                c => c,
            })
            .collect();
        let (issuer, rest) = s.split_once('〔').ok_or(DocumentNumberError::BadShape)?;
        let (year, rest) = rest.split_once('〕').ok_or(DocumentNumberError::BadShape)?;
        let number = rest
            .strip_suffix('号')
            .ok_or(DocumentNumberError::BadShape)?;
        let ok = !issuer.is_empty()
            && issuer.chars().count() <= 20
            && !issuer.chars().any(|c| c.is_control() || c.is_whitespace())
            && year.len() == 4
            && year.bytes().all(|b| b.is_ascii_digit())
            && !number.is_empty()
            && number.len() <= 6
            && number.bytes().all(|b| b.is_ascii_digit());
        if !ok {
            return Err(DocumentNumberError::BadShape);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DocumentNumber {
    type Error = DocumentNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<DocumentNumber> for String {
    fn from(d: DocumentNumber) -> Self {
        d.0
    }
}

impl fmt::Display for DocumentNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl utoipa::PartialSchema for DocumentNumber {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .examples(["芗政文〔2024〕12号"])
            .into()
    }
}

impl utoipa::ToSchema for DocumentNumber {}

/// One legal basis of a matter: the law or regulation, the article, and optionally its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LegalBasis {
    /// e.g. 《城市道路管理条例》
    pub law: Name,
    /// e.g. 第四十二条
    pub article: Name,
    pub text: Option<Text>,
}

/// An enforcement matter (执法事项).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Matter {
    pub code: MatterCode,
    pub name: Name,
    pub domain: Domain,
    pub power_kind: PowerKind,
    pub class: MatterClass,
    pub level: MatterLevel,
    pub legal_basis: Vec<LegalBasis>,
    /// The district department that holds the matter unless it is delegated (赋权部门).
    pub department: DepartmentId,
}

/// Delegation to, or revocation from, a locality.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DelegationAct {
    /// 赋权
    Delegate,
    /// 收回
    Revoke,
}

/// One act in a matter's history at one locality, effective from its date (inclusive).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Delegation {
    pub matter: MatterCode,
    pub locality: LocalityId,
    pub act: DelegationAct,
    pub effective: Date,
    pub document: DocumentNumber,
}

/// The act in force for `matter` at `locality` on `date`: the latest one effective on or before it.
/// Acts on the same day apply in the order given.
pub fn act_in_force<'a>(
    history: &'a [Delegation],
    matter: &MatterCode,
    locality: &LocalityId,
    date: Date,
) -> Option<&'a Delegation> {
    history
        .iter()
        .filter(|d| &d.matter == matter && &d.locality == locality && d.effective <= date)
        .fold(None, |latest: Option<&Delegation>, d| match latest {
            Some(l) if l.effective > d.effective => Some(l),
            _ => Some(d),
        })
}

/// The matters delegated to `locality` on `date` (its catalog as of that date).
pub fn delegated_on(history: &[Delegation], locality: &LocalityId, date: Date) -> Vec<MatterCode> {
    let mut latest: BTreeMap<&MatterCode, &Delegation> = BTreeMap::new();
    for d in history
        .iter()
        .filter(|d| &d.locality == locality && d.effective <= date)
    {
        match latest.get(&d.matter) {
            Some(l) if l.effective > d.effective => {}
            _ => {
                latest.insert(&d.matter, d);
            }
        }
    }
    latest
        .into_iter()
        .filter(|(_, d)| d.act == DelegationAct::Delegate)
        .map(|(m, _)| m.clone())
        .collect()
}

/// The acts at `locality` that took effect after `from` and on or before `to`, in date order.
pub fn changes_between<'a>(
    history: &'a [Delegation],
    locality: &LocalityId,
    from: Date,
    to: Date,
) -> Vec<&'a Delegation> {
    let mut out: Vec<&Delegation> = history
        .iter()
        .filter(|d| &d.locality == locality && d.effective > from && d.effective <= to)
        .collect();
    out.sort_by_key(|d| d.effective);
    out
}

/// One step of the reasoning behind an answer, in the order it was applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Reason {
    /// Violations are handled where they happen (发生地管辖).
    PlaceOfViolation { locality: LocalityId },
    /// A special area is enforced by the bureau's team posted there, in the bureau's name.
    SpecialArea { team: crate::TeamId },
    /// A special area's team enforces the bureau's matters only; other departments keep theirs.
    SpecialAreaOtherDepartment,
    /// District-level matters stay with the district.
    DistrictLevel,
    /// Delegated to the locality, which enforces in its own name.
    Delegated {
        document: DocumentNumber,
        effective: Date,
    },
    /// Delegated once, since revoked: back with the department.
    Revoked {
        document: DocumentNumber,
        effective: Date,
    },
    /// Never delegated to this locality (as of the date): the department keeps it.
    NotDelegated,
    /// The department that holds the matter enforces in its own name.
    Department { department: DepartmentId },
}

/// Who may enforce a matter at a place on a date, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Jurisdiction {
    pub authority: AuthorityId,
    /// The team that acts, where the organisation names one.
    pub team: Option<crate::TeamId>,
    pub reasons: Vec<Reason>,
}

/// Why a question cannot be answered from this district's data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("the locality is not in this district")]
    UnknownLocality,
    #[error("the matter's department is not in this district")]
    UnknownDepartment,
    #[error("the district's organisation is inconsistent: {0}")]
    Inconsistent(&'static str),
}

/// "Who may enforce `matter` at `locality` on `date`?" following DOMAIN.md: in a special area the
/// bureau's matters go to its area team (other departments keep theirs); district-level matters stay
/// with their department (the bureau's mobile team for the bureau's own); otherwise the act in force
/// decides between the locality office (delegated) and the department (never delegated, or revoked).
pub fn resolve(
    org: &DistrictOrg,
    matter: &Matter,
    history: &[Delegation],
    locality: &LocalityId,
    date: Date,
) -> Result<Jurisdiction, ResolveError> {
    let place = org
        .locality(locality)
        .ok_or(ResolveError::UnknownLocality)?;
    let department = org
        .department(&matter.department)
        .ok_or(ResolveError::UnknownDepartment)?;
    let mut reasons = vec![Reason::PlaceOfViolation {
        locality: locality.clone(),
    }];

    let is_bureau = department.id == org.district.bureau;
    if place.kind == LocalityKind::SpecialArea && is_bureau {
        reasons.push(Reason::SpecialArea {
            team: place.team.clone(),
        });
        return Ok(Jurisdiction {
            authority: place.authority.clone(),
            team: Some(place.team.clone()),
            reasons,
        });
    }

    let department_authority = AuthorityId::parse(department.id.as_str())
        .map_err(|_| ResolveError::Inconsistent("a department has no authority"))?;
    // The bureau acts through its mobile team; other departments' teams are not modelled.
    let department_team = is_bureau
        .then(|| org.teams.iter().find(|t| t.kind == TeamKind::Mobile))
        .flatten()
        .map(|t| t.id.clone());
    let to_department = |mut reasons: Vec<Reason>| {
        reasons.push(Reason::Department {
            department: department.id.clone(),
        });
        Jurisdiction {
            authority: department_authority.clone(),
            team: department_team.clone(),
            reasons,
        }
    };

    if place.kind == LocalityKind::SpecialArea {
        reasons.push(Reason::SpecialAreaOtherDepartment);
        return Ok(to_department(reasons));
    }

    if matter.level == MatterLevel::District {
        reasons.push(Reason::DistrictLevel);
        return Ok(to_department(reasons));
    }

    match act_in_force(history, &matter.code, locality, date) {
        Some(d) if d.act == DelegationAct::Delegate => {
            reasons.push(Reason::Delegated {
                document: d.document.clone(),
                effective: d.effective,
            });
            Ok(Jurisdiction {
                authority: place.authority.clone(),
                team: Some(place.team.clone()),
                reasons,
            })
        }
        Some(d) => {
            reasons.push(Reason::Revoked {
                document: d.document.clone(),
                effective: d.effective,
            });
            Ok(to_department(reasons))
        }
        None => {
            reasons.push(Reason::NotDelegated);
            Ok(to_department(reasons))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn id(s: &str) -> LocalityId {
        LocalityId::parse(s).expect("a locality id")
    }

    fn code(s: &str) -> MatterCode {
        MatterCode::parse(s).expect("a matter code")
    }

    fn doc(s: &str) -> DocumentNumber {
        DocumentNumber::parse(s).expect("a document number")
    }

    fn matter(code_s: &str, level: MatterLevel, department: &str) -> Matter {
        Matter {
            code: code(code_s),
            name: Name::parse("对擅自占用城市道路的处罚").expect("a name"),
            domain: Domain::UrbanManagement,
            power_kind: PowerKind::Penalty,
            class: MatterClass::A,
            level,
            legal_basis: vec![LegalBasis {
                law: Name::parse("《城市道路管理条例》").expect("a law"),
                article: Name::parse("第四十二条").expect("an article"),
                text: None,
            }],
            department: DepartmentId::parse(department).expect("a department id"),
        }
    }

    fn act(m: &str, l: &str, act: DelegationAct, effective: Date, d: &str) -> Delegation {
        Delegation {
            matter: code(m),
            locality: id(l),
            act,
            effective,
            document: doc(d),
        }
    }

    const ROAD: &str = "350602001F004200";
    const PERMIT: &str = "350602002F001100";

    /// 甲: delegated 2022-07-01, revoked 2024-07-01. 乙: delegated 2024-07-01.
    fn history() -> Vec<Delegation> {
        use DelegationAct::*;
        vec![
            act(
                ROAD,
                "t-a",
                Delegate,
                date!(2022 - 07 - 01),
                "芗政文〔2022〕8号",
            ),
            act(
                ROAD,
                "t-a",
                Revoke,
                date!(2024 - 07 - 01),
                "芗政文〔2024〕12号",
            ),
            act(
                ROAD,
                "t-b",
                Delegate,
                date!(2024 - 07 - 01),
                "芗政文〔2024〕12号",
            ),
        ]
    }

    #[test]
    fn matter_codes() {
        let c = code("350602001f004200");
        assert_eq!(c.as_str(), "350602001F004200", "the letter is upper-cased");
        assert_eq!(c.power_kind(), PowerKind::Penalty);
        assert_eq!(code("420106003J000101").power_kind(), PowerKind::Inspection);
        let cases = [
            (
                "350602001F00420",
                MatterCodeError::BadShape,
                "15 characters",
            ),
            (
                "350602001X004200",
                MatterCodeError::BadShape,
                "no such power letter",
            ),
            (
                "35060200AF004200",
                MatterCodeError::BadShape,
                "a letter in the body",
            ),
            (
                "990602001F004200",
                MatterCodeError::UnknownRegion("99".into()),
                "no such province",
            ),
        ];
        for (input, expected, why) in cases {
            assert_eq!(MatterCode::parse(input), Err(expected), "{why}");
        }
    }

    #[test]
    fn document_numbers() {
        assert_eq!(doc("芗政文[2024]12号").as_str(), "芗政文〔2024〕12号");
        assert_eq!(doc("长府办（2021）3号").as_str(), "长府办〔2021〕3号");
        for bad in [
            "",
            "芗政文2024年12号",
            "〔2024〕12号",
            "芗政文〔24〕12号",
            "芗政文〔2024〕号",
            "芗 政文〔2024〕1号",
        ] {
            assert!(DocumentNumber::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn the_resolver_follows_every_rule() {
        let org = crate::fixtures::district();
        let h = history();
        let bureau_road = matter(ROAD, MatterLevel::Locality, "t-bureau");
        let district_level = matter(PERMIT, MatterLevel::District, "t-bureau");
        let housing = matter(PERMIT, MatterLevel::Locality, "t-zjj");
        struct Case {
            why: &'static str,
            matter: Matter,
            at: &'static str,
            on: Date,
            authority: &'static str,
            team: Option<&'static str>,
            rule: fn(&Reason) -> bool,
        }
        let cases = [
            Case {
                why: "before any delegation the department keeps it",
                matter: bureau_road.clone(),
                at: "t-a",
                on: date!(2022 - 06 - 30),
                authority: "t-bureau",
                team: Some("t-mobile"),
                rule: |r| matches!(r, Reason::NotDelegated),
            },
            Case {
                why: "delegated from its effective date, in the locality's own name",
                matter: bureau_road.clone(),
                at: "t-a",
                on: date!(2022 - 07 - 01),
                authority: "t-a",
                team: Some("t-a-team"),
                rule: |r| matches!(r, Reason::Delegated { .. }),
            },
            Case {
                why: "the day before a revocation it is still delegated",
                matter: bureau_road.clone(),
                at: "t-a",
                on: date!(2024 - 06 - 30),
                authority: "t-a",
                team: Some("t-a-team"),
                rule: |r| matches!(r, Reason::Delegated { .. }),
            },
            Case {
                why: "revoked: back with the department",
                matter: bureau_road.clone(),
                at: "t-a",
                on: date!(2024 - 07 - 01),
                authority: "t-bureau",
                team: Some("t-mobile"),
                rule: |r| matches!(r, Reason::Revoked { .. }),
            },
            Case {
                why: "another locality's own history",
                matter: bureau_road.clone(),
                at: "t-b",
                on: date!(2025 - 01 - 01),
                authority: "t-b",
                team: Some("t-b-team"),
                rule: |r| matches!(r, Reason::Delegated { .. }),
            },
            Case {
                why: "never delegated there",
                matter: bureau_road.clone(),
                at: "t-c",
                on: date!(2025 - 01 - 01),
                authority: "t-bureau",
                team: Some("t-mobile"),
                rule: |r| matches!(r, Reason::NotDelegated),
            },
            Case {
                why: "district-level matters stay with the district",
                matter: district_level,
                at: "t-a",
                on: date!(2025 - 01 - 01),
                authority: "t-bureau",
                team: Some("t-mobile"),
                rule: |r| matches!(r, Reason::DistrictLevel),
            },
            Case {
                why: "a special area: the bureau's posted team, in the bureau's name",
                matter: bureau_road,
                at: "t-area",
                on: date!(2025 - 01 - 01),
                authority: "t-bureau",
                team: Some("t-area-team"),
                rule: |r| matches!(r, Reason::SpecialArea { .. }),
            },
            Case {
                why: "a special area: other departments keep their matters",
                matter: housing.clone(),
                at: "t-area",
                on: date!(2025 - 01 - 01),
                authority: "t-zjj",
                team: None,
                rule: |r| matches!(r, Reason::SpecialAreaOtherDepartment),
            },
            Case {
                why: "another department's undelegated matter",
                matter: housing,
                at: "t-b",
                on: date!(2025 - 01 - 01),
                authority: "t-zjj",
                team: None,
                rule: |r| matches!(r, Reason::NotDelegated),
            },
        ];
        for c in cases {
            let j = resolve(&org, &c.matter, &h, &id(c.at), c.on).expect(c.why);
            assert_eq!(j.authority.as_str(), c.authority, "{}", c.why);
            assert_eq!(
                j.team.as_ref().map(crate::TeamId::as_str),
                c.team,
                "{}",
                c.why
            );
            assert!(j.reasons.iter().any(c.rule), "{}: {:?}", c.why, j.reasons);
            assert_eq!(
                j.reasons.first(),
                Some(&Reason::PlaceOfViolation { locality: id(c.at) }),
                "{}: the chain starts from the place",
                c.why
            );
        }
    }

    #[test]
    fn unknown_places_and_departments_are_errors_not_guesses() {
        let org = crate::fixtures::district();
        let m = matter(ROAD, MatterLevel::Locality, "t-bureau");
        assert_eq!(
            resolve(&org, &m, &[], &id("t-nowhere"), date!(2025 - 01 - 01)),
            Err(ResolveError::UnknownLocality)
        );
        let foreign = matter(ROAD, MatterLevel::Locality, "cn-cgzf");
        assert_eq!(
            resolve(&org, &foreign, &[], &id("t-a"), date!(2025 - 01 - 01)),
            Err(ResolveError::UnknownDepartment)
        );
    }

    #[test]
    fn catalogs_and_changes_are_derived_from_the_history() {
        let h = history();
        assert_eq!(
            delegated_on(&h, &id("t-a"), date!(2023 - 01 - 01)),
            vec![code(ROAD)]
        );
        assert!(delegated_on(&h, &id("t-a"), date!(2024 - 07 - 01)).is_empty());
        assert_eq!(
            delegated_on(&h, &id("t-b"), date!(2024 - 07 - 01)),
            vec![code(ROAD)]
        );
        let changes = changes_between(&h, &id("t-a"), date!(2022 - 07 - 01), date!(2024 - 12 - 31));
        assert_eq!(
            changes.len(),
            1,
            "the start date is exclusive, the end inclusive"
        );
        assert_eq!(changes[0].act, DelegationAct::Revoke);
    }

    fn arb_date() -> impl Strategy<Value = Date> {
        (0_i64..3650).prop_map(|d| date!(2021 - 01 - 01) + time::Duration::days(d))
    }

    proptest! {
        /// Whatever the history, every locality of the district gets exactly one answer, and it is
        /// the locality office exactly when the act in force is a delegation of a locality-level
        /// matter outside a special area.
        #[test]
        fn exactly_one_authority_for_any_valid_input(
            acts in proptest::collection::vec((0_usize..3, any::<bool>(), arb_date()), 0..12),
            at in 0_usize..4,
            on in arb_date(),
            district_level in any::<bool>(),
        ) {
            let org = crate::fixtures::district();
            let places = ["t-a", "t-b", "t-c", "t-area"];
            let h: Vec<Delegation> = acts.iter().map(|(l, delegate, d)| act(
                ROAD, places[*l],
                if *delegate { DelegationAct::Delegate } else { DelegationAct::Revoke },
                *d, "芗政文〔2024〕12号",
            )).collect();
            let level = if district_level { MatterLevel::District } else { MatterLevel::Locality };
            let m = matter(ROAD, level, "t-bureau");
            let j = resolve(&org, &m, &h, &id(places[at]), on).expect("every locality resolves");
            let in_force = act_in_force(&h, &m.code, &id(places[at]), on).map(|d| d.act);
            let local = places[at] != "t-area" && !district_level && in_force == Some(DelegationAct::Delegate);
            prop_assert_eq!(j.authority.as_str() == places[at], local);
            prop_assert!(j.authority.as_str() == places[at] || j.authority.as_str() == "t-bureau");
            prop_assert!(j.team.is_some(), "the bureau's matters always have a team");
        }

        #[test]
        fn matter_codes_round_trip(region in "35[0-9]{4}", body in "[0-9]{3}", k in "[FJQ]", item in "[0-9]{6}") {
            let s = format!("{region}{body}{k}{item}");
            let c = MatterCode::parse(&s).expect("well-formed");
            prop_assert_eq!(c.as_str(), s.as_str());
            prop_assert_eq!(c.power_kind().code_letter().to_string(), k);
        }
    }
}
