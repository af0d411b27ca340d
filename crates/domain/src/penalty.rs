//! Penalty decisions (行政处罚决定) and the rules for publishing them (双公示).
//!
//! A [`Penalty`] is the decision as the authority made it, personal data included; it has no
//! `Serialize`, so it cannot reach a response. What the public sees is [`PublicPenalty`], built field
//! by field with names masked and free text scrubbed ([`crate::mask`]), and only while the record is
//! in its publication window ([`Visibility`]): from the day it is published until the end date its
//! severity and penalty kinds give ([`publication_ends`]). Cases of minors, secrets and privacy are
//! never published. A withdrawn decision stays listed as a stub with the public reason.

use crate::api::{AuthorityRef, DistrictRef, LocalityRef, MatterRef};
use crate::calendar::WorkingCalendar;
use crate::catalog::MatterCode;
use crate::codes::{CreditCode, ResidentId};
use crate::mask;
use crate::money::Fen;
use crate::{AuthorityId, LocalityId, Name, Text};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Month};
use utoipa::ToSchema;

/// The most working days from decision to publication the law allows for a penalty.
pub const PUBLICATION_LIMIT_WORKING_DAYS: u32 = 7;

/// A penalty record's number in gongshi (the public address of its page).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(transparent)]
pub struct PenaltyId(pub u64);

impl fmt::Display for PenaltyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for PenaltyId {
    type Err = std::num::ParseIntError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        s.parse().map(Self)
    }
}

/// Why a string is not a decision number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecisionNumberError {
    #[error("a decision number cannot be empty")]
    Empty,
    #[error("a decision number is at most {max} characters long")]
    TooLong { max: usize },
    #[error("a decision number is one line without control characters")]
    ControlCharacter,
}

/// 行政处罚决定书文号, e.g. `芗南综执罚〔2024〕第0123号`. Shapes vary by authority and procedure (a
/// summary decision may carry a form serial), so only the form is normalised: brackets typed as
/// `[]`, `［］` or `【】` become 〔〕 and full-width digits ASCII.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DecisionNumber(String);

impl DecisionNumber {
    pub const MAX_CHARS: usize = 64;

    pub fn parse(s: impl AsRef<str>) -> Result<Self, DecisionNumberError> {
        let s: String = s
            .as_ref()
            .trim()
            .chars()
            .map(|c| match c {
                '[' | '［' | '【' => '〔',
                ']' | '］' | '】' => '〕',
                '０'..='９' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
                c => c,
            })
            .collect();
        if s.is_empty() {
            return Err(DecisionNumberError::Empty);
        }
        if s.chars().count() > Self::MAX_CHARS {
            return Err(DecisionNumberError::TooLong {
                max: Self::MAX_CHARS,
            });
        }
        if s.chars().any(char::is_control) {
            return Err(DecisionNumberError::ControlCharacter);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for DecisionNumber {
    type Error = DecisionNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<DecisionNumber> for String {
    fn from(n: DecisionNumber) -> Self {
        n.0
    }
}

impl fmt::Display for DecisionNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl utoipa::PartialSchema for DecisionNumber {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .min_length(Some(1))
            .max_length(Some(Self::MAX_CHARS))
            .into()
    }
}

impl utoipa::ToSchema for DecisionNumber {}

/// 行政相对人类别.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 自然人: name masked, nothing else published.
    NaturalPerson,
    /// 法人及非法人组织
    LegalPerson,
    /// 其他组织
    OtherOrganisation,
    /// 个体工商户: the business is published, its operator is a natural person.
    IndividualBusiness,
}

impl PartyKind {
    pub const ALL: [Self; 4] = [
        Self::NaturalPerson,
        Self::LegalPerson,
        Self::OtherOrganisation,
        Self::IndividualBusiness,
    ];

    /// The name the 双公示 layout writes.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::NaturalPerson => "自然人",
            Self::LegalPerson => "法人及非法人组织",
            Self::OtherOrganisation => "其他组织",
            Self::IndividualBusiness => "个体工商户",
        }
    }

    /// Whether the party is an organisation whose name and codes are published as they are.
    pub fn is_organisation(self) -> bool {
        matches!(self, Self::LegalPerson | Self::OtherOrganisation)
    }
}

/// Codes other than the credit code a party may carry (双公示 optional columns).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PartyCodeKind {
    /// 工商注册号
    BusinessRegistration,
    /// 组织机构代码
    OrganisationCode,
    /// 税务登记号
    TaxRegistration,
    /// 事业单位证书号
    InstitutionCertificate,
    /// 社会组织登记证号
    SocialOrganisation,
}

impl PartyCodeKind {
    pub const ALL: [Self; 5] = [
        Self::BusinessRegistration,
        Self::OrganisationCode,
        Self::TaxRegistration,
        Self::InstitutionCertificate,
        Self::SocialOrganisation,
    ];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::BusinessRegistration => "工商注册号",
            Self::OrganisationCode => "组织机构代码",
            Self::TaxRegistration => "税务登记号",
            Self::InstitutionCertificate => "事业单位证书号",
            Self::SocialOrganisation => "社会组织登记证号",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PartyCode {
    pub kind: PartyCodeKind,
    pub value: Name,
}

/// The party (行政相对人) as the decision names it, personal data included.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Party {
    pub kind: PartyKind,
    /// A person's full name, an organisation's name, or an individual business's trade name (字号).
    pub name: Name,
    pub credit_code: Option<CreditCode>,
    #[serde(default)]
    pub other_codes: Vec<PartyCode>,
    /// 法定代表人 / 负责人 for an organisation; 经营者 (a natural person) for an individual business.
    pub representative: Option<Name>,
    /// A natural person's (or an operator's) ID number: never published.
    pub id_number: Option<ResidentId>,
    /// Never published for a natural person; not a 双公示 field for anyone.
    pub address: Option<Text>,
}

