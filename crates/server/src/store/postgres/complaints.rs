//! The complaints half of [`PgStore`] (PostgreSQL): to be ported from the SQLite store.

#![allow(unused_imports, unused_variables)]

use super::{PgStore, parse};
use crate::params::spelling;
use crate::store::rows::{date, date_string};
use crate::store::{
    ComplaintRecord, ComplaintWrite, RateLimits, StoreError, StoreResult, Submitted,
};
use gongshi_domain::complaint::{REPEAT_WINDOW_DAYS, TimelineEntry, TrackingCode, is_supervised};
use time::format_description::well_known::Rfc3339;
use time::{Date, Duration, OffsetDateTime};

impl PgStore {
    pub(super) async fn server_secret_impl(&self, name: &str) -> StoreResult<String> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn submit_complaint_impl(
        &self,
        w: &ComplaintWrite,
        limits: RateLimits,
    ) -> StoreResult<Submitted> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn complaint_impl(
        &self,
        code: &TrackingCode,
    ) -> StoreResult<Option<ComplaintRecord>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn complaint_stats_impl(
        &self,
        district: &gongshi_domain::DistrictCode,
        year: Option<i32>,
    ) -> StoreResult<crate::store::ComplaintStatsRows> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn public_complaints_impl(
        &self,
        f: &crate::store::PublicComplaintFilter,
    ) -> StoreResult<Vec<crate::store::PublicComplaintRow>> {
        unimplemented!("PostgreSQL: not ported yet")
    }
}
