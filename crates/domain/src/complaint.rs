//! 投诉举报: what a citizen submits — a tip about a violation (举报) or a complaint about enforcement
//! conduct (投诉) — checked field by field the same way in the browser and on the server; who handles
//! it; the tracking code that lets them follow it without an account; the reply deadline in working
//! days; and the repeat rule (督办).
//!
//! [`ComplaintForm`] is the form as typed (every field a string, so a half-typed draft can be saved
//! and restored); [`ComplaintForm::validate`] turns it into a [`Complaint`] or the list of what is
//! wrong with it, by field, for the form to show next to each box.

use crate::calendar::WorkingCalendar;
use crate::catalog::{Delegation, Domain, Matter, MatterCode, Reason, resolve};
use crate::certificate::CertificateNumber;
use crate::phone::PhoneNumber;
use crate::text::{Name, Text};
use crate::{AuthorityId, DistrictCode, DistrictOrg, LocalityId};
use serde::{Deserialize, Serialize};
use std::fmt;
use time::{Date, Duration};
use utoipa::ToSchema;

/// The longest description (characters).
pub const DESCRIPTION_MAX: usize = Text::MAX_CHARS;
/// The shortest description that can say what happened (characters).
pub const DESCRIPTION_MIN: usize = 10;
/// The longest address text (characters).
pub const ADDRESS_MAX: usize = 200;
/// Photos a submission may carry.
pub const PHOTOS_MAX: usize = 3;
/// The largest photo, in bytes, as uploaded (before metadata is stripped).
pub const PHOTO_BYTES_MAX: usize = 5 * 1024 * 1024;
/// How long after a violation it can still be penalised (行政处罚法 art. 36: two years); a tip about
/// something older cannot lead anywhere.
pub const LOOKBACK_DAYS: i64 = 730;
/// Working days the handling body has for its first reply (the portal's published service standard).
pub const REPLY_WORKING_DAYS: u32 = 15;
/// The same matter at the same place this many times within [`REPEAT_WINDOW_DAYS`] is supervised.
pub const SUPERVISION_THRESHOLD: u64 = 3;
pub const REPEAT_WINDOW_DAYS: i64 = 90;

/// 举报 or 投诉.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintKind {
    /// 举报: a violation seen (a stall on the pavement, noise at night).
    Tip,
    /// 投诉: how an officer or a team enforced (rudeness, no certificate shown, a fine without a
    /// ticket).
    Conduct,
}

impl ComplaintKind {
    pub const ALL: [Self; 2] = [Self::Tip, Self::Conduct];
}

/// Who may see the person behind a submission.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Privacy {
    /// No name or contact is kept: the tracking code is the only way back.
    Anonymous,
    /// Name and contact kept for the handlers of the body handling it (passed on with a transfer);
    /// never public.
    NameWithheld,
    /// Contact kept for the handling body's case officer only: not passed on when the case is
    /// referred or escalated, never public.
    HandlerOnly,
}

impl Privacy {
    pub const ALL: [Self; 3] = [Self::Anonymous, Self::NameWithheld, Self::HandlerOnly];
}

/// A point on the map from the browser's geolocation (WGS 84).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct GeoPoint {
    pub latitude: f64,
    pub longitude: f64,
}

impl GeoPoint {
    /// Inside the box that holds mainland China (a wrong sign or swapped numbers land outside).
    pub fn is_plausible(self) -> bool {
        (3.0..=54.0).contains(&self.latitude) && (73.0..=136.0).contains(&self.longitude)
    }
}

/// The form as typed: strings and options only, so any draft — however incomplete — can be kept in
/// the browser and sent back. The server receives exactly this and validates it again.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct ComplaintForm {
    pub kind: Option<ComplaintKind>,
    pub district: String,
    pub locality: String,
    pub address: String,
    pub location: Option<GeoPoint>,
    /// YYYY-MM-DD
    pub happened_on: String,
    /// A matter's 16-character code, when one was chosen from the catalog.
    pub matter: String,
    /// A domain, when no matter was chosen.
    pub domain: Option<Domain>,
    /// The officer's certificate number (conduct complaints).
    pub officer: String,
    pub description: String,
    pub name: String,
    pub phone: String,
    pub email: String,
    pub privacy: Option<Privacy>,
    pub consent: bool,
}

/// A form field, as the form and the API name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Kind,
    District,
    Locality,
    Address,
    Location,
    HappenedOn,
    Matter,
    Officer,
    Description,
    Name,
    Phone,
    Email,
    Privacy,
    Consent,
    Photos,
}

