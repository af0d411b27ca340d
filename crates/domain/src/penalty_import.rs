//! Penalty records as staff enter them: the import layout (the 双公示 columns and the few a record
//! needs beyond them), one parser for a row of a CSV or XLSX file and for the single-record form,
//! and every problem named by its column so the browser can point at the cell.
//!
//! A record comes in as [`Fields`] (a column → the text typed in it) and goes out as a [`Penalty`]
//! or as every problem found; [`fields_of`] is the way back, so a stored record can be shown in the
//! form for a correction and parses again to itself.

use crate::catalog::{Domain, MatterCode};
use crate::codes::{CreditCode, ResidentId};
pub(crate) use crate::import_layout::header_key;
pub use crate::import_layout::{Cell, is_blank};
use crate::import_layout::{CellProblem, LayoutColumn, Reader, wire};
use crate::money::Fen;
use crate::penalty::{
    DecisionNumber, Licence, Party, PartyCode, PartyCodeKind, PartyKind, Penalty, PenaltyId,
    PenaltyKind, PenaltyProblem, Procedure, Restriction, Severity,
};
use crate::{AuthorityId, DistrictOrg, Name};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use time::Date;
use utoipa::ToSchema;

/// A column of the import layout; in the JSON of the single-record form, its snake_case name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    PartyName,
    PartyKind,
    CreditCode,
    BusinessRegistration,
    OrganisationCode,
    TaxRegistration,
    InstitutionCertificate,
    SocialOrganisation,
    Representative,
    IdNumber,
    Address,
    DecisionNumber,
    Violation,
    Facts,
    Basis,
    Kinds,
    Content,
    Fine,
    Confiscated,
    Licence,
    Decided,
    InEffectUntil,
    Authority,
    AuthorityCreditCode,
    Source,
    Remarks,
    Matter,
    Procedure,
    Locality,
    Severity,
    OthersNamed,
    Restriction,
}

/// A record as typed: the text of each column (absent or blank: not given).
pub type Fields = BTreeMap<Column, String>;

/// Columns a spreadsheet may carry that the import does not read (computed, or export-only): not
/// reported as unknown.
const IGNORED: [&str; 4] = [
    "公示截止期",
    "状态",
    "撤回原因",
    "数据来源单位统一社会信用代码",
];

impl LayoutColumn for Column {
    type Problem = ImportProblem;
    type Placed = FieldProblem;
    const ALL: &'static [Self] = &Self::ALL;
    const IGNORED: &'static [&'static str] = &IGNORED;

    fn header_zh(self) -> &'static str {
        self.header_zh()
    }

    fn aliases(self) -> &'static [&'static str] {
        self.aliases()
    }

    fn required(self) -> bool {
        self.required()
    }

    fn placed(self, line: Option<u32>, problem: ImportProblem) -> FieldProblem {
        FieldProblem {
            line,
            column: Some(self),
            problem,
        }
    }

    fn whole(problem: ImportProblem) -> FieldProblem {
        FieldProblem {
            line: None,
            column: None,
            problem,
        }
    }
}

impl CellProblem for ImportProblem {
    fn required() -> Self {
        Self::Required
    }

    fn too_long(max: usize) -> Self {
        Self::TooLong { max }
    }

    fn control_character() -> Self {
        Self::ControlCharacter
    }

    fn formula() -> Self {
        Self::Formula
    }

    fn bad_date() -> Self {
        Self::BadDate
    }

    fn repeated_column(header: String) -> Self {
        Self::RepeatedColumn { header }
    }

    fn missing_column(header: String) -> Self {
        Self::MissingColumn { header }
    }

    fn empty() -> Self {
        Self::Empty
    }

    fn unreadable() -> Self {
        Self::Unreadable
    }

    fn too_many_rows(max: usize) -> Self {
        Self::TooManyRows { max }
    }
}

impl Column {
    /// Every column, in the template's order.
    pub const ALL: [Self; 32] = [
        Self::PartyName,
        Self::PartyKind,
        Self::CreditCode,
        Self::BusinessRegistration,
        Self::OrganisationCode,
        Self::TaxRegistration,
        Self::InstitutionCertificate,
        Self::SocialOrganisation,
        Self::Representative,
        Self::IdNumber,
        Self::Address,
        Self::DecisionNumber,
        Self::Violation,
        Self::Facts,
        Self::Basis,
        Self::Kinds,
        Self::Content,
        Self::Fine,
        Self::Confiscated,
        Self::Licence,
        Self::Decided,
        Self::InEffectUntil,
        Self::Authority,
        Self::AuthorityCreditCode,
        Self::Source,
        Self::Remarks,
        Self::Matter,
        Self::Procedure,
        Self::Locality,
        Self::Severity,
        Self::OthersNamed,
        Self::Restriction,
    ];

