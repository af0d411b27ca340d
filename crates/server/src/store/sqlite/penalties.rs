//! The penalty half of [`SqliteStore`]: decisions, their private part (kept apart), the n-gram
//! search index and the summaries that answer totals, facets and statistics without a full scan.

use super::catalog::date_string;
use super::{SqliteStore, parse};
use crate::store::rows::from_json;
use crate::store::rows::penalties::{
    Derived, EXPORT_BATCH, LIST_COLUMNS, LISTED_BATCH_JOINS, Leave, PAGE_COLUMNS, PAGE_JOINS,
    batch_inserts, derive, export_penalties, export_rows, facets_from, list_row, ngram_words,
    order_clause, page_row, push_facet_filters, push_filters, push_order, search_fields,
    summarised,
};
pub(super) use crate::store::rows::{sort_key, to_json};
use crate::store::{
    Count, PenaltyCursor, PenaltyFilter, PenaltyRow, PenaltySort, PenaltyWrite, StatsRows,
    StoreResult,
};
use gongshi_domain::DistrictCode;
use gongshi_domain::api::Facet;
use gongshi_domain::money::Fen;
use gongshi_domain::penalty::{PenaltyId, PenaltyPage};
use gongshi_domain::penalty_stats::Tally;
use gongshi_domain::search::{NgramQuery, SearchQuery, index_chars, ngram_terms};
use sqlx::sqlite::SqliteRow;
use sqlx::{QueryBuilder, Row, Sqlite};
use time::Date;

/// Rows per INSERT: 23 columns × 400 stays well under SQLite's 32,766 bound parameters.
pub(super) const BATCH: usize = 400;

/// The search index's two columns for a record's public text.
fn search_terms(fields: &[&str]) -> (String, String) {
    let mut unigrams = Vec::new();
    let mut bigrams = Vec::new();
    for field in fields {
        let (u, b) = ngram_terms(&index_chars(field));
        if !u.is_empty() {
            unigrams.push(u);
        }
        if !b.is_empty() {
            bigrams.push(b);
        }
    }
    (unigrams.join(" "), bigrams.join(" "))
}