/// What is wrong with a field; the form translates it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "problem", rename_all = "snake_case")]
pub enum Problem {
    Required,
    /// Not in the expected form (a date, a code, a phone number …).
    Invalid,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    InFuture,
    /// Older than [`LOOKBACK_DAYS`].
    TooOld,
    /// Needs a matter or a domain.
    WhatRequired,
    /// An address, or a place from the map.
    WhereRequired,
    /// Not anonymous: a phone number or an e-mail address to reach the person.
    ContactRequired,
    /// Anonymous, yet contact details were given.
    ContactWhenAnonymous,
    /// An officer's number on a tip.
    OfficerOnlyForConduct,
    TooMany {
        max: usize,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    pub field: Field,
    #[serde(flatten)]
    pub problem: Problem,
}

/// An e-mail address: one `@`, something before it, a dotted domain after it, no spaces.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Email(String);

impl Email {
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (local, domain) = s.split_once('@')?;
        let ok = !local.is_empty()
            && s.chars().count() <= 254
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !s.chars().any(|c| c.is_whitespace() || c.is_control());
        ok.then(|| Self(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        Self::parse(&s).ok_or_else(|| "not an e-mail address".to_owned())
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

/// How to reach the person (never public).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Contact {
    pub name: Option<Name>,
    pub phone: Option<PhoneNumber>,
    pub email: Option<Email>,
}

/// A submission that passed every check.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Complaint {
    pub kind: ComplaintKind,
    pub district: DistrictCode,
    pub locality: LocalityId,
    pub address: Option<Text>,
    pub location: Option<GeoPoint>,
    pub happened_on: Date,
    pub matter: Option<MatterCode>,
    pub domain: Option<Domain>,
    pub officer: Option<CertificateNumber>,
    pub description: Text,
    pub privacy: Privacy,
    /// `None` exactly when anonymous.
    pub contact: Option<Contact>,
}

impl ComplaintForm {
    /// Every problem with the form, in the order of the fields on the page; a [`Complaint`] when
    /// there is none. Whether the locality is in the district, the matter in the catalog and the
    /// officer on the roster is for the caller, who has the data.
    pub fn validate(&self, today: Date) -> Result<Complaint, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut fail = |field, problem| errors.push(FieldError { field, problem });

        let kind = self.kind;
        if kind.is_none() {
            fail(Field::Kind, Problem::Required);
        }
        let district = required(&self.district).and_then(|d| DistrictCode::parse(d).ok());
        if district.is_none() {
            fail(Field::District, problem_of(&self.district));
        }
        let locality = required(&self.locality).and_then(|l| LocalityId::parse(l).ok());
        if locality.is_none() {
            fail(Field::Locality, problem_of(&self.locality));
        }

        let address = match required(&self.address) {
            None => None,
            Some(a) if a.chars().count() > ADDRESS_MAX => {
                fail(Field::Address, Problem::TooLong { max: ADDRESS_MAX });
                None
            }
            Some(a) => match Text::parse(a) {
                Ok(t) => Some(t),
                Err(_) => {
                    fail(Field::Address, Problem::Invalid);
                    None
                }
            },
        };
        let location = self.location.filter(|p| p.is_plausible());
        if self.location.is_some() && location.is_none() {
            fail(Field::Location, Problem::Invalid);
        }
        if address.is_none() && self.location.is_none() && self.address.trim().is_empty() {
            fail(Field::Address, Problem::WhereRequired);
        }

        let happened_on = match required(&self.happened_on) {
            None => {
                fail(Field::HappenedOn, Problem::Required);
                None
            }
            Some(d) => match Date::parse(d, &time::format_description::well_known::Iso8601::DATE) {
                Err(_) => {
                    fail(Field::HappenedOn, Problem::Invalid);
                    None
                }
                Ok(d) if d > today => {
                    fail(Field::HappenedOn, Problem::InFuture);
                    None
                }
                Ok(d) if today - d > Duration::days(LOOKBACK_DAYS) => {
                    fail(Field::HappenedOn, Problem::TooOld);
                    None
                }
                Ok(d) => Some(d),
            },
        };

        let matter = match required(&self.matter) {
            None => None,
            Some(m) => match MatterCode::parse(m) {
                Ok(m) => Some(m),
                Err(_) => {
                    fail(Field::Matter, Problem::Invalid);
                    None
                }
            },
        };
        // A tip must say what was violated; a conduct complaint is about how, whatever the matter.
        if kind != Some(ComplaintKind::Conduct)
            && self.matter.trim().is_empty()
            && self.domain.is_none()
        {
            fail(Field::Matter, Problem::WhatRequired);
        }

        let officer = match required(&self.officer) {
            None => None,
            Some(_) if kind == Some(ComplaintKind::Tip) => {
                fail(Field::Officer, Problem::OfficerOnlyForConduct);
                None
            }
            Some(n) => match CertificateNumber::parse(n) {
                Ok(n) => Some(n),
                Err(_) => {
                    fail(Field::Officer, Problem::Invalid);
                    None
                }
            },
        };

        let chars = self.description.trim().chars().count();
        let description = if chars == 0 {
            fail(Field::Description, Problem::Required);
            None
        } else if chars < DESCRIPTION_MIN {
            fail(
                Field::Description,
                Problem::TooShort {
                    min: DESCRIPTION_MIN,
                },
            );
            None
        } else if chars > DESCRIPTION_MAX {
            fail(
                Field::Description,
                Problem::TooLong {
                    max: DESCRIPTION_MAX,
                },
            );
            None
        } else {
            match Text::parse(self.description.trim()) {
                Ok(t) => Some(t),
                Err(_) => {
                    fail(Field::Description, Problem::Invalid);
                    None
                }
            }
        };

