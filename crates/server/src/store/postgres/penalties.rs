//! The penalties half of [`PgStore`] (PostgreSQL): to be ported from the SQLite store.

#![allow(unused_imports, unused_variables)]

use super::{PgStore, parse};
use crate::params::spelling;
use crate::store::rows::date_string;
use crate::store::{
    Count, PenaltyCursor, PenaltyFilter, PenaltyRow, PenaltySort, PenaltyWrite, StatsRows,
    StoreError, StoreResult,
};
use gongshi_domain::api::{
    AuthorityRef, DistrictRef, Facet, FacetCount, LocalityRef, MatterRef, disjunctive_facets,
};
use gongshi_domain::mask::mask_person_name;
use gongshi_domain::money::Fen;
use gongshi_domain::penalty::{
    PartyKind, PenaltyDetail, PenaltyId, PenaltyKind, PenaltyListItem, PenaltyPage, PenaltySummary,
    Visibility, WithdrawnStub, visibility,
};
use gongshi_domain::penalty_import::fields_of;
use gongshi_domain::penalty_stats::Tally;
use gongshi_domain::search::{NgramQuery, SearchQuery, index_chars, ngram_terms};
use gongshi_domain::{AuthorityKind, DistrictCode, LocalityKind};
use serde::Serialize;
use sqlx::postgres::PgRow;
use sqlx::{Postgres, QueryBuilder, Row};
use time::Date;
use time::macros::date;

impl PgStore {
    pub(super) async fn replace_penalties_impl(
        &self,
        district: &DistrictCode,
        penalties: &mut (dyn Iterator<Item = PenaltyWrite> + Send),
        progress: &(dyn Fn(u64) + Send + Sync),
        today: Date,
    ) -> StoreResult<u64> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn refresh_penalty_summaries_impl(&self, today: Date) -> StoreResult<()> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn penalties_impl(
        &self,
        filter: &PenaltyFilter,
        sort: PenaltySort,
        after: Option<PenaltyCursor>,
        limit: u32,
    ) -> StoreResult<Vec<PenaltyRow>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn penalty_count_impl(
        &self,
        filter: &PenaltyFilter,
        cap: u64,
    ) -> StoreResult<Count> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn penalty_facets_impl(
        &self,
        filter: &PenaltyFilter,
        cap: u64,
    ) -> StoreResult<Option<Vec<Facet>>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn penalty_stats_impl(
        &self,
        district: &DistrictCode,
        year: Option<i32>,
    ) -> StoreResult<StatsRows> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn penalty_impl(
        &self,
        id: PenaltyId,
        today: Date,
    ) -> StoreResult<Option<PenaltyPage>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) fn export_penalties_impl(
        &self,
        filter: PenaltyFilter,
        sort: PenaltySort,
    ) -> tokio::sync::mpsc::Receiver<StoreResult<PenaltyPage>> {
        unimplemented!("PostgreSQL: not ported yet")
    }
}