/// 处罚类别 (行政处罚法 art. 9).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyKind {
    /// 警告
    Warning,
    /// 通报批评
    Reprimand,
    /// 罚款
    Fine,
    /// 没收违法所得
    ConfiscateGains,
    /// 没收非法财物
    ConfiscateProperty,
    /// 暂扣许可证件
    SuspendLicence,
    /// 降低资质等级
    Downgrade,
    /// 吊销许可证件
    RevokeLicence,
    /// 限制开展生产经营活动
    RestrictActivities,
    /// 责令停产停业
    SuspendBusiness,
    /// 责令关闭
    Close,
    /// 限制从业
    RestrictPractice,
    /// 行政拘留
    Detention,
    /// 其他
    Other,
}

/// How heavy a penalty kind is, for the publication window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Weight {
    /// A warning or reprimand.
    Light,
    /// Money or property.
    Money,
    /// A licence, the business or the person's freedom to work.
    Heavy,
}

impl PenaltyKind {
    pub const ALL: [Self; 14] = [
        Self::Warning,
        Self::Reprimand,
        Self::Fine,
        Self::ConfiscateGains,
        Self::ConfiscateProperty,
        Self::SuspendLicence,
        Self::Downgrade,
        Self::RevokeLicence,
        Self::RestrictActivities,
        Self::SuspendBusiness,
        Self::Close,
        Self::RestrictPractice,
        Self::Detention,
        Self::Other,
    ];

    /// The statute's name, as the 双公示 layout writes it.
    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Warning => "警告",
            Self::Reprimand => "通报批评",
            Self::Fine => "罚款",
            Self::ConfiscateGains => "没收违法所得",
            Self::ConfiscateProperty => "没收非法财物",
            Self::SuspendLicence => "暂扣许可证件",
            Self::Downgrade => "降低资质等级",
            Self::RevokeLicence => "吊销许可证件",
            Self::RestrictActivities => "限制开展生产经营活动",
            Self::SuspendBusiness => "责令停产停业",
            Self::Close => "责令关闭",
            Self::RestrictPractice => "限制从业",
            Self::Detention => "行政拘留",
            Self::Other => "其他",
        }
    }

    fn weight(self) -> Weight {
        match self {
            Self::Warning | Self::Reprimand => Weight::Light,
            Self::Fine | Self::ConfiscateGains | Self::ConfiscateProperty | Self::Other => {
                Weight::Money
            }
            Self::SuspendLicence
            | Self::Downgrade
            | Self::RevokeLicence
            | Self::RestrictActivities
            | Self::SuspendBusiness
            | Self::Close
            | Self::RestrictPractice
            | Self::Detention => Weight::Heavy,
        }
    }

    /// The kind's bit in a set of kinds stored as an integer.
    pub fn bit(self) -> u32 {
        1 << Self::ALL.iter().position(|k| *k == self).unwrap_or(0)
    }

    /// The set of `kinds` as bits.
    pub fn bits(kinds: &[Self]) -> u32 {
        kinds.iter().fold(0, |acc, k| acc | k.bit())
    }

    /// The kinds a set of bits holds, in statute order.
    pub fn from_bits(bits: u32) -> Vec<Self> {
        Self::ALL
            .into_iter()
            .filter(|k| bits & k.bit() != 0)
            .collect()
    }

    /// Kinds that take a licence and so name it (许可证件名称及编号).
    pub fn concerns_licence(self) -> bool {
        matches!(self, Self::SuspendLicence | Self::RevokeLicence)
    }

    /// Kinds the summary procedure (简易程序) allows (行政处罚法 art. 51).
    pub fn summary_allowed(self) -> bool {
        matches!(self, Self::Warning | Self::Fine)
    }
}

/// The severity of the violation (失信行为严重程度), which sets the publication window.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// 轻微: published, if at all, for 3 months.
    Minor,
    /// 一般: 3 months to 1 year.
    Ordinary,
    /// 严重: 1 to 3 years.
    Serious,
}

impl Severity {
    pub const ALL: [Self; 3] = [Self::Minor, Self::Ordinary, Self::Serious];
}

/// 简易程序 / 普通程序.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    Summary,
    Ordinary,
}

impl Procedure {
    pub const ALL: [Self; 2] = [Self::Summary, Self::Ordinary];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Summary => "简易程序",
            Self::Ordinary => "普通程序",
        }
    }
}

/// Why a decision is never published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Restriction {
    /// The party is a minor (未成年人).
    Minor,
    /// State or trade secrets (国家秘密、商业秘密).
    Secret,
    /// Personal privacy (个人隐私).
    Privacy,
}

/// Why a published decision was withdrawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum WithdrawalReason {
    /// 决定被变更
    Changed,
    /// 决定被撤销
    Revoked,
    /// 被确认违法
    FoundIllegal,
    /// 被确认无效
    Void,
}