        let privacy = self.privacy;
        if privacy.is_none() {
            fail(Field::Privacy, Problem::Required);
        }
        let any_contact = [&self.name, &self.phone, &self.email]
            .iter()
            .any(|s| !s.trim().is_empty());
        let contact = match privacy {
            Some(Privacy::Anonymous) => {
                if any_contact {
                    fail(Field::Name, Problem::ContactWhenAnonymous);
                }
                None
            }
            _ => {
                let name = match required(&self.name) {
                    None => None,
                    Some(n) => match Name::parse(n) {
                        Ok(n) => Some(n),
                        Err(_) => {
                            fail(
                                Field::Name,
                                Problem::TooLong {
                                    max: Name::MAX_CHARS,
                                },
                            );
                            None
                        }
                    },
                };
                let phone = match required(&self.phone) {
                    None => None,
                    Some(p) => match PhoneNumber::parse(p) {
                        Ok(p) => Some(p),
                        Err(_) => {
                            fail(Field::Phone, Problem::Invalid);
                            None
                        }
                    },
                };
                let email = match required(&self.email) {
                    None => None,
                    Some(e) => match Email::parse(e) {
                        Some(e) => Some(e),
                        None => {
                            fail(Field::Email, Problem::Invalid);
                            None
                        }
                    },
                };
                if self.phone.trim().is_empty() && self.email.trim().is_empty() {
                    fail(Field::Phone, Problem::ContactRequired);
                }
                Some(Contact { name, phone, email })
            }
        };
        if !self.consent {
            fail(Field::Consent, Problem::Required);
        }

        match (kind, district, locality, happened_on, description, privacy) {
            (
                Some(kind),
                Some(district),
                Some(locality),
                Some(happened_on),
                Some(description),
                Some(privacy),
            ) if errors.is_empty() => Ok(Complaint {
                kind,
                district,
                locality,
                address,
                location,
                happened_on,
                matter,
                domain: self.domain,
                officer,
                description,
                privacy,
                contact,
            }),
            _ => Err(errors),
        }
    }
}

fn required(s: &str) -> Option<&str> {
    Some(s.trim()).filter(|s| !s.is_empty())
}

fn problem_of(s: &str) -> Problem {
    if s.trim().is_empty() {
        Problem::Required
    } else {
        Problem::Invalid
    }
}

/// Personal data a description contains, for the warning shown before sending (descriptions may be
/// summarised in public statistics; the warning does not block).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalData {
    IdNumber,
    Phone,
    BankAccount,
}

/// The photo formats a submission may carry, told by their first bytes (not the file name), so the
/// browser refuses a wrong file before sending it and the server's parser sees only these.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoType {
    Jpeg,
    Png,
    WebP,
}

/// What `bytes` are, if a photo we take.
pub fn photo_type(bytes: &[u8]) -> Option<PhotoType> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(PhotoType::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(PhotoType::Png)
    } else if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        Some(PhotoType::WebP)
    } else {
        None
    }
}

