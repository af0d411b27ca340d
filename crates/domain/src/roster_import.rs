//! Officers as staff enter them: the roster's import layout (姓名, 执法证号, 发证机关, 执法类别, 执法区域,
//! 发证日期, 有效期至, 所属单位, one secondment — 派驻地, 派驻起始日期, 派驻截止日期 — and the personal
//! data the staff side keeps and the public never sees), one parser for a row of a CSV or XLSX file
//! and for the single-officer form, and every problem named by its column so the browser can point
//! at the cell. The consistency rules are the roster dataset's ([`crate::roster_dataset`]).
//!
//! Also here: the rules for a secondment staff add to an officer on the roster, or end early.

use crate::catalog::Domain;
use crate::certificate::{Certificate, CertificateEvent, CertificateNumber, StatusChange};
use crate::codes::ResidentId;
use crate::import_layout::{CellProblem, LayoutColumn, Reader, header_key};
use crate::officer::{Officer, OfficerId, Personal, Posting, PublicOfficer, Secondment, Unit};
use crate::roster_dataset::{SecondmentProblem, secondment_problems};
use crate::staff::Grant;
use crate::{AuthorityId, DistrictOrg, LocalityId, Name, PhoneNumber, Text, ZoneId};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use time::Date;
use utoipa::ToSchema;

/// A column of the roster's import layout; in the JSON of the single-officer form, its snake_case
/// name.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RosterColumn {
    Name,
    Certificate,
    Issuer,
    Categories,
    Area,
    Issued,
    ValidUntil,
    Unit,
    SecondedTo,
    SecondedFrom,
    SecondedUntil,
    IdNumber,
    BirthDate,
    Phone,
    HomeAddress,
}

/// An officer as typed: the text of each column (absent or blank: not given).
pub type OfficerFields = BTreeMap<RosterColumn, String>;

/// Columns a roster spreadsheet often carries that the import does not read.
const IGNORED: [&str; 3] = ["序号", "状态", "备注"];

impl RosterColumn {
    /// Every column, in the template's order.
    pub const ALL: [Self; 15] = [
        Self::Name,
        Self::Certificate,
        Self::Issuer,
        Self::Categories,
        Self::Area,
        Self::Issued,
        Self::ValidUntil,
        Self::Unit,
        Self::SecondedTo,
        Self::SecondedFrom,
        Self::SecondedUntil,
        Self::IdNumber,
        Self::BirthDate,
        Self::Phone,
        Self::HomeAddress,
    ];

    /// The header the template writes.
    pub fn header_zh(self) -> &'static str {
        match self {
            Self::Name => "姓名",
            Self::Certificate => "执法证号",
            Self::Issuer => "发证机关",
            Self::Categories => "执法类别",
            Self::Area => "执法区域",
            Self::Issued => "发证日期",
            Self::ValidUntil => "有效期至",
            Self::Unit => "所属单位",
            Self::SecondedTo => "派驻地",
            Self::SecondedFrom => "派驻起始日期",
            Self::SecondedUntil => "派驻截止日期",
            Self::IdNumber => "身份证号码",
            Self::BirthDate => "出生日期",
            Self::Phone => "联系电话",
            Self::HomeAddress => "家庭住址",
        }
    }

    /// Other headers accepted for the column (spellings found in published rosters).
    fn aliases(self) -> &'static [&'static str] {
        match self {
            Self::Name => &["执法人员姓名"],
            Self::Certificate => &[
                "执法证件号码",
                "执法证编号",
                "执法证件号",
                "证件编号",
                "执法证号码",
            ],
            Self::Issuer => &["发证单位"],
            Self::Categories => &["执法门类", "执法领域", "执法种类"],
            Self::Area => &["执法地域"],
            Self::Issued => &["发证时间"],
            Self::ValidUntil => &["有效期", "有效期限", "有效截止日期"],
            Self::Unit => &["单位", "所在单位", "工作单位", "编制所在单位"],
            Self::SecondedTo => &["借调/派驻", "派驻", "下沉至", "借调至", "派驻地点"],
            Self::SecondedFrom => &["派驻开始日期", "派驻起始"],
            Self::SecondedUntil => &["派驻结束日期", "派驻截止"],
            Self::IdNumber => &["身份证号", "公民身份号码"],
            Self::Phone => &["手机", "电话", "手机号码"],
            Self::HomeAddress => &["住址", "家庭地址"],
            Self::BirthDate => &[],
        }
    }

    /// Whether every officer must give this column.
    pub fn required(self) -> bool {
        matches!(
            self,
            Self::Name
                | Self::Certificate
                | Self::Issuer
                | Self::Categories
                | Self::Area
                | Self::Issued
                | Self::ValidUntil
                | Self::Unit
        )
    }
}

