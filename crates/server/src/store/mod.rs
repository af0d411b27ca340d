//! The store: everything the API reads and writes, behind one interface so that a PostgreSQL
//! implementation can stand beside the SQLite one and pass the same tests.
//!
//! Implementations return domain and wire types; SQL and row structs stay inside them.

pub mod copy;
mod postgres;
mod rows;
mod sqlite;

pub use postgres::PgStore;
pub use sqlite::SqliteStore;

use async_trait::async_trait;
use gongshi_domain::api::{DistrictSummary, Facet, LocalitySummary};
use gongshi_domain::catalog::{
    Delegation, Domain, Matter, MatterClass, MatterCode, MatterLevel, PowerKind,
};
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::complaint::{
    Complaint, ComplaintKind, ComplaintStatus, Route, TimelineEntry, TrackingCode,
};
use gongshi_domain::money::Fen;
use gongshi_domain::officer::{Auxiliary, Officer, OfficerId, Personal};
use gongshi_domain::penalty::{
    PartyKind, Penalty, PenaltyId, PenaltyKind, PenaltyListItem, PenaltyPage, Procedure,
    PublicPenalty,
};
use gongshi_domain::penalty_stats::Tally;
use gongshi_domain::search::SearchQuery;
use gongshi_domain::staff::{Grant, StaffAccount, Username};
use gongshi_domain::{AuthorityId, DistrictCode, DistrictOrg, LocalityId, LocalityKind, ZoneId};
use time::{Date, OffsetDateTime};

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
    #[error("unsupported database URL {0:?}: use sqlite://PATH or postgres://USER@HOST/DATABASE")]
    UnsupportedUrl(String),
    #[error("a read replica needs PostgreSQL: SQLite is one file on one machine")]
    ReplicaNeedsPostgres,
}

impl StoreError {
    /// The database is there but another writer held it past the wait ([`LOCK_WAIT`]), or no
    /// connection came free in time: worth retrying shortly, not a fault.
    pub fn is_busy(&self) -> bool {
        match self {
            Self::Database(sqlx::Error::PoolTimedOut) => true,
            // SQLite: SQLITE_BUSY and its extended codes (recovery, snapshot, timeout);
            // PostgreSQL: lock_not_available, which lock_timeout raises.
            Self::Database(sqlx::Error::Database(e)) => matches!(
                e.code().as_deref(),
                Some("5" | "261" | "517" | "773" | "55P03")
            ),
            _ => false,
        }
    }
}

/// How long a write waits for the writer before it is answered 503 (SQLite's busy timeout,
/// PostgreSQL's lock_timeout on the writer lock).
pub const LOCK_WAIT: std::time::Duration = std::time::Duration::from_secs(5);

pub type StoreResult<T> = Result<T, StoreError>;

/// A staff account to create.
#[derive(Debug, Clone)]
pub struct NewStaffUser {
    pub username: Username,
    pub display_name: String,
    /// argon2id, PHC string.
    pub password_hash: String,
    pub grant: Grant,
}

/// A staff account as stored.
#[derive(Debug, Clone)]
pub struct StaffUser {
    pub id: i64,
    pub username: Username,
    pub display_name: String,
    pub password_hash: String,
    pub grant: Grant,
    pub disabled: bool,
}

/// An open session.
#[derive(Debug, Clone)]
pub struct StaffSession {
    pub csrf_token: String,
    pub expires_at: time::OffsetDateTime,
}

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

/// Which penalties `GET /api/v1/penalties` and the exports list: always only those listed on
/// `today` (published, not past the end date, never a restricted case).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PenaltyFilter {
    pub district: Option<DistrictCode>,
    pub locality: Option<LocalityId>,
    pub authority: Option<AuthorityId>,
    pub domain: Option<Domain>,
    pub matter: Option<MatterCode>,
    /// Decisions imposing this kind (among others).
    pub kind: Option<PenaltyKind>,
    pub party_kind: Option<PartyKind>,
    pub procedure: Option<Procedure>,
    /// Decision dates, inclusive.
    pub decided_from: Option<Date>,
    pub decided_to: Option<Date>,
    /// Fine amounts, inclusive.
    pub fine_min: Option<Fen>,
    pub fine_max: Option<Fen>,
    /// Words to find in the decision number, the party as published, the credit code or the facts.
    pub q: Option<SearchQuery>,
    pub today: Date,
}