    /// The header the template writes (the 双公示 name where the layout has one).
    pub fn header_zh(self) -> &'static str {
        match self {
            Self::PartyName => "行政相对人名称",
            Self::PartyKind => "行政相对人类别",
            Self::CreditCode => "统一社会信用代码",
            Self::BusinessRegistration => "工商注册号",
            Self::OrganisationCode => "组织机构代码",
            Self::TaxRegistration => "税务登记号",
            Self::InstitutionCertificate => "事业单位证书号",
            Self::SocialOrganisation => "社会组织登记证号",
            Self::Representative => "法定代表人",
            Self::IdNumber => "证件号码",
            Self::Address => "住所",
            Self::DecisionNumber => "行政处罚决定书文号",
            Self::Violation => "违法行为类型",
            Self::Facts => "违法事实",
            Self::Basis => "处罚依据",
            Self::Kinds => "处罚类别",
            Self::Content => "处罚内容",
            Self::Fine => "罚款金额（万元）",
            Self::Confiscated => "没收违法所得、没收非法财物的金额（万元）",
            Self::Licence => "暂扣或吊销证照名称及编号",
            Self::Decided => "处罚决定日期",
            Self::InEffectUntil => "处罚有效期",
            Self::Authority => "处罚机关",
            Self::AuthorityCreditCode => "处罚机关统一社会信用代码",
            Self::Source => "数据来源单位",
            Self::Remarks => "备注",
            Self::Matter => "执法事项编码",
            Self::Procedure => "程序类型",
            Self::Locality => "违法行为发生地",
            Self::Severity => "情节",
            Self::OthersNamed => "文中其他自然人",
            Self::Restriction => "不予公示情形",
        }
    }

    /// Other headers accepted for the column (spellings found in real 双公示 sheets).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Representative => &["法定代表人（负责人）", "负责人", "经营者"],
            Self::IdNumber => &["身份证号码", "法定代表人证件号码", "证件号"],
            Self::Address => &["地址", "住址"],
            Self::Confiscated => &["没收违法所得、没收非法财物的金额", "没收金额（万元）"],
            Self::Licence => &["暂扣或吊销证照名称及编号（暂扣或吊销）"],
            Self::Matter => &["事项编码"],
            Self::Locality => &["发生地", "街镇"],
            Self::Severity => &["失信行为严重程度", "严重程度"],
            _ => &[],
        }
    }

    /// Whether every record must give this column.
    pub fn required(self) -> bool {
        matches!(
            self,
            Self::PartyName
                | Self::PartyKind
                | Self::DecisionNumber
                | Self::Violation
                | Self::Facts
                | Self::Basis
                | Self::Kinds
                | Self::Content
                | Self::Decided
                | Self::Authority
                | Self::Source
                | Self::Matter
                | Self::Procedure
                | Self::Locality
                | Self::Severity
        )
    }

    /// For a column that takes one of a fixed set of values, each value's wire spelling
    /// (`natural_person`), which the import reads as well as the Chinese names; empty otherwise.
    /// The form offers these.
    pub fn choices(self) -> Vec<String> {
        fn spellings<T: Serialize>(options: Vec<(T, &'static [&'static str])>) -> Vec<String> {
            options.iter().map(|(v, _)| wire(v)).collect()
        }
        match self {
            Self::PartyKind => spellings(party_kinds()),
            Self::Procedure => spellings(procedures()),
            Self::Severity => spellings(severities()),
            Self::Restriction => spellings(restrictions()),
            _ => Vec::new(),
        }
    }

    /// The wire spelling of a value typed in a choice column, under any name the import reads
    /// (`自然人` → `natural_person`): how a stored record's text selects the form's option.
    pub fn choice_of(self, typed: &str) -> Option<String> {
        fn find<T: Serialize>(
            options: Vec<(T, &'static [&'static str])>,
            typed: &str,
        ) -> Option<String> {
            let key = header_key(typed);
            options
                .iter()
                .find(|(v, names)| wire(v) == key || names.iter().any(|n| header_key(n) == key))
                .map(|(v, _)| wire(v))
        }
        match self {
            Self::PartyKind => find(party_kinds(), typed),
            Self::Procedure => find(procedures(), typed),
            Self::Severity => find(severities(), typed),
            Self::Restriction => find(restrictions(), typed),
            _ => None,
        }
    }
}

/// What is wrong with a cell, a row or the file. The code (`code`) is what the browser translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum ImportProblem {
    #[error("this column must be filled in")]
    Required,
    #[error("at most {max} characters")]
    TooLong { max: usize },
    #[error("control characters are not allowed")]
    ControlCharacter,
    #[error("a formula: type the value itself")]
    Formula,
    #[error("not a unified social credit code")]
    BadCreditCode,
    #[error("not a resident ID number")]
    BadIdNumber,
    #[error("not a date (YYYY-MM-DD)")]
    BadDate,
    #[error("not an amount in 10,000 yuan (up to six decimals)")]
    BadAmount,
    #[error("not one of the allowed values")]
    UnknownValue { value: String },
    #[error("not a matter of this district's catalog")]
    UnknownMatter,
    #[error("not a locality of this district")]
    UnknownLocality,
    #[error("not an authority of this district")]
    UnknownAuthority,
    #[error("this authority's records are not yours to publish")]
    NotYourAuthority,
    #[error("the decision date is in the future")]
    DecidedInFuture,
    #[error("the same decision number is on line {line}")]
    DuplicateInFile { line: u32 },
    #[error("this decision number is already published: correct that record instead")]
    AlreadyPublished,
    #[error("{0}")]
    Rule(PenaltyRule),
    #[error("the file has no column {header}")]
    MissingColumn { header: String },
    #[error("column {header} appears twice")]
    RepeatedColumn { header: String },
    #[error("the file has no rows")]
    Empty,
    #[error("the file is not a CSV (UTF-8 or GB18030) or XLSX workbook")]
    Unreadable,
    #[error("at most {max} rows at a time")]
    TooManyRows { max: usize },
}

