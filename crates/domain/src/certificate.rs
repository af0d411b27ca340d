//! Enforcement certificates (行政执法证): the number, validity, categories and status history, and
//! a certificate's status on any date, derived from that history (never stored as a flag).

use crate::Name;
use crate::Text;
use crate::catalog::Domain;
use serde::{Deserialize, Serialize};
use std::fmt;
use time::Date;
use utoipa::ToSchema;

/// A certificate number (行政执法证号). Issued per province in its own format, so it is kept opaque:
/// 4–32 characters of letters, digits, CJK characters (a province's short name, 闽) and hyphens.
/// Full-width letters and digits become ASCII and ASCII is upper-cased, so a number typed on a
/// phone's Chinese keyboard matches the one printed on the card.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(try_from = "String", into = "String")]
#[schema(value_type = String, example = "闽35060200123")]
pub struct CertificateNumber(String);

/// Why a string is not a certificate number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CertificateNumberError {
    #[error("a certificate number has 4 to 32 characters")]
    Length,
    #[error("a certificate number has only letters, digits, Chinese characters and hyphens")]
    Character,
}

impl CertificateNumber {
    pub fn parse(s: impl AsRef<str>) -> Result<Self, CertificateNumberError> {
        // As searches normalise text (full-width letters and digits to ASCII, ASCII upper case),
        // plus the full-width hyphen.
        let s = crate::search::normalise_text(s.as_ref().trim()).replace('－', "-");
        let n = s.chars().count();
        if !(4..=32).contains(&n) {
            return Err(CertificateNumberError::Length);
        }
        let ok = |c: char| c.is_ascii_alphanumeric() || c == '-' || is_cjk(c);
        if !s.chars().all(ok) {
            return Err(CertificateNumberError::Character);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// CJK unified ideographs (the province short names and any Chinese a number carries).
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}')
}

impl fmt::Display for CertificateNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for CertificateNumber {
    type Error = CertificateNumberError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        Self::parse(s)
    }
}

impl From<CertificateNumber> for String {
    fn from(n: CertificateNumber) -> String {
        n.0
    }
}

/// One event in a certificate's life.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum CertificateEvent {
    /// Issued, valid until the date given.
    Issued { valid_until: Date },
    /// Renewed: valid until a new date.
    Renewed { valid_until: Date },
    /// Suspended (暂扣): not valid until reinstated.
    Suspended,
    /// Reinstated after a suspension.
    Reinstated,
    /// Revoked (吊销/注销): never valid again.
    Revoked,
}

/// An event with the day it took effect and, where the law asks for one, the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct StatusChange {
    #[serde(flatten)]
    pub event: CertificateEvent,
    pub date: Date,
    pub reason: Option<Text>,
}

/// A certificate as issued, with its history in date order (events on one day apply in order).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Certificate {
    pub number: CertificateNumber,
    /// The issuing government (e.g. 漳州市人民政府).
    pub issuer: Name,
    /// The enforcement domains the holder may act in (执法类别).
    pub categories: Vec<Domain>,
    /// The area printed on the card (执法区域).
    pub area: Name,
    pub history: Vec<StatusChange>,
}

/// What a certificate is on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum CertificateStatus {
    /// Not issued yet on that date.
    NotIssued,
    Valid {
        since: Date,
        until: Date,
    },
    Expired {
        since: Date,
    },
    Suspended {
        since: Date,
        reason: Option<Text>,
    },
    Revoked {
        since: Date,
        reason: Option<Text>,
    },
}

/// The name of a status, without its dates (what the roster filters on).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum StatusKind {
    Valid,
    Expired,
    Suspended,
    Revoked,
    NotIssued,
}

impl StatusKind {
    pub const ALL: [Self; 5] = [
        Self::Valid,
        Self::Expired,
        Self::Suspended,
        Self::Revoked,
        Self::NotIssued,
    ];
}

impl CertificateStatus {
    pub fn is_valid(&self) -> bool {
        matches!(self, Self::Valid { .. })
    }

    pub fn kind(&self) -> StatusKind {
        match self {
            Self::NotIssued => StatusKind::NotIssued,
            Self::Valid { .. } => StatusKind::Valid,
            Self::Expired { .. } => StatusKind::Expired,
            Self::Suspended { .. } => StatusKind::Suspended,
            Self::Revoked { .. } => StatusKind::Revoked,
        }
    }
}