impl LayoutColumn for RosterColumn {
    type Problem = RosterProblem;
    type Placed = RosterFieldProblem;
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

    fn placed(self, line: Option<u32>, problem: RosterProblem) -> RosterFieldProblem {
        RosterFieldProblem {
            line,
            column: Some(self),
            problem,
        }
    }

    fn whole(problem: RosterProblem) -> RosterFieldProblem {
        RosterFieldProblem {
            line: None,
            column: None,
            problem,
        }
    }
}

impl CellProblem for RosterProblem {
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

/// What is wrong with a cell, a row or the file. The code (`code`) is what the browser translates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RosterProblem {
    #[error("this column must be filled in")]
    Required,
    #[error("at most {max} characters")]
    TooLong { max: usize },
    #[error("control characters are not allowed")]
    ControlCharacter,
    #[error("a formula: type the value itself")]
    Formula,
    #[error("not a certificate number (4–32 letters, digits, Chinese characters or hyphens)")]
    BadCertificateNumber,
    #[error("not a date (YYYY-MM-DD)")]
    BadDate,
    #[error("not a resident ID number")]
    BadIdNumber,
    #[error("not a telephone number")]
    BadPhone,
    #[error("not one of the allowed values")]
    UnknownValue { value: String },
    #[error("not a team or department of this district")]
    UnknownUnit,
    #[error("not a locality or zone of this district")]
    UnknownPlace,
    #[error("this unit's officers are not yours to enter")]
    NotYourUnit,
    #[error("the certificate is issued in the future")]
    IssuedInFuture,
    #[error("the certificate is valid until a day before it was issued")]
    ValidUntilBeforeIssue,
    #[error("{rule}")]
    Secondment { rule: SecondmentProblem },
    #[error("the same certificate number is on line {line}")]
    DuplicateInFile { line: u32 },
    #[error("this certificate number is on the roster already")]
    AlreadyOnRoster,
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

/// A problem at a place: the file's line (1 is the header; absent for the single-officer form) and
/// the column (absent for the whole row or file).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RosterFieldProblem {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<RosterColumn>,
    pub problem: RosterProblem,
}

impl RosterFieldProblem {
    pub fn at(column: RosterColumn, problem: RosterProblem) -> Self {
        Self {
            line: None,
            column: Some(column),
            problem,
        }
    }

    /// A problem of the whole file.
    pub fn file(problem: RosterProblem) -> Self {
        Self {
            line: None,
            column: None,
            problem,
        }
    }

    pub fn on_line(mut self, line: u32) -> Self {
        self.line = Some(line);
        self
    }
}

/// Which column each of a file's columns is.
pub type RosterLayout = crate::import_layout::Layout<RosterColumn>;

/// What officers are checked against.
#[derive(Debug, Clone, Copy)]
pub struct RosterContext<'a> {
    pub org: &'a DistrictOrg,
    /// Who enters them: only officers of units they may publish for are accepted.
    pub grant: &'a Grant,
    /// Today in China: no certificate is issued later.
    pub today: Date,
}

/// The id a new officer is stored under: derived from the certificate number (unique on the
/// roster), so entering the same officer twice cannot make two records. Never published.
pub fn officer_id(number: &CertificateNumber) -> OfficerId {
    let digest = Sha256::digest(number.as_str().as_bytes());
    let hex: String = digest.iter().take(10).map(|b| format!("{b:02x}")).collect();
    OfficerId::parse(format!("o-{hex}")).unwrap_or_else(|_| unreachable!("o- and hex digits"))
}