/// A record-level rule a penalty breaks (see [`PenaltyProblem`]), as a code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum PenaltyRule {
    #[error("a decision imposes at least one penalty kind")]
    NoKind,
    #[error("a penalty kind is listed twice")]
    RepeatedKind,
    #[error("a fine is imposed without an amount, or an amount without a fine")]
    FineMismatch,
    #[error("an amount is confiscated without a confiscation")]
    ConfiscationMismatch,
    #[error("a licence is taken without being named, or named without being taken")]
    LicenceMismatch,
    #[error("a natural person has no credit code, representative or other codes")]
    PersonWithCodes,
    #[error("an organisation or individual business needs its credit code")]
    NoCreditCode,
    #[error("only a natural person or an operator has an ID number")]
    IdNumberOfOrganisation,
    #[error("published before the decision")]
    PublishedBeforeDecision,
    #[error("withdrawn before the decision")]
    WithdrawnBeforeDecision,
    #[error("the summary procedure allows only a warning or a small fine")]
    SummaryTooHeavy,
}

impl PenaltyRule {
    /// The rule and the column it is shown at.
    fn of(p: &PenaltyProblem) -> (Self, Option<Column>) {
        match p {
            PenaltyProblem::NoKind => (Self::NoKind, Some(Column::Kinds)),
            PenaltyProblem::RepeatedKind(_) => (Self::RepeatedKind, Some(Column::Kinds)),
            PenaltyProblem::FineMismatch => (Self::FineMismatch, Some(Column::Fine)),
            PenaltyProblem::ConfiscationMismatch => {
                (Self::ConfiscationMismatch, Some(Column::Confiscated))
            }
            PenaltyProblem::LicenceMismatch => (Self::LicenceMismatch, Some(Column::Licence)),
            PenaltyProblem::PersonWithCodes => (Self::PersonWithCodes, Some(Column::CreditCode)),
            PenaltyProblem::NoCreditCode => (Self::NoCreditCode, Some(Column::CreditCode)),
            PenaltyProblem::IdNumberOfOrganisation => {
                (Self::IdNumberOfOrganisation, Some(Column::IdNumber))
            }
            PenaltyProblem::PublishedBeforeDecision => {
                (Self::PublishedBeforeDecision, Some(Column::Decided))
            }
            PenaltyProblem::WithdrawnBeforeDecision => (Self::WithdrawnBeforeDecision, None),
            PenaltyProblem::SummaryTooHeavy => (Self::SummaryTooHeavy, Some(Column::Procedure)),
        }
    }
}

/// A problem at a place: the file's line (1 is the header; absent for the single-record form) and
/// the column (absent for the whole row or file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldProblem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<Column>,
    pub problem: ImportProblem,
}

impl FieldProblem {
    pub fn at(column: Column, problem: ImportProblem) -> Self {
        Self {
            line: None,
            column: Some(column),
            problem,
        }
    }

    pub fn on_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }
}

/// Which column each of a file's columns is.
pub type Layout = crate::import_layout::Layout<Column>;

/// What records are checked against.
#[derive(Debug, Clone, Copy)]
pub struct ImportContext<'a> {
    pub org: &'a DistrictOrg,
    /// The district's catalog: every matter and its domain.
    pub matters: &'a BTreeMap<MatterCode, Domain>,
    /// The authority the records are published for: a record naming another is refused.
    pub authority: &'a AuthorityId,
    /// Today in China: no decision is dated later, and a new record is published today.
    pub today: Date,
}

/// A parsed record and its matter's domain. Its id is `PenaltyId(0)` until the store numbers it;
/// it is published `today`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedPenalty {
    pub penalty: Penalty,
    pub domain: Domain,
}

/// The penalty layout's own cell readers.
impl Reader<'_, Column> {
    fn amount(&mut self, column: Column) -> Fen {
        self.parse(column, wan_yuan, |()| ImportProblem::BadAmount)
            .unwrap_or(Fen::ZERO)
    }

    /// One of a fixed set of values, by any of its spellings.
    fn choice<T: Copy>(&mut self, column: Column, options: &[(T, &[&str])]) -> Option<T> {
        let t = self.text(column)?;
        let key = header_key(t);
        let found = options
            .iter()
            .find(|(_, names)| names.iter().any(|n| header_key(n) == key))
            .map(|(v, _)| *v);
        if found.is_none() {
            let value = t.to_owned();
            self.problem(column, ImportProblem::UnknownValue { value });
        }
        found
    }
}

/// A date as spreadsheets and people write it: `2024-03-11`, `2024/3/11`, `2024.3.11`,
/// `2024年3月11日` or `20240311`.
pub fn parse_date(s: &str) -> Option<Date> {
    date_parts(s).ok()
}

