//! The catalog half of [`PgStore`] (PostgreSQL): to be ported from the SQLite store.

#![allow(unused_imports, unused_variables)]

use super::{PgStore, parse};
use crate::params::spelling;
use crate::store::{MatterFilter, StoreError, StoreResult};
use gongshi_domain::api::{Facet, disjunctive_facets};
use gongshi_domain::catalog::{Delegation, LegalBasis, Matter, MatterCode};
use gongshi_domain::{DistrictCode, LocalityId};
use serde::de::DeserializeOwned;
use sqlx::{Postgres, QueryBuilder};
use time::Date;
use time::macros::format_description;

impl PgStore {
    pub(super) async fn replace_catalog_impl(
        &self,
        district: &DistrictCode,
        matters: &[Matter],
        history: &[Delegation],
    ) -> StoreResult<()> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn add_round_impl(
        &self,
        acts: &[Delegation],
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<u64> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn matters_impl(
        &self,
        filter: &MatterFilter,
        after: Option<&MatterCode>,
        limit: u32,
    ) -> StoreResult<Vec<Matter>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn matter_facets_impl(
        &self,
        filter: &MatterFilter,
    ) -> StoreResult<Vec<Facet>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn matter_impl(&self, code: &MatterCode) -> StoreResult<Option<Matter>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn delegations_impl(
        &self,
        matter: Option<&MatterCode>,
        locality: Option<&LocalityId>,
    ) -> StoreResult<Vec<Delegation>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn acts_in_force_impl(
        &self,
        district: &DistrictCode,
        domains: &[gongshi_domain::catalog::Domain],
        localities: &[LocalityId],
        on: Date,
    ) -> StoreResult<Vec<Delegation>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn matters_of_impl(
        &self,
        district: &DistrictCode,
        domains: &[gongshi_domain::catalog::Domain],
        codes: Option<&[MatterCode]>,
    ) -> StoreResult<Vec<Matter>> {
        unimplemented!("PostgreSQL: not ported yet")
    }
}
