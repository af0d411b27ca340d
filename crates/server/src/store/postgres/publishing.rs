//! The publishing half of [`PgStore`] (PostgreSQL): to be ported from the SQLite store.

#![allow(unused_imports, unused_variables)]

use super::{PgStore, parse};
use crate::store::rows::{from_json, sort_key, stored_date};
use crate::store::{
    Publication, Rewritten, StaffPenalty, StaffPenaltyRow, StoreError, StoreResult,
};
use gongshi_domain::dashboard::PenaltyGroup;
use gongshi_domain::penalty::{PenaltyId, Withdrawal};
use gongshi_domain::penalty_import::Fields;
use gongshi_domain::{AuthorityId, DistrictCode};
use sqlx::Row;

impl PgStore {
    pub(super) async fn publish_penalties_impl(
        &self,
        district: &DistrictCode,
        make: &(dyn Fn(PenaltyId) -> Vec<Publication> + Send + Sync),
    ) -> StoreResult<Option<Vec<(PenaltyId, Option<u64>)>>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn replace_penalty_impl(
        &self,
        district: &DistrictCode,
        publication: Publication,
    ) -> StoreResult<Rewritten> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn withdraw_penalty_impl(
        &self,
        id: PenaltyId,
        withdrawal: &Withdrawal,
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Rewritten> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn staff_penalty_impl(
        &self,
        id: PenaltyId,
    ) -> StoreResult<Option<StaffPenalty>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn staff_penalties_impl(
        &self,
        authority: &AuthorityId,
        before: Option<PenaltyId>,
        limit: u32,
    ) -> StoreResult<Vec<StaffPenaltyRow>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn penalty_groups_impl(
        &self,
        authority: &AuthorityId,
    ) -> StoreResult<Vec<PenaltyGroup>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn decision_numbers_taken_impl(
        &self,
        authority: &AuthorityId,
        numbers: &[String],
    ) -> StoreResult<Vec<(String, PenaltyId)>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn penalty_states_impl(
        &self,
        ids: &[PenaltyId],
    ) -> StoreResult<Vec<crate::store::PenaltyState>> {
        unimplemented!("PostgreSQL: not ported yet")
    }
}