fn date_parts(s: &str) -> Result<Date, ()> {
    let s = crate::search::normalise_text(s.trim());
    // A time of day after the date (`2024-03-11 00:00:00`, `2024-03-11T00:00:00`) says nothing.
    let s = match s.split_once([' ', 'T']) {
        Some((day, time))
            if time
                .chars()
                .all(|c| c.is_ascii_digit() || matches!(c, ':' | '.' | 'Z' | '+' | '-')) =>
        {
            day.to_owned()
        }
        _ => s,
    };
    let parts: Vec<&str> = if s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()) {
        vec![&s[..4], &s[4..6], &s[6..]]
    } else {
        s.trim_end_matches('日')
            .split(['-', '/', '.', '年', '月'])
            .collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return Err(());
    };
    let number = |p: &str, max_len: usize| -> Result<u32, ()> {
        if p.is_empty() || p.len() > max_len || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(());
        }
        p.parse().map_err(|_| ())
    };
    let year = i32::try_from(number(y, 4)?).map_err(|_| ())?;
    if year < 1990 {
        return Err(());
    }
    let month =
        time::Month::try_from(u8::try_from(number(m, 2)?).map_err(|_| ())?).map_err(|_| ())?;
    let day = u8::try_from(number(d, 2)?).map_err(|_| ())?;
    Date::from_calendar_date(year, month, day).map_err(|_| ())
}

/// An amount in 万元 as the 双公示 layout writes it: `0.05`, `1.234567`, `1,200`; at most six
/// decimals (one fen).
pub fn parse_wan_yuan(s: &str) -> Option<Fen> {
    wan_yuan(s).ok()
}

fn wan_yuan(s: &str) -> Result<Fen, ()> {
    let s: String = crate::search::normalise_text(s.trim())
        .chars()
        .filter(|c| !matches!(c, ',' | '，' | ' '))
        .collect();
    let s = s.strip_suffix("万元").unwrap_or(&s);
    let (whole, fraction) = s.split_once('.').unwrap_or((s, ""));
    if whole.is_empty()
        || fraction.len() > 6
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
    {
        return Err(());
    }
    let whole: u64 = whole.parse().map_err(|_| ())?;
    let fraction: u64 = format!("{fraction:0<6}").parse().map_err(|_| ())?;
    whole
        .checked_mul(1_000_000)
        .and_then(|w| w.checked_add(fraction))
        .map(Fen)
        .ok_or(())
}

fn party_kinds() -> Vec<(PartyKind, &'static [&'static str])> {
    vec![
        (
            PartyKind::NaturalPerson,
            &["自然人", "natural_person", "个人"],
        ),
        (
            PartyKind::LegalPerson,
            &["法人及非法人组织", "legal_person", "法人", "法人及其他组织"],
        ),
        (
            PartyKind::OtherOrganisation,
            &["其他组织", "other_organisation", "非法人组织"],
        ),
        (
            PartyKind::IndividualBusiness,
            &["个体工商户", "individual_business"],
        ),
    ]
}

fn procedures() -> Vec<(Procedure, &'static [&'static str])> {
    vec![
        (Procedure::Summary, &["简易程序", "简易", "summary"]),
        (
            Procedure::Ordinary,
            &["普通程序", "普通", "一般程序", "ordinary"],
        ),
    ]
}

fn severities() -> Vec<(Severity, &'static [&'static str])> {
    vec![
        (Severity::Minor, &["轻微", "轻微失信", "minor"]),
        (Severity::Ordinary, &["一般", "一般失信", "ordinary"]),
        (Severity::Serious, &["严重", "严重失信", "serious"]),
    ]
}

fn restrictions() -> Vec<(Restriction, &'static [&'static str])> {
    vec![
        (Restriction::Minor, &["未成年人", "minor"]),
        (
            Restriction::Secret,
            &["国家秘密、商业秘密", "国家秘密", "商业秘密", "secret"],
        ),
        (Restriction::Privacy, &["个人隐私", "privacy"]),
    ]
}

/// The label [`fields_of`] writes for a choice.
fn label<T: PartialEq>(options: &[(T, &'static [&'static str])], v: &T) -> String {
    options
        .iter()
        .find(|(o, _)| o == v)
        .and_then(|(_, names)| names.first())
        .map_or_else(String::new, |n| (*n).to_owned())
}