impl WithdrawalReason {
    pub const ALL: [Self; 4] = [Self::Changed, Self::Revoked, Self::FoundIllegal, Self::Void];

    pub fn label_zh(self) -> &'static str {
        match self {
            Self::Changed => "行政处罚决定被变更",
            Self::Revoked => "行政处罚决定被撤销",
            Self::FoundIllegal => "行政处罚决定被确认违法",
            Self::Void => "行政处罚决定被确认无效",
        }
    }
}

/// The withdrawal of a published decision: public, with its reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Withdrawal {
    pub date: Date,
    pub reason: WithdrawalReason,
    /// The explanation published with it (who changed or revoked the decision, and by what).
    pub explanation: Text,
}

/// A licence suspended or revoked by the decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Licence {
    pub name: Name,
    pub number: Name,
}

/// A penalty decision as recorded by the authority. Private: see [`PublicPenalty`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Penalty {
    pub id: PenaltyId,
    pub decision_number: DecisionNumber,
    pub party: Party,
    /// 违法行为类型, usually the matter's name.
    pub violation: Name,
    /// 违法事实
    pub facts: Text,
    /// 处罚依据
    pub basis: Text,
    pub kinds: Vec<PenaltyKind>,
    /// 处罚内容
    pub content: Text,
    #[serde(default)]
    pub fine: Fen,
    /// 没收违法所得、没收非法财物的金额
    #[serde(default)]
    pub confiscated: Fen,
    pub licence: Option<Licence>,
    pub decided: Date,
    /// 处罚有效期: until when the penalty binds; `None` when it does not lapse.
    pub in_effect_until: Option<Date>,
    /// The day the record was published.
    pub published: Date,
    pub severity: Severity,
    pub procedure: Procedure,
    /// 处罚机关
    pub authority: AuthorityId,
    /// 处罚机关统一社会信用代码
    pub authority_credit_code: Option<CreditCode>,
    /// Where the violation happened (发生地).
    pub locality: LocalityId,
    pub matter: MatterCode,
    /// 数据来源单位
    pub source: Name,
    pub remarks: Option<Text>,
    /// Natural persons other than the party named in the text (witnesses, family): masked too.
    #[serde(default)]
    pub others_named: Vec<Name>,
    pub restriction: Option<Restriction>,
    pub withdrawal: Option<Withdrawal>,
}

/// One inconsistency in a penalty record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PenaltyProblem {
    #[error("a decision imposes at least one penalty kind")]
    NoKind,
    #[error("penalty kind {0:?} is listed twice")]
    RepeatedKind(PenaltyKind),
    #[error("a fine is imposed but its amount is missing, or an amount is given without a fine")]
    FineMismatch,
    #[error("a confiscated amount is given but nothing is confiscated")]
    ConfiscationMismatch,
    #[error("a licence is suspended or revoked but not named, or named without being taken")]
    LicenceMismatch,
    #[error("a natural person has no credit code, legal representative or other codes")]
    PersonWithCodes,
    #[error("an organisation or individual business is identified by its credit code")]
    NoCreditCode,
    #[error("only a natural person or an individual business's operator has an ID number")]
    IdNumberOfOrganisation,
    #[error("the record is published before the decision is made")]
    PublishedBeforeDecision,
    #[error("the decision is withdrawn before it is made")]
    WithdrawnBeforeDecision,
    #[error(
        "the summary procedure allows only a warning or a fine of at most 200 yuan (citizens) or 3,000 yuan (organisations)"
    )]
    SummaryTooHeavy,
}

impl Penalty {
    /// Every inconsistency, empty when the record is sound.
    pub fn problems(&self) -> Vec<PenaltyProblem> {
        let mut problems = Vec::new();
        if self.kinds.is_empty() {
            problems.push(PenaltyProblem::NoKind);
        }
        for (i, k) in self.kinds.iter().enumerate() {
            if self.kinds[..i].contains(k) {
                problems.push(PenaltyProblem::RepeatedKind(*k));
            }
        }
        let has = |k: PenaltyKind| self.kinds.contains(&k);
        if has(PenaltyKind::Fine) == self.fine.is_zero() {
            problems.push(PenaltyProblem::FineMismatch);
        }
        if !self.confiscated.is_zero()
            && !has(PenaltyKind::ConfiscateGains)
            && !has(PenaltyKind::ConfiscateProperty)
        {
            problems.push(PenaltyProblem::ConfiscationMismatch);
        }
        if self.kinds.iter().any(|k| k.concerns_licence()) != self.licence.is_some() {
            problems.push(PenaltyProblem::LicenceMismatch);
        }
        let party = &self.party;
        match party.kind {
            PartyKind::NaturalPerson => {
                if party.credit_code.is_some()
                    || party.representative.is_some()
                    || !party.other_codes.is_empty()
                {
                    problems.push(PenaltyProblem::PersonWithCodes);
                }
            }
            PartyKind::LegalPerson | PartyKind::OtherOrganisation => {
                if party.credit_code.is_none() {
                    problems.push(PenaltyProblem::NoCreditCode);
                }
                if party.id_number.is_some() {
                    problems.push(PenaltyProblem::IdNumberOfOrganisation);
                }
            }
            PartyKind::IndividualBusiness => {
                if party.credit_code.is_none() {
                    problems.push(PenaltyProblem::NoCreditCode);
                }
            }
        }
        if self.published < self.decided {
            problems.push(PenaltyProblem::PublishedBeforeDecision);
        }
        if self
            .withdrawal
            .as_ref()
            .is_some_and(|w| w.date < self.decided)
        {
            problems.push(PenaltyProblem::WithdrawnBeforeDecision);
        }
        if self.procedure == Procedure::Summary {
            let ceiling = if party.kind.is_organisation() {
                Fen::from_yuan(3000)
            } else {
                Fen::from_yuan(200)
            };
            if !self.kinds.iter().all(|k| k.summary_allowed()) || self.fine > ceiling {
                problems.push(PenaltyProblem::SummaryTooHeavy);
            }
        }
        problems
    }

