//! The roster half of [`PgStore`] (PostgreSQL): to be ported from the SQLite store.

#![allow(unused_imports, unused_variables)]

use super::{PgStore, parse};
use crate::store::rows::date_string;
use crate::store::{StoreError, StoreResult};
use gongshi_domain::DistrictCode;
use gongshi_domain::certificate::{Certificate, CertificateNumber};
use gongshi_domain::log::LogChange;
use gongshi_domain::officer::{Auxiliary, Officer, OfficerId, Personal, Secondment, Unit};
use serde::Serialize;
use serde::de::DeserializeOwned;

impl PgStore {
    pub(super) async fn add_officers_impl(
        &self,
        district: &DistrictCode,
        officers: &[(Officer, (LogChange, serde_json::Value))],
    ) -> StoreResult<Option<Vec<u64>>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn certificates_taken_impl(
        &self,
        numbers: &[CertificateNumber],
    ) -> StoreResult<Vec<CertificateNumber>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn change_secondments_impl(
        &self,
        number: &CertificateNumber,
        seen: &[Secondment],
        secondments: &[Secondment],
        log: (LogChange, serde_json::Value),
    ) -> StoreResult<Option<u64>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn replace_roster_impl(
        &self,
        district: &DistrictCode,
        officers: &[Officer],
        auxiliaries: &[Auxiliary],
    ) -> StoreResult<()> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn officers_impl(
        &self,
        district: Option<&DistrictCode>,
    ) -> StoreResult<Vec<Officer>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn officer_impl(
        &self,
        number: &CertificateNumber,
    ) -> StoreResult<Option<Officer>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn officer_personal_impl(
        &self,
        id: &OfficerId,
    ) -> StoreResult<Option<Personal>> {
        unimplemented!("PostgreSQL: not ported yet")
    }

    pub(super) async fn change_certificate_impl(
        &self,
        number: &CertificateNumber,
        seen: usize,
        change: &gongshi_domain::certificate::StatusChange,
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Option<u64>> {
        unimplemented!("PostgreSQL: not ported yet")
    }
}