/// A birth date in the spellings [`parse_date`] reads (`1980-01-01`, `1980/1/1`, `1980.1.1`,
/// `1980年1月1日`, `19800101`), from 1900 on: [`parse_date`] takes none before 1990, when no
/// certificate or decision was issued, but officers were born then.
fn birth_date(s: &str) -> Option<Date> {
    let s = crate::search::normalise_text(s.trim());
    let day = s.split([' ', 'T']).next().unwrap_or_default();
    let parts: Vec<&str> = if day.len() == 8 && day.bytes().all(|b| b.is_ascii_digit()) {
        vec![&day[..4], &day[4..6], &day[6..]]
    } else {
        day.trim_end_matches('日')
            .split(['-', '/', '.', '年', '月'])
            .collect()
    };
    let [y, m, d] = parts.as_slice() else {
        return None;
    };
    let number = |p: &str, max_len: usize| -> Option<u16> {
        (!p.is_empty() && p.len() <= max_len && p.bytes().all(|b| b.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let year = number(y, 4).filter(|y| *y >= 1900)?;
    let month = time::Month::try_from(u8::try_from(number(m, 2)?).ok()?).ok()?;
    let day = u8::try_from(number(d, 2)?).ok()?;
    Date::from_calendar_date(i32::from(year), month, day).ok()
}

/// Splits a list typed in one cell: `城市管理；市场监管`, `城市管理、市场监管`.
fn list(s: &str) -> impl Iterator<Item = &str> {
    s.split(['；', ';', '、', ',', '，', '/', '\n'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
}

/// The unit a cell names: a team (id or name), a department (id, name or short name), or a
/// locality (id or name), meaning its own team.
pub fn find_unit(org: &DistrictOrg, t: &str) -> Option<Unit> {
    let t = t.trim();
    if let Some(team) = org
        .teams
        .iter()
        .find(|x| x.id.as_str() == t || x.name.as_str() == t)
    {
        return Some(Unit::Team(team.id.clone()));
    }
    if let Some(d) = org
        .departments
        .iter()
        .find(|d| d.id.as_str() == t || d.name.as_str() == t || d.short_name.as_str() == t)
    {
        return Some(Unit::Department(d.id.clone()));
    }
    org.localities
        .iter()
        .find(|l| l.id.as_str() == t || l.name.as_str() == t)
        .map(|l| Unit::Team(l.team.clone()))
}

/// The place a cell names: a locality or a zone, by id or name.
pub fn find_posting(org: &DistrictOrg, t: &str) -> Option<Posting> {
    let t = t.trim();
    if let Some(l) = org
        .localities
        .iter()
        .find(|l| l.id.as_str() == t || l.name.as_str() == t)
    {
        return Some(Posting::Locality(l.id.clone()));
    }
    org.zones
        .iter()
        .find(|z| z.id.as_str() == t || z.name.as_str() == t)
        .map(|z| Posting::Zone(z.id.clone()))
}

/// Reads one officer. Every problem is reported, each at its column. The officer's certificate
/// history is its issue; its id is [`officer_id`].
pub fn parse_officer(
    fields: &OfficerFields,
    ctx: &RosterContext<'_>,
) -> Result<Officer, Vec<RosterFieldProblem>> {
    use RosterColumn as C;
    let mut r = Reader::new(fields);
    let name = r.required_name(C::Name);
    if r.text(C::Certificate).is_none() {
        r.problem(C::Certificate, RosterProblem::Required);
    }
    let number = r.parse(
        C::Certificate,
        |s| CertificateNumber::parse(s),
        |_| RosterProblem::BadCertificateNumber,
    );
    let issuer = r.required_name(C::Issuer);
    let categories = match r.required(C::Categories) {
        None => None,
        Some(t) => {
            let mut categories = Vec::new();
            for part in list(&t) {
                let key = header_key(part);
                let found = Domain::ALL.into_iter().find(|d| {
                    header_key(d.label_zh()) == key
                        || serde_json::to_value(d)
                            .ok()
                            .and_then(|v| v.as_str().map(str::to_owned))
                            == Some(key.clone())
                });
                match found {
                    Some(d) if !categories.contains(&d) => categories.push(d),
                    Some(_) => {}
                    None => r.problem(
                        C::Categories,
                        RosterProblem::UnknownValue {
                            value: part.to_owned(),
                        },
                    ),
                }
            }
            (!categories.is_empty()).then_some(categories)
        }
    };
    let area = r.required_name(C::Area);
    let issued = r.required_date(C::Issued);
    if issued.is_some_and(|d| d > ctx.today) {
        r.problem(C::Issued, RosterProblem::IssuedInFuture);
    }
    let valid_until = r.required_date(C::ValidUntil);
    if let (Some(i), Some(u)) = (issued, valid_until)
        && u < i
    {
        r.problem(C::ValidUntil, RosterProblem::ValidUntilBeforeIssue);
    }
    let unit = match r.required(C::Unit) {
        None => None,
        Some(t) => match find_unit(ctx.org, &t) {
            None => {
                r.problem(C::Unit, RosterProblem::UnknownUnit);
                None
            }
            Some(unit) => match unit.authority(ctx.org) {
                None => {
                    r.problem(C::Unit, RosterProblem::UnknownUnit);
                    None
                }
                Some(a) if !ctx.grant.may_publish(&ctx.org.district.code, &a) => {
                    r.problem(C::Unit, RosterProblem::NotYourUnit);
                    None
                }
                Some(_) => Some(unit),
            },
        },
    };

    // One secondment: where, from, until (open-ended when absent).
    let posting = match r.text(C::SecondedTo).map(str::to_owned) {
        None => None,
        Some(t) => {
            let found = find_posting(ctx.org, &t);
            if found.is_none() {
                r.problem(C::SecondedTo, RosterProblem::UnknownPlace);
            }
            found
        }
    };
    let seconded_from = r.date(C::SecondedFrom);
    let seconded_until = r.date(C::SecondedUntil);
    let mut secondments = Vec::new();
    if r.text(C::SecondedTo).is_some() {
        if r.text(C::SecondedFrom).is_none() {
            r.problem(C::SecondedFrom, RosterProblem::Required);
        }
    } else if r.text(C::SecondedFrom).is_some() || r.text(C::SecondedUntil).is_some() {
        r.problem(C::SecondedTo, RosterProblem::Required);
    }
    if let (Some(to), Some(from), Some(unit)) = (posting, seconded_from, &unit) {
        let s = Secondment {
            to,
            from,
            until: seconded_until,
        };
        for rule in secondment_problems(ctx.org, unit, &s) {
            let column = match rule {
                SecondmentProblem::EndsBeforeStart => C::SecondedUntil,
                _ => C::SecondedTo,
            };
            r.problem(column, RosterProblem::Secondment { rule });
        }
        secondments.push(s);
    }

    let id_number = r.parse(
        C::IdNumber,
        |s| ResidentId::parse(s),
        |_| RosterProblem::BadIdNumber,
    );
    let birth_date = r.parse(
        C::BirthDate,
        |s| birth_date(s).ok_or(()),
        |()| RosterProblem::BadDate,
    );
    let phone = r.parse(
        C::Phone,
        |s| PhoneNumber::parse(s),
        |_| RosterProblem::BadPhone,
    );
    let home_address = r.long_text(C::HomeAddress);

    let (Some(name), Some(number), Some(issuer), Some(categories), Some(area)) =
        (name, number, issuer, categories, area)
    else {
        return Err(r.problems);
    };
    let (Some(issued), Some(valid_until), Some(unit)) = (issued, valid_until, unit) else {
        return Err(r.problems);
    };
    if !r.problems.is_empty() {
        return Err(r.problems);
    }
    Ok(Officer {
        id: officer_id(&number),
        district: ctx.org.district.code.clone(),
        name,
        unit,
        certificate: Certificate {
            number,
            issuer,
            categories,
            area,
            history: vec![StatusChange {
                event: CertificateEvent::Issued { valid_until },
                date: issued,
                reason: None,
            }],
        },
        secondments,
        personal: Personal {
            id_number: id_number.and_then(|n| Text::parse(n.as_str()).ok()),
            birth_date,
            phone,
            home_address,
        },
    })
}

/// The template's header row.
pub fn template_header() -> Vec<&'static str> {
    RosterColumn::ALL.iter().map(|c| c.header_zh()).collect()
}

/// `POST /staff/officers`: one officer typed in the form, by column (snake_case names).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfficerForm {
    #[schema(value_type = BTreeMap<String, String>)]
    pub fields: OfficerFields,
}

/// An officer written to the roster, and its change-log entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct OfficerWritten {
    pub certificate: CertificateNumber,
    pub log_seq: u64,
}

/// A row of a roster import as it would be entered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RosterImportRow {
    pub line: u32,
    pub name: Name,
    pub certificate: CertificateNumber,
    pub unit: Unit,
    /// The authority in whose name the officer's unit acts.
    pub authority: AuthorityId,
    pub valid_until: Date,
    /// Where the row seconds the officer, if anywhere.
    pub seconded_to: Option<Posting>,
}

impl RosterImportRow {
    /// The row of `officer`, read at `line`.
    pub fn of(line: u32, officer: &Officer, authority: AuthorityId) -> Self {
        Self {
            line,
            name: officer.name.clone(),
            certificate: officer.certificate.number.clone(),
            unit: officer.unit.clone(),
            authority,
            valid_until: officer
                .certificate
                .validity_on(Date::MAX)
                .map_or(Date::MIN, |(_, until)| until),
            seconded_to: officer.secondments.first().map(|s| s.to.clone()),
        }
    }
}

/// What a roster import found (a dry run) or did (a commit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RosterImportReport {
    /// Data rows read (blank ones skipped).
    pub rows: u32,
    /// Every problem, by line and column; nothing is written while there is one.
    pub problems: Vec<RosterFieldProblem>,
    /// Headers that are not read.
    pub unknown_columns: Vec<String>,
    /// The rows that are valid, as they would be entered.
    pub valid: Vec<RosterImportRow>,
    /// After a commit: what was written, in row order.
    pub written: Vec<OfficerWritten>,
}