/// What kinds of personal data `text` holds, reading each number as a whole (a card number is not
/// taken for the ID number hidden in its digits): resident ID numbers (valid check digit), mainland
/// mobile numbers (with or without +86), and bank card numbers (16–19 digits passing the Luhn
/// check), however they are spaced.
pub fn personal_data(text: &str) -> Vec<PersonalData> {
    let is_mobile = |run: &str| {
        let b = run.as_bytes();
        b.len() == 11 && b[0] == b'1' && (b'3'..=b'9').contains(&b[1])
    };
    let mut found: Vec<PersonalData> = number_runs(text)
        .iter()
        .filter_map(|run| {
            if run.len() == 18 && crate::codes::is_resident_id(run) {
                Some(PersonalData::IdNumber)
            } else if is_mobile(run) || run.strip_prefix("86").is_some_and(is_mobile) {
                Some(PersonalData::Phone)
            } else if (16..=19).contains(&run.len())
                && run.bytes().all(|b| b.is_ascii_digit())
                && luhn(run)
            {
                Some(PersonalData::BankAccount)
            } else {
                None
            }
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Numbers in `text` as a person reads them: full-width digits as digits, single spaces, hyphens
/// and dots inside a number ignored (6222 0212 3456 7890, 138-1234-5678), and the X that ends an
/// ID number kept.
fn number_runs(text: &str) -> Vec<String> {
    let digit = |c: char| {
        c.to_digit(10)
            .or_else(|| ('０'..='９').contains(&c).then(|| c as u32 - '０' as u32))
    };
    let mut runs = Vec::new();
    let mut run = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if let Some(d) = digit(c) {
            run.push(char::from_digit(d, 10).unwrap_or('0'));
        } else if matches!(c, 'X' | 'x' | 'Ｘ' | 'ｘ') && run.len() == 17 {
            run.push('X');
        } else if matches!(c, ' ' | '-' | '.' | '\u{3000}')
            && !run.is_empty()
            && chars.peek().is_some_and(|n| digit(*n).is_some())
        {
            // still one number
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d = d * 2;
                if d > 9 { d - 9 } else { d }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

/// The tracking code's alphabet: digits and capitals without 0, 1, I, L, O and U, which are read
/// or heard wrongly.
pub const CODE_ALPHABET: &[u8; 30] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";
const CODE_BODY: usize = 8;

/// A submission's public tracking code: eight random characters and a check character, shown as
/// `XXX-XXX-XXX`. It says nothing about the person or the case.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct TrackingCode(String);

/// Why a string is not a tracking code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TrackingCodeError {
    #[error("a tracking code has 9 characters (XXX-XXX-XXX)")]
    Length,
    #[error("a tracking code uses digits 2–9 and capital letters other than I, L, O and U")]
    Character,
    #[error("the tracking code's last character does not match: check for a mistyped character")]
    Check,
}

impl TrackingCode {
    /// A code from random bytes (the server draws them); each byte picks one character. The rare
    /// body whose check value has no character (1 in 31) moves its last character on.
    pub fn from_random(mut bytes: [u8; CODE_BODY]) -> Self {
        loop {
            let body: Vec<u8> = bytes
                .iter()
                .map(|b| CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()])
                .collect();
            if let Some(c) = check(&body) {
                let mut code = String::from_utf8(body).unwrap_or_default();
                code.push(char::from(CODE_ALPHABET[c]));
                return Self(code);
            }
            bytes[CODE_BODY - 1] = bytes[CODE_BODY - 1].wrapping_add(1);
        }
    }

    /// Parses what people type or read out: lower case, spaces and hyphens are fine.
    pub fn parse(s: &str) -> Result<Self, TrackingCodeError> {
        let raw: String = s
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '－' | '\u{3000}'))
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if raw.chars().count() != CODE_BODY + 1 {
            return Err(TrackingCodeError::Length);
        }
        if !raw.bytes().all(|b| CODE_ALPHABET.contains(&b)) {
            return Err(TrackingCodeError::Character);
        }
        let (body, last) = raw.as_bytes().split_at(CODE_BODY);
        if check(body).map(|c| CODE_ALPHABET[c]) != Some(last[0]) {
            return Err(TrackingCodeError::Check);
        }
        Ok(Self(raw))
    }

    /// The nine characters without separators, as stored.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The check value of a body: Σ position × value modulo 31, a prime, so any single wrong character
/// and any swap of two neighbours in the body changes it. `None` for the value 30, which has no
/// character (such bodies are never issued).
fn check(body: &[u8]) -> Option<usize> {
    let sum: usize = body
        .iter()
        .enumerate()
        .map(|(i, b)| (i + 1) * CODE_ALPHABET.iter().position(|a| a == b).unwrap_or(0))
        .sum();
    Some(sum % 31).filter(|c| *c < CODE_ALPHABET.len())
}

impl fmt::Display for TrackingCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.0;
        write!(f, "{}-{}-{}", &s[..3], &s[3..6], &s[6..])
    }
}

impl TryFrom<String> for TrackingCode {
    type Error = TrackingCodeError;
    fn try_from(s: String) -> Result<Self, TrackingCodeError> {
        Self::parse(&s)
    }
}

impl From<TrackingCode> for String {
    fn from(c: TrackingCode) -> String {
        c.to_string()
    }
}

impl utoipa::PartialSchema for TrackingCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        utoipa::openapi::ObjectBuilder::new()
            .schema_type(utoipa::openapi::schema::Type::String)
            .examples(["7KQ-M3X-9TB"])
            .into()
    }
}

impl utoipa::ToSchema for TrackingCode {}

/// Why a submission goes to the body that handles it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum RouteReason {
    /// The matter at the place: whoever may enforce it there on the day (the catalog's answer).
    Jurisdiction { reasons: Vec<Reason> },
    /// Conduct of a named officer: the body in whose name the officer enforces.
    OfficerAuthority { officer: CertificateNumber },
    /// Conduct at a place with no matter or officer named: the place's authority, which answers
    /// for enforcement in its name.
    PlaceAuthority { locality: LocalityId },
    /// No matter named (only a domain), or one the catalog cannot place: the district bureau takes
    /// it and refers it on.
    Unclear,
    /// The same matter at the same place came in often enough to be supervised (督办): the district
    /// bureau handles it.
    Supervised,
}

/// Who handles a submission, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Route {
    pub authority: AuthorityId,
    pub reason: RouteReason,
}

/// Who handles `complaint` in `org`'s district: a tip goes to whoever may enforce its matter at its
/// place on the day it happened (the catalog's resolver); a conduct complaint to the body the named
/// officer enforces for (`officer_authority`, looked up by the caller on the roster), or else to the
/// place's authority; anything the catalog cannot place to the district bureau. `matter` is the
/// complaint's matter with the district's delegation history, when the catalog has it.
pub fn route(
    org: &DistrictOrg,
    complaint: &Complaint,
    matter: Option<(&Matter, &[Delegation])>,
    officer_authority: Option<AuthorityId>,
) -> Option<Route> {
    route_for(
        org,
        &Where {
            kind: complaint.kind,
            locality: &complaint.locality,
            on: complaint.happened_on,
            officer: complaint.officer.as_ref().zip(officer_authority),
        },
        matter,
    )
}

