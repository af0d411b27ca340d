//! The staff start page's figures: what waits for the signed-in role today — cases to accept and
//! overdue for handlers and supervisors, a publisher's records by state and how many were
//! published late, the certificates about to expire for those who keep the roster, and a district's
//! accounts for its admins. The server counts with these rules and the web app shows the result,
//! so both agree on what "overdue" or "expiring" means.

use crate::Name;
use crate::api::AuthorityRef;
use crate::certificate::{CertificateNumber, CertificateStatus};
use crate::complaint::ComplaintStatus;
use crate::officer::Officer;
use crate::penalty::visibility;
use crate::penalty_import::RecordStatus;
use crate::staff::StaffAccount;
use serde::{Deserialize, Serialize};
use time::{Date, Duration};
use utoipa::ToSchema;

/// A reply due within this many days (today included) is "due soon".
pub const DUE_SOON_DAYS: i64 = 3;
/// A certificate whose validity ends within this many days is listed as expiring.
pub const EXPIRING_DAYS: i64 = 60;
/// At most this many expiring certificates are listed (the count covers all).
pub const EXPIRING_LISTED: usize = 20;
/// "Recently published": within this many days.
pub const RECENT_DAYS: i64 = 30;
/// Late publications are counted over this many days.
pub const LATE_WINDOW_DAYS: i64 = 365;

/// `GET /staff/dashboard`: each part present when the signed-in role has that task.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Dashboard {
    /// The day the figures were counted on.
    pub today: Date,
    /// Handlers: their body's cases; supervisors: the district's.
    pub complaints: Option<CaseCounts>,
    /// Publishers: their authority's records.
    pub penalties: Option<PenaltyCounts>,
    /// Publishers and admins: the officers whose record they keep.
    pub roster: Option<RosterCounts>,
    /// Admins: the district's accounts.
    pub accounts: Option<AccountCounts>,
}

/// Open cases by what they wait for.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseCounts {
    /// Received, or transferred here, and not yet accepted.
    pub to_accept: u64,
    /// Accepted, not yet replied to.
    pub accepted: u64,
    /// Replied to, not yet closed.
    pub replied: u64,
    /// Past the reply date without a reply (see [`overdue`]).
    pub overdue: u64,
    /// Not replied to, the reply due within [`DUE_SOON_DAYS`] days, not overdue.
    pub due_soon: u64,
    /// Supervised (督办) and not closed.
    pub supervised: u64,
}

/// Whether a case is past its reply date without a reply on `today`.
pub fn overdue(status: ComplaintStatus, reply_due: Option<Date>, today: Date) -> bool {
    awaits_reply(status) && reply_due.is_some_and(|d| d < today)
}

fn awaits_reply(status: ComplaintStatus) -> bool {
    !matches!(status, ComplaintStatus::Replied | ComplaintStatus::Closed)
}

/// The cases behind one of the start page's figures, as the inbox lists them (`queue=`): the same
/// rules as [`CaseCounts::count`], so a figure and the list it opens agree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseQueue {
    /// Received, or transferred here, and not yet accepted.
    ToAccept,
    /// Past the reply date without a reply (see [`overdue`]).
    Overdue,
    /// Not replied to, the reply due within [`DUE_SOON_DAYS`] days, not overdue.
    DueSoon,
}

/// What a store selects for a [`CaseQueue`] on a day: a case in one of `statuses` whose reply date
/// lies within the bounds (both inclusive; a bound requires a reply date).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueSelection {
    pub statuses: &'static [ComplaintStatus],
    pub due_from: Option<Date>,
    pub due_until: Option<Date>,
}

impl CaseQueue {
    pub const ALL: [CaseQueue; 3] = [CaseQueue::ToAccept, CaseQueue::Overdue, CaseQueue::DueSoon];