/// `POST /staff/officers/{certificate}/secondments`: second a department's officer to a locality
/// or a zone (name exactly one) from a day (today or later) until a day (open-ended when absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SecondmentForm {
    #[serde(default)]
    pub locality: Option<LocalityId>,
    #[serde(default)]
    pub zone: Option<ZoneId>,
    pub from: Date,
    #[serde(default)]
    pub until: Option<Date>,
}

/// `POST /staff/officers/{certificate}/secondments/{n}/end`: end a secondment early, with the
/// reason the change log publishes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EndSecondmentForm {
    /// The new last day: today or later, not before the secondment starts, before its planned end.
    pub until: Date,
    pub reason: String,
}

/// Why a secondment cannot be added or ended so. The code (`code`, and `rule` for a roster rule)
/// is what the browser translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[serde(tag = "code", content = "rule", rename_all = "snake_case")]
pub enum SecondmentChangeProblem {
    #[error("name exactly one of locality and zone")]
    Place,
    #[error("{0}")]
    Rule(SecondmentProblem),
    #[error("a secondment starts today or later: what was in force is not rewritten")]
    StartsInPast,
    #[error("the officer is seconded there already for part of that time")]
    Overlaps,
    #[error("the officer has no such secondment")]
    NoSuchSecondment,
    #[error("the secondment has ended already")]
    Ended,
    #[error("a secondment is ended today or later: what was in force is not rewritten")]
    EndInPast,
    #[error("ending early means before the planned last day")]
    NotEarlier,
}

