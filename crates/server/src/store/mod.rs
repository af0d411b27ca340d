//! The store: everything the API reads and writes, behind one interface so that a PostgreSQL
//! implementation can stand beside the SQLite one and pass the same tests.
//!
//! Implementations return domain and wire types; SQL and row structs stay inside them.

mod sqlite;

pub use sqlite::SqliteStore;

use async_trait::async_trait;
use gongshi_domain::api::{DistrictSummary, Facet, LocalitySummary};
use gongshi_domain::catalog::{
    Delegation, Domain, Matter, MatterClass, MatterCode, MatterLevel, PowerKind,
};
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::officer::{Auxiliary, Officer, OfficerId, Personal};
use gongshi_domain::search::SearchQuery;
use gongshi_domain::{DistrictCode, DistrictOrg, LocalityId, LocalityKind, ZoneId};
use time::Date;

/// Why the store failed. Callers turn all of these into "internal error" for the client; the
/// detail goes to the log.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A stored value no longer parses: the database was edited by hand or by an older version.
    #[error("stored {what} is invalid: {detail}")]
    Corrupt { what: &'static str, detail: String },
    #[error("unsupported database URL {0:?}: use sqlite://PATH (PostgreSQL support is planned)")]
    UnsupportedUrl(String),
}

pub type StoreResult<T> = Result<T, StoreError>;

/// Which localities `GET /api/v1/localities` lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LocalityFilter {
    pub district: Option<DistrictCode>,
    pub zone: Option<ZoneId>,
    pub kind: Option<LocalityKind>,
    /// `Some(false)`: only localities in no zone.
    pub zoned: Option<bool>,
}

/// Which matters `GET /api/v1/matters` lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatterFilter {
    pub district: Option<DistrictCode>,
    pub domain: Option<Domain>,
    pub power_kind: Option<PowerKind>,
    pub class: Option<MatterClass>,
    pub level: Option<MatterLevel>,
    /// With `delegated`: whether the matter is delegated to this locality on `as_of`.
    pub locality: Option<LocalityId>,
    pub delegated: Option<bool>,
    pub as_of: Date,
    /// Words to find in the code, name or legal basis (see [`gongshi_domain::search`]).
    pub q: Option<SearchQuery>,
}

/// The persistence interface of the API.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug + 'static {
    /// Succeeds when the database answers and is migrated.
    async fn ping(&self) -> StoreResult<()>;

    /// True when no organisation has been loaded yet (first start).
    async fn is_empty(&self) -> StoreResult<bool>;

    /// Replaces the organisation data with `orgs`, all or nothing.
    async fn replace_organisation(&self, orgs: &[DistrictOrg]) -> StoreResult<()>;

    /// Districts ordered by code, after the keyset `after`.
    async fn districts(
        &self,
        after: Option<&DistrictCode>,
        limit: u32,
    ) -> StoreResult<Vec<DistrictSummary>>;

    /// One district's whole organisation.
    async fn district_org(&self, code: &DistrictCode) -> StoreResult<Option<DistrictOrg>>;

    async fn district_of_zone(&self, zone: &ZoneId) -> StoreResult<Option<DistrictCode>>;

    async fn district_of_locality(&self, id: &LocalityId) -> StoreResult<Option<DistrictCode>>;

    /// Localities matching `filter`, ordered by id, after the keyset `after`.
    async fn localities(
        &self,
        filter: &LocalityFilter,
        after: Option<&LocalityId>,
        limit: u32,
    ) -> StoreResult<Vec<LocalitySummary>>;

    /// Counts of the filtered localities by kind and by zone (ignoring paging).
    async fn locality_facets(&self, filter: &LocalityFilter) -> StoreResult<Vec<Facet>>;

    /// Replaces one district's catalog (matters and delegation history), all or nothing.
    async fn replace_catalog(
        &self,
        district: &DistrictCode,
        matters: &[Matter],
        history: &[Delegation],
    ) -> StoreResult<()>;

    /// Matters matching `filter`, ordered by code, after the keyset `after`.
    async fn matters(
        &self,
        filter: &MatterFilter,
        after: Option<&MatterCode>,
        limit: u32,
    ) -> StoreResult<Vec<Matter>>;

    /// Counts of the filtered matters by domain, power kind, class and level (ignoring paging).
    async fn matter_facets(&self, filter: &MatterFilter) -> StoreResult<Vec<Facet>>;

    async fn matter(&self, code: &MatterCode) -> StoreResult<Option<Matter>>;

    /// The acts in force on `date` (the latest effective on or before it, one per matter and
    /// locality) at `localities` for a district's matters in `domains`: what deciding who holds
    /// those matters there on that date needs.
    async fn acts_in_force(
        &self,
        district: &DistrictCode,
        domains: &[Domain],
        localities: &[LocalityId],
        date: Date,
    ) -> StoreResult<Vec<Delegation>>;

    /// A district's matters in `domains`, and with `codes` only those.
    async fn matters_of(
        &self,
        district: &DistrictCode,
        domains: &[Domain],
        codes: Option<&[MatterCode]>,
    ) -> StoreResult<Vec<Matter>>;

    /// Replaces one district's officers and auxiliaries, all or nothing.
    async fn replace_roster(
        &self,
        district: &DistrictCode,
        officers: &[Officer],
        auxiliaries: &[Auxiliary],
    ) -> StoreResult<()>;

    /// A district's officers (or every district's), ordered by certificate number. Personal data
    /// is not read: every officer returned has an empty [`Personal`].
    async fn officers(&self, district: Option<&DistrictCode>) -> StoreResult<Vec<Officer>>;

    /// The officer holding a certificate number (personal data not read).
    async fn officer(&self, number: &CertificateNumber) -> StoreResult<Option<Officer>>;

    /// An officer's personal data, for the staff side only.
    async fn officer_personal(&self, id: &OfficerId) -> StoreResult<Option<Personal>>;

    /// The delegation history of a matter (at every locality) or of a locality (for every matter),
    /// in effective-date order.
    async fn delegations(
        &self,
        matter: Option<&MatterCode>,
        locality: Option<&LocalityId>,
    ) -> StoreResult<Vec<Delegation>>;
}

/// Opens the store a database URL names, creating and migrating the database if needed.
pub async fn open(url: &str) -> StoreResult<std::sync::Arc<dyn Store>> {
    if url.starts_with("sqlite:") {
        Ok(std::sync::Arc::new(SqliteStore::open(url).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}
