//! The catalog half of [`PgStore`] (PostgreSQL): matters, their delegation history, search and
//! facets.

use super::PgStore;
use crate::params::spelling;
use crate::store::rows::catalog::{
    DelegationRow, MatterRow, delegation, legal_basis_json, matter, push_matter_filter, search_text,
};
use crate::store::rows::date_string;
use crate::store::{MatterFilter, StoreResult};
use gongshi_domain::api::{Facet, disjunctive_facets};
use gongshi_domain::catalog::{Delegation, Matter, MatterCode};
use gongshi_domain::{DistrictCode, LocalityId};
use sqlx::{Postgres, QueryBuilder};
use time::Date;

const MATTER_COLUMNS: &str =
    "m.code, m.name, m.domain, m.power_kind, m.class, m.level, m.department, m.legal_basis";

/// Rows per multi-row INSERT: well under PostgreSQL's 65,535 bind parameters (10 a matter).
const BATCH: usize = 1000;

/// Appends acts to the delegation history, in the order given (ids ascending).
async fn insert_delegations(tx: &mut sqlx::PgConnection, acts: &[Delegation]) -> StoreResult<()> {
    for chunk in acts.chunks(BATCH) {
        let mut q = QueryBuilder::<Postgres>::new(
            "INSERT INTO delegations (matter, locality, act, effective, document) ",
        );
        q.push_values(chunk, |mut row, d| {
            row.push_bind(d.matter.to_string())
                .push_bind(d.locality.to_string())
                .push_bind(spelling(&d.act))
                .push_bind(date_string(d.effective))
                .push_bind(d.document.to_string());
        });
        // A multi-row VALUES is inserted in its order, so the identity ids keep the acts' order
        // (which `delegations_impl` and the latest-act rule rely on for acts on the same day).
        q.build().execute(&mut *tx).await?;
    }
    Ok(())
}

impl PgStore {
    /// The matter filter: the shared filters ([`push_matter_filter`], with `strpos`), then the
    /// delegation state.
    fn push_matter_filter(q: &mut QueryBuilder<'_, Postgres>, f: &MatterFilter) {
        push_matter_filter(q, f, "strpos");
        if let (Some(locality), Some(delegated)) = (&f.locality, f.delegated) {
            // The matters whose act in force at the locality on the date is a delegation: per
            // matter, the latest act effective on or before it (on one day, the last recorded).
            // `delegations_state` covers the whole subquery.
            q.push(if delegated {
                " AND m.code IN ("
            } else {
                " AND m.code NOT IN ("
            });
            q.push(
                "SELECT s.matter FROM (SELECT DISTINCT ON (d.matter) d.matter, d.act \
                 FROM delegations d WHERE d.locality = ",
            )
            .push_bind(locality.to_string())
            .push(" AND d.effective <= ")
            .push_bind(date_string(f.as_of))
            .push(
                " ORDER BY d.matter, d.effective DESC, d.id DESC) s \
                 WHERE s.act = 'delegate')",
            );
        }
    }