impl PenaltyFilter {
    /// Everything listed on `today`.
    pub fn listed_on(today: Date) -> Self {
        Self {
            district: None,
            locality: None,
            authority: None,
            domain: None,
            matter: None,
            kind: None,
            party_kind: None,
            procedure: None,
            decided_from: None,
            decided_to: None,
            fine_min: None,
            fine_max: None,
            q: None,
            today,
        }
    }
}

/// The orders a penalty list comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PenaltySort {
    /// Latest decision first (the default).
    Newest,
    Oldest,
    /// Largest fine first.
    FineDesc,
    FineAsc,
}

/// Where a page of penalties starts: after the row with this sort key (and fine, when sorted by it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PenaltyCursor {
    pub key: i64,
    pub fine: u64,
}

/// A listed penalty and the cursor that continues after it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PenaltyRow {
    pub item: PenaltyListItem,
    pub cursor: PenaltyCursor,
}

/// A count, exact up to the point where counting further stopped being worth it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Count {
    pub value: u64,
    /// False when `value` is a lower bound ("more than 10,000").
    pub exact: bool,
}

/// One decision to store: the record, its public projection (`None` for a restricted case) and the
/// domain of its matter.
#[derive(Debug, Clone)]
pub struct PenaltyWrite {
    pub district: DistrictCode,
    pub penalty: Penalty,
    pub public: Option<PublicPenalty>,
    pub domain: Domain,
}

/// A record to publish or rewrite, and the log entry that makes the change public (none for a
/// restricted case, which is never published): the change and its content.
#[derive(Debug, Clone)]
pub struct Publication {
    pub write: PenaltyWrite,
    pub log: Option<(gongshi_domain::log::LogChange, serde_json::Value)>,
}

/// What became of a correction or a withdrawal, decided inside its transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rewritten {
    /// Written, with its log entry's sequence number (none for a record never published).
    Done(Option<u64>),
    /// No record has that id.
    Missing,
    /// The record is withdrawn (already, or meanwhile): it stays as it is.
    Withdrawn,
    /// Another record of the authority has the new decision number.
    NumberTaken,
}

/// A record as the staff side reads it to correct or withdraw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffPenalty {
    pub id: PenaltyId,
    pub district: DistrictCode,
    pub authority: AuthorityId,
    pub decision_number: gongshi_domain::penalty::DecisionNumber,
    pub decided: Date,
    pub published: Date,
    pub ends: Date,
    pub restricted: bool,
    pub withdrawal: Option<gongshi_domain::penalty::Withdrawal>,
    /// The record as entered; `None` for a record stored before gongshi kept it.
    pub fields: Option<gongshi_domain::penalty_import::Fields>,
}

/// A row of an authority's list of its records (every state).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffPenaltyRow {
    pub id: PenaltyId,
    pub decision_number: gongshi_domain::penalty::DecisionNumber,
    /// As published: 张某某 for a person.
    pub party_name: String,
    pub decided: Date,
    pub published: Date,
    pub ends: Date,
    pub withdrawn: Option<Date>,
    pub restricted: bool,
}

/// What decides whether a record is public on a day — restricted, published, ends, withdrawn — and
/// the sequence number of its latest log entry.
pub type PenaltyState = (PenaltyId, bool, Date, Date, Option<Date>, Option<u64>);

/// A district's decisions grouped for statistics (withdrawn ones left out), over a year or all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StatsRows {
    /// Every year the district's data holds.
    pub years: Vec<i32>,
    pub by_month: Vec<(String, Tally)>,
    pub by_locality: Vec<(LocalityId, Tally)>,
    pub by_domain: Vec<(Domain, Tally)>,
    /// Decisions by their set of kinds (as bits).
    pub by_kinds: Vec<(u32, u64)>,
    pub by_procedure: Vec<(Procedure, Tally)>,
    /// Decisions, on time and late, by authority.
    pub by_authority: Vec<(AuthorityId, u64, u64, u64)>,
    /// The matters each locality's cases were decided under.
    pub matters_used: Vec<(LocalityId, MatterCode)>,
}