/// What routing needs to know of a submission (the preview asks before the form is complete).
#[derive(Debug, Clone)]
pub struct Where<'a> {
    pub kind: ComplaintKind,
    pub locality: &'a LocalityId,
    pub on: Date,
    /// A named officer and the body they enforce for.
    pub officer: Option<(&'a CertificateNumber, AuthorityId)>,
}

/// [`route`] from its parts.
pub fn route_for(
    org: &DistrictOrg,
    at: &Where<'_>,
    matter: Option<(&Matter, &[Delegation])>,
) -> Option<Route> {
    let bureau = AuthorityId::parse(org.district.bureau.as_str()).ok()?;
    let unclear = Route {
        authority: bureau,
        reason: RouteReason::Unclear,
    };
    if at.kind == ComplaintKind::Conduct {
        if let Some((officer, authority)) = &at.officer {
            return Some(Route {
                authority: authority.clone(),
                reason: RouteReason::OfficerAuthority {
                    officer: (*officer).clone(),
                },
            });
        }
        if matter.is_none() {
            return Some(match org.locality(at.locality) {
                Some(place) => Route {
                    authority: place.authority.clone(),
                    reason: RouteReason::PlaceAuthority {
                        locality: place.id.clone(),
                    },
                },
                None => unclear,
            });
        }
    }
    let Some((matter, history)) = matter else {
        return Some(unclear);
    };
    Some(match resolve(org, matter, history, at.locality, at.on) {
        Ok(j) => Route {
            authority: j.authority,
            reason: RouteReason::Jurisdiction { reasons: j.reasons },
        },
        Err(_) => unclear,
    })
}

/// Who would handle a submission if it were sent now, shown before sending.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RoutePreview {
    pub authority: crate::api::AuthorityRef,
    pub route: RouteReason,
    /// Submissions about the same matter (or domain) at the same locality in the last
    /// [`REPEAT_WINDOW_DAYS`] days.
    pub earlier: u64,
    /// Whether this one would be supervised (督办) and go to the district bureau.
    pub would_be_supervised: bool,
}

/// Submissions at one locality.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct LocalityCount {
    pub locality: crate::api::LocalityRef,
    pub submissions: u64,
    pub supervised: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct KindCount {
    pub kind: ComplaintKind,
    pub submissions: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusCount {
    pub status: ComplaintStatus,
    pub submissions: u64,
}

/// A district's complaint statistics for a year (or every year): counts only, nothing anyone wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ComplaintStats {
    pub district: crate::api::DistrictRef,
    pub year: Option<i32>,
    pub submissions: u64,
    pub supervised: u64,
    pub by_locality: Vec<LocalityCount>,
    pub by_kind: Vec<KindCount>,
    pub by_status: Vec<StatusCount>,
    /// How many have had a first reply, and the median working days it took (`None` before any).
    pub replied: u64,
    pub median_reply_working_days: Option<u32>,
}

/// The district bureau takes over a supervised submission.
pub fn supervised(org: &DistrictOrg) -> Option<Route> {
    Some(Route {
        authority: AuthorityId::parse(org.district.bureau.as_str()).ok()?,
        reason: RouteReason::Supervised,
    })
}

/// Where a submission stands.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintStatus {
    /// Received and routed; nobody has taken it up yet.
    Received,
    /// The handling body has taken it up.
    Accepted,
    /// Passed to another body, which handles it from now on.
    Referred,
    /// The handling body replied.
    Replied,
    Closed,
}

impl ComplaintStatus {
    pub const ALL: [Self; 5] = [
        Self::Received,
        Self::Accepted,
        Self::Referred,
        Self::Replied,
        Self::Closed,
    ];
}

/// One step of a submission's timeline.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct TimelineEntry {
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: time::OffsetDateTime,
    pub status: ComplaintStatus,
    /// What the handling body says to the public at this step (its reply), if anything.
    pub note: Option<String>,
}

/// The answer to a submission: the tracking code and its secret (shown once, never stored in
/// clear), who handles it, why, and by when they must reply.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Submission {
    pub code: TrackingCode,
    /// With the code, opens the full timeline and the reply. Keep it: only its hash is kept, and a
    /// retry with the same Idempotency-Key and body recovers it.
    pub secret: String,
    pub kind: ComplaintKind,
    pub authority: crate::api::AuthorityRef,
    pub route: RouteReason,
    pub supervised: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub submitted_at: time::OffsetDateTime,
    pub reply_due: Option<Date>,
}

/// What `GET /complaints/{code}` shows: the status to anyone with the code; with the secret also
/// who handles it, the timeline and the replies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Tracking {
    pub code: TrackingCode,
    pub kind: ComplaintKind,
    pub status: ComplaintStatus,
    pub supervised: bool,
    pub submitted_on: Date,
    pub reply_due: Option<Date>,
    /// Present only with the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub authority: Option<crate::api::AuthorityRef>,
    /// Present only with the secret.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeline: Option<Vec<TimelineEntry>>,
}