impl Certificate {
    /// The status on `date`, from the events effective on or before it.
    pub fn status_on(&self, date: Date) -> CertificateStatus {
        let mut issued: Option<Date> = None;
        let mut until: Option<Date> = None;
        let mut suspended: Option<(Date, Option<Text>)> = None;
        let mut valid_since: Option<Date> = None;
        for change in self.history.iter().filter(|c| c.date <= date) {
            match &change.event {
                CertificateEvent::Issued { valid_until } => {
                    issued = Some(change.date);
                    until = Some(*valid_until);
                    valid_since = Some(change.date);
                    suspended = None;
                }
                CertificateEvent::Renewed { valid_until } => {
                    // A renewal after expiry starts a new period of validity.
                    if until.is_some_and(|u| u < change.date) {
                        valid_since = Some(change.date);
                    }
                    until = Some(*valid_until);
                }
                CertificateEvent::Suspended => {
                    suspended = Some((change.date, change.reason.clone()));
                }
                CertificateEvent::Reinstated => {
                    if suspended.take().is_some() {
                        valid_since = Some(change.date);
                    }
                }
                CertificateEvent::Revoked => {
                    return CertificateStatus::Revoked {
                        since: change.date,
                        reason: change.reason.clone(),
                    };
                }
            }
        }
        let (Some(_), Some(until)) = (issued, until) else {
            return CertificateStatus::NotIssued;
        };
        if date > until {
            return CertificateStatus::Expired {
                since: until.next_day().unwrap_or(until),
            };
        }
        if let Some((since, reason)) = suspended {
            return CertificateStatus::Suspended { since, reason };
        }
        CertificateStatus::Valid {
            since: valid_since.unwrap_or(until),
            until,
        }
    }

    /// The period in force on `date` as printed on the card: from the latest issue or renewal
    /// effective then, to its end date. `None` before the first issue.
    pub fn validity_on(&self, date: Date) -> Option<(Date, Date)> {
        self.history
            .iter()
            .rev()
            .filter(|c| c.date <= date)
            .find_map(|c| match c.event {
                CertificateEvent::Issued { valid_until }
                | CertificateEvent::Renewed { valid_until } => Some((c.date, valid_until)),
                _ => None,
            })
    }

    /// Whether the certificate's categories cover `domain`.
    pub fn covers(&self, domain: Domain) -> bool {
        self.categories.contains(&domain)
    }
}

/// A status change staff make (suspend, reinstate, revoke), always with the reason the roster
/// publishes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StaffStatusChange {
    Suspend,
    Reinstate,
    Revoke,
}

/// Why a status change does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum StatusChangeProblem {
    #[error("only a valid certificate is suspended")]
    NotValid,
    #[error("only a suspended certificate is reinstated")]
    NotSuspended,
    #[error("the certificate is revoked already")]
    Revoked,
}

/// The form of a status change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusChangeForm {
    pub change: StaffStatusChange,
    /// Published with the change (暂扣、吊销的原因).
    pub reason: String,
}

