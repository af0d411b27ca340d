//! The embedded default: one SQLite file in WAL mode with foreign keys enforced and
//! `synchronous=FULL`, so a write acknowledged to a citizen survives a power cut.

use super::{
    Count, LocalityFilter, MatterFilter, PenaltyCursor, PenaltyFilter, PenaltyRow, PenaltySort,
    PenaltyWrite, StatsRows, Store, StoreResult,
};
use async_trait::async_trait;
use gongshi_domain::api::{
    DistrictRef, DistrictSummary, Facet, FacetCount, LocalitySummary, ZoneRef,
};
use gongshi_domain::catalog::{Delegation, Matter, MatterCode};
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::officer::{Auxiliary, Officer, OfficerId, Personal};
use gongshi_domain::penalty::{PenaltyId, PenaltyPage};
use gongshi_domain::{
    Authority, AuthorityKind, Department, District, DistrictCode, DistrictOrg, Locality,
    LocalityId, Team, TeamKind, Zone, ZoneId,
};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{QueryBuilder, Sqlite};
use std::str::FromStr;

use super::rows::push_locality_filter;
pub(super) use super::rows::{
    DistrictSummaryRow, authority_kind, district_summary, locality_kind, parse, parse_opt,
    team_kind,
};

mod catalog;
mod complaints;
mod handling;
mod log;
mod penalties;
mod publishing;
mod roster;
mod staff;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");

/// The SQLite implementation of [`Store`].
#[derive(Debug, Clone)]
pub struct SqliteStore {
    /// Reads.
    pool: SqlitePool,
    /// The one connection that writes (`BEGIN IMMEDIATE`): writers queue for it first come,
    /// first served, instead of racing for SQLite's lock, whose busy handler polls and lets
    /// an unlucky writer lose again and again (a complaint's p99 was a second under load).
    /// Writers in other processes (a second instance, the command line) still meet at SQLite's
    /// lock and its busy timeout.
    writer: SqlitePool,
    /// The day the listed-penalty counts were last known to be built for (they never get older).
    listed_on: std::sync::Arc<std::sync::Mutex<Option<time::Date>>>,
}

impl SqliteStore {
    /// Opens (creating if missing) and migrates the database at `url` (`sqlite://PATH`, or
    /// `sqlite::memory:` for a throwaway one).
    pub async fn open(url: &str) -> StoreResult<Self> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(super::LOCK_WAIT)
            // Reads dominate: map the file instead of copying each page in with pread, and give
            // each connection a page cache that holds a district's catalog (16 MiB; the default
            // 2 MiB makes every search fetch pages again).
            .pragma("mmap_size", "268435456")
            .pragma("cache_size", "-16384");
        // An in-memory database exists once per connection: keep exactly one, for everything.
        let memory = url.contains(":memory:");
        let pool = SqlitePoolOptions::new()
            .max_connections(if memory { 1 } else { 8 })
            .connect_with(options.clone())
            .await?;
        MIGRATOR.run(&pool).await?;
        let writer = if memory {
            pool.clone()
        } else {
            // A writer queued longer than SQLite's lock wait is answered busy (503 with
            // Retry-After), as one held at the lock by another process is; the two waits can
            // add up when both happen.
            SqlitePoolOptions::new()
                .max_connections(1)
                .acquire_timeout(super::LOCK_WAIT)
                .connect_with(options)
                .await?
        };
        Ok(Self {
            pool,
            writer,
            listed_on: Default::default(),
        })
    }

    /// The database's pool (for `gongshi migrate-data`).
    pub(super) fn pool(&self) -> &SqlitePool {
        &self.pool
    }

    fn summary_query() -> QueryBuilder<'static, Sqlite> {
        QueryBuilder::new(
            "SELECT d.code, d.name, d.province, d.city, d.demo, \
             (SELECT count(*) FROM zones z WHERE z.district = d.code), \
             (SELECT count(*) FROM localities l WHERE l.district = d.code) \
             FROM districts d",
        )
    }
}