    /// The statuses and reply dates the queue holds on `today`.
    pub fn selection(self, today: Date) -> QueueSelection {
        use ComplaintStatus as S;
        const TO_ACCEPT: &[ComplaintStatus] = &[S::Received, S::Referred];
        const AWAITING_REPLY: &[ComplaintStatus] = &[S::Received, S::Accepted, S::Referred];
        match self {
            CaseQueue::ToAccept => QueueSelection {
                statuses: TO_ACCEPT,
                due_from: None,
                due_until: None,
            },
            CaseQueue::Overdue => QueueSelection {
                statuses: AWAITING_REPLY,
                due_from: None,
                due_until: today.previous_day(),
            },
            CaseQueue::DueSoon => QueueSelection {
                statuses: AWAITING_REPLY,
                due_from: Some(today),
                due_until: Some(today.saturating_add(Duration::days(DUE_SOON_DAYS - 1))),
            },
        }
    }
}

impl QueueSelection {
    /// Whether a case is selected: what a store's query must agree with.
    pub fn holds(&self, status: ComplaintStatus, reply_due: Option<Date>) -> bool {
        let bounded = self.due_from.is_some() || self.due_until.is_some();
        self.statuses.contains(&status)
            && match reply_due {
                None => !bounded,
                Some(d) => {
                    self.due_from.is_none_or(|from| from <= d)
                        && self.due_until.is_none_or(|until| d <= until)
                }
            }
    }
}

/// One group of cases as a store counts them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseGroup {
    pub status: ComplaintStatus,
    pub reply_due: Option<Date>,
    pub supervised: bool,
    pub count: u64,
}

impl CaseCounts {
    /// Counts the groups (closed cases count nowhere).
    pub fn count(groups: impl IntoIterator<Item = CaseGroup>, today: Date) -> Self {
        let soon = today.saturating_add(Duration::days(DUE_SOON_DAYS - 1));
        let mut c = Self::default();
        for g in groups {
            let n = g.count;
            match g.status {
                ComplaintStatus::Received | ComplaintStatus::Referred => c.to_accept += n,
                ComplaintStatus::Accepted => c.accepted += n,
                ComplaintStatus::Replied => c.replied += n,
                ComplaintStatus::Closed => continue,
            }
            if overdue(g.status, g.reply_due, today) {
                c.overdue += n;
            } else if awaits_reply(g.status) && g.reply_due.is_some_and(|d| d <= soon) {
                c.due_soon += n;
            }
            if g.supervised {
                c.supervised += n;
            }
        }
        c
    }
}

/// A publisher's records by where they stand today.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct PenaltyCounts {
    pub listed: u64,
    pub withdrawn: u64,
    /// Past their publication period.
    pub removed: u64,
    /// Never published (minors, secrets, privacy).
    pub restricted: u64,
    /// Published in the last [`RECENT_DAYS`] days (today included); never-published ones not.
    pub recent: u64,
    /// Entered in the last [`LATE_WINDOW_DAYS`] days more than the 7 working days after the
    /// decision that the rules allow, not withdrawn: what the public timeliness statistics count
    /// as late (never-published records among them, as there).
    pub late: u64,
    /// The latest publication day.
    pub last_published: Option<Date>,
}

/// One group of records as a store counts them: the stored columns that decide the state.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenaltyGroup {
    pub restricted: bool,
    pub published: Date,
    pub ends: Date,
    pub withdrawn: Option<Date>,
    pub late: bool,
    pub count: u64,
}

impl PenaltyCounts {
    /// Counts the groups by [`visibility`] — the rule the public pages apply.
    pub fn count(groups: impl IntoIterator<Item = PenaltyGroup>, today: Date) -> Self {
        let recent_from = today.saturating_sub(Duration::days(RECENT_DAYS - 1));
        let late_from = today.saturating_sub(Duration::days(LATE_WINDOW_DAYS - 1));
        let mut c = Self::default();
        for g in groups {
            let n = g.count;
            let v = visibility(g.restricted, g.published, g.ends, g.withdrawn, today);
            match RecordStatus::of(v, g.restricted) {
                RecordStatus::Listed => c.listed += n,
                RecordStatus::Withdrawn => c.withdrawn += n,
                RecordStatus::Removed => c.removed += n,
                RecordStatus::Restricted => c.restricted += n,
            }
            if g.published > today {
                continue;
            }
            if g.late && g.withdrawn.is_none() && (late_from..=today).contains(&g.published) {
                c.late += n;
            }
            if g.restricted {
                continue;
            }
            if (recent_from..=today).contains(&g.published) {
                c.recent += n;
            }
            c.last_published = c.last_published.max(Some(g.published));
        }
        c
    }
}

