//! Handling complaints and tips on the staff side: which status may follow which, whom a case may
//! be transferred (移送) to under the jurisdiction rules, who sees the complainant's contact, and the
//! wire types of the inbox and a case.

use crate::api::AuthorityRef;
use crate::catalog::{Domain, Matter, MatterCode};
use crate::certificate::CertificateNumber;
use crate::complaint::{ComplaintKind, ComplaintStatus, GeoPoint, Privacy, Route, TrackingCode};
use crate::staff::{Grant, Role};
use crate::{AuthorityId, DistrictCode, DistrictOrg, LocalityId};
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;

/// The longest reply, note or reason.
pub const TEXT_MAX: usize = 2000;

impl ComplaintStatus {
    /// Whether a handler may move a case from `self` to `next`. A reply is its own step
    /// ([`ComplaintStatus::Replied`]); a transfer makes it [`ComplaintStatus::Referred`] at the new
    /// body, which then accepts it. A closed case stays closed.
    pub fn may_become(self, next: Self) -> bool {
        use ComplaintStatus as S;
        match (self, next) {
            (S::Closed, _) => false,
            (_, S::Received) => false,
            (S::Received | S::Referred, S::Accepted) => true,
            (S::Accepted | S::Replied, S::Accepted) => false,
            (_, S::Replied | S::Referred) => true,
            (S::Replied, S::Closed) => true,
            (S::Received | S::Accepted | S::Referred, S::Closed) => false,
        }
    }
}

/// Where a case may be transferred: the bodies the jurisdiction rules give it to other than its
/// current one — the department that holds its matter where it is not delegated, the authority of
/// the place (which answers for enforcement in its name), and the district bureau (which takes what
/// no one else clearly holds).
pub fn transfer_targets(
    org: &DistrictOrg,
    locality: &LocalityId,
    matter: Option<&Matter>,
    current: &AuthorityId,
) -> Vec<AuthorityId> {
    let mut targets = Vec::new();
    let department_authority = |d: &crate::DepartmentId| {
        org.authorities
            .iter()
            .find(|a| a.department.as_ref() == Some(d))
            .map(|a| a.id.clone())
    };
    if let Some(m) = matter {
        targets.extend(department_authority(&m.department));
    }
    if let Some(l) = org.locality(locality) {
        targets.push(l.authority.clone());
    }
    targets.extend(department_authority(&org.district.bureau));
    let mut seen = std::collections::BTreeSet::new();
    targets.retain(|a| a != current && seen.insert(a.clone()));
    targets
}

/// Whether `grant` sees the complainant's contact on a case now held by `current` and first routed
/// to `original`: only the handlers of the handling body; with [`Privacy::HandlerOnly`] only while
/// the case is still with the body it was first sent to (the contact is not passed on).
pub fn sees_contact(
    grant: &Grant,
    district: &DistrictCode,
    privacy: Privacy,
    current: &AuthorityId,
    original: &AuthorityId,
) -> bool {
    match privacy {
        Privacy::Anonymous => false,
        Privacy::NameWithheld => grant.sees_contact(district, current),
        Privacy::HandlerOnly => current == original && grant.sees_contact(district, current),
    }
}

/// Whether `grant` may read a case of `district` held by `authority`: its handlers, and the
/// district's supervisors (every case of the district).
pub fn may_read(grant: &Grant, district: &DistrictCode, authority: &AuthorityId) -> bool {
    grant.may_handle(district, authority)
        || (grant.role == Role::Supervisor && &grant.district == district)
}

/// A row of the inbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InboxItem {
    pub code: TrackingCode,
    pub kind: ComplaintKind,
    pub status: ComplaintStatus,
    pub supervised: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub submitted_at: OffsetDateTime,
    pub reply_due: Option<Date>,
    /// Past the reply date without a reply.
    pub overdue: bool,
    pub locality: LocalityId,
    pub authority: AuthorityId,
    /// The start of the description.
    pub summary: String,
}

/// The complainant's contact, for those who may see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct ContactView {
    pub name: Option<String>,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// One step of a case as staff see it: who took it, and where the case was after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct CaseStep {
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    pub status: ComplaintStatus,
    /// What the public reads for this step (a reply, a transfer's reason).
    pub note: Option<String>,
    /// The staff member (user name); none for the submission.
    pub actor: Option<String>,
    /// The body holding the case after this step.
    pub authority: Option<AuthorityId>,
}

/// An internal note: never public.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct InternalNote {
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    pub actor: String,
    pub text: String,
}

