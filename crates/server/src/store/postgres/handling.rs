//! The handling half of [`PgStore`] (PostgreSQL): to be ported from the SQLite store.

#![allow(unused_imports, unused_variables)]

use super::{PgStore, parse};
use crate::params::spelling;
use crate::store::rows::date;
use crate::store::rows::{rfc3339, timestamp};
use crate::store::{CaseChange, CaseRecord, InboxFilter, StoreResult};
use gongshi_domain::complaint::{ComplaintStatus, Contact, GeoPoint, TrackingCode};
use gongshi_domain::dashboard::CaseGroup;
use gongshi_domain::handling::{CaseStep, InboxItem, InternalNote};
use gongshi_domain::{AuthorityId, DistrictCode};
use sqlx::Row;
use time::OffsetDateTime;

impl PgStore {
    pub(super) async fn case_groups_impl(
        &self,
        district: &DistrictCode,
        authority: Option<&AuthorityId>,
    ) -> StoreResult<Vec<CaseGroup>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn complaint_inbox_impl(
        &self,
        f: &InboxFilter,
    ) -> StoreResult<Vec<(i64, InboxItem)>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn case_impl(&self, code: &TrackingCode) -> StoreResult<Option<CaseRecord>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn change_case_impl(
        &self,
        code: &TrackingCode,
        expected: (ComplaintStatus, &AuthorityId),
        change: &CaseChange,
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn complaint_photo_impl(
        &self,
        code: &TrackingCode,
        n: u32,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        unimplemented!("PostgreSQL: not ported yet")
    }
}