/// A photo as stored: metadata already stripped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Photo {
    pub content_type: &'static str,
    pub bytes: Vec<u8>,
}

/// Who handles a submission, and the answer the citizen gets for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub route: Route,
    /// The JSON answer (a `Submission`) as the citizen gets it.
    pub answer: String,
    /// The answer as kept for a retry with the same Idempotency-Key: its secret masked with a pad
    /// only the retrying client can rebuild (from the key and the body), so the database never
    /// holds a usable secret.
    pub stored: String,
}

/// A submission to store, with everything decided about it before the transaction. Whether it is
/// supervised is decided inside, from the submissions already stored: `normal` or `supervised`.
#[derive(Debug, Clone)]
pub struct ComplaintWrite {
    pub complaint: Complaint,
    pub code: TrackingCode,
    pub secret_sha256: String,
    /// What repeats are counted by: the matter, or `domain:<domain>`.
    pub topic: String,
    pub submitted_at: OffsetDateTime,
    pub reply_due: Option<Date>,
    pub photos: Vec<Photo>,
    pub normal: Outcome,
    pub supervised: Outcome,
    /// The SHA-256 of the Idempotency-Key and of the body it came with.
    pub idempotency: Option<(String, String)>,
    /// The client address as a keyed hash.
    pub client: String,
    /// The proof-of-work solution's signature and when its challenge expires.
    pub challenge: Option<(String, OffsetDateTime)>,
}

/// Submissions allowed per client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    pub per_hour: u32,
    pub per_day: u32,
}

/// What became of a submission.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Submitted {
    /// Stored (durably: committed) with this answer.
    Created { answer: String },
    /// The same Idempotency-Key with the same body: the first answer as stored (secret masked).
    Replayed { answer: String },
    /// The same Idempotency-Key with another body.
    KeyReused,
    /// The proof-of-work solution was used before.
    ChallengeSpent,
    /// Over a limit; try again after this many seconds.
    RateLimited { retry_after: u64 },
    /// The random tracking code is taken (draw another).
    CodeTaken,
}

/// A stored submission as tracking reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComplaintRecord {
    pub code: TrackingCode,
    pub secret_sha256: String,
    pub kind: ComplaintKind,
    pub district: DistrictCode,
    pub authority: AuthorityId,
    pub status: ComplaintStatus,
    pub supervised: bool,
    pub submitted_on: Date,
    pub reply_due: Option<Date>,
    pub timeline: Vec<TimelineEntry>,
}

/// Which cases an inbox lists: a district's (a supervisor's view) or one body's, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboxFilter {
    pub district: DistrictCode,
    pub authority: Option<AuthorityId>,
    pub status: Option<ComplaintStatus>,
    pub kind: Option<ComplaintKind>,
    pub supervised: Option<bool>,
    /// Only the cases behind one of the start page's figures, as they stand today.
    pub queue: Option<gongshi_domain::dashboard::QueueSelection>,
    /// Only cases entered before this one (the cursor).
    pub before: Option<i64>,
    pub limit: u32,
}

/// A case as stored, everything included: the route decides what each reader sees of it.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseRecord {
    pub code: TrackingCode,
    pub kind: ComplaintKind,
    pub status: ComplaintStatus,
    pub supervised: bool,
    pub submitted_at: OffsetDateTime,
    pub reply_due: Option<Date>,
    pub district: DistrictCode,
    pub locality: LocalityId,
    pub address: Option<String>,
    pub location: Option<gongshi_domain::complaint::GeoPoint>,
    pub happened_on: Date,
    pub matter: Option<MatterCode>,
    pub domain: Option<Domain>,
    pub officer: Option<CertificateNumber>,
    pub description: String,
    pub privacy: gongshi_domain::complaint::Privacy,
    pub authority: AuthorityId,
    pub route: Route,
    pub contact: Option<gongshi_domain::complaint::Contact>,
    pub photos: u32,
    pub timeline: Vec<gongshi_domain::handling::CaseStep>,
    pub notes: Vec<gongshi_domain::handling::InternalNote>,
}