    /// The last day before the record leaves public view.
    pub fn publication_ends(&self) -> Date {
        publication_ends(self.decided, self.severity, &self.kinds)
    }

    pub fn visibility_on(&self, today: Date) -> Visibility {
        visibility(
            self.restriction.is_some(),
            self.published,
            self.publication_ends(),
            self.withdrawal.as_ref().map(|w| w.date),
            today,
        )
    }

    /// The natural persons whose names the text may carry: masked wherever they appear.
    fn people(&self) -> Vec<&str> {
        let mut people: Vec<&str> = self.others_named.iter().map(Name::as_str).collect();
        match self.party.kind {
            PartyKind::NaturalPerson => people.push(self.party.name.as_str()),
            PartyKind::IndividualBusiness => {
                people.extend(self.party.representative.as_ref().map(Name::as_str));
            }
            PartyKind::LegalPerson | PartyKind::OtherOrganisation => {}
        }
        people
    }
}

/// Months a record stays public for a severity tier and a penalty kind's weight. The rule
/// (信用修复管理办法): minor up to 3 months; ordinary 3 months to 1 year; serious 1 to 3 years. Within a
/// tier the heavier the kind, the longer; a decision with several kinds takes the longest.
fn window_months(severity: Severity, weight: Weight) -> u32 {
    match (severity, weight) {
        (Severity::Minor, _) => 3,
        (Severity::Ordinary, Weight::Light) => 3,
        (Severity::Ordinary, Weight::Money) => 6,
        (Severity::Ordinary, Weight::Heavy) => 12,
        (Severity::Serious, Weight::Light) => 12,
        (Severity::Serious, Weight::Money) => 24,
        (Severity::Serious, Weight::Heavy) => 36,
    }
}

/// How long a decision stays public, in months: the longest of its kinds.
pub fn publication_months(severity: Severity, kinds: &[PenaltyKind]) -> u32 {
    kinds
        .iter()
        .map(|k| window_months(severity, k.weight()))
        .max()
        .unwrap_or_else(|| window_months(severity, Weight::Light))
}

/// The day the record leaves public view: the decision date plus the window, counted in calendar
/// months (a month-end date stays at the month's end when the target month is shorter: 31 August
/// plus 6 months is the last day of February).
pub fn publication_ends(decided: Date, severity: Severity, kinds: &[PenaltyKind]) -> Date {
    add_months(decided, publication_months(severity, kinds))
}

/// `date` plus `months` calendar months, the day clamped to the target month's length.
pub fn add_months(date: Date, months: u32) -> Date {
    let index = date.year() * 12 + (date.month() as i32 - 1) + months as i32;
    let (year, month0) = (index.div_euclid(12), index.rem_euclid(12));
    let month = Month::try_from(month0 as u8 + 1).unwrap_or(Month::December);
    let day = date.day().min(time::util::days_in_month(month, year));
    Date::from_calendar_date(year, month, day).unwrap_or(date)
}

/// Whether and how a record shows on a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Visibility {
    /// Never published (minors, secrets, privacy) or not yet published: as if it did not exist.
    Hidden,
    Public,
    /// Withdrawn: listed as a stub with the reason until the window ends.
    Withdrawn {
        on: Date,
    },
    /// Past the window: the address shows only that it was removed, and when.
    Removed {
        on: Date,
    },
}

/// The rule behind [`Penalty::visibility_on`], over the stored columns so that the store's queries
/// and this function agree (the property tests check the store against it).
pub fn visibility(
    restricted: bool,
    published: Date,
    ends: Date,
    withdrawn: Option<Date>,
    today: Date,
) -> Visibility {
    if restricted || today < published {
        Visibility::Hidden
    } else if today >= ends {
        Visibility::Removed { on: ends }
    } else if let Some(on) = withdrawn.filter(|&on| on <= today) {
        Visibility::Withdrawn { on }
    } else {
        Visibility::Public
    }
}

/// How quickly a record was published.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Timeliness {
    /// Working days after the decision up to the day of publication.
    pub working_days: u32,
    /// More than [`PUBLICATION_LIMIT_WORKING_DAYS`].
    pub late: bool,
    /// Counted with a year whose holiday notice is not yet in the calendar.
    pub provisional: bool,
}

impl Timeliness {
    /// `None` when the calendar does not cover the dates.
    pub fn of(calendar: &WorkingCalendar, decided: Date, published: Date) -> Option<Self> {
        let working_days = calendar.working_days_between(decided, published).ok()?;
        Some(Self {
            working_days,
            late: working_days > PUBLICATION_LIMIT_WORKING_DAYS,
            provisional: calendar.is_provisional(decided) || calendar.is_provisional(published),
        })
    }
}