/// Splits a list typed in one cell: `警告；罚款`, `警告、罚款`, `警告,罚款`.
fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split(['；', ';', '、', ',', '，', '/', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

const OTHER_CODES: [(Column, PartyCodeKind); 5] = [
    (
        Column::BusinessRegistration,
        PartyCodeKind::BusinessRegistration,
    ),
    (Column::OrganisationCode, PartyCodeKind::OrganisationCode),
    (Column::TaxRegistration, PartyCodeKind::TaxRegistration),
    (
        Column::InstitutionCertificate,
        PartyCodeKind::InstitutionCertificate,
    ),
    (
        Column::SocialOrganisation,
        PartyCodeKind::SocialOrganisation,
    ),
];

/// Reads one record. Every problem is reported, each at its column.
pub fn parse_fields(
    fields: &Fields,
    ctx: &ImportContext<'_>,
) -> Result<ParsedPenalty, Vec<FieldProblem>> {
    let mut r = Reader::new(fields);
    if r.text(Column::PartyKind).is_none() {
        r.problem(Column::PartyKind, ImportProblem::Required);
    }
    let party_kind = r.choice(Column::PartyKind, &party_kinds());
    let party_name = r.required_name(Column::PartyName);
    let credit_code = r.parse(
        Column::CreditCode,
        |s| CreditCode::parse(s),
        |_| ImportProblem::BadCreditCode,
    );
    let mut other_codes = Vec::new();
    for (column, kind) in OTHER_CODES {
        if let Some(value) = r.name(column) {
            other_codes.push(PartyCode { kind, value });
        }
    }
    let representative = r.name(Column::Representative);
    let id_number = r.parse(
        Column::IdNumber,
        |s| ResidentId::parse(s),
        |_| ImportProblem::BadIdNumber,
    );
    let address = r.long_text(Column::Address);
    if r.text(Column::DecisionNumber).is_none() {
        r.problem(Column::DecisionNumber, ImportProblem::Required);
    }
    let decision_number = r.parse(
        Column::DecisionNumber,
        |s| DecisionNumber::parse(s),
        |e| match e {
            crate::penalty::DecisionNumberError::TooLong { max } => ImportProblem::TooLong { max },
            crate::penalty::DecisionNumberError::ControlCharacter => {
                ImportProblem::ControlCharacter
            }
            crate::penalty::DecisionNumberError::Empty => ImportProblem::Required,
        },
    );
    let violation = r.required_name(Column::Violation);
    let facts = r.required_text(Column::Facts);
    let basis = r.required_text(Column::Basis);
    let kinds = match r.required(Column::Kinds) {
        None => None,
        Some(t) => {
            let mut kinds = Vec::new();
            for part in list(&t) {
                let key = header_key(part);
                match PenaltyKind::ALL.into_iter().find(|k| {
                    header_key(k.label_zh()) == key
                        || serde_json::to_value(k)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            == Some(key.clone())
                }) {
                    Some(k) => kinds.push(k),
                    None => r.problem(
                        Column::Kinds,
                        ImportProblem::UnknownValue {
                            value: part.to_owned(),
                        },
                    ),
                }
            }
            Some(kinds)
        }
    };
    let content = r.required_text(Column::Content);
    let fine = r.amount(Column::Fine);
    let confiscated = r.amount(Column::Confiscated);
    let licence = r.text(Column::Licence).map(str::to_owned).and_then(|t| {
        // `名称：编号` as the form writes it, or `名称 编号` as the export does.
        let (name, number) = t
            .split_once(['：', ':'])
            .or_else(|| t.rsplit_once(char::is_whitespace))
            .unwrap_or((t.as_str(), ""));
        match (Name::parse(name), Name::parse(number)) {
            (Ok(name), Ok(number)) => Some(Licence { name, number }),
            _ => {
                r.problem(
                    Column::Licence,
                    ImportProblem::UnknownValue { value: t.clone() },
                );
                None
            }
        }
    });
    if r.text(Column::Decided).is_none() {
        r.problem(Column::Decided, ImportProblem::Required);
    }
    let decided = r.date(Column::Decided);
    if decided.is_some_and(|d| d > ctx.today) {
        r.problem(Column::Decided, ImportProblem::DecidedInFuture);
    }
    let in_effect_until = match r.text(Column::InEffectUntil) {
        Some("长期" | "永久" | "/" | "无") => None,
        _ => r.date(Column::InEffectUntil),
    };
    let authority = match r.required(Column::Authority) {
        None => None,
        Some(t) => {
            let found = ctx
                .org
                .authorities
                .iter()
                .find(|a| a.id.as_str() == t || a.name.as_str() == t)
                .map(|a| a.id.clone());
            match found {
                None => {
                    r.problem(Column::Authority, ImportProblem::UnknownAuthority);
                    None
                }
                Some(a) if &a != ctx.authority => {
                    r.problem(Column::Authority, ImportProblem::NotYourAuthority);
                    None
                }
                Some(a) => Some(a),
            }
        }
    };
    let authority_credit_code = r.parse(
        Column::AuthorityCreditCode,
        |s| CreditCode::parse(s),
        |_| ImportProblem::BadCreditCode,
    );
    let source = r.required_name(Column::Source);
    let remarks = r.long_text(Column::Remarks);
    let matter = match r.required(Column::Matter) {
        None => None,
        Some(t) => match MatterCode::parse(&t)
            .ok()
            .and_then(|m| ctx.matters.get(&m).map(|d| (m, *d)))
        {
            Some(found) => Some(found),
            None => {
                r.problem(Column::Matter, ImportProblem::UnknownMatter);
                None
            }
        },
    };
    if r.text(Column::Procedure).is_none() {
        r.problem(Column::Procedure, ImportProblem::Required);
    }
    let procedure = r.choice(Column::Procedure, &procedures());
    let locality = match r.required(Column::Locality) {
        None => None,
        Some(t) => {
            let found = ctx
                .org
                .localities
                .iter()
                .find(|l| l.id.as_str() == t || l.name.as_str() == t)
                .map(|l| l.id.clone());
            if found.is_none() {
                r.problem(Column::Locality, ImportProblem::UnknownLocality);
            }
            found
        }
    };
    if r.text(Column::Severity).is_none() {
        r.problem(Column::Severity, ImportProblem::Required);
    }
    let severity = r.choice(Column::Severity, &severities());
    let mut others_named = Vec::new();
    if let Some(t) = r.text(Column::OthersNamed).map(str::to_owned) {
        for part in list(&t) {
            match Name::parse(part) {
                Ok(n) => others_named.push(n),
                Err(_) => r.problem(
                    Column::OthersNamed,
                    ImportProblem::UnknownValue {
                        value: part.to_owned(),
                    },
                ),
            }
        }
    }
    let restriction = r.choice(Column::Restriction, &restrictions());

    let (
        Some(party_kind),
        Some(party_name),
        Some(decision_number),
        Some(violation),
        Some(facts),
        Some(basis),
        Some(kinds),
        Some(content),
        Some(decided),
        Some(authority),
        Some(source),
        Some((matter, domain)),
        Some(procedure),
        Some(locality),
        Some(severity),
    ) = (
        party_kind,
        party_name,
        decision_number,
        violation,
        facts,
        basis,
        kinds,
        content,
        decided,
        authority,
        source,
        matter,
        procedure,
        locality,
        severity,
    )
    else {
        return Err(r.problems);
    };
    let penalty = Penalty {
        id: PenaltyId(0),
        decision_number,
        party: Party {
            kind: party_kind,
            name: party_name,
            credit_code,
            other_codes,
            representative,
            id_number,
            address,
        },
        violation,
        facts,
        basis,
        kinds,
        content,
        fine,
        confiscated,
        licence,
        decided,
        in_effect_until,
        published: ctx.today.max(decided),
        severity,
        procedure,
        authority,
        authority_credit_code,
        locality,
        matter,
        source,
        remarks,
        others_named,
        restriction,
        withdrawal: None,
    };
    // A rule broken only because a cell was refused (no credit code: it was malformed) says
    // nothing new.
    for p in rule_problems(&penalty) {
        if !r.problems.iter().any(|q| q.column == p.column) {
            r.problems.push(p);
        }
    }
    if r.problems.is_empty() {
        Ok(ParsedPenalty { penalty, domain })
    } else {
        Err(r.problems)
    }
}

/// The record-level rules `p` breaks, each at its column.
pub fn rule_problems(p: &Penalty) -> Vec<FieldProblem> {
    p.problems()
        .iter()
        .map(|problem| {
            let (rule, column) = PenaltyRule::of(problem);
            FieldProblem {
                line: None,
                column,
                problem: ImportProblem::Rule(rule),
            }
        })
        .collect()
}

/// A record as the form shows it: what [`parse_fields`] reads back to the same record (ids for the
/// authority and the locality; amounts in 万元).
pub fn fields_of(p: &Penalty) -> Fields {
    let mut f = Fields::new();
    let mut put = |c: Column, v: String| {
        if !v.is_empty() {
            f.insert(c, v);
        }
    };
    put(Column::PartyName, p.party.name.to_string());
    put(Column::PartyKind, p.party.kind.label_zh().to_owned());
    put(
        Column::CreditCode,
        p.party
            .credit_code
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    for (column, kind) in OTHER_CODES {
        if let Some(code) = p.party.other_codes.iter().find(|c| c.kind == kind) {
            put(column, code.value.to_string());
        }
    }
    put(
        Column::Representative,
        p.party
            .representative
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    put(
        Column::IdNumber,
        p.party
            .id_number
            .as_ref()
            .map(|n| n.as_str().to_owned())
            .unwrap_or_default(),
    );
    put(
        Column::Address,
        p.party
            .address
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    put(Column::DecisionNumber, p.decision_number.to_string());
    put(Column::Violation, p.violation.to_string());
    put(Column::Facts, p.facts.to_string());
    put(Column::Basis, p.basis.to_string());
    put(
        Column::Kinds,
        p.kinds
            .iter()
            .map(|k| k.label_zh())
            .collect::<Vec<_>>()
            .join("；"),
    );
    put(Column::Content, p.content.to_string());
    if !p.fine.is_zero() {
        put(Column::Fine, p.fine.wan_yuan());
    }
    if !p.confiscated.is_zero() {
        put(Column::Confiscated, p.confiscated.wan_yuan());
    }
    if let Some(l) = &p.licence {
        put(Column::Licence, format!("{}：{}", l.name, l.number));
    }
    put(Column::Decided, p.decided.to_string());
    put(
        Column::InEffectUntil,
        p.in_effect_until
            .map_or_else(|| "长期".to_owned(), |d| d.to_string()),
    );
    put(Column::Authority, p.authority.to_string());
    put(
        Column::AuthorityCreditCode,
        p.authority_credit_code
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    put(Column::Source, p.source.to_string());
    put(
        Column::Remarks,
        p.remarks
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default(),
    );
    put(Column::Matter, p.matter.to_string());
    put(Column::Procedure, label(&procedures(), &p.procedure));
    put(Column::Locality, p.locality.to_string());
    put(Column::Severity, label(&severities(), &p.severity));
    put(
        Column::OthersNamed,
        p.others_named
            .iter()
            .map(Name::as_str)
            .collect::<Vec<_>>()
            .join("、"),
    );
    if let Some(restriction) = &p.restriction {
        put(Column::Restriction, label(&restrictions(), restriction));
    }
    f
}

/// A record typed in the form: `POST /staff/penalties` (new) and `PUT /staff/penalties/{id}` (a
/// correction, which needs `reason`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PenaltyForm {
    #[schema(value_type = BTreeMap<String, String>)]
    pub fields: Fields,
    /// Why a published record is corrected (published in the change log).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// A withdrawal as the form sends it; the day is the day it is made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawalForm {
    pub reason: crate::penalty::WithdrawalReason,
    /// Who changed or revoked the decision, and by what (published with the stub).
    pub explanation: String,
}

/// Where a record stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum RecordStatus {
    /// Public now.
    Listed,
    /// Withdrawn: a stub with the reason is public.
    Withdrawn,
    /// Past its publication period.
    Removed,
    /// Never published (minors, secrets, privacy).
    Restricted,
}

impl RecordStatus {
    pub fn of(v: crate::penalty::Visibility, restricted: bool) -> Self {
        use crate::penalty::Visibility;
        match v {
            _ if restricted => Self::Restricted,
            Visibility::Public | Visibility::Hidden => Self::Listed,
            Visibility::Withdrawn { .. } => Self::Withdrawn,
            Visibility::Removed { .. } => Self::Removed,
        }
    }
}

/// A row of an authority's list of its own records.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffPenaltyItem {
    pub id: PenaltyId,
    pub decision_number: DecisionNumber,
    /// As published: 张某某 for a person.
    pub party_name: String,
    pub decided: Date,
    pub published: Date,
    /// The last day it is public.
    pub ends: Date,
    pub status: RecordStatus,
}

/// A record as its authority's publishers see it: everything typed, personal data included.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffPenaltyRecord {
    pub id: PenaltyId,
    pub status: RecordStatus,
    pub published: Date,
    pub withdrawal: Option<crate::penalty::Withdrawal>,
    #[schema(value_type = BTreeMap<String, String>)]
    pub fields: Fields,
}

/// A record written, and its change-log entry (none for a restricted case).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Written {
    pub id: PenaltyId,
    pub log_seq: Option<u64>,
}

/// A row of an import as it would be published.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportRow {
    pub line: u32,
    pub decision_number: DecisionNumber,
    /// As it will be published: 张某某 for a person.
    pub party_name: String,
    pub kinds: Vec<PenaltyKind>,
    pub fine: Fen,
    pub decided: Date,
    pub locality: crate::LocalityId,
    pub restricted: bool,
}