impl SqliteStore {
    /// Counts of a filtered set by each `(field, SQL expression)`, one GROUP BY per field. `filter`
    /// appends the WHERE clause the list itself uses, given the field being counted so that it can
    /// leave out that field's own filter: with 城市管理 chosen, the domain facet still counts the
    /// other domains (what choosing them instead would give), and every other facet counts the list.
    async fn facet_counts(
        &self,
        from: &str,
        fields: &[(&str, &str)],
        filter: &(dyn Fn(&mut QueryBuilder<'_, Sqlite>, &str) + Sync),
    ) -> StoreResult<Vec<Facet>> {
        let mut facets = Vec::new();
        for (field, expr) in fields {
            let mut q = QueryBuilder::new(format!("SELECT {expr}, count(*) FROM {from}"));
            filter(&mut q, field);
            q.push(format!(" GROUP BY {expr} ORDER BY {expr}"));
            let rows: Vec<(String, i64)> = q.build_query_as().fetch_all(&self.pool).await?;
            facets.push(Facet {
                field: (*field).to_owned(),
                counts: rows
                    .into_iter()
                    .map(|(value, n)| FacetCount {
                        value,
                        count: u64::try_from(n).unwrap_or(0),
                    })
                    .collect(),
            });
        }
        Ok(facets)
    }
}

#[async_trait]
impl Store for SqliteStore {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1 FROM _sqlx_migrations LIMIT 1")
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    async fn is_empty(&self) -> StoreResult<bool> {
        let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM districts")
            .fetch_one(&self.pool)
            .await?;
        Ok(n == 0)
    }

    async fn replace_organisation(&self, orgs: &[DistrictOrg]) -> StoreResult<()> {
        let mut tx = self.writer.begin().await?;
        // The catalog refers to localities and departments: it goes with the organisation it was
        // checked against (load it again after a replacement).
        for table in [
            "penalty_search",
            "penalty_private",
            "penalty_public",
            "penalties",
            "penalty_listed",
            "penalty_listing",
            "penalty_monthly",
            "penalty_matter_use",
            "officer_personal",
            "officers",
            "auxiliaries",
            "delegations",
            "matters",
            "teams",
            "localities",
            "zones",
            "authorities",
            "departments",
            "districts",
        ] {
            sqlx::query(&format!("DELETE FROM {table}"))
                .execute(&mut *tx)
                .await?;
        }
        for org in orgs {
            let d = &org.district;
            sqlx::query("INSERT INTO districts (code, name, province, city, bureau, demo) VALUES (?, ?, ?, ?, ?, ?)")
                .bind(d.code.as_str())
                .bind(d.name.as_str())
                .bind(d.province.as_str())
                .bind(d.city.as_ref().map(|c| c.as_str()))
                .bind(d.bureau.as_str())
                .bind(d.demo)
                .execute(&mut *tx)
                .await?;
            for dep in &org.departments {
                sqlx::query("INSERT INTO departments (id, district, name, short_name, phone) VALUES (?, ?, ?, ?, ?)")
                    .bind(dep.id.as_str())
                    .bind(dep.district.as_str())
                    .bind(dep.name.as_str())
                    .bind(dep.short_name.as_str())
                    .bind(dep.phone.as_ref().map(|p| p.as_str()))
                    .execute(&mut *tx)
                    .await?;
            }
            for a in &org.authorities {
                let kind = match a.kind {
                    AuthorityKind::LocalityOffice => "locality_office",
                    AuthorityKind::Department => "department",
                };
                sqlx::query("INSERT INTO authorities (id, district, name, kind, locality, department) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(a.id.as_str())
                    .bind(a.district.as_str())
                    .bind(a.name.as_str())
                    .bind(kind)
                    .bind(a.locality.as_ref().map(|l| l.as_str()))
                    .bind(a.department.as_ref().map(|d| d.as_str()))
                    .execute(&mut *tx)
                    .await?;
            }
            for (position, z) in (0_i64..).zip(&org.zones) {
                sqlx::query("INSERT INTO zones (id, district, name, lead_department, lead, centre, legal_reviewer, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(z.id.as_str())
                    .bind(z.district.as_str())
                    .bind(z.name.as_str())
                    .bind(z.lead_department.as_str())
                    .bind(z.lead.as_str())
                    .bind(z.centre.as_str())
                    .bind(z.legal_reviewer.as_str())
                    .bind(position)
                    .execute(&mut *tx)
                    .await?;
            }
            for (position, l) in (0_i64..).zip(&org.localities) {
                sqlx::query("INSERT INTO localities (id, district, name, kind, zone, authority, team, address, supervision_phone, deputy_lead, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .bind(l.id.as_str())
                    .bind(l.district.as_str())
                    .bind(l.name.as_str())
                    .bind(l.kind.as_str())
                    .bind(l.zone.as_ref().map(|z| z.as_str()))
                    .bind(l.authority.as_str())
                    .bind(l.team.as_str())
                    .bind(l.address.as_str())
                    .bind(l.supervision_phone.as_str())
                    .bind(l.deputy_lead.as_ref().map(|n| n.as_str()))
                    .bind(position)
                    .execute(&mut *tx)
                    .await?;
            }
            for t in &org.teams {
                let kind = match t.kind {
                    TeamKind::Locality => "locality",
                    TeamKind::Mobile => "mobile",
                    TeamKind::SpecialArea => "special_area",
                };
                sqlx::query(
                    "INSERT INTO teams (id, authority, name, kind, area) VALUES (?, ?, ?, ?, ?)",
                )
                .bind(t.id.as_str())
                .bind(t.authority.as_str())
                .bind(t.name.as_str())
                .bind(kind)
                .bind(t.area.as_ref().map(|a| a.as_str()))
                .execute(&mut *tx)
                .await?;
            }
        }
        tx.commit().await?;
        Ok(())
    }

    async fn districts(
        &self,
        after: Option<&DistrictCode>,
        limit: u32,
    ) -> StoreResult<Vec<DistrictSummary>> {
        let mut q = Self::summary_query();
        q.push(" WHERE d.code > ")
            .push_bind(after.map_or(String::new(), |c| c.to_string()))
            .push(" ORDER BY d.code LIMIT ")
            .push_bind(i64::from(limit));
        let rows: Vec<DistrictSummaryRow> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(district_summary).collect()
    }

    async fn district_org(&self, code: &DistrictCode) -> StoreResult<Option<DistrictOrg>> {
        let code_s = code.as_str();
        let Some((name, province, city, bureau, demo)): Option<(
            String,
            String,
            Option<String>,
            String,
            bool,
        )> = sqlx::query_as(
            "SELECT name, province, city, bureau, demo FROM districts WHERE code = ?",
        )
        .bind(code_s)
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        let district = District {
            code: code.clone(),
            name: parse("district name", &name)?,
            province: parse("province", &province)?,
            city: parse_opt("city", city.as_deref())?,
            bureau: parse("bureau", &bureau)?,
            demo,
        };

        let departments = sqlx::query_as::<_, (String, String, String, Option<String>)>(
            "SELECT id, name, short_name, phone FROM departments WHERE district = ? ORDER BY id",
        )
        .bind(code_s)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|(id, name, short_name, phone)| {
            Ok(Department {
                id: parse("department id", &id)?,
                district: code.clone(),
                name: parse("department name", &name)?,
                short_name: parse("department short name", &short_name)?,
                phone: parse_opt("department phone", phone.as_deref())?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;

        let authorities = sqlx::query_as::<_, (String, String, String, Option<String>, Option<String>)>(
            "SELECT id, name, kind, locality, department FROM authorities WHERE district = ? ORDER BY id",
        )
        .bind(code_s)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|(id, name, kind, locality, department)| {
            Ok(Authority {
                id: parse("authority id", &id)?,
                district: code.clone(),
                name: parse("authority name", &name)?,
                kind: authority_kind(&kind)?,
                locality: parse_opt("authority locality", locality.as_deref())?,
                department: parse_opt("authority department", department.as_deref())?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;

        let teams = sqlx::query_as::<_, (String, String, String, String, Option<String>)>(
            "SELECT t.id, t.authority, t.name, t.kind, t.area FROM teams t \
             JOIN authorities a ON a.id = t.authority WHERE a.district = ? ORDER BY t.id",
        )
        .bind(code_s)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(|(id, authority, name, kind, area)| {
            Ok(Team {
                id: parse("team id", &id)?,
                authority: parse("team authority", &authority)?,
                name: parse("team name", &name)?,
                kind: team_kind(&kind)?,
                area: parse_opt("team area", area.as_deref())?,
            })
        })
        .collect::<StoreResult<Vec<_>>>()?;

        let zones = sqlx::query_as::<_, (String, String, String, String, String, String)>(
            "SELECT id, name, lead_department, lead, centre, legal_reviewer FROM zones \
             WHERE district = ? ORDER BY position",
        )
        .bind(code_s)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(
            |(id, name, lead_department, lead, centre, legal_reviewer)| {
                Ok(Zone {
                    id: parse("zone id", &id)?,
                    district: code.clone(),
                    name: parse("zone name", &name)?,
                    lead_department: parse("zone lead department", &lead_department)?,
                    lead: parse("zone lead", &lead)?,
                    centre: parse("zone centre", &centre)?,
                    legal_reviewer: parse("legal reviewer", &legal_reviewer)?,
                })
            },
        )
        .collect::<StoreResult<Vec<_>>>()?;

        type LocalityRow = (
            String,
            String,
            String,
            Option<String>,
            String,
            String,
            String,
            String,
            Option<String>,
        );
        let localities = sqlx::query_as::<_, LocalityRow>(
            "SELECT id, name, kind, zone, authority, team, address, supervision_phone, deputy_lead \
             FROM localities WHERE district = ? ORDER BY position",
        )
        .bind(code_s)
        .fetch_all(&self.pool)
        .await?
        .into_iter()
        .map(
            |(id, name, kind, zone, authority, team, address, phone, deputy)| {
                Ok(Locality {
                    id: parse("locality id", &id)?,
                    district: code.clone(),
                    name: parse("locality name", &name)?,
                    kind: locality_kind(&kind)?,
                    zone: parse_opt("locality zone", zone.as_deref())?,
                    authority: parse("locality authority", &authority)?,
                    team: parse("locality team", &team)?,
                    address: parse("address", &address)?,
                    supervision_phone: parse("supervision phone", &phone)?,
                    deputy_lead: parse_opt("deputy lead", deputy.as_deref())?,
                })
            },
        )
        .collect::<StoreResult<Vec<_>>>()?;

        Ok(Some(DistrictOrg {
            district,
            departments,
            authorities,
            teams,
            zones,
            localities,
        }))
    }

    async fn district_of_zone(&self, zone: &ZoneId) -> StoreResult<Option<DistrictCode>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT district FROM zones WHERE id = ?")
            .bind(zone.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(c,)| parse("district code", &c)).transpose()
    }

    async fn district_of_locality(&self, id: &LocalityId) -> StoreResult<Option<DistrictCode>> {
        let row: Option<(String,)> = sqlx::query_as("SELECT district FROM localities WHERE id = ?")
            .bind(id.as_str())
            .fetch_optional(&self.pool)
            .await?;
        row.map(|(c,)| parse("district code", &c)).transpose()
    }

    async fn localities(
        &self,
        filter: &LocalityFilter,
        after: Option<&LocalityId>,
        limit: u32,
    ) -> StoreResult<Vec<LocalitySummary>> {
        let mut q = QueryBuilder::new(
            "SELECT l.id, l.name, l.kind, d.code, d.name, d.demo, z.id, z.name \
             FROM localities l JOIN districts d ON d.code = l.district \
             LEFT JOIN zones z ON z.id = l.zone",
        );
        push_locality_filter(&mut q, filter);
        if let Some(after) = after {
            q.push(" AND l.id > ").push_bind(after.to_string());
        }
        q.push(" ORDER BY l.id LIMIT ").push_bind(i64::from(limit));
        type Row = (
            String,
            String,
            String,
            String,
            String,
            bool,
            Option<String>,
            Option<String>,
        );
        let rows: Vec<Row> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter()
            .map(|(id, name, kind, code, dname, demo, zid, zname)| {
                let zone = match (zid, zname) {
                    (Some(id), Some(name)) => Some(ZoneRef {
                        id: parse("zone id", &id)?,
                        name: parse("zone name", &name)?,
                    }),
                    _ => None,
                };
                Ok(LocalitySummary {
                    id: parse("locality id", &id)?,
                    name: parse("locality name", &name)?,
                    kind: locality_kind(&kind)?,
                    district: DistrictRef {
                        code: parse("district code", &code)?,
                        name: parse("district name", &dname)?,
                        demo,
                    },
                    zone,
                })
            })
            .collect()
    }

    async fn locality_facets(&self, filter: &LocalityFilter) -> StoreResult<Vec<Facet>> {
        self.facet_counts(
            "localities l",
            &[("kind", "l.kind"), ("zone", "coalesce(l.zone, '')")],
            &|q, field| {
                let mut filter = filter.clone();
                match field {
                    "kind" => filter.kind = None,
                    _ => {
                        filter.zone = None;
                        filter.zoned = None;
                    }
                }
                push_locality_filter(q, &filter);
            },
        )
        .await
    }

    async fn replace_catalog(
        &self,
        district: &DistrictCode,
        matters: &[Matter],
        history: &[Delegation],
    ) -> StoreResult<()> {
        self.replace_catalog_impl(district, matters, history).await
    }

    async fn matters(
        &self,
        filter: &MatterFilter,
        after: Option<&MatterCode>,
        limit: u32,
    ) -> StoreResult<Vec<Matter>> {
        self.matters_impl(filter, after, limit).await
    }

    async fn matter_facets(&self, filter: &MatterFilter) -> StoreResult<Vec<Facet>> {
        self.matter_facets_impl(filter).await
    }

    async fn matter(&self, code: &MatterCode) -> StoreResult<Option<Matter>> {
        self.matter_impl(code).await
    }

    async fn matters_of(
        &self,
        district: &DistrictCode,
        domains: &[gongshi_domain::catalog::Domain],
        codes: Option<&[MatterCode]>,
    ) -> StoreResult<Vec<Matter>> {
        self.matters_of_impl(district, domains, codes).await
    }

    async fn acts_in_force(
        &self,
        district: &DistrictCode,
        domains: &[gongshi_domain::catalog::Domain],
        localities: &[LocalityId],
        date: time::Date,
    ) -> StoreResult<Vec<Delegation>> {
        self.acts_in_force_impl(district, domains, localities, date)
            .await
    }

    async fn replace_roster(
        &self,
        district: &DistrictCode,
        officers: &[Officer],
        auxiliaries: &[Auxiliary],
    ) -> StoreResult<()> {
        self.replace_roster_impl(district, officers, auxiliaries)
            .await
    }

    async fn officers(&self, district: Option<&DistrictCode>) -> StoreResult<Vec<Officer>> {
        self.officers_impl(district).await
    }

    async fn officer(&self, number: &CertificateNumber) -> StoreResult<Option<Officer>> {
        self.officer_impl(number).await
    }

    async fn change_certificate(
        &self,
        number: &CertificateNumber,
        seen: usize,
        change: &gongshi_domain::certificate::StatusChange,
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Option<u64>> {
        self.change_certificate_impl(number, seen, change, log)
            .await
    }

    async fn add_round(
        &self,
        acts: &[Delegation],
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<u64> {
        self.add_round_impl(acts, log).await
    }

    async fn add_officers(
        &self,
        district: &DistrictCode,
        officers: &[(Officer, (gongshi_domain::log::LogChange, serde_json::Value))],
    ) -> StoreResult<Option<Vec<u64>>> {
        self.add_officers_impl(district, officers).await
    }

    async fn certificates_taken(
        &self,
        numbers: &[CertificateNumber],
    ) -> StoreResult<Vec<CertificateNumber>> {
        self.certificates_taken_impl(numbers).await
    }

    async fn change_secondments(
        &self,
        number: &CertificateNumber,
        seen: &[gongshi_domain::officer::Secondment],
        secondments: &[gongshi_domain::officer::Secondment],
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Option<u64>> {
        self.change_secondments_impl(number, seen, secondments, log)
            .await
    }

    async fn officer_personal(&self, id: &OfficerId) -> StoreResult<Option<Personal>> {
        self.officer_personal_impl(id).await
    }

    async fn server_secret(&self, name: &str) -> StoreResult<String> {
        self.server_secret_impl(name).await
    }

    async fn append_log(
        &self,
        change: &gongshi_domain::log::LogChange,
        content: &serde_json::Value,
    ) -> StoreResult<gongshi_domain::log::LogEntry> {
        self.append_log_impl(change, content).await
    }

    async fn publish_penalties(
        &self,
        district: &DistrictCode,
        make: &(dyn Fn(PenaltyId) -> Vec<super::Publication> + Send + Sync),
    ) -> StoreResult<Option<Vec<(PenaltyId, Option<u64>)>>> {
        self.publish_penalties_impl(district, make).await
    }

    async fn replace_penalty(
        &self,
        district: &DistrictCode,
        publication: super::Publication,
    ) -> StoreResult<super::Rewritten> {
        self.replace_penalty_impl(district, publication).await
    }

    async fn withdraw_penalty(
        &self,
        id: PenaltyId,
        withdrawal: &gongshi_domain::penalty::Withdrawal,
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<super::Rewritten> {
        self.withdraw_penalty_impl(id, withdrawal, log).await
    }

    async fn complaint_inbox(
        &self,
        filter: &super::InboxFilter,
    ) -> StoreResult<Vec<(i64, gongshi_domain::handling::InboxItem)>> {
        self.complaint_inbox_impl(filter).await
    }

    async fn case_groups(
        &self,
        district: &gongshi_domain::DistrictCode,
        authority: Option<&gongshi_domain::AuthorityId>,
    ) -> StoreResult<Vec<gongshi_domain::dashboard::CaseGroup>> {
        self.case_groups_impl(district, authority).await
    }

    async fn case(
        &self,
        code: &gongshi_domain::complaint::TrackingCode,
    ) -> StoreResult<Option<super::CaseRecord>> {
        self.case_impl(code).await
    }

    async fn change_case(
        &self,
        code: &gongshi_domain::complaint::TrackingCode,
        expected: (
            gongshi_domain::complaint::ComplaintStatus,
            &gongshi_domain::AuthorityId,
        ),
        change: &super::CaseChange,
        actor: &str,
        at: time::OffsetDateTime,
    ) -> StoreResult<bool> {
        self.change_case_impl(code, expected, change, actor, at)
            .await
    }

    async fn complaint_photo(
        &self,
        code: &gongshi_domain::complaint::TrackingCode,
        n: u32,
    ) -> StoreResult<Option<(String, Vec<u8>)>> {
        self.complaint_photo_impl(code, n).await
    }

    async fn staff_penalty(&self, id: PenaltyId) -> StoreResult<Option<super::StaffPenalty>> {
        self.staff_penalty_impl(id).await
    }

    async fn staff_penalties(
        &self,
        authority: &gongshi_domain::AuthorityId,
        before: Option<PenaltyId>,
        limit: u32,
    ) -> StoreResult<Vec<super::StaffPenaltyRow>> {
        self.staff_penalties_impl(authority, before, limit).await
    }

    async fn penalty_groups(
        &self,
        authority: &gongshi_domain::AuthorityId,
    ) -> StoreResult<Vec<gongshi_domain::dashboard::PenaltyGroup>> {
        self.penalty_groups_impl(authority).await
    }

    async fn decision_numbers_taken(
        &self,
        authority: &gongshi_domain::AuthorityId,
        numbers: &[String],
    ) -> StoreResult<Vec<(String, PenaltyId)>> {
        self.decision_numbers_taken_impl(authority, numbers).await
    }

    async fn penalty_states(&self, ids: &[PenaltyId]) -> StoreResult<Vec<super::PenaltyState>> {
        self.penalty_states_impl(ids).await
    }

    async fn log_entries(
        &self,
        after: u64,
        limit: u32,
        subject: Option<&str>,
    ) -> StoreResult<Vec<gongshi_domain::log::LogEntry>> {
        self.log_entries_impl(after, limit, subject).await
    }

    async fn add_staff_user(&self, user: &crate::store::NewStaffUser) -> StoreResult<bool> {
        self.add_staff_user_impl(user).await
    }

    async fn staff_user(
        &self,
        username: &gongshi_domain::staff::Username,
    ) -> StoreResult<Option<crate::store::StaffUser>> {
        self.staff_user_impl(username).await
    }

    async fn staff_accounts(
        &self,
        district: &DistrictCode,
    ) -> StoreResult<Vec<gongshi_domain::staff::StaffAccount>> {
        self.staff_accounts_impl(district).await
    }

    async fn staff_account(
        &self,
        district: &DistrictCode,
        username: &gongshi_domain::staff::Username,
    ) -> StoreResult<Option<gongshi_domain::staff::StaffAccount>> {
        self.staff_account_impl(district, username).await
    }

    async fn set_staff_disabled(
        &self,
        district: &DistrictCode,
        username: &gongshi_domain::staff::Username,
        disabled: bool,
    ) -> StoreResult<bool> {
        self.set_staff_disabled_impl(district, username, disabled)
            .await
    }

    async fn set_staff_password(
        &self,
        district: &DistrictCode,
        username: &gongshi_domain::staff::Username,
        password_hash: &str,
        keep: Option<&str>,
    ) -> StoreResult<bool> {
        self.set_staff_password_impl(district, username, password_hash, keep)
            .await
    }

    async fn open_session(
        &self,
        user: i64,
        token_sha256: &str,
        csrf_token: &str,
        expires_at: time::OffsetDateTime,
    ) -> StoreResult<()> {
        self.open_session_impl(user, token_sha256, csrf_token, expires_at)
            .await
    }

    async fn session(
        &self,
        token_sha256: &str,
        now: time::OffsetDateTime,
    ) -> StoreResult<Option<(crate::store::StaffUser, crate::store::StaffSession)>> {
        self.session_impl(token_sha256, now).await
    }

    async fn close_session(&self, token_sha256: &str) -> StoreResult<()> {
        self.close_session_impl(token_sha256).await
    }

    async fn login_failed(
        &self,
        client: &str,
        username: &str,
        at: time::OffsetDateTime,
        since: time::OffsetDateTime,
    ) -> StoreResult<(u64, u64)> {
        self.login_failed_impl(client, username, at, since).await
    }

    async fn login_failures(
        &self,
        client: &str,
        username: &str,
        since: time::OffsetDateTime,
    ) -> StoreResult<(u64, u64)> {
        self.login_failures_impl(client, username, since).await
    }

    async fn submit_complaint(
        &self,
        write: &crate::store::ComplaintWrite,
        limits: crate::store::RateLimits,
    ) -> StoreResult<crate::store::Submitted> {
        self.submit_complaint_impl(write, limits).await
    }

    async fn complaint_repeats(
        &self,
        locality: &LocalityId,
        topic: &str,
        since: time::Date,
    ) -> StoreResult<u64> {
        let (n,): (i64,) = sqlx::query_as(
            "SELECT count(*) FROM complaints WHERE locality = ? AND topic = ? AND submitted_on > ?",
        )
        .bind(locality.as_str())
        .bind(topic)
        .bind(catalog::date_string(since))
        .fetch_one(&self.pool)
        .await?;
        Ok(u64::try_from(n).unwrap_or(0))
    }

    async fn complaint_stats(
        &self,
        district: &DistrictCode,
        year: Option<i32>,
    ) -> StoreResult<crate::store::ComplaintStatsRows> {
        self.complaint_stats_impl(district, year).await
    }

    async fn public_complaints(
        &self,
        filter: &crate::store::PublicComplaintFilter,
    ) -> StoreResult<Vec<crate::store::PublicComplaintRow>> {
        self.public_complaints_impl(filter).await
    }

    async fn idempotent_answer(&self, key: &str) -> StoreResult<Option<(String, String)>> {
        Ok(
            sqlx::query_as("SELECT body_sha256, answer FROM complaint_idempotency WHERE key = ?")
                .bind(key)
                .fetch_optional(&self.pool)
                .await?,
        )
    }

    async fn complaint(
        &self,
        code: &gongshi_domain::complaint::TrackingCode,
    ) -> StoreResult<Option<crate::store::ComplaintRecord>> {
        self.complaint_impl(code).await
    }

    async fn delegations(
        &self,
        matter: Option<&MatterCode>,
        locality: Option<&LocalityId>,
    ) -> StoreResult<Vec<Delegation>> {
        self.delegations_impl(matter, locality).await
    }

    async fn replace_penalties(
        &self,
        district: &DistrictCode,
        penalties: &mut (dyn Iterator<Item = PenaltyWrite> + Send),
        progress: &(dyn Fn(u64) + Send + Sync),
        today: time::Date,
    ) -> StoreResult<u64> {
        self.replace_penalties_impl(district, penalties, progress, today)
            .await
    }

    async fn refresh_penalty_summaries(&self, today: time::Date) -> StoreResult<()> {
        self.refresh_penalty_summaries_impl(today).await
    }

    async fn penalties(
        &self,
        filter: &PenaltyFilter,
        sort: PenaltySort,
        after: Option<PenaltyCursor>,
        limit: u32,
    ) -> StoreResult<Vec<PenaltyRow>> {
        self.penalties_impl(filter, sort, after, limit).await
    }

    async fn penalty_count(&self, filter: &PenaltyFilter, cap: u64) -> StoreResult<Count> {
        self.penalty_count_impl(filter, cap).await
    }

    async fn penalty_facets(
        &self,
        filter: &PenaltyFilter,
        cap: u64,
    ) -> StoreResult<Option<Vec<Facet>>> {
        self.penalty_facets_impl(filter, cap).await
    }

    async fn penalty_stats(
        &self,
        district: &DistrictCode,
        year: Option<i32>,
    ) -> StoreResult<StatsRows> {
        self.penalty_stats_impl(district, year).await
    }

    async fn penalty(&self, id: PenaltyId, today: time::Date) -> StoreResult<Option<PenaltyPage>> {
        self.penalty_impl(id, today).await
    }

    async fn export_penalties(
        &self,
        filter: PenaltyFilter,
        sort: PenaltySort,
    ) -> StoreResult<tokio::sync::mpsc::Receiver<StoreResult<PenaltyPage>>> {
        self.refresh_penalty_summaries_impl(filter.today).await?;
        Ok(self.export_penalties_impl(filter, sort))
    }
}