/// The party as published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicParty {
    pub kind: PartyKind,
    /// Masked (张某某) for a natural person.
    pub name: String,
    pub credit_code: Option<CreditCode>,
    pub other_codes: Vec<PartyCode>,
    /// An organisation's legal representative; an individual business's operator, masked.
    pub representative: Option<String>,
}

/// A penalty decision as the public sees it (双公示 fields).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PublicPenalty {
    pub id: PenaltyId,
    pub decision_number: DecisionNumber,
    pub party: PublicParty,
    pub violation: String,
    pub facts: String,
    pub basis: String,
    pub kinds: Vec<PenaltyKind>,
    pub content: String,
    pub fine: Fen,
    pub confiscated: Fen,
    pub licence: Option<Licence>,
    pub decided: Date,
    pub in_effect_until: Option<Date>,
    pub published: Date,
    /// The day the record leaves public view.
    pub publication_ends: Date,
    pub severity: Severity,
    pub procedure: Procedure,
    pub authority: AuthorityId,
    pub authority_credit_code: Option<CreditCode>,
    pub locality: LocalityId,
    pub matter: MatterCode,
    pub source: Name,
    pub remarks: Option<String>,
    pub timeliness: Option<Timeliness>,
}

impl PublicPenalty {
    /// The public projection. `None` for a record that is never published (see [`Restriction`]).
    /// Free text is scrubbed whatever the party: an organisation's facts can name a person too.
    pub fn project(p: &Penalty, calendar: &WorkingCalendar) -> Option<Self> {
        if p.restriction.is_some() {
            return None;
        }
        let people = p.people();
        let scrub = |t: &str| mask::scrub(t, &people);
        let party = &p.party;
        let public_party = match party.kind {
            PartyKind::NaturalPerson => PublicParty {
                kind: party.kind,
                name: mask::mask_person_name(party.name.as_str()),
                credit_code: None,
                other_codes: Vec::new(),
                representative: None,
            },
            PartyKind::IndividualBusiness => PublicParty {
                kind: party.kind,
                name: scrub(party.name.as_str()),
                credit_code: party.credit_code.clone(),
                other_codes: party.other_codes.clone(),
                representative: party
                    .representative
                    .as_ref()
                    .map(|r| mask::mask_person_name(r.as_str())),
            },
            PartyKind::LegalPerson | PartyKind::OtherOrganisation => PublicParty {
                kind: party.kind,
                name: party.name.to_string(),
                credit_code: party.credit_code.clone(),
                other_codes: party.other_codes.clone(),
                representative: party.representative.as_ref().map(Name::to_string),
            },
        };
        Some(Self {
            id: p.id,
            decision_number: p.decision_number.clone(),
            party: public_party,
            violation: scrub(p.violation.as_str()),
            facts: scrub(p.facts.as_str()),
            basis: scrub(p.basis.as_str()),
            kinds: p.kinds.clone(),
            content: scrub(p.content.as_str()),
            fine: p.fine,
            confiscated: p.confiscated,
            licence: p.licence.clone(),
            decided: p.decided,
            in_effect_until: p.in_effect_until,
            published: p.published,
            publication_ends: p.publication_ends(),
            severity: p.severity,
            procedure: p.procedure,
            authority: p.authority.clone(),
            authority_credit_code: p.authority_credit_code.clone(),
            locality: p.locality.clone(),
            matter: p.matter.clone(),
            source: p.source.clone(),
            remarks: p.remarks.as_ref().map(|r| scrub(r.as_str())),
            timeliness: Timeliness::of(calendar, p.decided, p.published),
        })
    }
}

/// A row of the public list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PenaltySummary {
    pub id: PenaltyId,
    pub decision_number: DecisionNumber,
    pub party_kind: PartyKind,
    /// As published: 张某某 for a person.
    pub party_name: String,
    pub kinds: Vec<PenaltyKind>,
    pub fine: Fen,
    pub confiscated: Fen,
    pub decided: Date,
    pub published: Date,
    pub procedure: Procedure,
    pub authority: AuthorityRef,
    pub locality: LocalityRef,
    pub matter: MatterRef,
    /// Published more than 7 working days after the decision; `None` outside the calendar.
    pub late: Option<bool>,
}

/// What remains public of a withdrawn decision: that it was withdrawn, when and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct WithdrawnStub {
    pub id: PenaltyId,
    pub decision_number: DecisionNumber,
    pub decided: Date,
    pub authority: AuthorityRef,
    pub locality: LocalityRef,
    pub withdrawal: Withdrawal,
}

/// One entry of the public list: a record, or the stub of a withdrawn one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PenaltyListItem {
    Public(PenaltySummary),
    Withdrawn(WithdrawnStub),
}

impl PenaltyListItem {
    pub fn id(&self) -> PenaltyId {
        match self {
            Self::Public(p) => p.id,
            Self::Withdrawn(w) => w.id,
        }
    }
}

/// A record's page, with the names its ids stand for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PenaltyDetail {
    pub record: PublicPenalty,
    pub district: DistrictRef,
    pub authority: AuthorityRef,
    pub locality: LocalityRef,
    pub matter: MatterRef,
}