impl Certificate {
    /// The history entry that makes `change` on `today`, if the status then allows it: suspend a
    /// valid certificate, reinstate a suspended one, revoke one not revoked yet.
    pub fn change_on(
        &self,
        change: StaffStatusChange,
        today: Date,
        reason: Text,
    ) -> Result<StatusChange, StatusChangeProblem> {
        let status = self.status_on(today);
        let event = match (change, &status) {
            (_, CertificateStatus::Revoked { .. }) => return Err(StatusChangeProblem::Revoked),
            (StaffStatusChange::Suspend, CertificateStatus::Valid { .. }) => {
                CertificateEvent::Suspended
            }
            (StaffStatusChange::Suspend, _) => return Err(StatusChangeProblem::NotValid),
            (StaffStatusChange::Reinstate, CertificateStatus::Suspended { .. }) => {
                CertificateEvent::Reinstated
            }
            (StaffStatusChange::Reinstate, _) => return Err(StatusChangeProblem::NotSuspended),
            (StaffStatusChange::Revoke, _) => CertificateEvent::Revoked,
        };
        Ok(StatusChange {
            event,
            date: today,
            reason: Some(reason),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::date;

    fn change(event: CertificateEvent, date: Date, reason: Option<&str>) -> StatusChange {
        StatusChange {
            event,
            date,
            reason: reason.map(|r| Text::parse(r).expect("a reason")),
        }
    }

    fn certificate(history: Vec<StatusChange>) -> Certificate {
        Certificate {
            number: CertificateNumber::parse("闽35060200123").expect("a number"),
            issuer: Name::parse("漳州市人民政府").expect("a name"),
            categories: vec![Domain::UrbanManagement],
            area: Name::parse("芗城区").expect("a name"),
            history,
        }
    }

    #[test]
    fn numbers_are_normalised_and_checked() {
        let n = CertificateNumber::parse(" 闽ａｂ１２３４－5 ").expect("valid");
        assert_eq!(n.as_str(), "闽AB1234-5");
        assert_eq!(
            CertificateNumber::parse("12"),
            Err(CertificateNumberError::Length)
        );
        assert_eq!(
            CertificateNumber::parse("1234 5678"),
            Err(CertificateNumberError::Character)
        );
        assert_eq!(
            CertificateNumber::parse("1234<script>"),
            Err(CertificateNumberError::Character)
        );
    }

    #[test]
    fn staff_suspend_a_valid_certificate_reinstate_a_suspended_one_and_revoke_for_good() {
        let mut c = certificate(vec![change(
            CertificateEvent::Issued {
                valid_until: date!(2028 - 12 - 31),
            },
            date!(2024 - 01 - 01),
            None,
        )]);
        let today = date!(2026 - 11 - 24);
        let reason = || Text::parse("涉嫌违规执法，暂扣执法证").expect("a reason");
        assert_eq!(
            c.change_on(StaffStatusChange::Reinstate, today, reason()),
            Err(StatusChangeProblem::NotSuspended)
        );
        let suspended = c
            .change_on(StaffStatusChange::Suspend, today, reason())
            .expect("valid, so suspended");
        assert_eq!(suspended.event, CertificateEvent::Suspended);
        c.history.push(suspended);
        assert!(matches!(
            c.status_on(today),
            CertificateStatus::Suspended { .. }
        ));
        assert_eq!(
            c.change_on(StaffStatusChange::Suspend, today, reason()),
            Err(StatusChangeProblem::NotValid)
        );
        c.history.push(
            c.change_on(StaffStatusChange::Revoke, today, reason())
                .expect("revoked"),
        );
        for change in [
            StaffStatusChange::Suspend,
            StaffStatusChange::Reinstate,
            StaffStatusChange::Revoke,
        ] {
            assert_eq!(
                c.change_on(change, today, reason()),
                Err(StatusChangeProblem::Revoked)
            );
        }
    }

    #[test]
    fn status_on_follows_the_history() {
        let c = certificate(vec![
            change(
                CertificateEvent::Issued {
                    valid_until: date!(2023 - 12 - 31),
                },
                date!(2021 - 01 - 01),
                None,
            ),
            change(
                CertificateEvent::Suspended,
                date!(2022 - 03 - 01),
                Some("违规执法，暂扣"),
            ),
            change(CertificateEvent::Reinstated, date!(2022 - 06 - 01), None),
            change(
                CertificateEvent::Renewed {
                    valid_until: date!(2026 - 12 - 31),
                },
                date!(2024 - 02 - 01),
                None,
            ),
            change(
                CertificateEvent::Revoked,
                date!(2025 - 05 - 01),
                Some("调离执法岗位"),
            ),
        ]);
        let cases = [
            (date!(2020 - 12 - 31), CertificateStatus::NotIssued),
            (
                date!(2021 - 06 - 01),
                CertificateStatus::Valid {
                    since: date!(2021 - 01 - 01),
                    until: date!(2023 - 12 - 31),
                },
            ),
            (
                date!(2022 - 03 - 01),
                CertificateStatus::Suspended {
                    since: date!(2022 - 03 - 01),
                    reason: Some(Text::parse("违规执法，暂扣").expect("text")),
                },
            ),
            (
                date!(2022 - 06 - 01),
                CertificateStatus::Valid {
                    since: date!(2022 - 06 - 01),
                    until: date!(2023 - 12 - 31),
                },
            ),
            (
                date!(2024 - 01 - 15),
                CertificateStatus::Expired {
                    since: date!(2024 - 01 - 01),
                },
            ),
            (
                date!(2024 - 02 - 01),
                CertificateStatus::Valid {
                    since: date!(2024 - 02 - 01),
                    until: date!(2026 - 12 - 31),
                },
            ),
            (
                date!(2025 - 05 - 01),
                CertificateStatus::Revoked {
                    since: date!(2025 - 05 - 01),
                    reason: Some(Text::parse("调离执法岗位").expect("text")),
                },
            ),
        ];
        for (on, expected) in cases {
            assert_eq!(c.status_on(on), expected, "on {on}");
        }
    }

    fn event() -> impl Strategy<Value = (u8, i64, i64)> {
        (0u8..5, 0i64..3000, 0i64..3000)
    }

    proptest! {
        /// Whatever the history: once revoked, revoked on every later day; valid only between an
        /// issue and its (renewed) end date; never valid before the first issue.
        #[test]
        fn revocation_is_final_and_validity_is_bounded(events in prop::collection::vec(event(), 0..8), probe in 0i64..3500) {
            let start = date!(2018 - 01 - 01);
            let mut history: Vec<StatusChange> = events
                .into_iter()
                .map(|(kind, at, len)| {
                    let at = start + time::Duration::days(at);
                    let until = at + time::Duration::days(len);
                    let event = match kind {
                        0 => CertificateEvent::Issued { valid_until: until },
                        1 => CertificateEvent::Renewed { valid_until: until },
                        2 => CertificateEvent::Suspended,
                        3 => CertificateEvent::Reinstated,
                        _ => CertificateEvent::Revoked,
                    };
                    change(event, at, None)
                })
                .collect();
            history.sort_by_key(|c| c.date);
            let c = certificate(history.clone());
            let on = start + time::Duration::days(probe);
            let status = c.status_on(on);
            if let Some(revoked) = history.iter().find(|h| h.event == CertificateEvent::Revoked && h.date <= on) {
                let revoked_since = match &status {
                    CertificateStatus::Revoked { since, .. } => Some(*since),
                    _ => None,
                };
                prop_assert_eq!(revoked_since, Some(revoked.date));
            }
            let first_issue = history.iter().find(|h| matches!(h.event, CertificateEvent::Issued { .. }));
            if first_issue.is_none_or(|h| h.date > on) && !matches!(status, CertificateStatus::Revoked { .. }) {
                prop_assert_eq!(status.clone(), CertificateStatus::NotIssued);
            }
            if let CertificateStatus::Valid { since, until } = status {
                prop_assert!(since <= on && on <= until);
            }
        }
    }
}