/// A refused secondment change and the form's field at fault.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecondmentRefusal {
    pub field: &'static str,
    pub problem: SecondmentChangeProblem,
}

fn refuse(field: &'static str, problem: SecondmentChangeProblem) -> SecondmentRefusal {
    SecondmentRefusal { field, problem }
}

impl SecondmentForm {
    /// The secondment the form adds to `officer`, if the roster's rules allow it on `today`.
    pub fn check(
        &self,
        officer: &Officer,
        org: &DistrictOrg,
        today: Date,
    ) -> Result<Secondment, SecondmentRefusal> {
        use SecondmentChangeProblem as P;
        let (to, field) = match (&self.locality, &self.zone) {
            (Some(l), None) => (Posting::Locality(l.clone()), "locality"),
            (None, Some(z)) => (Posting::Zone(z.clone()), "zone"),
            _ => return Err(refuse("locality", P::Place)),
        };
        let s = Secondment {
            to,
            from: self.from,
            until: self.until,
        };
        if let Some(rule) = secondment_problems(org, &officer.unit, &s).first() {
            let at = match rule {
                SecondmentProblem::NotADepartmentOfficer => "certificate",
                SecondmentProblem::EndsBeforeStart => "until",
                SecondmentProblem::UnknownPlace | SecondmentProblem::SpecialArea => field,
            };
            return Err(refuse(at, P::Rule(*rule)));
        }
        if s.from < today {
            return Err(refuse("from", P::StartsInPast));
        }
        let overlaps = officer.secondments.iter().any(|o| {
            o.to == s.to
                && o.from <= s.until.unwrap_or(Date::MAX)
                && s.from <= o.until.unwrap_or(Date::MAX)
        });
        if overlaps {
            return Err(refuse("from", P::Overlaps));
        }
        Ok(s)
    }
}

