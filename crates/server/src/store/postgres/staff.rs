//! The staff half of [`PgStore`] (PostgreSQL): to be ported from the SQLite store.

#![allow(unused_imports, unused_variables)]

use super::PgStore;
use crate::params::spelling;
use crate::store::rows::rfc3339;
use crate::store::{NewStaffUser, StaffSession, StaffUser, StoreError, StoreResult};
use gongshi_domain::staff::{Grant, Role, StaffAccount, Username};
use gongshi_domain::{AuthorityId, DistrictCode};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

impl PgStore {
    pub(super) async fn staff_accounts_impl(
        &self,
        district: &DistrictCode,
    ) -> StoreResult<Vec<StaffAccount>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn staff_account_impl(
        &self,
        district: &DistrictCode,
        username: &Username,
    ) -> StoreResult<Option<StaffAccount>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn set_staff_disabled_impl(
        &self,
        district: &DistrictCode,
        username: &Username,
        disabled: bool,
    ) -> StoreResult<bool> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn set_staff_password_impl(
        &self,
        district: &DistrictCode,
        username: &Username,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<bool> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn add_staff_user_impl(&self, u: &NewStaffUser) -> StoreResult<bool> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn staff_user_impl(
        &self,
        username: &Username,
    ) -> StoreResult<Option<StaffUser>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn open_session_impl(
        &self,
        user: i64,
        token_sha256: &str,
        csrf_token: &str,
        expires_at: OffsetDateTime,
    ) -> StoreResult<()> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn session_impl(
        &self,
        token_sha256: &str,
        now: OffsetDateTime,
    ) -> StoreResult<Option<(StaffUser, StaffSession)>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn close_session_impl(&self, token_sha256: &str) -> StoreResult<()> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn login_failed_impl(
        &self,
        client: &str,
        username: &str,
        at: OffsetDateTime,
        since: OffsetDateTime,
    ) -> StoreResult<(u64, u64)> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn login_failures_impl(
        &self,
        client: &str,
        username: &str,
        since: OffsetDateTime,
    ) -> StoreResult<(u64, u64)> {
        unimplemented!("PostgreSQL: not ported yet")
    }
}
