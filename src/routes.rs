//! The client routes, as one enum: pages link with `AppRoute::…href()`, and the router in `lib.rs`
//! matches the same paths, so a link cannot point at a page that does not exist.

use gongshi_domain::catalog::MatterCode;
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::complaint::TrackingCode;
use gongshi_domain::penalty::PenaltyId;
use gongshi_domain::{DistrictCode, LocalityId, ZoneId};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AppRoute {
    Home,
    District(DistrictCode),
    Zone(ZoneId),
    Locality(LocalityId),
    /// The enforcement catalog (its filters ride in the query string).
    Catalog,
    Matter(MatterCode),
    /// 谁来管？ (its inputs ride in the query string).
    Who,
    /// The officer roster (its filters ride in the query string).
    Officers,
    /// An officer's public record, by certificate number.
    Officer(CertificateNumber),
    /// 核验执法证: the form, or the result for one number (what the card's QR code opens).
    Check(Option<CertificateNumber>),
    /// 行政处罚公示 (its filters ride in the query string).
    Penalties,
    /// One decision's public record (or its withdrawn / removed stub).
    Penalty(PenaltyId),
    /// Statistics of a district (`district` and `year` ride in the query string).
    PenaltyStats,
    /// The printable annual report of a district for a year.
    AnnualReport(DistrictCode, i32),
    /// 投诉举报: the form.
    ComplaintNew,
    /// Tracking: the form, or one submission's status (the secret is typed, never in the URL).
    Track(Option<TrackingCode>),
    /// Complaint statistics of a district (`district` and `year` ride in the query string).
    ComplaintStats,
    /// The public change log (`subject` in the query string narrows it to one record's history).
    Log,
    /// The staff area's start: sign-in, then what the signed-in role does.
    Staff,
    /// The signed-in publisher's records.
    StaffPenalties,
    /// A new record typed in the form.
    StaffPenaltyNew,
    /// One record: correct or withdraw it.
    StaffPenalty(PenaltyId),
    /// Bulk import: check a file, then commit it.
    StaffImport,
    /// The complaint inbox (its filters ride in the query string).
    StaffInbox,
    /// One complaint as staff handle it.
    StaffCase(TrackingCode),
    /// A district admin's staff accounts.
    StaffUsers,
    /// Keeping the roster: find an officer (`certificate` in the query string), change the
    /// certificate's status, second or end a secondment.
    StaffRoster,
    /// One officer typed in the form.
    StaffOfficerNew,
    /// Bulk import of officers.
    StaffRosterImport,
    /// A catalog adjustment round (admins).
    StaffCatalog,
}

impl AppRoute {
    /// The path segments the router matches (see `lib.rs`).
    pub const DISTRICT: &'static str = "districts";
    pub const ZONE: &'static str = "zones";
    pub const LOCALITY: &'static str = "localities";
    pub const CATALOG: &'static str = "matters";
    pub const WHO: &'static str = "who";
    pub const OFFICERS: &'static str = "officers";
    pub const CHECK: &'static str = "check";
    pub const PENALTIES: &'static str = "penalties";
    pub const COMPLAINTS: &'static str = "complaints";
    pub const LOG: &'static str = "log";
    pub const STAFF: &'static str = "staff";