/// Secondment `n` of `officer` (from 0, in the roster's order) ended on `until` instead, if the
/// rules allow it on `today`.
pub fn end_secondment(
    officer: &Officer,
    n: usize,
    until: Date,
    today: Date,
) -> Result<Secondment, SecondmentRefusal> {
    use SecondmentChangeProblem as P;
    let s = officer
        .secondments
        .get(n)
        .ok_or(refuse("n", P::NoSuchSecondment))?;
    if s.until.is_some_and(|u| u < today) {
        return Err(refuse("until", P::Ended));
    }
    if until < today {
        return Err(refuse("until", P::EndInPast));
    }
    if until < s.from {
        return Err(refuse("until", P::Rule(SecondmentProblem::EndsBeforeStart)));
    }
    if s.until.is_some_and(|u| until >= u) {
        return Err(refuse("until", P::NotEarlier));
    }
    Ok(Secondment {
        until: Some(until),
        ..s.clone()
    })
}

/// A secondment of an officer on the roster, numbered as the staff routes address it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SecondmentEntry {
    /// Its number (from 0) in `…/secondments/{n}/end`.
    pub n: u32,
    pub to: Posting,
    pub from: Date,
    pub until: Option<Date>,
}

/// Every secondment of an officer, numbered.
pub fn secondment_entries(officer: &Officer) -> Vec<SecondmentEntry> {
    officer
        .secondments
        .iter()
        .enumerate()
        .map(|(n, s)| SecondmentEntry {
            n: u32::try_from(n).unwrap_or(u32::MAX),
            to: s.to.clone(),
            from: s.from,
            until: s.until,
        })
        .collect()
}

/// An officer as the staff who keep the roster see it: the public record (today) and every
/// secondment, past ones included, numbered. No personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StaffOfficer {
    pub officer: PublicOfficer,
    pub unit: Unit,
    /// The authority in whose name the officer's unit acts (whose publishers keep the record).
    pub authority: AuthorityId,
    pub secondments: Vec<SecondmentEntry>,
}