/// The officers whose record the signed-in person keeps, by certificate status today.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct RosterCounts {
    pub officers: u64,
    pub valid: u64,
    pub suspended: u64,
    pub revoked: u64,
    pub expired: u64,
    /// Valid certificates ending within [`EXPIRING_DAYS`] days.
    pub expiring: u64,
    /// The first [`EXPIRING_LISTED`] of those, soonest first.
    pub expiring_soonest: Vec<Expiring>,
}

/// A certificate about to expire.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Expiring {
    pub name: Name,
    pub certificate: CertificateNumber,
    /// The authority the officer's unit acts for.
    pub authority: AuthorityRef,
    /// The last day it is valid.
    pub until: Date,
}

impl RosterCounts {
    /// Counts `officers`, each with the authority their unit acts for.
    pub fn count<'a>(
        officers: impl IntoIterator<Item = (&'a Officer, AuthorityRef)>,
        today: Date,
    ) -> Self {
        let horizon = today.saturating_add(Duration::days(EXPIRING_DAYS - 1));
        let mut c = Self::default();
        let mut expiring = Vec::new();
        for (o, authority) in officers {
            let status = o.certificate.status_on(today);
            match status {
                CertificateStatus::NotIssued => continue,
                CertificateStatus::Valid { until, .. } => {
                    c.valid += 1;
                    if until <= horizon {
                        expiring.push(Expiring {
                            name: o.name.clone(),
                            certificate: o.certificate.number.clone(),
                            authority,
                            until,
                        });
                    }
                }
                CertificateStatus::Expired { .. } => c.expired += 1,
                CertificateStatus::Suspended { .. } => c.suspended += 1,
                CertificateStatus::Revoked { .. } => c.revoked += 1,
            }
            c.officers += 1;
        }
        expiring.sort_by(|a, b| (a.until, &a.certificate).cmp(&(b.until, &b.certificate)));
        c.expiring = expiring.len() as u64;
        expiring.truncate(EXPIRING_LISTED);
        c.expiring_soonest = expiring;
        c
    }
}

/// A district's accounts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct AccountCounts {
    pub active: u64,
    pub disabled: u64,
    /// Enabled accounts that never signed in (a password handed out but not used yet).
    pub never_signed_in: u64,
}