/// The day the first reply is due: [`REPLY_WORKING_DAYS`] working days after submission (`None`
/// past the calendar's years).
pub fn reply_due(calendar: &WorkingCalendar, submitted: Date) -> Option<Date> {
    calendar
        .add_working_days(submitted, REPLY_WORKING_DAYS)
        .ok()
}

/// The median working days from submission to first reply (the lower middle of an even count);
/// `None` when nothing was replied to, or the calendar does not cover the days.
pub fn median_reply_working_days(
    calendar: &WorkingCalendar,
    replies: &[(Date, Date)],
) -> Option<u32> {
    let mut days: Vec<u32> = replies
        .iter()
        .filter_map(|(on, replied)| calendar.working_days_between(*on, *replied).ok())
        .collect();
    days.sort_unstable();
    days.get(days.len().checked_sub(1)? / 2).copied()
}

/// Whether a submission is supervised (督办), given how many submissions about the same matter (or
/// domain) at the same locality arrived in the [`REPEAT_WINDOW_DAYS`] before it, itself included.
pub fn is_supervised(same_in_window: u64) -> bool {
    same_in_window >= SUPERVISION_THRESHOLD
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    const TODAY: Date = date!(2026 - 11 - 24);

    fn good() -> ComplaintForm {
        ComplaintForm {
            kind: Some(ComplaintKind::Tip),
            district: "350602".into(),
            locality: "xc-tongbei".into(),
            address: "北环城路 12 号门前".into(),
            location: None,
            happened_on: "2026-11-20".into(),
            matter: "350602001F004200".into(),
            domain: None,
            officer: String::new(),
            description: "每天晚上十点后在人行道上摆摊经营，占用盲道。".into(),
            name: "王先生".into(),
            phone: "138 1234 5678".into(),
            email: String::new(),
            privacy: Some(Privacy::NameWithheld),
            consent: true,
        }
    }

    fn problems(form: &ComplaintForm) -> Vec<(Field, Problem)> {
        form.validate(TODAY)
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|e| (e.field, e.problem))
            .collect()
    }

    #[test]
    fn photos_are_told_by_their_first_bytes() {
        assert_eq!(
            photo_type(&[0xFF, 0xD8, 0xFF, 0xE0, 0]),
            Some(PhotoType::Jpeg)
        );
        assert_eq!(photo_type(b"\x89PNG\r\n\x1a\n\0\0"), Some(PhotoType::Png));
        assert_eq!(photo_type(b"RIFF\x24\0\0\0WEBPVP8 "), Some(PhotoType::WebP));
        for other in [
            &b"GIF89a"[..],
            b"RIFF\0\0\0\0WAVE",
            b"RIFF",
            b"%PDF-1.7",
            b"",
            &[0xFF, 0xD8],
        ] {
            assert_eq!(photo_type(other), None, "{other:?}");
        }
    }

    #[test]
    fn a_complete_form_validates_into_typed_fields() {
        let c = good().validate(TODAY).expect("valid");
        assert_eq!(c.locality.as_str(), "xc-tongbei");
        assert_eq!(c.happened_on, date!(2026 - 11 - 20));
        let contact = c.contact.expect("a contact");
        assert_eq!(
            contact.phone.map(|p| p.as_str().to_owned()),
            Some("13812345678".to_owned())
        );
    }

    #[test]
    fn an_empty_form_names_every_required_field_in_page_order() {
        let got = problems(&ComplaintForm::default());
        assert_eq!(
            got,
            vec![
                (Field::Kind, Problem::Required),
                (Field::District, Problem::Required),
                (Field::Locality, Problem::Required),
                (Field::Address, Problem::WhereRequired),
                (Field::HappenedOn, Problem::Required),
                (Field::Matter, Problem::WhatRequired),
                (Field::Description, Problem::Required),
                (Field::Privacy, Problem::Required),
                (Field::Phone, Problem::ContactRequired),
                (Field::Consent, Problem::Required),
            ]
        );
    }

    #[test]
    fn each_rule_in_a_table() {
        type Edit = fn(&mut ComplaintForm);
        let cases: &[(Edit, Field, Problem)] = &[
            (
                |f| f.district = "35060".into(),
                Field::District,
                Problem::Invalid,
            ),
            (
                |f| f.happened_on = "2026-13-01".into(),
                Field::HappenedOn,
                Problem::Invalid,
            ),
            (
                |f| f.happened_on = "2026-11-25".into(),
                Field::HappenedOn,
                Problem::InFuture,
            ),
            (
                |f| f.happened_on = "2024-11-23".into(),
                Field::HappenedOn,
                Problem::TooOld,
            ),
            (
                |f| f.matter = "not-a-code".into(),
                Field::Matter,
                Problem::Invalid,
            ),
            (
                |f| {
                    f.matter.clear();
                    f.domain = None;
                },
                Field::Matter,
                Problem::WhatRequired,
            ),
            (
                |f| f.officer = "闽35060200001".into(),
                Field::Officer,
                Problem::OfficerOnlyForConduct,
            ),
            (
                |f| f.description = "太吵了".into(),
                Field::Description,
                Problem::TooShort {
                    min: DESCRIPTION_MIN,
                },
            ),
            (
                |f| f.description = "吵".repeat(DESCRIPTION_MAX + 1),
                Field::Description,
                Problem::TooLong {
                    max: DESCRIPTION_MAX,
                },
            ),
            (
                |f| f.address = "路".repeat(ADDRESS_MAX + 1),
                Field::Address,
                Problem::TooLong { max: ADDRESS_MAX },
            ),
            (
                |f| {
                    f.location = Some(GeoPoint {
                        latitude: 117.6,
                        longitude: 24.5,
                    })
                },
                Field::Location,
                Problem::Invalid,
            ),
            (|f| f.phone = "12".into(), Field::Phone, Problem::Invalid),
            (|f| f.email = "wang@".into(), Field::Email, Problem::Invalid),
            (
                |f| {
                    f.phone.clear();
                    f.email.clear();
                },
                Field::Phone,
                Problem::ContactRequired,
            ),
            (
                |f| f.privacy = Some(Privacy::Anonymous),
                Field::Name,
                Problem::ContactWhenAnonymous,
            ),
            (|f| f.consent = false, Field::Consent, Problem::Required),
        ];
        for (edit, field, problem) in cases {
            let mut form = good();
            edit(&mut form);
            assert_eq!(problems(&form), vec![(*field, *problem)], "{form:?}");
        }
    }

    #[test]
    fn what_can_be_left_out() {
        let mut f = good();
        f.address.clear();
        f.location = Some(GeoPoint {
            latitude: 24.51,
            longitude: 117.65,
        });
        f.matter.clear();
        f.domain = Some(Domain::UrbanManagement);
        f.name.clear();
        f.phone.clear();
        f.email = "wang@example.cn".into();
        assert!(f.validate(TODAY).is_ok());
        let mut anonymous = good();
        anonymous.privacy = Some(Privacy::Anonymous);
        anonymous.name.clear();
        anonymous.phone.clear();
        let c = anonymous.validate(TODAY).expect("anonymous is fine");
        assert_eq!(c.contact, None);
        let mut conduct = good();
        conduct.kind = Some(ComplaintKind::Conduct);
        conduct.officer = "闽35060200001".into();
        assert!(conduct.validate(TODAY).expect("valid").officer.is_some());
        conduct.matter.clear();
        conduct.domain = None;
        assert!(
            conduct.validate(TODAY).is_ok(),
            "conduct needs no matter or domain"
        );
    }

    #[test]
    fn the_form_round_trips_as_json_even_half_typed() {
        let half = ComplaintForm {
            description: "晚上".into(),
            ..ComplaintForm::default()
        };
        let json = serde_json::to_string(&half).expect("serialises");
        let back: ComplaintForm = serde_json::from_str(&json).expect("parses");
        assert_eq!(back, half);
        let sparse: ComplaintForm =
            serde_json::from_str(r#"{"kind":"conduct"}"#).expect("defaults");
        assert_eq!(sparse.kind, Some(ComplaintKind::Conduct));
    }

    #[test]
    fn personal_data_is_recognised_in_descriptions() {
        assert_eq!(
            personal_data("我的身份证号是 11010519491231002X，电话 138-1234-5678"),
            vec![PersonalData::IdNumber, PersonalData::Phone]
        );
        assert_eq!(
            personal_data("罚款打到 6222 0212 3456 7890 128 这个卡上了"),
            vec![PersonalData::BankAccount]
        );
        assert_eq!(
            personal_data("门牌 12 号，下午 3 点，罚了 200 元"),
            Vec::<PersonalData>::new()
        );
    }

    #[test]
    fn tracking_codes_look_right_and_catch_typos() {
        let code = TrackingCode::from_random([0, 1, 2, 3, 4, 5, 6, 7]);
        let shown = code.to_string();
        assert_eq!(shown.len(), 11);
        assert_eq!(TrackingCode::parse(&shown.to_lowercase()), Ok(code.clone()));
        let mut wrong_check = code.as_str().to_owned();
        let last = wrong_check.pop().expect("nine characters");
        wrong_check.push(if last == '2' { '3' } else { '2' });
        assert_eq!(
            TrackingCode::parse(&wrong_check),
            Err(TrackingCodeError::Check)
        );
        assert_eq!(TrackingCode::parse("ABC"), Err(TrackingCodeError::Length));
        assert_eq!(
            TrackingCode::parse("OOOOOOOOO"),
            Err(TrackingCodeError::Character)
        );
    }

    proptest! {
        #[test]
        fn any_single_substitution_or_swap_of_neighbours_in_the_body_is_caught(
            bytes in proptest::array::uniform8(any::<u8>()),
            at in 0usize..9,
            with in 0usize..30,
        ) {
            let code = TrackingCode::from_random(bytes);
            let s = code.as_str().as_bytes().to_vec();
            let mut typo = s.clone();
            typo[at] = CODE_ALPHABET[with];
            if typo != s {
                let typed = String::from_utf8(typo).expect("ascii");
                prop_assert!(TrackingCode::parse(&typed).is_err());
            }
            if at < 7 && s[at] != s[at + 1] {
                let mut swapped = s.clone();
                swapped.swap(at, at + 1);
                let typed = String::from_utf8(swapped).expect("ascii");
                prop_assert!(TrackingCode::parse(&typed).is_err());
            }
        }
    }

    fn road() -> Matter {
        use crate::catalog::{LegalBasis, MatterClass, MatterLevel, PowerKind};
        Matter {
            code: MatterCode::parse("350602001F004200").expect("a code"),
            name: Name::parse("对擅自占用城市道路的处罚").expect("a name"),
            domain: Domain::UrbanManagement,
            power_kind: PowerKind::Penalty,
            class: MatterClass::A,
            level: MatterLevel::Locality,
            legal_basis: vec![LegalBasis {
                law: Name::parse("《城市道路管理条例》").expect("a law"),
                article: Name::parse("第四十二条").expect("an article"),
                text: None,
            }],
            department: crate::DepartmentId::parse("t-bureau").expect("an id"),
        }
    }

    fn at(locality: &str, kind: ComplaintKind) -> Complaint {
        let mut form = good();
        form.locality = locality.into();
        form.kind = Some(kind);
        form.validate(TODAY).expect("valid")
    }

    #[test]
    fn tips_go_to_whoever_holds_the_matter_there_and_the_rest_to_the_bureau() {
        let org = crate::fixtures::district();
        let matter = road();
        let history = vec![Delegation {
            matter: matter.code.clone(),
            locality: LocalityId::parse("t-a").expect("an id"),
            act: crate::catalog::DelegationAct::Delegate,
            effective: date!(2022 - 07 - 01),
            document: crate::catalog::DocumentNumber::parse("芗政文〔2022〕8号").expect("a number"),
        }];
        let a = org
            .locality(&LocalityId::parse("t-a").expect("id"))
            .expect("甲")
            .authority
            .clone();
        let tip = at("t-a", ComplaintKind::Tip);
        let r = route(&org, &tip, Some((&matter, &history)), None).expect("routed");
        assert_eq!(r.authority, a, "delegated: the locality office");
        assert!(matches!(r.reason, RouteReason::Jurisdiction { .. }));

        let elsewhere = at("t-b", ComplaintKind::Tip);
        let r = route(&org, &elsewhere, Some((&matter, &history)), None).expect("routed");
        assert_eq!(
            r.authority.as_str(),
            "t-bureau",
            "not delegated there: the department"
        );

        let r = route(&org, &tip, None, None).expect("routed");
        assert_eq!(
            r,
            Route {
                authority: AuthorityId::parse("t-bureau").expect("id"),
                reason: RouteReason::Unclear
            }
        );
        let nowhere = at("t-nowhere", ComplaintKind::Tip);
        let r = route(&org, &nowhere, Some((&matter, &history)), None).expect("routed");
        assert_eq!(r.reason, RouteReason::Unclear);
        assert_eq!(
            supervised(&org).map(|r| r.authority.as_str().to_owned()),
            Some("t-bureau".to_owned())
        );
    }

    #[test]
    fn conduct_goes_to_the_officers_body_or_the_places() {
        let org = crate::fixtures::district();
        let mut form = good();
        form.kind = Some(ComplaintKind::Conduct);
        form.officer = "闽35060200001".into();
        form.matter.clear();
        form.domain = Some(Domain::UrbanManagement);
        let c = form.validate(TODAY).expect("valid");
        let zjj = AuthorityId::parse("t-zjj").expect("id");
        let r = route(&org, &c, None, Some(zjj.clone())).expect("routed");
        assert_eq!(r.authority, zjj);
        assert!(matches!(r.reason, RouteReason::OfficerAuthority { .. }));
        let unknown_officer =
            route(&org, &at("t-b", ComplaintKind::Conduct), None, None).expect("routed");
        assert_eq!(
            unknown_officer.reason,
            RouteReason::PlaceAuthority {
                locality: LocalityId::parse("t-b").expect("id")
            }
        );
    }

    #[test]
    fn replies_are_due_in_working_days_and_repeats_are_supervised() {
        let file = toml::from_str(include_str!("../../../data/calendar/working-days.toml"))
            .expect("the committed calendar parses");
        let calendar = WorkingCalendar::new(&file).expect("consistent");
        // Tuesday 24 November 2026 + 15 working days: three weeks on, Tuesday 15 December.
        assert_eq!(reply_due(&calendar, TODAY), Some(date!(2026 - 12 - 15)));
        // Submitted Tuesday 24 November: replied Thursday (2), next Tuesday (5), and on the 15th (15).
        let replies = [
            (TODAY, date!(2026 - 11 - 26)),
            (TODAY, date!(2026 - 12 - 01)),
            (TODAY, date!(2026 - 12 - 15)),
        ];
        assert_eq!(median_reply_working_days(&calendar, &replies), Some(5));
        assert_eq!(median_reply_working_days(&calendar, &replies[..2]), Some(2));
        assert_eq!(median_reply_working_days(&calendar, &[]), None);
        assert!(!is_supervised(2));
        assert!(is_supervised(3));
    }
}