/// A case as staff see it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Case {
    pub code: TrackingCode,
    pub kind: ComplaintKind,
    pub status: ComplaintStatus,
    pub supervised: bool,
    #[serde(with = "time::serde::rfc3339")]
    #[schema(value_type = String, format = DateTime)]
    pub submitted_at: OffsetDateTime,
    pub reply_due: Option<Date>,
    pub overdue: bool,
    pub district: DistrictCode,
    pub locality: LocalityId,
    pub address: Option<String>,
    pub location: Option<GeoPoint>,
    pub happened_on: Date,
    pub matter: Option<MatterCode>,
    pub domain: Option<Domain>,
    pub officer: Option<CertificateNumber>,
    pub description: String,
    pub privacy: Privacy,
    /// The body handling it now.
    pub authority: AuthorityRef,
    /// Where it was first sent, and why.
    pub route: Route,
    /// Only for those who may see it (see [`sees_contact`]); otherwise absent.
    pub contact: Option<ContactView>,
    pub photos: u32,
    pub timeline: Vec<CaseStep>,
    pub notes: Vec<InternalNote>,
    /// Whether the signed-in user may change it (a handler of its body).
    pub may_handle: bool,
    /// Where it may be transferred.
    pub transfer_targets: Vec<AuthorityRef>,
}

/// A status change (accept, close).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StatusForm {
    pub status: ComplaintStatus,
}

/// A public reply, an internal note, or a transfer's reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TextForm {
    pub text: String,
}

/// A transfer (移送) to another body, with the reason the citizen reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TransferForm {
    pub authority: AuthorityId,
    pub reason: String,
}

/// Checks a reply, note or reason: trimmed, 1 to [`TEXT_MAX`] characters, no control characters
/// but line breaks.
pub fn check_text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()
        && t.chars().count() <= TEXT_MAX
        && !t.chars().any(|c| c.is_control() && c != '\n'))
    .then(|| t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use ComplaintStatus as S;

    #[test]
    fn statuses_move_forward_and_a_closed_case_stays_closed() {
        assert!(S::Received.may_become(S::Accepted));
        assert!(S::Received.may_become(S::Replied));
        assert!(S::Accepted.may_become(S::Referred));
        assert!(S::Referred.may_become(S::Accepted));
        assert!(S::Replied.may_become(S::Replied), "a further reply");
        assert!(S::Replied.may_become(S::Closed));
        assert!(!S::Received.may_become(S::Closed), "closed without a reply");
        assert!(!S::Accepted.may_become(S::Accepted));
        for s in ComplaintStatus::ALL {
            assert!(!S::Closed.may_become(s));
            assert!(!s.may_become(S::Received));
        }
    }

    #[test]
    fn transfers_go_to_the_bodies_jurisdiction_names_never_back_to_the_same() {
        let org = fixtures::district();
        let a = &org.localities[0];
        let bureau = AuthorityId::parse("t-bureau").expect("id");
        let targets = transfer_targets(&org, &a.id, None, &a.authority);
        assert_eq!(targets, std::slice::from_ref(&bureau));
        let targets = transfer_targets(&org, &a.id, None, &bureau);
        assert_eq!(targets, std::slice::from_ref(&a.authority));
    }

    #[test]
    fn contact_goes_to_the_handlers_and_handler_only_stays_with_the_first_body() {
        let org = fixtures::district();
        let d = org.district.code.clone();
        let first = org.localities[0].authority.clone();
        let second = org.localities[1].authority.clone();
        let handler =
            |a: &AuthorityId| Grant::new(Role::Handler, d.clone(), Some(a.clone())).expect("grant");
        let supervisor = Grant::new(Role::Supervisor, d.clone(), None).expect("grant");
        let p = Privacy::NameWithheld;
        assert!(sees_contact(&handler(&first), &d, p, &first, &first));
        assert!(!sees_contact(&handler(&second), &d, p, &first, &first));
        assert!(!sees_contact(&supervisor, &d, p, &first, &first));
        // Transferred: passed on with the case…
        assert!(sees_contact(&handler(&second), &d, p, &second, &first));
        // …unless only the first handler may have it.
        let h = Privacy::HandlerOnly;
        assert!(sees_contact(&handler(&first), &d, h, &first, &first));
        assert!(!sees_contact(&handler(&second), &d, h, &second, &first));
        assert!(!sees_contact(
            &handler(&first),
            &d,
            Privacy::Anonymous,
            &first,
            &first
        ));
        assert!(may_read(&supervisor, &d, &second));
        assert!(!may_read(&handler(&first), &d, &second));
    }
}