impl AccountCounts {
    pub fn count<'a>(accounts: impl IntoIterator<Item = &'a StaffAccount>) -> Self {
        let mut c = Self::default();
        for a in accounts {
            if a.disabled {
                c.disabled += 1;
            } else {
                c.active += 1;
                if a.last_login_at.is_none() {
                    c.never_signed_in += 1;
                }
            }
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TeamId;
    use crate::catalog::Domain;
    use crate::certificate::{Certificate, CertificateEvent, StatusChange};
    use crate::officer::{OfficerId, Unit};
    use time::macros::date;

    const TODAY: Date = date!(2026 - 03 - 10);

    fn case(status: ComplaintStatus, due: Option<Date>, supervised: bool, count: u64) -> CaseGroup {
        CaseGroup {
            status,
            reply_due: due,
            supervised,
            count,
        }
    }

    #[test]
    fn cases_are_counted_by_what_they_wait_for() {
        use ComplaintStatus as S;
        let groups = [
            // (group, why)
            case(S::Received, Some(date!(2026 - 03 - 20)), false, 4), // to accept, not due soon
            case(S::Referred, Some(date!(2026 - 03 - 12)), true, 1), // to accept, due soon (3rd day)
            case(S::Accepted, Some(date!(2026 - 03 - 09)), false, 2), // overdue since yesterday
            case(S::Accepted, Some(TODAY), false, 3),                // due today: soon, not overdue
            case(S::Accepted, None, false, 1),                       // no reply date: neither
            case(S::Replied, Some(date!(2026 - 03 - 01)), true, 5),  // replied: never overdue
            case(S::Closed, Some(date!(2026 - 03 - 01)), true, 7),   // closed: counts nowhere
            case(S::Received, Some(date!(2026 - 03 - 13)), false, 1), // 4th day: not soon
        ];
        assert_eq!(
            CaseCounts::count(groups, TODAY),
            CaseCounts {
                to_accept: 6,
                accepted: 6,
                replied: 5,
                overdue: 2,
                due_soon: 4,
                supervised: 6,
            }
        );
    }

    #[test]
    fn each_queue_holds_exactly_the_cases_its_figure_counts() {
        let figure = |counts: &CaseCounts, q: CaseQueue| match q {
            CaseQueue::ToAccept => counts.to_accept,
            CaseQueue::Overdue => counts.overdue,
            CaseQueue::DueSoon => counts.due_soon,
        };
        let dues = (-5..=6)
            .map(|d| Some(TODAY.saturating_add(Duration::days(d))))
            .chain([None]);
        for due in dues {
            for status in ComplaintStatus::ALL {
                let counts = CaseCounts::count([case(status, due, false, 1)], TODAY);
                for q in CaseQueue::ALL {
                    assert_eq!(
                        q.selection(TODAY).holds(status, due),
                        figure(&counts, q) == 1,
                        "{q:?}: {status:?} due {due:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn overdue_means_past_the_reply_date_without_a_reply() {
        use ComplaintStatus as S;
        let yesterday = Some(date!(2026 - 03 - 09));
        for (status, due, expected, why) in [
            (S::Received, yesterday, true, "never taken up"),
            (
                S::Referred,
                yesterday,
                true,
                "a transfer does not reset the date",
            ),
            (S::Accepted, yesterday, true, "accepted is not answered"),
            (
                S::Replied,
                yesterday,
                false,
                "replied in time or late, it is answered",
            ),
            (S::Closed, yesterday, false, "closed"),
            (S::Accepted, Some(TODAY), false, "due today is not yet late"),
            (S::Accepted, None, false, "no reply date"),
        ] {
            assert_eq!(overdue(status, due, TODAY), expected, "{why}");
        }
    }

    fn group(published: Date, ends: Date, withdrawn: Option<Date>, late: bool) -> PenaltyGroup {
        PenaltyGroup {
            restricted: false,
            published,
            ends,
            withdrawn,
            late,
            count: 1,
        }
    }

    #[test]
    fn penalties_are_counted_by_the_public_rule() {
        let far = date!(2029 - 01 - 01);
        let groups = [
            group(TODAY, far, None, false),                // listed, recent
            group(date!(2026 - 02 - 09), far, None, true), // listed, 30th day back: recent, late
            group(
                date!(2026 - 02 - 08),
                far,
                Some(date!(2026 - 03 - 01)),
                true,
            ), // withdrawn: not counted late, as in the public statistics
            group(date!(2025 - 03 - 11), date!(2026 - 03 - 10), None, true), // removed today; late on the 365th day back
            group(date!(2025 - 03 - 10), date!(2026 - 03 - 09), None, true), // removed; late 366 days back: not counted
            group(date!(2026 - 03 - 11), far, None, false), // published tomorrow: listed, not recent, not last
            // Never published: late as in the public statistics, not recent.
            PenaltyGroup {
                restricted: true,
                count: 3,
                ..group(date!(2026 - 03 - 01), far, None, true)
            },
        ];
        let c = PenaltyCounts::count(groups, TODAY);
        assert_eq!(
            c,
            PenaltyCounts {
                listed: 3,
                withdrawn: 1,
                removed: 2,
                restricted: 3,
                recent: 2,
                late: 5,
                last_published: Some(TODAY),
            }
        );
    }

    #[test]
    fn no_records_no_last_day() {
        assert_eq!(PenaltyCounts::count([], TODAY), PenaltyCounts::default());
    }

    fn officer(number: &str, history: Vec<(CertificateEvent, Date)>) -> Officer {
        Officer {
            id: OfficerId::parse(format!("o-{number}")).expect("an id"),
            district: crate::DistrictCode::parse("350602").expect("a code"),
            name: Name::parse("林志明").expect("a name"),
            unit: Unit::Team(TeamId::parse("t-a").expect("a team")),
            certificate: Certificate {
                number: CertificateNumber::parse(number).expect("a number"),
                issuer: Name::parse("漳州市人民政府").expect("a name"),
                categories: vec![Domain::UrbanManagement],
                area: Name::parse("芗城区").expect("a name"),
                history: history
                    .into_iter()
                    .map(|(event, date)| StatusChange {
                        event,
                        date,
                        reason: None,
                    })
                    .collect(),
            },
            secondments: Vec::new(),
            personal: Default::default(),
        }
    }

    fn issued(until: Date) -> (CertificateEvent, Date) {
        (
            CertificateEvent::Issued { valid_until: until },
            date!(2024 - 01 - 01),
        )
    }

    #[test]
    fn roster_counts_each_status_and_lists_expiring_soonest_first() {
        let on = |event| (event, date!(2026 - 01 - 05));
        let officers = [
            officer("35060200001", vec![issued(date!(2028 - 12 - 31))]), // valid, far off
            officer("35060200002", vec![issued(date!(2026 - 05 - 08))]), // 60th day: expiring
            officer("35060200003", vec![issued(date!(2026 - 05 - 09))]), // 61st day: not
            officer("35060200004", vec![issued(TODAY)]),                 // last day today
            officer("35060200005", vec![issued(date!(2026 - 03 - 09))]), // expired yesterday
            officer(
                "35060200006",
                vec![
                    issued(date!(2026 - 04 - 01)),
                    on(CertificateEvent::Suspended),
                ],
            ), // suspended: not listed as expiring
            officer(
                "35060200007",
                vec![issued(date!(2028 - 12 - 31)), on(CertificateEvent::Revoked)],
            ),
            officer(
                "35060200008",
                vec![(
                    CertificateEvent::Issued {
                        valid_until: date!(2030 - 01 - 01),
                    },
                    date!(2026 - 04 - 01),
                )],
            ), // not issued yet: not counted
        ];
        let authority = AuthorityRef {
            id: crate::AuthorityId::parse("t-a-office").expect("an id"),
            name: Name::parse("甲街道办事处").expect("a name"),
            kind: crate::org::AuthorityKind::LocalityOffice,
        };
        let c = RosterCounts::count(officers.iter().map(|o| (o, authority.clone())), TODAY);
        assert_eq!(
            (
                c.officers,
                c.valid,
                c.expired,
                c.suspended,
                c.revoked,
                c.expiring
            ),
            (7, 4, 1, 1, 1, 2)
        );
        let listed: Vec<_> = c
            .expiring_soonest
            .iter()
            .map(|e| (e.certificate.as_str(), e.until))
            .collect();
        assert_eq!(
            listed,
            [
                ("35060200004", TODAY),
                ("35060200002", date!(2026 - 05 - 08))
            ]
        );
    }

    #[test]
    fn the_expiring_list_is_capped_but_the_count_is_not() {
        let officers: Vec<_> = (0..EXPIRING_LISTED + 5)
            .map(|i| {
                officer(
                    &format!("350602{i:05}"),
                    vec![issued(date!(2026 - 04 - 01))],
                )
            })
            .collect();
        let authority = AuthorityRef {
            id: crate::AuthorityId::parse("t-a-office").expect("an id"),
            name: Name::parse("甲街道办事处").expect("a name"),
            kind: crate::org::AuthorityKind::LocalityOffice,
        };
        let c = RosterCounts::count(officers.iter().map(|o| (o, authority.clone())), TODAY);
        assert_eq!(c.expiring, (EXPIRING_LISTED + 5) as u64);
        assert_eq!(c.expiring_soonest.len(), EXPIRING_LISTED);
    }

    #[test]
    fn accounts_count_disabled_apart_and_the_unused_among_the_active() {
        let account = |name: &str, disabled: bool, signed_in: bool| StaffAccount {
            username: crate::staff::Username::parse(name).expect("a name"),
            display_name: name.to_owned(),
            grant: crate::staff::Grant::new(
                crate::staff::Role::Admin,
                crate::DistrictCode::parse("350602").expect("a code"),
                None,
            )
            .expect("a grant"),
            disabled,
            created_at: time::OffsetDateTime::UNIX_EPOCH,
            last_login_at: signed_in.then_some(time::OffsetDateTime::UNIX_EPOCH),
        };
        let accounts = [
            account("staff-a", false, true),
            account("staff-b", false, false),
            account("staff-c", true, false),
            account("staff-d", true, true),
        ];
        assert_eq!(
            AccountCounts::count(&accounts),
            AccountCounts {
                active: 2,
                disabled: 2,
                never_signed_in: 1,
            }
        );
    }
}