/// What a record's address shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum PenaltyPage {
    Public(Box<PenaltyDetail>),
    Withdrawn(WithdrawnStub),
    /// Past its publication period: only the fact and the day remain.
    Removed {
        id: PenaltyId,
        removed_on: Date,
    },
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codes::resident_id_check;
    use proptest::prelude::*;
    use time::macros::date;

    fn calendar() -> WorkingCalendar {
        let file = toml::from_str(include_str!("../../../data/calendar/working-days.toml"))
            .expect("the committed calendar parses");
        WorkingCalendar::new(&file).expect("consistent")
    }

    fn person(name: &str) -> Party {
        Party {
            kind: PartyKind::NaturalPerson,
            name: Name::parse(name).expect("a name"),
            credit_code: None,
            other_codes: Vec::new(),
            representative: None,
            id_number: Some(ResidentId::parse("11010519491231002X").expect("valid")),
            address: Some(Text::parse("漳州市芗城区胜利西路12号").expect("text")),
        }
    }

    fn company() -> Party {
        Party {
            kind: PartyKind::LegalPerson,
            name: Name::parse("漳州市某某餐饮管理有限公司").expect("a name"),
            credit_code: CreditCode::complete("91350602MA2YABCD1"),
            other_codes: Vec::new(),
            representative: Some(Name::parse("陈建国").expect("a name")),
            id_number: None,
            address: None,
        }
    }

    fn penalty(party: Party) -> Penalty {
        Penalty {
            id: PenaltyId(1),
            decision_number: DecisionNumber::parse("芗南综执罚[2024]第0123号").expect("number"),
            party,
            violation: Name::parse("擅自占用城市道路").expect("name"),
            facts: Text::parse(
                "当事人王小明（身份证号：11010519491231002X，电话13812345678）于2024年3月5日在胜利西路12号门前擅自占用城市道路堆放物品，证人李华在场。",
            )
            .expect("text"),
            basis: Text::parse("《城市道路管理条例》第四十二条").expect("text"),
            kinds: vec![PenaltyKind::Warning, PenaltyKind::Fine],
            content: Text::parse("警告，并处罚款人民币伍佰元整").expect("text"),
            fine: Fen::from_yuan(500),
            confiscated: Fen::ZERO,
            licence: None,
            decided: date!(2024 - 03 - 11),
            in_effect_until: None,
            published: date!(2024 - 03 - 15),
            severity: Severity::Ordinary,
            procedure: Procedure::Ordinary,
            authority: AuthorityId::parse("nankeng-office").expect("id"),
            authority_credit_code: None,
            locality: LocalityId::parse("nankeng").expect("id"),
            matter: MatterCode::parse("350602001F004200").expect("code"),
            source: Name::parse("南坑街道综合行政执法队").expect("name"),
            remarks: None,
            others_named: vec![Name::parse("李华").expect("name")],
            restriction: None,
            withdrawal: None,
        }
    }

    #[test]
    fn a_person_is_published_masked() {
        let p = penalty(person("王小明"));
        assert_eq!(p.problems(), []);
        let public = PublicPenalty::project(&p, &calendar()).expect("published");
        assert_eq!(public.party.name, "王某某");
        assert_eq!(
            public.facts,
            "当事人王某某（身份证号：***，电话***）于2024年3月5日在胜利西路***号门前擅自占用城市道路堆放物品，证人李某某在场。"
        );
        assert_eq!(
            public.decision_number.as_str(),
            "芗南综执罚〔2024〕第0123号"
        );
        let json = serde_json::to_string(&public).expect("serialises");
        for secret in [
            "王小明",
            "李华",
            "11010519491231002X",
            "13812345678",
            "胜利西路12号",
        ] {
            assert!(!json.contains(secret), "{secret} leaked: {json}");
        }
        // Thursday 11 March → Friday 15 March: 4 working days, on time.
        assert_eq!(
            public.timeliness,
            Some(Timeliness {
                working_days: 4,
                late: false,
                provisional: false
            })
        );
    }

    #[test]
    fn organisations_keep_their_name_code_and_representative() {
        let mut p = penalty(company());
        p.facts = Text::parse("当事人未经批准擅自占用城市道路").expect("text");
        p.procedure = Procedure::Summary;
        p.kinds = vec![PenaltyKind::Fine];
        p.fine = Fen::from_yuan(3000);
        assert_eq!(p.problems(), []);
        let public = PublicPenalty::project(&p, &calendar()).expect("published");
        assert_eq!(public.party.name, "漳州市某某餐饮管理有限公司");
        assert_eq!(public.party.representative.as_deref(), Some("陈建国"));
        assert!(public.party.credit_code.is_some());
    }

    #[test]
    fn an_individual_business_shows_its_trade_name_and_a_masked_operator() {
        let mut party = company();
        party.kind = PartyKind::IndividualBusiness;
        party.name = Name::parse("芗城区老陈小吃店").expect("name");
        party.id_number = Some(ResidentId::parse("11010519491231002X").expect("valid"));
        let mut p = penalty(party);
        p.facts = Text::parse("经营者陈建国在店外摆放桌椅").expect("text");
        let public = PublicPenalty::project(&p, &calendar()).expect("published");
        assert_eq!(public.party.name, "芗城区老陈小吃店");
        assert_eq!(public.party.representative.as_deref(), Some("陈某某"));
        assert_eq!(public.facts, "经营者陈某某在店外摆放桌椅");
    }

    #[test]
    fn restricted_cases_are_never_published() {
        for restriction in [
            Restriction::Minor,
            Restriction::Secret,
            Restriction::Privacy,
        ] {
            let mut p = penalty(person("王小明"));
            p.restriction = Some(restriction);
            assert_eq!(PublicPenalty::project(&p, &calendar()), None);
            assert_eq!(p.visibility_on(date!(2024 - 04 - 01)), Visibility::Hidden);
        }
    }

    #[test]
    fn problems_are_named() {
        let base = penalty(person("王小明"));
        type Change = Box<dyn Fn(&mut Penalty)>;
        let cases: Vec<(Change, PenaltyProblem, &str)> = vec![
            (
                Box::new(|p| {
                    p.kinds.clear();
                    p.fine = Fen::ZERO;
                }),
                PenaltyProblem::NoKind,
                "no kind",
            ),
            (
                Box::new(|p| p.kinds.push(PenaltyKind::Warning)),
                PenaltyProblem::RepeatedKind(PenaltyKind::Warning),
                "warning twice",
            ),
            (
                Box::new(|p| p.fine = Fen::ZERO),
                PenaltyProblem::FineMismatch,
                "fine without amount",
            ),
            (
                Box::new(|p| p.confiscated = Fen(1)),
                PenaltyProblem::ConfiscationMismatch,
                "amount without confiscation",
            ),
            (
                Box::new(|p| p.kinds.push(PenaltyKind::RevokeLicence)),
                PenaltyProblem::LicenceMismatch,
                "revoked licence not named",
            ),
            (
                Box::new(|p| p.party.credit_code = CreditCode::complete("91350602MA2YABCD1")),
                PenaltyProblem::PersonWithCodes,
                "a person with a credit code",
            ),
            (
                Box::new(|p| p.published = date!(2024 - 03 - 10)),
                PenaltyProblem::PublishedBeforeDecision,
                "published the day before",
            ),
            (
                Box::new(|p| {
                    p.procedure = Procedure::Summary;
                    p.fine = Fen::from_yuan(201);
                }),
                PenaltyProblem::SummaryTooHeavy,
                "201 yuan on the spot for a citizen",
            ),
        ];
        for (change, problem, why) in cases {
            let mut p = base.clone();
            change(&mut p);
            assert_eq!(p.problems(), [problem], "{why}");
        }
        let mut org = penalty(company());
        org.party.credit_code = None;
        assert_eq!(org.problems(), [PenaltyProblem::NoCreditCode]);
    }

    #[test]
    fn kinds_round_trip_through_bits() {
        let kinds = vec![PenaltyKind::Warning, PenaltyKind::Fine, PenaltyKind::Other];
        assert_eq!(PenaltyKind::from_bits(PenaltyKind::bits(&kinds)), kinds);
        assert_eq!(PenaltyKind::Warning.bit(), 1);
        assert_eq!(PenaltyKind::Other.bit(), 1 << 13);
    }

    #[test]
    fn windows_by_tier_with_the_longest_kind_winning() {
        use PenaltyKind::*;
        let cases = [
            (Severity::Minor, &[Warning][..], 3),
            (Severity::Minor, &[Fine, RevokeLicence][..], 3),
            (Severity::Ordinary, &[Warning][..], 3),
            (Severity::Ordinary, &[Warning, Fine][..], 6),
            (Severity::Ordinary, &[Fine, SuspendLicence][..], 12),
            (Severity::Serious, &[Reprimand][..], 12),
            (Severity::Serious, &[Fine, ConfiscateGains][..], 24),
            (Severity::Serious, &[Fine, Close][..], 36),
        ];
        for (severity, kinds, months) in cases {
            assert_eq!(
                publication_months(severity, kinds),
                months,
                "{severity:?} {kinds:?}"
            );
        }
    }

    #[test]
    fn end_dates_at_month_ends_and_leap_days() {
        let cases = [
            (
                date!(2024 - 03 - 11),
                6,
                date!(2024 - 09 - 11),
                "an ordinary date",
            ),
            (
                date!(2023 - 08 - 31),
                6,
                date!(2024 - 02 - 29),
                "into a leap February",
            ),
            (
                date!(2024 - 08 - 31),
                6,
                date!(2025 - 02 - 28),
                "into a common February",
            ),
            (
                date!(2024 - 02 - 29),
                12,
                date!(2025 - 02 - 28),
                "from a leap day",
            ),
            (
                date!(2024 - 02 - 29),
                36,
                date!(2027 - 02 - 28),
                "three years on",
            ),
            (
                date!(2024 - 11 - 30),
                3,
                date!(2025 - 02 - 28),
                "across the new year",
            ),
            (
                date!(2024 - 10 - 31),
                3,
                date!(2025 - 01 - 31),
                "31 stays 31",
            ),
        ];
        for (from, months, end, why) in cases {
            assert_eq!(add_months(from, months), end, "{from} + {months}: {why}");
        }
    }

    #[test]
    fn visible_from_publication_until_the_day_before_the_end() {
        let mut p = penalty(person("王小明"));
        let ends = p.publication_ends();
        assert_eq!(ends, date!(2024 - 09 - 11));
        let day = time::Duration::DAY;
        assert_eq!(
            p.visibility_on(p.published - day),
            Visibility::Hidden,
            "not yet"
        );
        assert_eq!(
            p.visibility_on(p.published),
            Visibility::Public,
            "publication day"
        );
        assert_eq!(p.visibility_on(ends - day), Visibility::Public, "last day");
        assert_eq!(
            p.visibility_on(ends),
            Visibility::Removed { on: ends },
            "end date"
        );
        p.withdrawal = Some(Withdrawal {
            date: date!(2024 - 04 - 02),
            reason: WithdrawalReason::Revoked,
            explanation: Text::parse("经行政复议，决定被撤销").expect("text"),
        });
        assert_eq!(
            p.visibility_on(date!(2024 - 04 - 01)),
            Visibility::Public,
            "before it"
        );
        assert_eq!(
            p.visibility_on(date!(2024 - 04 - 02)),
            Visibility::Withdrawn {
                on: date!(2024 - 04 - 02)
            }
        );
        assert_eq!(
            p.visibility_on(ends),
            Visibility::Removed { on: ends },
            "stubs end too"
        );
    }

    #[test]
    fn late_publication_is_flagged() {
        let cal = calendar();
        // Decided Friday 27 September 2024; 国庆 holidays; the seventh working day is Saturday 12 October.
        let on_time = Timeliness::of(&cal, date!(2024 - 09 - 27), date!(2024 - 10 - 12));
        assert_eq!(on_time.map(|t| (t.working_days, t.late)), Some((7, false)));
        let late = Timeliness::of(&cal, date!(2024 - 09 - 27), date!(2024 - 10 - 14));
        assert_eq!(late.map(|t| (t.working_days, t.late)), Some((8, true)));
        assert_eq!(
            Timeliness::of(&cal, date!(2022 - 12 - 30), date!(2023 - 01 - 04)),
            None
        );
    }

    fn arb_kinds() -> impl Strategy<Value = Vec<PenaltyKind>> {
        prop::collection::btree_set(prop::sample::select(PenaltyKind::ALL.to_vec()), 1..4)
            .prop_map(|s| s.into_iter().collect())
    }

    fn arb_severity() -> impl Strategy<Value = Severity> {
        prop::sample::select(Severity::ALL.to_vec())
    }

    proptest! {
        #[test]
        fn the_window_is_the_tier_range_and_the_longest_kind(
            severity in arb_severity(),
            kinds in arb_kinds(),
            extra in prop::sample::select(PenaltyKind::ALL.to_vec()),
            offset in 0i64..2000,
        ) {
            let months = publication_months(severity, &kinds);
            let range = match severity {
                Severity::Minor => 1..=3,
                Severity::Ordinary => 3..=12,
                Severity::Serious => 12..=36,
            };
            prop_assert!(range.contains(&months));
            let mut more = kinds.clone();
            more.push(extra);
            prop_assert!(publication_months(severity, &more) >= months, "another kind never shortens it");
            let decided = date!(2023 - 01 - 01) + time::Duration::days(offset);
            let ends = publication_ends(decided, severity, &kinds);
            let days = (ends - decided).whole_days();
            prop_assert!(days >= i64::from(months) * 28 && days <= i64::from(months) * 31 + 1);
        }

        #[test]
        fn a_record_is_shown_exactly_inside_its_window(
            severity in arb_severity(),
            kinds in arb_kinds(),
            delay in 0i64..30,
            withdrawn_after in prop::option::of(0i64..800),
            today_offset in -10i64..1200,
        ) {
            let decided = date!(2024 - 01 - 31);
            let published = decided + time::Duration::days(delay);
            let ends = publication_ends(decided, severity, &kinds);
            let withdrawn = withdrawn_after.map(|d| decided + time::Duration::days(d));
            let today = published + time::Duration::days(today_offset);
            let shown = visibility(false, published, ends, withdrawn, today);
            let listed = matches!(shown, Visibility::Public | Visibility::Withdrawn { .. });
            prop_assert_eq!(listed, published <= today && today < ends);
            prop_assert_eq!(matches!(shown, Visibility::Public), listed && withdrawn.is_none_or(|w| today < w));
            prop_assert_eq!(visibility(true, published, ends, withdrawn, today), Visibility::Hidden);
        }

        #[test]
        fn no_personal_number_reaches_the_public_record(
            facts_before in "\\PC{0,20}",
            mobile in "1[3-9][0-9]{9}",
            id_body in "[0-9]{17}",
            facts_after in "\\PC{0,20}",
        ) {
            let id = format!("{id_body}{}", resident_id_check(&id_body).unwrap_or('0'));
            let mut p = penalty(person("欧阳娜娜"));
            let text = format!("{facts_before}当事人欧阳娜娜{mobile}{facts_after}{id}");
            prop_assume!(Text::parse(&text).is_ok());
            p.facts = Text::parse(&text).expect("checked");
            p.remarks = Text::parse(format!("联系{id}")).ok();
            let public = PublicPenalty::project(&p, &calendar()).expect("published");
            let json = serde_json::to_string(&public).expect("serialises");
            prop_assert!(mask::personal_numbers(&json).is_empty(), "{}", json);
            prop_assert!(!json.contains("欧阳娜娜"));
        }
    }
}