    pub(super) async fn replace_catalog_impl(
        &self,
        district: &DistrictCode,
        matters: &[Matter],
        history: &[Delegation],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        // Penalties refer to the matters they were decided under: they go with the catalog.
        super::penalties::delete_district_penalties(&mut tx, district).await?;
        sqlx::query(
            "DELETE FROM delegations WHERE matter IN (SELECT code FROM matters WHERE district = $1)",
        )
        .bind(district.as_str())
        .execute(&mut *tx)
        .await?;
        sqlx::query("DELETE FROM matters WHERE district = $1")
            .bind(district.as_str())
            .execute(&mut *tx)
            .await?;
        for chunk in matters.chunks(BATCH) {
            let rows = chunk
                .iter()
                .map(|m| Ok((m, legal_basis_json(m)?, search_text(m))))
                .collect::<StoreResult<Vec<_>>>()?;
            let mut q = QueryBuilder::<Postgres>::new(
                "INSERT INTO matters (code, district, name, domain, power_kind, class, level, \
                 department, legal_basis, search) ",
            );
            q.push_values(rows, |mut row, (m, legal_basis, search)| {
                row.push_bind(m.code.to_string())
                    .push_bind(district.to_string())
                    .push_bind(m.name.to_string())
                    .push_bind(spelling(&m.domain))
                    .push_bind(spelling(&m.power_kind))
                    .push_bind(spelling(&m.class))
                    .push_bind(spelling(&m.level))
                    .push_bind(m.department.to_string())
                    .push_bind(legal_basis)
                    .push_bind(search);
            });
            q.build().execute(&mut *tx).await?;
        }
        insert_delegations(&mut tx, history).await?;
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn add_round_impl(
        &self,
        acts: &[Delegation],
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<u64> {
        let mut tx = self.write().await?;
        insert_delegations(&mut tx, acts).await?;
        let entry = super::log::append(&mut tx, log.0, log.1).await?;
        tx.commit().await?;
        Ok(entry.seq)
    }

    pub(super) async fn matters_impl(
        &self,
        filter: &MatterFilter,
        after: Option<&MatterCode>,
        limit: u32,
    ) -> StoreResult<Vec<Matter>> {
        let mut q = QueryBuilder::new(format!("SELECT {MATTER_COLUMNS} FROM matters m"));
        Self::push_matter_filter(&mut q, filter);
        if let Some(after) = after {
            q.push(" AND m.code > ").push_bind(after.to_string());
        }
        q.push(" ORDER BY m.code LIMIT ")
            .push_bind(i64::from(limit));
        let rows: Vec<MatterRow> = q.build_query_as().fetch_all(self.reader()).await?;
        rows.into_iter().map(matter).collect()
    }

    /// One pass over the matters that pass the non-facet filters (words, district, locality),
    /// grouped by the four facet fields; each facet is then summed from the groups that pass the
    /// other facets' filters (see [`disjunctive_facets`]).
    pub(super) async fn matter_facets_impl(
        &self,
        filter: &MatterFilter,
    ) -> StoreResult<Vec<Facet>> {
        let shared = MatterFilter {
            domain: None,
            power_kind: None,
            class: None,
            level: None,
            ..filter.clone()
        };
        let mut q = QueryBuilder::new(
            "SELECT m.domain, m.power_kind, m.class, m.level, count(*) FROM matters m",
        );
        Self::push_matter_filter(&mut q, &shared);
        q.push(" GROUP BY m.domain, m.power_kind, m.class, m.level");
        let rows: Vec<(String, String, String, String, i64)> =
            q.build_query_as().fetch_all(self.reader()).await?;
        let chosen = [
            filter.domain.map(|v| spelling(&v)),
            filter.power_kind.map(|v| spelling(&v)),
            filter.class.map(|v| spelling(&v)),
            filter.level.map(|v| spelling(&v)),
        ];
        Ok(disjunctive_facets(
            &["domain", "power_kind", "class", "level"],
            &chosen,
            rows.into_iter().map(|(domain, kind, class, level, n)| {
                ([domain, kind, class, level], u64::try_from(n).unwrap_or(0))
            }),
        ))
    }

    pub(super) async fn matter_impl(&self, code: &MatterCode) -> StoreResult<Option<Matter>> {
        let row: Option<MatterRow> = sqlx::query_as(&format!(
            "SELECT {MATTER_COLUMNS} FROM matters m WHERE m.code = $1"
        ))
        .bind(code.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(matter).transpose()
    }

    pub(super) async fn delegations_impl(
        &self,
        matter: Option<&MatterCode>,
        locality: Option<&LocalityId>,
    ) -> StoreResult<Vec<Delegation>> {
        let mut q = QueryBuilder::<Postgres>::new(
            "SELECT matter, locality, act, effective, document FROM delegations WHERE 1 = 1",
        );
        if let Some(m) = matter {
            q.push(" AND matter = ").push_bind(m.to_string());
        }
        if let Some(l) = locality {
            q.push(" AND locality = ").push_bind(l.to_string());
        }
        q.push(" ORDER BY effective, id");
        let rows: Vec<DelegationRow> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(delegation).collect()
    }

    pub(super) async fn acts_in_force_impl(
        &self,
        district: &DistrictCode,
        domains: &[gongshi_domain::catalog::Domain],
        localities: &[LocalityId],
        on: Date,
    ) -> StoreResult<Vec<Delegation>> {
        if domains.is_empty() || localities.is_empty() {
            return Ok(Vec::new());
        }
        let domains: Vec<String> = domains.iter().map(spelling).collect();
        let localities: Vec<String> = localities.iter().map(ToString::to_string).collect();
        // The latest act per (matter, locality) on or before the date, as in the catalog's
        // delegated filter: the greatest (effective, id) of the group.
        let rows: Vec<DelegationRow> = sqlx::query_as(
            "SELECT DISTINCT ON (d.matter, d.locality) \
                    d.matter, d.locality, d.act, d.effective, d.document \
             FROM matters m JOIN delegations d ON d.matter = m.code \
             WHERE m.district = $1 AND d.effective <= $2 AND m.domain = ANY($3) \
               AND d.locality = ANY($4) \
             ORDER BY d.matter, d.locality, d.effective DESC, d.id DESC",
        )
        .bind(district.as_str())
        .bind(date_string(on))
        .bind(&domains)
        .bind(&localities)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter().map(delegation).collect()
    }

    pub(super) async fn matters_of_impl(
        &self,
        district: &DistrictCode,
        domains: &[gongshi_domain::catalog::Domain],
        codes: Option<&[MatterCode]>,
    ) -> StoreResult<Vec<Matter>> {
        let domains: Vec<String> = domains.iter().map(spelling).collect();
        let mut q = QueryBuilder::<Postgres>::new(format!(
            "SELECT {MATTER_COLUMNS} FROM matters m WHERE m.district = "
        ));
        q.push_bind(district.to_string())
            .push(" AND m.domain = ANY(")
            .push_bind(domains)
            .push(")");
        if let Some(codes) = codes {
            let codes: Vec<String> = codes.iter().map(ToString::to_string).collect();
            q.push(" AND m.code = ANY(").push_bind(codes).push(")");
        }
        q.push(" ORDER BY m.code");
        let rows: Vec<MatterRow> = q.build_query_as().fetch_all(&self.pool).await?;
        rows.into_iter().map(matter).collect()
    }
}