/// What an import found (a dry run) or did (a commit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ImportReport {
    /// Data rows read (blank ones skipped).
    pub rows: u32,
    /// Every problem, by line and column; nothing is written while there is one.
    pub problems: Vec<FieldProblem>,
    /// Headers that are not read.
    pub unknown_columns: Vec<String>,
    /// The rows that are valid, as they would be published.
    pub valid: Vec<ImportRow>,
    /// After a commit: what was written, in row order.
    pub written: Vec<Written>,
}

/// The template's header row.
pub fn template_header() -> Vec<&'static str> {
    Column::ALL.iter().map(|c| c.header_zh()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn choices_are_read_back_by_the_parser() {
        for column in Column::ALL {
            for spelling in column.choices() {
                assert_eq!(
                    column.choice_of(&spelling).as_deref(),
                    Some(spelling.as_str())
                );
            }
        }
        assert_eq!(
            Column::PartyKind.choice_of("自然人").as_deref(),
            Some("natural_person")
        );
        assert_eq!(
            Column::Severity.choice_of(" 一般失信 ").as_deref(),
            Some("ordinary")
        );
        assert_eq!(Column::Restriction.choices().len(), 3);
        assert!(Column::Facts.choices().is_empty());
        assert_eq!(Column::Procedure.choice_of("快速"), None);
    }
    use crate::fixtures;
    use time::macros::date;

    fn matters() -> BTreeMap<MatterCode, Domain> {
        BTreeMap::from([(
            MatterCode::parse("350602001F004200").expect("code"),
            Domain::UrbanManagement,
        )])
    }

    fn row(org: &DistrictOrg) -> Fields {
        let authority = &org.localities[0].authority;
        let locality = &org.localities[0];
        Fields::from([
            (Column::PartyName, "漳州市某某餐饮管理有限公司".to_owned()),
            (Column::PartyKind, "法人及非法人组织".to_owned()),
            (
                Column::CreditCode,
                CreditCode::complete("91350602MA2YABCD1")
                    .expect("code")
                    .to_string(),
            ),
            (Column::Representative, "陈建国".to_owned()),
            (
                Column::DecisionNumber,
                "芗南综执罚[2026]第0007号".to_owned(),
            ),
            (Column::Violation, "擅自占用城市道路".to_owned()),
            (
                Column::Facts,
                "当事人于2026年11月2日在胜利西路门前擅自占用城市道路堆放物品。".to_owned(),
            ),
            (Column::Basis, "《城市道路管理条例》第四十二条".to_owned()),
            (Column::Kinds, "警告、罚款".to_owned()),
            (Column::Content, "警告，并处罚款人民币伍佰元整".to_owned()),
            (Column::Fine, "0.05".to_owned()),
            (Column::Decided, "2026年11月5日".to_owned()),
            (Column::Authority, authority.to_string()),
            (Column::Source, locality.name.to_string()),
            (Column::Matter, "350602001F004200".to_owned()),
            (Column::Procedure, "普通程序".to_owned()),
            (Column::Locality, locality.name.to_string()),
            (Column::Severity, "一般".to_owned()),
        ])
    }

    fn ctx<'a>(
        org: &'a DistrictOrg,
        matters: &'a BTreeMap<MatterCode, Domain>,
    ) -> ImportContext<'a> {
        ImportContext {
            org,
            matters,
            authority: &org.localities[0].authority,
            today: date!(2026 - 11 - 24),
        }
    }

    #[test]
    fn a_good_row_parses_and_reads_back_to_itself() {
        let org = fixtures::district();
        let matters = matters();
        let ctx = ctx(&org, &matters);
        let parsed = parse_fields(&row(&org), &ctx).expect("valid");
        let p = &parsed.penalty;
        assert_eq!(p.fine, Fen::from_yuan(500));
        assert_eq!(p.kinds, [PenaltyKind::Warning, PenaltyKind::Fine]);
        assert_eq!(p.decided, date!(2026 - 11 - 05));
        assert_eq!(p.published, date!(2026 - 11 - 24));
        assert_eq!(p.decision_number.as_str(), "芗南综执罚〔2026〕第0007号");
        assert_eq!(parsed.domain, Domain::UrbanManagement);
        let again = parse_fields(&fields_of(p), &ctx).expect("reads back");
        assert_eq!(&again.penalty, p);
    }

    #[test]
    fn every_broken_cell_is_named_by_its_column() {
        let org = fixtures::district();
        let matters = matters();
        let ctx = ctx(&org, &matters);
        let mut f = row(&org);
        f.insert(Column::CreditCode, "91350602MA2YABCD10".to_owned());
        f.insert(Column::Matter, "350602001F009999".to_owned());
        f.insert(Column::Decided, "2026-13-01".to_owned());
        f.insert(Column::Kinds, "警告、罚金".to_owned());
        f.remove(&Column::Facts);
        let problems = parse_fields(&f, &ctx).expect_err("broken");
        let at: Vec<(Option<Column>, ImportProblem)> = problems
            .into_iter()
            .map(|p| (p.column, p.problem))
            .collect();
        assert_eq!(
            at,
            [
                (Some(Column::CreditCode), ImportProblem::BadCreditCode),
                (Some(Column::Facts), ImportProblem::Required),
                (
                    Some(Column::Kinds),
                    ImportProblem::UnknownValue {
                        value: "罚金".to_owned()
                    }
                ),
                (Some(Column::Decided), ImportProblem::BadDate),
                (Some(Column::Matter), ImportProblem::UnknownMatter),
            ]
        );
    }

    #[test]
    fn record_rules_and_another_authority_are_refused() {
        let org = fixtures::district();
        let matters = matters();
        let ctx = ctx(&org, &matters);
        let mut f = row(&org);
        f.remove(&Column::Fine);
        f.insert(Column::Decided, "2026-12-01".to_owned());
        let problems = parse_fields(&f, &ctx).expect_err("broken");
        assert!(problems.contains(&FieldProblem::at(
            Column::Decided,
            ImportProblem::DecidedInFuture
        )));
        assert!(problems.contains(&FieldProblem::at(
            Column::Fine,
            ImportProblem::Rule(PenaltyRule::FineMismatch)
        )));
        let mut f = row(&org);
        f.insert(Column::Authority, org.localities[1].authority.to_string());
        assert_eq!(
            parse_fields(&f, &ctx).expect_err("not theirs"),
            [FieldProblem::at(
                Column::Authority,
                ImportProblem::NotYourAuthority
            )]
        );
    }

    #[test]
    fn headers_are_read_in_any_order_and_spelling_and_formulas_refused() {
        let header: Vec<String> = ["处罚决定日期", "罚款金额(万元)", "公示截止期", "自定义列"]
            .into_iter()
            .map(str::to_owned)
            .chain(
                Column::ALL
                    .into_iter()
                    .filter(|c| c.required() && *c != Column::Decided)
                    .map(|c| c.header_zh().to_owned()),
            )
            .collect();
        let layout = Layout::of(&header).expect("every required column");
        assert_eq!(layout.unknown, ["自定义列"]);
        let mut cells: Vec<Cell> = header.iter().map(|_| Cell::Value(String::new())).collect();
        cells[0] = Cell::Value(" 2026-11-05 ".to_owned());
        cells[1] = Cell::Formula("=500/10000".to_owned());
        assert_eq!(
            layout.fields(7, &cells),
            Err(vec![
                FieldProblem::at(Column::Fine, ImportProblem::Formula).on_line(7)
            ])
        );
        cells[1] = Cell::Value("'-1".to_owned());
        let fields = layout.fields(7, &cells).expect("no formula");
        assert_eq!(
            fields.get(&Column::Decided).map(String::as_str),
            Some("2026-11-05")
        );
        assert_eq!(fields.get(&Column::Fine).map(String::as_str), Some("-1"));

        let missing = Layout::of(&["行政相对人名称".to_owned(), "行政相对人名称".to_owned()])
            .expect_err("incomplete");
        assert!(missing.iter().any(|p| p.problem
            == ImportProblem::RepeatedColumn {
                header: "行政相对人名称".to_owned()
            }));
        assert!(missing.iter().any(|p| p.problem
            == ImportProblem::MissingColumn {
                header: "执法事项编码".to_owned()
            }));
    }

    #[test]
    fn dates_and_amounts_in_the_usual_spellings() {
        for s in [
            "2026-11-05",
            "2026/11/5",
            "2026.11.05",
            "2026年11月5日",
            "20261105",
        ] {
            assert_eq!(parse_date(s), Some(date!(2026 - 11 - 05)), "{s}");
        }
        for s in [
            "2026-02-30",
            "11/05/2026",
            "2026-11",
            "",
            "1899-01-01",
            "2026-11-05 下午",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
        assert_eq!(parse_wan_yuan("0.05"), Some(Fen::from_yuan(500)));
        assert_eq!(parse_wan_yuan("1,200"), Some(Fen::from_yuan(12_000_000)));
        assert_eq!(parse_wan_yuan("0.000001"), Some(Fen(1)));
        for s in ["-1", "0.0000001", "一万", "1e3", ""] {
            assert_eq!(parse_wan_yuan(s), None, "{s}");
        }
    }
}