/// One step a handler takes on a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaseChange {
    Status(ComplaintStatus),
    /// A public reply.
    Reply(String),
    /// An internal note.
    Note(String),
    /// To another body, with the reason the citizen reads.
    Transfer {
        to: AuthorityId,
        reason: String,
    },
}

/// A district's submissions grouped for statistics.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ComplaintStatsRows {
    /// (locality, submissions, supervised)
    pub by_locality: Vec<(LocalityId, u64, u64)>,
    pub by_kind: Vec<(ComplaintKind, u64)>,
    pub by_status: Vec<(ComplaintStatus, u64)>,
    /// The submission day and the day of the first reply, for every replied submission.
    pub replies: Vec<(Date, Date)>,
}

/// Which submissions a public list (Open311 `GET requests`) shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicComplaintFilter {
    /// Only these (empty: any).
    pub codes: Vec<TrackingCode>,
    pub kind: Option<ComplaintKind>,
    /// Submissions naming this domain (directly, or through their matter).
    pub domain: Option<Domain>,
    pub from: OffsetDateTime,
    pub to: OffsetDateTime,
    /// Only these statuses (empty: any).
    pub statuses: Vec<ComplaintStatus>,
    pub limit: u32,
}

/// A submission's public fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PublicComplaintRow {
    pub code: TrackingCode,
    pub kind: ComplaintKind,
    pub domain: Option<Domain>,
    pub district: DistrictCode,
    pub authority: AuthorityId,
    pub status: ComplaintStatus,
    pub submitted_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    pub reply_due: Option<Date>,
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

    /// Replaces one district's catalog (matters and delegation history), all or nothing; the
    /// district's penalties, decided under the old matters, are deleted with it.
    async fn replace_catalog(
        &self,
        district: &DistrictCode,
        matters: &[Matter],
        history: &[Delegation],
    ) -> StoreResult<()>;

    /// Adds a catalog round's acts (already checked against the district's history) with its log
    /// entry, in one transaction; answers the entry's sequence number.
    async fn add_round(
        &self,
        acts: &[Delegation],
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<u64>;

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

    /// Appends a status change to a certificate's history with its log entry, in one transaction,
    /// if the history still has the `seen` entries the caller read; `None` otherwise (changed
    /// meanwhile, or no such certificate).
    async fn change_certificate(
        &self,
        number: &CertificateNumber,
        seen: usize,
        change: &gongshi_domain::certificate::StatusChange,
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Option<u64>>;

    /// Adds new officers of `district` (their personal data apart) with their log entries, in one
    /// transaction; answers the entries' sequence numbers in order, or `None` (nothing written)
    /// when the roster holds one of the certificate numbers (or ids) already.
    async fn add_officers(
        &self,
        district: &DistrictCode,
        officers: &[(Officer, (gongshi_domain::log::LogChange, serde_json::Value))],
    ) -> StoreResult<Option<Vec<u64>>>;

    /// Which of `numbers` the roster (of any district) holds already.
    async fn certificates_taken(
        &self,
        numbers: &[CertificateNumber],
    ) -> StoreResult<Vec<CertificateNumber>>;

    /// Replaces an officer's secondments with `secondments` and appends the log entry, in one
    /// transaction, if they still are `seen` (what the caller read); `None` otherwise (changed
    /// meanwhile, or no such certificate).
    async fn change_secondments(
        &self,
        number: &CertificateNumber,
        seen: &[gongshi_domain::officer::Secondment],
        secondments: &[gongshi_domain::officer::Secondment],
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Option<u64>>;

    /// An officer's personal data, for the staff side only.
    async fn officer_personal(&self, id: &OfficerId) -> StoreResult<Option<Personal>>;

    /// Replaces one district's penalties with `penalties`, all or nothing, calling `progress` with
    /// the number written so far; then rebuilds the summaries for `today`.
    async fn replace_penalties(
        &self,
        district: &DistrictCode,
        penalties: &mut (dyn Iterator<Item = PenaltyWrite> + Send),
        progress: &(dyn Fn(u64) + Send + Sync),
        today: Date,
    ) -> StoreResult<u64>;

    /// Rebuilds the listed-on-a-day counts for `today` unless they already are for it.
    async fn refresh_penalty_summaries(&self, today: Date) -> StoreResult<()>;

    /// A page of the penalties `filter` lists, in `sort` order, after `after`.
    async fn penalties(
        &self,
        filter: &PenaltyFilter,
        sort: PenaltySort,
        after: Option<PenaltyCursor>,
        limit: u32,
    ) -> StoreResult<Vec<PenaltyRow>>;

    /// How many penalties `filter` lists; exact up to `cap` at least.
    async fn penalty_count(&self, filter: &PenaltyFilter, cap: u64) -> StoreResult<Count>;

    /// Facet counts of the listed penalties by locality, authority, domain, kind, party kind and
    /// procedure; `None` when the set to count exceeds `cap` and no summary answers it.
    async fn penalty_facets(
        &self,
        filter: &PenaltyFilter,
        cap: u64,
    ) -> StoreResult<Option<Vec<Facet>>>;

    /// A district's statistics rows for `year` (every year when `None`).
    async fn penalty_stats(
        &self,
        district: &DistrictCode,
        year: Option<i32>,
    ) -> StoreResult<StatsRows>;

    /// What a penalty's address shows on `today`; `None` when it does not exist or is never (or
    /// not yet) published.
    async fn penalty(&self, id: PenaltyId, today: Date) -> StoreResult<Option<PenaltyPage>>;

    /// Every penalty `filter` lists, in `sort` order, streamed through a small channel so that an
    /// export of a million rows holds a few hundred in memory at a time.
    async fn export_penalties(
        &self,
        filter: PenaltyFilter,
        sort: PenaltySort,
    ) -> StoreResult<tokio::sync::mpsc::Receiver<StoreResult<PenaltyPage>>>;

    /// The delegation history of a matter (at every locality) or of a locality (for every matter),
    /// in effective-date order.
    /// A secret shared by every instance, created on first use.
    async fn server_secret(&self, name: &str) -> StoreResult<String>;

    /// Appends a change whose content is `content` to the public log (in one transaction with the
    /// lock held, so entries never fork) and returns its entry.
    async fn append_log(
        &self,
        change: &gongshi_domain::log::LogChange,
        content: &serde_json::Value,
    ) -> StoreResult<gongshi_domain::log::LogEntry>;

    /// Publishes new records of a district in one transaction: `make` gets the first free id and
    /// numbers the records from it; each is written with its log entry. Answers each id and its
    /// entry's sequence number; `None` (nothing written) when the authority has published one of
    /// the decision numbers meanwhile.
    async fn publish_penalties(
        &self,
        district: &DistrictCode,
        make: &(dyn Fn(PenaltyId) -> Vec<Publication> + Send + Sync),
    ) -> StoreResult<Option<Vec<(PenaltyId, Option<u64>)>>>;

    /// Rewrites a record (a correction) with its log entry, in one transaction, unless it is
    /// withdrawn or its new decision number is another record's.
    async fn replace_penalty(
        &self,
        district: &DistrictCode,
        publication: Publication,
    ) -> StoreResult<Rewritten>;

    /// Withdraws a record (its stub stays public) with its log entry, in one transaction, unless
    /// it is withdrawn already.
    async fn withdraw_penalty(
        &self,
        id: PenaltyId,
        withdrawal: &gongshi_domain::penalty::Withdrawal,
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Rewritten>;

    /// A record as the staff side reads it.
    async fn staff_penalty(&self, id: PenaltyId) -> StoreResult<Option<StaffPenalty>>;

    /// An authority's records in every state, the last entered first, before the id `before`.
    async fn staff_penalties(
        &self,
        authority: &AuthorityId,
        before: Option<PenaltyId>,
        limit: u32,
    ) -> StoreResult<Vec<StaffPenaltyRow>>;

    /// An authority's records grouped by the columns that decide where each stands.
    async fn penalty_groups(
        &self,
        authority: &AuthorityId,
    ) -> StoreResult<Vec<gongshi_domain::dashboard::PenaltyGroup>>;

    /// Which of `numbers` the authority has published already, and as which record.
    async fn decision_numbers_taken(
        &self,
        authority: &AuthorityId,
        numbers: &[String],
    ) -> StoreResult<Vec<(String, PenaltyId)>>;

    /// What decides whether each of the records is public on a day.
    async fn penalty_states(&self, ids: &[PenaltyId]) -> StoreResult<Vec<PenaltyState>>;

    /// Entries after `after` (a sequence number), oldest first, at most `limit`; only those about
    /// `subject` when given.
    async fn log_entries(
        &self,
        after: u64,
        limit: u32,
        subject: Option<&str>,
    ) -> StoreResult<Vec<gongshi_domain::log::LogEntry>>;

    /// Adds a staff account; `Ok(false)` when the user name is taken.
    async fn add_staff_user(&self, user: &NewStaffUser) -> StoreResult<bool>;

    /// An account by user name (disabled ones too: the caller refuses them).
    async fn staff_user(&self, username: &Username) -> StoreResult<Option<StaffUser>>;

    /// A district's accounts, ordered by user name.
    async fn staff_accounts(&self, district: &DistrictCode) -> StoreResult<Vec<StaffAccount>>;

    /// One account of `district` as its admins see it; `None` when there is none there.
    async fn staff_account(
        &self,
        district: &DistrictCode,
        username: &Username,
    ) -> StoreResult<Option<StaffAccount>>;

    /// Disables (ending every session of the account in the same transaction) or enables an
    /// account of `district`; `Ok(false)` when there is none there.
    async fn set_staff_disabled(
        &self,
        district: &DistrictCode,
        username: &Username,
        disabled: bool,
    ) -> StoreResult<bool>;

    /// Sets an account's password hash and ends its sessions (but `keep`, the session of an admin
    /// changing their own), in one transaction; `Ok(false)` when `district` has no such account.
    async fn set_staff_password(
        &self,
        district: &DistrictCode,
        username: &Username,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<bool>;

    /// Opens a session: its token's SHA-256, its CSRF token and when it ends.
    async fn open_session(
        &self,
        user: i64,
        token_sha256: &str,
        csrf_token: &str,
        expires_at: time::OffsetDateTime,
    ) -> StoreResult<()>;

    /// The session with this token hash and its account, if it has not ended by `now`.
    async fn session(
        &self,
        token_sha256: &str,
        now: time::OffsetDateTime,
    ) -> StoreResult<Option<(StaffUser, StaffSession)>>;

    async fn close_session(&self, token_sha256: &str) -> StoreResult<()>;

    /// Records a failed login and answers how many failures the client and the user name have had
    /// since `since` (this one included); older records are dropped.
    async fn login_failed(
        &self,
        client: &str,
        username: &str,
        at: time::OffsetDateTime,
        since: time::OffsetDateTime,
    ) -> StoreResult<(u64, u64)>;

    /// Failures of the client and of the user name since `since`.
    async fn login_failures(
        &self,
        client: &str,
        username: &str,
        since: time::OffsetDateTime,
    ) -> StoreResult<(u64, u64)>;

    /// Stores a submission in one transaction: an Idempotency-Key seen before answers as before;
    /// then the rate limits and the proof-of-work replay check; then the repeat count decides
    /// between `normal` and `supervised`, and everything is written and committed.
    async fn submit_complaint(
        &self,
        write: &ComplaintWrite,
        limits: RateLimits,
    ) -> StoreResult<Submitted>;

    /// The body hash and answer stored under an Idempotency-Key, if any.
    async fn idempotent_answer(&self, key: &str) -> StoreResult<Option<(String, String)>>;

    /// Submissions about `topic` at `locality` received after `since`.
    async fn complaint_repeats(
        &self,
        locality: &LocalityId,
        topic: &str,
        since: Date,
    ) -> StoreResult<u64>;

    /// A district's submissions (in a year, or all) grouped for statistics.
    async fn complaint_stats(
        &self,
        district: &DistrictCode,
        year: Option<i32>,
    ) -> StoreResult<ComplaintStatsRows>;

    /// Submissions' public fields, newest first.
    async fn public_complaints(
        &self,
        filter: &PublicComplaintFilter,
    ) -> StoreResult<Vec<PublicComplaintRow>>;

    /// A page of an inbox, each case with its cursor.
    async fn complaint_inbox(
        &self,
        filter: &InboxFilter,
    ) -> StoreResult<Vec<(i64, gongshi_domain::handling::InboxItem)>>;

    /// The open cases (not closed) of a district, or of one body in it, grouped by what the
    /// dashboard counts them by.
    async fn case_groups(
        &self,
        district: &DistrictCode,
        authority: Option<&AuthorityId>,
    ) -> StoreResult<Vec<gongshi_domain::dashboard::CaseGroup>>;

    /// A case with everything stored about it.
    async fn case(&self, code: &TrackingCode) -> StoreResult<Option<CaseRecord>>;

    /// Applies `change` if the case still has the status and body `expected` (what the handler
    /// saw); `Ok(false)` when it changed meanwhile (or does not exist).
    async fn change_case(
        &self,
        code: &TrackingCode,
        expected: (ComplaintStatus, &AuthorityId),
        change: &CaseChange,
        actor: &str,
        at: OffsetDateTime,
    ) -> StoreResult<bool>;

    /// A case's photo `n` (from 0): its content type and bytes.
    async fn complaint_photo(
        &self,
        code: &TrackingCode,
        n: u32,
    ) -> StoreResult<Option<(String, Vec<u8>)>>;

    /// A stored submission by its tracking code.
    async fn complaint(&self, code: &TrackingCode) -> StoreResult<Option<ComplaintRecord>>;

    async fn delegations(
        &self,
        matter: Option<&MatterCode>,
        locality: Option<&LocalityId>,
    ) -> StoreResult<Vec<Delegation>>;
}

/// Where the data is and how to reach it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// `sqlite://PATH` or `postgres://…`.
    pub url: String,
    /// PostgreSQL only: a read replica for public reads.
    pub read_replica: Option<String>,
    /// PostgreSQL only: connections per pool.
    pub connections: u32,
}

/// Connections per PostgreSQL pool unless told otherwise.
pub const DEFAULT_CONNECTIONS: u32 = 16;

impl Options {
    /// The database at `url`, no replica, the default pool size.
    pub fn new(url: &str) -> Self {
        Self {
            url: url.to_owned(),
            read_replica: None,
            connections: DEFAULT_CONNECTIONS,
        }
    }
}

/// Opens the store a database URL names, creating and migrating the database if needed.
pub async fn open(url: &str) -> StoreResult<std::sync::Arc<dyn Store>> {
    open_with(&Options::new(url)).await
}

fn is_postgres(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Opens the store `options` name, creating (SQLite) and migrating the database if needed.
pub async fn open_with(options: &Options) -> StoreResult<std::sync::Arc<dyn Store>> {
    let url = options.url.as_str();
    if url.starts_with("sqlite:") {
        if options.read_replica.is_some() {
            return Err(StoreError::ReplicaNeedsPostgres);
        }
        Ok(std::sync::Arc::new(SqliteStore::open(url).await?))
    } else if is_postgres(url) {
        if let Some(replica) = options.read_replica.as_deref().filter(|r| !is_postgres(r)) {
            return Err(StoreError::UnsupportedUrl(replica.to_owned()));
        }
        Ok(std::sync::Arc::new(PgStore::open_with(options).await?))
    } else {
        Err(StoreError::UnsupportedUrl(url.to_owned()))
    }
}