/// A secondment added or ended: the change-log entry and the officer's secondments after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct SecondmentsChanged {
    pub log_seq: u64,
    pub secondments: Vec<SecondmentEntry>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::import_layout::Cell;
    use crate::staff::Role;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 03 - 01);

    fn admin(org: &DistrictOrg) -> Grant {
        Grant::new(Role::Admin, org.district.code.clone(), None).expect("a grant")
    }

    fn row() -> OfficerFields {
        use RosterColumn as C;
        [
            (C::Name, "林志明"),
            (C::Certificate, "闽0001"),
            (C::Issuer, "漳州市人民政府"),
            (C::Categories, "城市管理；住房建设"),
            (C::Area, "芗城区"),
            (C::Issued, "2025/3/1"),
            (C::ValidUntil, "2030年2月28日"),
            (C::Unit, "区住建局"),
            (C::SecondedTo, "东部片区"),
            (C::SecondedFrom, "2025-07-01"),
            (C::IdNumber, "11010519491231002X"),
            (C::Phone, "13812345678"),
        ]
        .into_iter()
        .map(|(c, v)| (c, v.to_owned()))
        .collect()
    }

    #[test]
    fn a_good_row_reads_into_an_officer() {
        let org = fixtures::district();
        let grant = admin(&org);
        let ctx = RosterContext {
            org: &org,
            grant: &grant,
            today: TODAY,
        };
        let o = parse_officer(&row(), &ctx).expect("a good row");
        assert_eq!(o.name.as_str(), "林志明");
        assert_eq!(o.id, officer_id(&o.certificate.number));
        assert_eq!(
            o.unit,
            Unit::Department(crate::DepartmentId::parse("t-zjj").expect("id"))
        );
        assert_eq!(
            o.certificate.categories,
            [Domain::UrbanManagement, Domain::HousingConstruction]
        );
        assert_eq!(
            o.certificate.validity_on(TODAY),
            Some((date!(2025 - 03 - 01), date!(2030 - 02 - 28)))
        );
        assert_eq!(o.secondments.len(), 1);
        assert_eq!(
            o.secondments[0].to,
            Posting::Zone(ZoneId::parse("t-east").expect("id"))
        );
        assert_eq!(
            o.personal.phone.as_ref().map(PhoneNumber::as_str),
            Some("13812345678")
        );
        for (typed, born) in [
            ("1968-02-29", Some(date!(1968 - 02 - 29))),
            ("1975年3月1日", Some(date!(1975 - 03 - 01))),
            ("19800101", Some(date!(1980 - 01 - 01))),
            ("1969-02-29", None),
            ("1899-12-31", None),
        ] {
            assert_eq!(birth_date(typed), born, "{typed}");
        }
        // A locality's name is its own team.
        let mut f = row();
        f.insert(RosterColumn::Unit, "甲街道".to_owned());
        f.remove(&RosterColumn::SecondedTo);
        f.remove(&RosterColumn::SecondedFrom);
        let o = parse_officer(&f, &ctx).expect("a team officer");
        assert!(matches!(o.unit, Unit::Team(_)));
    }

    #[test]
    fn every_broken_cell_is_named_by_its_column() {
        use RosterColumn as C;
        let org = fixtures::district();
        let grant = admin(&org);
        let ctx = RosterContext {
            org: &org,
            grant: &grant,
            today: TODAY,
        };
        let mut f = row();
        f.insert(C::Certificate, "闽 0001!".to_owned());
        f.insert(C::Categories, "城市管理、捕鱼".to_owned());
        f.insert(C::Issued, "2026-13-01".to_owned());
        f.insert(C::Unit, "乙镇".to_owned());
        f.insert(C::SecondedUntil, "2025-01-01".to_owned());
        f.insert(C::IdNumber, "110105194912310021".to_owned());
        f.insert(C::Phone, "12".to_owned());
        f.remove(&C::Area);
        let problems = parse_officer(&f, &ctx).expect_err("broken");
        let at: Vec<(Option<RosterColumn>, RosterProblem)> = problems
            .into_iter()
            .map(|p| (p.column, p.problem))
            .collect();
        assert_eq!(
            at,
            [
                (Some(C::Certificate), RosterProblem::BadCertificateNumber),
                (
                    Some(C::Categories),
                    RosterProblem::UnknownValue {
                        value: "捕鱼".to_owned()
                    }
                ),
                (Some(C::Area), RosterProblem::Required),
                (Some(C::Issued), RosterProblem::BadDate),
                (
                    Some(C::SecondedTo),
                    RosterProblem::Secondment {
                        rule: SecondmentProblem::NotADepartmentOfficer
                    }
                ),
                (
                    Some(C::SecondedUntil),
                    RosterProblem::Secondment {
                        rule: SecondmentProblem::EndsBeforeStart
                    }
                ),
                (Some(C::IdNumber), RosterProblem::BadIdNumber),
                (Some(C::Phone), RosterProblem::BadPhone),
            ]
        );

        let mut f = row();
        f.insert(C::Issued, "2026-04-01".to_owned());
        f.insert(C::ValidUntil, "2026-03-31".to_owned());
        f.insert(C::SecondedTo, "园区".to_owned());
        f.insert(C::Unit, "不存在的局".to_owned());
        let problems = parse_officer(&f, &ctx).expect_err("broken");
        let at: Vec<(Option<RosterColumn>, RosterProblem)> = problems
            .into_iter()
            .map(|p| (p.column, p.problem))
            .collect();
        assert_eq!(
            at,
            [
                (Some(C::Issued), RosterProblem::IssuedInFuture),
                (Some(C::ValidUntil), RosterProblem::ValidUntilBeforeIssue),
                (Some(C::Unit), RosterProblem::UnknownUnit),
            ]
        );
    }

    #[test]
    fn a_publisher_enters_only_their_own_units_officers() {
        let org = fixtures::district();
        let grant = Grant::new(
            Role::Publisher,
            org.district.code.clone(),
            Some(AuthorityId::parse("t-a").expect("id")),
        )
        .expect("a grant");
        let ctx = RosterContext {
            org: &org,
            grant: &grant,
            today: TODAY,
        };
        let problems = parse_officer(&row(), &ctx).expect_err("区住建局 is not 甲街道's");
        assert!(problems.contains(&RosterFieldProblem::at(
            RosterColumn::Unit,
            RosterProblem::NotYourUnit
        )));
        let mut f = row();
        f.insert(RosterColumn::Unit, "甲街道".to_owned());
        f.remove(&RosterColumn::SecondedTo);
        f.remove(&RosterColumn::SecondedFrom);
        assert!(parse_officer(&f, &ctx).is_ok());
    }

    #[test]
    fn headers_are_read_in_any_order_and_formulas_refused() {
        let header: Vec<String> = [
            "有效期至",
            "执法证件号码",
            " 姓名 ",
            "所属单位",
            "发证机关",
            "执法类别",
            "执法区域",
            "发证日期",
            "序号",
            "籍贯",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        let layout = RosterLayout::of(&header).expect("a layout");
        assert_eq!(layout.unknown, ["籍贯"]);
        let cells = vec![
            Cell::Value("2030-01-01".to_owned()),
            Cell::Formula("=A1".to_owned()),
            Cell::Value("林志明".to_owned()),
        ];
        assert_eq!(
            layout.fields(7, &cells),
            Err(vec![
                RosterFieldProblem::at(RosterColumn::Certificate, RosterProblem::Formula)
                    .on_line(7)
            ])
        );
        let problems = RosterLayout::of(&["姓名".to_owned(), "姓名".to_owned()]).expect_err("bad");
        assert!(
            problems
                .iter()
                .any(|p| matches!(p.problem, RosterProblem::RepeatedColumn { .. }))
        );
        assert!(
            problems
                .iter()
                .any(|p| p.column == Some(RosterColumn::Certificate)
                    && matches!(p.problem, RosterProblem::MissingColumn { .. }))
        );
    }

    fn department_officer(org: &DistrictOrg) -> Officer {
        let grant = admin(org);
        let ctx = RosterContext {
            org,
            grant: &grant,
            today: TODAY,
        };
        parse_officer(&row(), &ctx).expect("a good row")
    }

    #[test]
    fn secondments_are_added_from_today_and_ended_early_only() {
        use SecondmentChangeProblem as P;
        let org = fixtures::district();
        let officer = department_officer(&org);
        let form = |locality: Option<&str>, zone: Option<&str>, from: Date, until: Option<Date>| {
            SecondmentForm {
                locality: locality.map(|l| LocalityId::parse(l).expect("id")),
                zone: zone.map(|z| ZoneId::parse(z).expect("id")),
                from,
                until,
            }
        };
        let s = form(Some("t-c"), None, TODAY, Some(date!(2026 - 12 - 31)))
            .check(&officer, &org, TODAY)
            .expect("a secondment");
        assert_eq!(
            s.to,
            Posting::Locality(LocalityId::parse("t-c").expect("id"))
        );
        for (f, field, problem, why) in [
            (
                form(None, None, TODAY, None),
                "locality",
                P::Place,
                "nowhere",
            ),
            (
                form(Some("t-c"), Some("t-east"), TODAY, None),
                "locality",
                P::Place,
                "two places",
            ),
            (
                form(Some("t-area"), None, TODAY, None),
                "locality",
                P::Rule(SecondmentProblem::SpecialArea),
                "a special area",
            ),
            (
                form(None, Some("t-west"), TODAY, None),
                "zone",
                P::Rule(SecondmentProblem::UnknownPlace),
                "no such zone",
            ),
            (
                form(Some("t-c"), None, TODAY, Some(date!(2026 - 02 - 01))),
                "until",
                P::Rule(SecondmentProblem::EndsBeforeStart),
                "ends before it starts",
            ),
            (
                form(Some("t-c"), None, date!(2026 - 02 - 01), None),
                "from",
                P::StartsInPast,
                "backdated",
            ),
            (
                form(None, Some("t-east"), date!(2027 - 01 - 01), None),
                "from",
                P::Overlaps,
                "the zone, again",
            ),
        ] {
            assert_eq!(
                f.check(&officer, &org, TODAY),
                Err(SecondmentRefusal { field, problem }),
                "{why}"
            );
        }
        let mut team_officer = officer.clone();
        team_officer.unit = Unit::Team(crate::TeamId::parse("t-a-team").expect("id"));
        assert_eq!(
            form(Some("t-c"), None, TODAY, None).check(&team_officer, &org, TODAY),
            Err(SecondmentRefusal {
                field: "certificate",
                problem: P::Rule(SecondmentProblem::NotADepartmentOfficer)
            })
        );

        // Ending the zone secondment (open-ended, from 2025-07-01).
        let ended = end_secondment(&officer, 0, date!(2026 - 03 - 31), TODAY).expect("ended");
        assert_eq!(ended.until, Some(date!(2026 - 03 - 31)));
        let mut after = officer.clone();
        after.secondments[0] = ended;
        for (o, n, until, problem) in [
            (&officer, 1, TODAY, P::NoSuchSecondment),
            (&officer, 0, date!(2026 - 02 - 28), P::EndInPast),
            (&after, 0, date!(2026 - 04 - 30), P::NotEarlier),
        ] {
            assert_eq!(
                end_secondment(o, n, until, TODAY).map_err(|r| r.problem),
                Err(problem)
            );
        }
        assert_eq!(
            end_secondment(&after, 0, TODAY, date!(2026 - 05 - 01)).map_err(|r| r.problem),
            Err(P::Ended)
        );
        assert_eq!(secondment_entries(&after)[0].n, 0);
    }
}