/// The FTS5 expression for a query: every word, each as any of its forms. `None` when no word has
/// a letter, digit or Han character to look for.
fn match_expression(q: &SearchQuery) -> Option<String> {
    let words: Vec<String> = ngram_words(q)
        .into_iter()
        .map(|forms| {
            let forms: Vec<String> = forms
                .into_iter()
                .map(|n| match n {
                    NgramQuery::Unigram(c) => format!("unigrams : \"{c}\""),
                    NgramQuery::Bigrams(pairs) => format!("bigrams : \"{}\"", pairs.join(" ")),
                })
                .collect();
            format!("({})", forms.join(" OR "))
        })
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

/// Appends the FTS5 test that `s.key` is found by `query` (nothing when it has nothing to look
/// for): the search clause of [`push_filters`].
fn push_search(q: &mut QueryBuilder<'_, Sqlite>, query: &SearchQuery) {
    if let Some(expr) = match_expression(query) {
        q.push(" AND s.key IN (SELECT rowid FROM penalty_search WHERE penalty_search MATCH ")
            .push_bind(expr)
            .push(")");
    }
}

impl SqliteStore {
    pub(super) async fn replace_penalties_impl(
        &self,
        district: &DistrictCode,
        penalties: &mut (dyn Iterator<Item = PenaltyWrite> + Send),
        progress: &(dyn Fn(u64) + Send + Sync),
        today: Date,
    ) -> StoreResult<u64> {
        let mut tx = self.writer.begin().await?;
        delete_district_penalties(&mut tx, district).await?;
        let mut written = 0u64;
        loop {
            let batch: Vec<PenaltyWrite> = (&mut *penalties).take(BATCH).collect();
            if batch.is_empty() {
                break;
            }
            write_batch(&mut tx, district, &batch).await?;
            written += batch.len() as u64;
            progress(written);
        }
        rebuild_district_summaries(&mut tx, district).await?;
        rebuild_listed(&mut tx, today).await?;
        tx.commit().await?;
        self.note_listed_on(today);
        Ok(written)
    }

    fn note_listed_on(&self, today: Date) {
        if let Ok(mut on) = self.listed_on.lock() {
            *on = Some(today);
        }
    }

    pub(super) async fn refresh_penalty_summaries_impl(&self, today: Date) -> StoreResult<()> {
        if self.listed_on.lock().is_ok_and(|on| *on == Some(today)) {
            return Ok(());
        }
        // IMMEDIATE: requests racing past midnight queue for the write lock instead of failing to
        // upgrade a read; the ones after the first find the counts already built.
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let (on,): (Option<String>,) =
            sqlx::query_as("SELECT listed_on FROM penalty_summary_state")
                .fetch_one(&mut *tx)
                .await?;
        if on.as_deref() != Some(date_string(today).as_str()) {
            rebuild_listed(&mut tx, today).await?;
        }
        tx.commit().await?;
        self.note_listed_on(today);
        Ok(())
    }

    pub(super) async fn penalties_impl(
        &self,
        filter: &PenaltyFilter,
        sort: PenaltySort,
        after: Option<PenaltyCursor>,
        limit: u32,
    ) -> StoreResult<Vec<PenaltyRow>> {
        self.refresh_penalty_summaries_impl(filter.today).await?;
        // The page is chosen on the listing alone, then joined for display: joining every
        // filtered row before sorting by fine costs a lookup per row.
        let mut q = QueryBuilder::new(format!(
            "SELECT {LIST_COLUMNS} FROM (SELECT s.key, s.fine FROM penalty_listing s WHERE"
        ));
        push_filters(&mut q, filter, Leave::Nothing, push_search);
        push_order(&mut q, sort, after);
        q.push(" LIMIT ").push_bind(i64::from(limit));
        q.push(
            ") s JOIN penalties p ON p.key = s.key JOIN authorities a ON a.id = p.authority \
                JOIN localities l ON l.id = p.locality JOIN matters m ON m.code = p.matter",
        );
        push_order(&mut q, sort, None);
        let rows = q.build().fetch_all(&self.pool).await?;
        rows.iter().map(|r| list_row(r, filter.today)).collect()
    }

    pub(super) async fn penalty_count_impl(
        &self,
        filter: &PenaltyFilter,
        cap: u64,
    ) -> StoreResult<Count> {
        if summarised(filter) {
            self.refresh_penalty_summaries_impl(filter.today).await?;
            let mut q =
                QueryBuilder::new("SELECT coalesce(sum(s.n), 0) FROM penalty_listed s WHERE 1 = 1");
            if let Some(d) = &filter.district {
                q.push(" AND s.district = ").push_bind(d.to_string());
            }
            push_facet_filters(&mut q, filter, "s.");
            let (n,): (i64,) = q.build_query_as().fetch_one(&self.pool).await?;
            return Ok(Count {
                value: u64::try_from(n).unwrap_or(0),
                exact: true,
            });
        }
        self.refresh_penalty_summaries_impl(filter.today).await?;
        self.capped_count(filter, Leave::Nothing, cap).await
    }

    async fn capped_count(
        &self,
        filter: &PenaltyFilter,
        leave: Leave,
        cap: u64,
    ) -> StoreResult<Count> {
        let mut q =
            QueryBuilder::new("SELECT count(*) FROM (SELECT 1 FROM penalty_listing s WHERE");
        push_filters(&mut q, filter, leave, push_search);
        q.push(" LIMIT ")
            .push_bind(i64::try_from(cap.saturating_add(1)).unwrap_or(i64::MAX))
            .push(")");
        let (n,): (i64,) = q.build_query_as().fetch_one(&self.pool).await?;
        let n = u64::try_from(n).unwrap_or(0);
        Ok(Count {
            value: n.min(cap),
            exact: n <= cap,
        })
    }

    pub(super) async fn penalty_facets_impl(
        &self,
        filter: &PenaltyFilter,
        cap: u64,
    ) -> StoreResult<Option<Vec<Facet>>> {
        // Thousands of groups come back as one JSON row: handing rows one by one from SQLite's
        // thread costs more than grouping them.
        let mut q = QueryBuilder::new(
            "SELECT json_group_array(json_array(g.locality, g.authority, g.domain, g.party_kind, \
             g.procedure, g.kinds, g.n)) FROM (",
        );
        self.refresh_penalty_summaries_impl(filter.today).await?;
        if summarised(filter) {
            // The summary's rows as they are (facets add up repeats): no grouping needed.
            q.push(
                "SELECT s.locality, s.authority, s.domain, s.party_kind, s.procedure, s.kinds, \
                 s.n FROM penalty_listed s WHERE 1 = 1",
            );
            if let Some(d) = &filter.district {
                q.push(" AND s.district = ").push_bind(d.to_string());
            }
        } else {
            // Facets count the set before the facet filters: bounded by what is worth a scan.
            if !self
                .capped_count(filter, Leave::FacetFields, cap)
                .await?
                .exact
            {
                return Ok(None);
            }
            q.push(
                "SELECT s.locality, s.authority, s.domain, s.party_kind, s.procedure, s.kinds, \
                 count(*) AS n FROM penalty_listing s WHERE",
            );
            push_filters(&mut q, filter, Leave::FacetFields, push_search);
            q.push(" GROUP BY 1, 2, 3, 4, 5, 6");
        }
        q.push(") g");
        let (json,): (String,) = q.build_query_as().fetch_one(&self.pool).await?;
        let groups: Vec<(String, String, String, String, String, u32, u64)> =
            from_json("facet groups", &json)?;
        let groups = groups
            .into_iter()
            .map(|(l, a, d, k, p, kinds, n)| ([l, a, d, k, p], kinds, n))
            .collect();
        Ok(Some(facets_from(groups, filter)))
    }

    pub(super) async fn penalty_stats_impl(
        &self,
        district: &DistrictCode,
        year: Option<i32>,
    ) -> StoreResult<StatsRows> {
        let (from, to) = match year {
            Some(y) => (format!("{y:04}-01"), format!("{y:04}-12")),
            None => ("0000-01".to_owned(), "9999-12".to_owned()),
        };
        let tallies = |dimension: &str| {
            format!(
                "SELECT {dimension}, sum(n), sum(fine), sum(confiscated) FROM penalty_monthly \
                 WHERE district = ?1 AND month BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 1"
            )
        };
        let fetch = |sql: String| {
            let (district, from, to) = (district.to_string(), from.clone(), to.clone());
            let pool = self.pool.clone();
            async move {
                sqlx::query(&sql)
                    .bind(district)
                    .bind(from)
                    .bind(to)
                    .fetch_all(&pool)
                    .await
            }
        };
        let tally = |r: &SqliteRow| -> StoreResult<Tally> {
            let n: i64 = r.try_get(1)?;
            let fine: i64 = r.try_get(2)?;
            let confiscated: i64 = r.try_get(3)?;
            Ok(Tally {
                decisions: u64::try_from(n).unwrap_or(0),
                fine: Fen(u64::try_from(fine).unwrap_or(0)),
                confiscated: Fen(u64::try_from(confiscated).unwrap_or(0)),
            })
        };
        let keyed = |rows: Vec<SqliteRow>| -> StoreResult<Vec<(String, Tally)>> {
            rows.iter()
                .map(|r| Ok((r.try_get::<String, _>(0)?, tally(r)?)))
                .collect()
        };
        let years: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT CAST(substr(month, 1, 4) AS INTEGER) FROM penalty_monthly \
             WHERE district = ? ORDER BY 1",
        )
        .bind(district.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut rows = StatsRows {
            years: years
                .into_iter()
                .filter_map(|(y,)| i32::try_from(y).ok())
                .collect(),
            by_month: keyed(fetch(tallies("month")).await?)?,
            ..StatsRows::default()
        };
        for (k, t) in keyed(fetch(tallies("locality")).await?)? {
            rows.by_locality.push((parse("locality", &k)?, t));
        }
        for (k, t) in keyed(fetch(tallies("domain")).await?)? {
            rows.by_domain.push((parse("domain", &k)?, t));
        }
        for (k, t) in keyed(fetch(tallies("procedure")).await?)? {
            rows.by_procedure.push((parse("procedure", &k)?, t));
        }
        for r in fetch(
            "SELECT kinds, sum(n) FROM penalty_monthly WHERE district = ?1 \
             AND month BETWEEN ?2 AND ?3 GROUP BY 1"
                .to_owned(),
        )
        .await?
        {
            let kinds: i64 = r.try_get(0)?;
            let n: i64 = r.try_get(1)?;
            rows.by_kinds.push((
                u32::try_from(kinds).unwrap_or(0),
                u64::try_from(n).unwrap_or(0),
            ));
        }
        for r in fetch(
            "SELECT authority, sum(n), sum(on_time), sum(late) FROM penalty_monthly \
             WHERE district = ?1 AND month BETWEEN ?2 AND ?3 GROUP BY 1 ORDER BY 1"
                .to_owned(),
        )
        .await?
        {
            let count = |i: usize| -> StoreResult<u64> {
                Ok(u64::try_from(r.try_get::<i64, _>(i)?).unwrap_or(0))
            };
            rows.by_authority.push((
                parse("authority", &r.try_get::<String, _>(0)?)?,
                count(1)?,
                count(2)?,
                count(3)?,
            ));
        }
        let (first_year, last_year) = year.map_or((0, 9999), |y| (y, y));
        let used: Vec<(String, String)> = sqlx::query_as(
            "SELECT DISTINCT locality, matter FROM penalty_matter_use \
             WHERE district = ? AND year BETWEEN ? AND ?",
        )
        .bind(district.as_str())
        .bind(first_year)
        .bind(last_year)
        .fetch_all(&self.pool)
        .await?;
        for (l, m) in used {
            rows.matters_used
                .push((parse("locality", &l)?, parse("matter", &m)?));
        }
        Ok(rows)
    }

    pub(super) async fn penalty_impl(
        &self,
        id: PenaltyId,
        today: Date,
    ) -> StoreResult<Option<PenaltyPage>> {
        let Ok(id) = i64::try_from(id.0) else {
            return Ok(None);
        };
        let row = sqlx::query(&format!("SELECT {PAGE_COLUMNS}{PAGE_JOINS} WHERE p.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        match row {
            Some(r) => page_row(&r, today),
            None => Ok(None),
        }
    }

    pub(super) fn export_penalties_impl(
        &self,
        filter: PenaltyFilter,
        sort: PenaltySort,
    ) -> tokio::sync::mpsc::Receiver<StoreResult<PenaltyPage>> {
        export_penalties(
            self.pool.clone(),
            filter,
            sort,
            |pool, filter, sort, after| Box::pin(export_batch(pool, filter, sort, after)),
        )
    }
}

/// The next `EXPORT_BATCH` listed records after `after`, as one JSON row: handing a million rows
/// one by one from SQLite's thread costs more than reading them.
async fn export_batch(
    pool: &sqlx::SqlitePool,
    filter: &PenaltyFilter,
    sort: PenaltySort,
    after: Option<PenaltyCursor>,
) -> StoreResult<Vec<(PenaltyCursor, PenaltyPage)>> {
    let mut q = QueryBuilder::new(format!(
        "SELECT json_group_array(json_array(s.key, s.fine, p.withdrawn, json(p.withdrawal), \
         json(pp.public), p.id, p.decision_number, p.decided, \
         json_object('code', d.code, 'name', d.name, 'demo', json(iif(d.demo, 'true', 'false'))), \
         json_object('id', a.id, 'name', a.name, 'kind', a.kind), \
         json_object('id', l.id, 'name', l.name, 'kind', l.kind), \
         json_object('code', m.code, 'name', m.name)){}) \
         FROM (SELECT s.key, s.fine FROM penalty_listing s WHERE",
        order_clause(sort)
    ));
    push_filters(&mut q, filter, Leave::Nothing, push_search);
    push_order(&mut q, sort, after);
    q.push(" LIMIT ")
        .push_bind(EXPORT_BATCH)
        .push(format!("){LISTED_BATCH_JOINS}"));
    let (json,): (String,) = q.build_query_as().fetch_one(pool).await?;
    export_rows(&json, filter.today)
}

/// Every penalty of `district` and everything derived from them (search terms, public and private
/// parts, summaries).
pub(super) async fn delete_district_penalties(
    tx: &mut sqlx::SqliteConnection,
    district: &DistrictCode,
) -> StoreResult<()> {
    for statement in [
        "DELETE FROM penalty_search WHERE rowid IN (SELECT key FROM penalties WHERE district = ?)",
        "DELETE FROM penalty_private WHERE id IN (SELECT id FROM penalties WHERE district = ?)",
        "DELETE FROM penalty_public WHERE key IN (SELECT key FROM penalties WHERE district = ?)",
        "DELETE FROM penalties WHERE district = ?",
        "DELETE FROM penalty_listed WHERE district = ?",
        "DELETE FROM penalty_listing WHERE district = ?",
        "DELETE FROM penalty_monthly WHERE district = ?",
        "DELETE FROM penalty_matter_use WHERE district = ?",
    ] {
        sqlx::query(statement)
            .bind(district.as_str())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

pub(super) async fn write_batch(
    tx: &mut sqlx::SqliteConnection,
    district: &DistrictCode,
    batch: &[PenaltyWrite],
) -> StoreResult<()> {
    let derived = batch.iter().map(derive).collect::<StoreResult<Vec<_>>>()?;
    let published: Vec<(&Derived, (String, String))> = batch
        .iter()
        .zip(&derived)
        .filter_map(|(w, d)| Some((d, search_terms(&search_fields(w.public.as_ref()?)))))
        .collect();
    for mut q in batch_inserts::<Sqlite, _>(district, batch, &derived, &published)? {
        q.build().execute(&mut *tx).await?;
    }

    if !published.is_empty() {
        let mut q =
            QueryBuilder::<Sqlite>::new("INSERT INTO penalty_search (rowid, unigrams, bigrams) ");
        q.push_values(published, |mut b, (d, (unigrams, bigrams))| {
            b.push_bind(d.key).push_bind(unigrams).push_bind(bigrams);
        });
        q.build().execute(&mut *tx).await?;
    }
    Ok(())
}

/// The statistics summaries of one district: every decision but the withdrawn ones.
async fn rebuild_district_summaries(
    tx: &mut sqlx::SqliteConnection,
    district: &DistrictCode,
) -> StoreResult<()> {
    for statement in [
        "DELETE FROM penalty_monthly WHERE district = ?1",
        "INSERT INTO penalty_monthly (district, month, locality, authority, domain, procedure, \
         party_kind, kinds, n, fine, confiscated, on_time, late) \
         SELECT district, substr(decided, 1, 7), locality, authority, domain, procedure, \
         party_kind, kinds, count(*), sum(fine), sum(confiscated), \
         coalesce(sum(late = 0), 0), coalesce(sum(late = 1), 0) \
         FROM penalties WHERE district = ?1 AND withdrawn IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
        "DELETE FROM penalty_matter_use WHERE district = ?1",
        "INSERT INTO penalty_matter_use (district, year, locality, matter, n) \
         SELECT district, CAST(substr(decided, 1, 4) AS INTEGER), locality, matter, count(*) \
         FROM penalties WHERE district = ?1 AND withdrawn IS NULL GROUP BY 1, 2, 3, 4",
    ] {
        sqlx::query(statement)
            .bind(district.as_str())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// What is listed on `today`, and its counts, for every district.
async fn rebuild_listed(tx: &mut sqlx::SqliteConnection, today: Date) -> StoreResult<()> {
    let today = date_string(today);
    for statement in [
        "DELETE FROM penalty_listing",
        "INSERT INTO penalty_listing (key, district, locality, authority, domain, matter, \
         party_kind, procedure, kinds, fine) SELECT key, district, locality, authority, domain, \
         matter, party_kind, procedure, kinds, fine FROM penalties \
         WHERE restricted = 0 AND published <= ?1 AND ends > ?1",
        "DELETE FROM penalty_listed",
        "INSERT INTO penalty_listed (district, locality, authority, domain, party_kind, procedure, \
         kinds, n) SELECT district, locality, authority, domain, party_kind, procedure, kinds, \
         count(*) FROM penalty_listing GROUP BY 1, 2, 3, 4, 5, 6, 7",
        "UPDATE penalty_summary_state SET listed_on = ?1",
    ] {
        sqlx::query(statement)
            .bind(&today)
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_become_unigrams_and_phrases() {
        let q = SearchQuery::parse("罚 占道经营")
            .ok()
            .flatten()
            .expect("a query");
        let expr = match_expression(&q).expect("an expression");
        assert!(
            expr.starts_with("(unigrams : \"罚\") AND (bigrams : \"占道 道经 经营\""),
            "{expr}"
        );
        let only_punctuation = SearchQuery::parse("〔〕").ok().flatten().expect("a query");
        assert_eq!(match_expression(&only_punctuation), None);
    }
}