    pub fn href(&self) -> String {
        match self {
            AppRoute::Home => "/".to_owned(),
            AppRoute::District(code) => format!("/{}/{code}", Self::DISTRICT),
            AppRoute::Zone(id) => format!("/{}/{id}", Self::ZONE),
            AppRoute::Locality(id) => format!("/{}/{id}", Self::LOCALITY),
            AppRoute::Catalog => format!("/{}", Self::CATALOG),
            AppRoute::Matter(code) => format!("/{}/{code}", Self::CATALOG),
            AppRoute::Who => format!("/{}", Self::WHO),
            AppRoute::Officers => format!("/{}", Self::OFFICERS),
            AppRoute::Officer(n) => {
                format!("/{}/{}", Self::OFFICERS, crate::api::segment(n.as_str()))
            }
            AppRoute::Check(None) => format!("/{}", Self::CHECK),
            AppRoute::Check(Some(n)) => {
                format!("/{}/{}", Self::CHECK, crate::api::segment(n.as_str()))
            }
            AppRoute::Penalties => format!("/{}", Self::PENALTIES),
            AppRoute::Penalty(id) => format!("/{}/{id}", Self::PENALTIES),
            AppRoute::PenaltyStats => format!("/{}/stats", Self::PENALTIES),
            AppRoute::AnnualReport(district, year) => {
                format!("/{}/report/{district}/{year}", Self::PENALTIES)
            }
            AppRoute::ComplaintNew => format!("/{}/new", Self::COMPLAINTS),
            AppRoute::Track(None) => format!("/{}/track", Self::COMPLAINTS),
            AppRoute::Track(Some(code)) => {
                format!("/{}/track/{}", Self::COMPLAINTS, code.as_str())
            }
            AppRoute::ComplaintStats => format!("/{}/stats", Self::COMPLAINTS),
            AppRoute::Log => format!("/{}", Self::LOG),
            AppRoute::Staff => format!("/{}", Self::STAFF),
            AppRoute::StaffPenalties => format!("/{}/penalties", Self::STAFF),
            AppRoute::StaffPenaltyNew => format!("/{}/penalties/new", Self::STAFF),
            AppRoute::StaffPenalty(id) => format!("/{}/penalties/{id}", Self::STAFF),
            AppRoute::StaffImport => format!("/{}/penalties/import", Self::STAFF),
            AppRoute::StaffInbox => format!("/{}/complaints", Self::STAFF),
            AppRoute::StaffCase(code) => format!("/{}/complaints/{}", Self::STAFF, code.as_str()),
            AppRoute::StaffUsers => format!("/{}/users", Self::STAFF),
            AppRoute::StaffRoster => format!("/{}/officers", Self::STAFF),
            AppRoute::StaffOfficerNew => format!("/{}/officers/new", Self::STAFF),
            AppRoute::StaffRosterImport => format!("/{}/officers/import", Self::STAFF),
            AppRoute::StaffCatalog => format!("/{}/catalog", Self::STAFF),
        }
    }

    /// The page with a query string from the pairs that have a value.
    pub fn href_with(&self, pairs: &[(&str, Option<&str>)]) -> String {
        format!("{}{}", self.href(), crate::api::query_string(pairs))
    }

    /// The page as it stood on `date` (pages that take one: a matter, the catalog, 谁来管？).
    pub fn href_on(&self, date: Option<&str>) -> String {
        self.href_with(&[("date", date)])
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn hrefs() {
        let code = DistrictCode::parse("350602").expect("valid");
        assert_eq!(AppRoute::District(code).href(), "/districts/350602");
        let zone = ZoneId::parse("xc-east").expect("valid");
        assert_eq!(AppRoute::Zone(zone).href(), "/zones/xc-east");
        assert_eq!(AppRoute::Home.href(), "/");
        let code = MatterCode::parse("350602001F004200").expect("valid");
        assert_eq!(AppRoute::Matter(code).href(), "/matters/350602001F004200");
        assert_eq!(AppRoute::Who.href(), "/who");
        assert_eq!(AppRoute::Penalty(PenaltyId(42)).href(), "/penalties/42");
        let code = DistrictCode::parse("350602").expect("valid");
        assert_eq!(
            AppRoute::AnnualReport(code, 2025).href(),
            "/penalties/report/350602/2025"
        );
        assert_eq!(AppRoute::ComplaintNew.href(), "/complaints/new");
        let code = TrackingCode::from_random([1, 2, 3, 4, 5, 6, 7, 8]);
        assert_eq!(
            AppRoute::Track(Some(code.clone())).href(),
            format!("/complaints/track/{}", code.as_str())
        );
        assert_eq!(AppRoute::Log.href(), "/log");
        assert_eq!(
            AppRoute::StaffPenalty(PenaltyId(7)).href(),
            "/staff/penalties/7"
        );
        assert_eq!(AppRoute::StaffImport.href(), "/staff/penalties/import");
        assert_eq!(
            AppRoute::StaffCase(code.clone()).href(),
            format!("/staff/complaints/{}", code.as_str())
        );
    }
}
