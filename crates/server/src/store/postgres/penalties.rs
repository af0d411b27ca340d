//! The penalty half of [`PgStore`] (PostgreSQL): decisions, their private part (kept apart), the
//! n-gram search index (one tsvector per record) and the summaries that answer totals, facets and
//! statistics without a full scan.

use super::{PgStore, parse};
use crate::store::rows::penalties::{
    Derived, EXPORT_BATCH, LIST_COLUMNS, LISTED_BATCH_JOINS, Leave, PAGE_COLUMNS, PAGE_JOINS,
    batch_inserts, derive, export_penalties, export_rows, facets_from, list_row, ngram_words,
    order_clause, page_row, push_facet_filters, push_filters, push_order, search_fields,
    summarised,
};
use crate::store::rows::{date_string, from_json};
use crate::store::{
    Count, PenaltyCursor, PenaltyFilter, PenaltyRow, PenaltySort, PenaltyWrite, StatsRows,
    StoreResult,
};
use gongshi_domain::DistrictCode;
use gongshi_domain::api::Facet;
use gongshi_domain::money::Fen;
use gongshi_domain::penalty::{PenaltyId, PenaltyPage, PublicPenalty};
use gongshi_domain::penalty_stats::Tally;
use gongshi_domain::search::{NgramQuery, SearchQuery, index_chars};
use sqlx::postgres::PgRow;
use sqlx::{Postgres, QueryBuilder, Row};
use std::collections::BTreeSet;
use time::Date;

/// Rows per INSERT: 23 columns × 400 stays well under PostgreSQL's 65,535 bound parameters, and a
/// batch is what `progress` reports.
pub(super) const BATCH: usize = 400;

/// `lexeme` as a quoted tsvector or tsquery lexeme.
fn push_lexeme(out: &mut String, lexeme: &str) {
    out.push('\'');
    for c in lexeme.chars() {
        if matches!(c, '\'' | '\\') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
}

/// A record's search row for its public text: the tsvector (as a literal to cast, `::tsvector`:
/// `to_tsvector` would split and fold the terms its own way) of every character and every pair of
/// neighbours within a field ([`gongshi_domain::search::ngram_terms`] without positions), and the
/// [`search_body`].
fn search_row(fields: &[&str]) -> (String, String) {
    let fields: Vec<Vec<char>> = fields.iter().map(|f| index_chars(f)).collect();
    let mut lexemes = BTreeSet::new();
    for chars in &fields {
        for (i, c) in chars.iter().enumerate() {
            lexemes.insert(c.to_string());
            if let Some(next) = chars.get(i + 1) {
                lexemes.insert([*c, *next].iter().collect::<String>());
            }
        }
    }
    let mut terms = String::new();
    for lexeme in &lexemes {
        if !terms.is_empty() {
            terms.push(' ');
        }
        push_lexeme(&mut terms, lexeme);
    }
    (terms, search_body(&fields))
}

/// Where a word of several characters is confirmed once the index has found all its pairs: the
/// text in which the word is a substring exactly when SQLite's FTS5 index finds the phrase of its
/// pairs (so both stores answer alike). That index's pair stream runs through the fields in turn,
/// a field's last pair next to the next field's first: a field is joined to the one before by its
/// shared character when the one ends with the character the other begins with (the pairs meet
/// there), by a line break otherwise (never in a word, so no word runs across). A field of one
/// character has no pair and stands between nothing: it comes last, on its own line, to be found
/// as itself.
fn search_body(fields: &[Vec<char>]) -> String {
    let mut body = String::new();
    let mut last: Option<char> = None;
    for chars in fields.iter().filter(|c| c.len() > 1) {
        match last {
            Some(l) if l == chars[0] => body.extend(&chars[1..]),
            Some(_) => {
                body.push('\n');
                body.extend(chars);
            }
            None => body.extend(chars),
        }
        last = chars.last().copied();
    }
    for chars in fields.iter().filter(|c| c.len() == 1) {
        body.push('\n');
        body.extend(chars);
    }
    body
}

/// A query as the listing answers it: the tsquery (a literal to cast, `::tsquery`) that every word,
/// as any of its forms, has its character or all its pairs in a record's terms; and, for each word
/// with a form of three or more characters (whose pairs could stand apart), its forms as text, one
/// of which the record's body must hold. `None` when no word has a letter, digit or Han character
/// to look for.
fn search_query(q: &SearchQuery) -> Option<(String, Vec<Vec<String>>)> {
    let mut confirm = Vec::new();
    let words: Vec<String> = ngram_words(q)
        .into_iter()
        .map(|forms| {
            if forms
                .iter()
                .any(|n| matches!(n, NgramQuery::Bigrams(pairs) if pairs.len() > 1))
            {
                confirm.push(forms.iter().map(form_text).collect());
            }
            let forms: Vec<String> = forms
                .into_iter()
                .map(|n| {
                    let mut form = String::from("(");
                    match n {
                        NgramQuery::Unigram(c) => push_lexeme(&mut form, &c),
                        NgramQuery::Bigrams(pairs) => {
                            for (i, pair) in pairs.iter().enumerate() {
                                if i > 0 {
                                    form.push_str(" & ");
                                }
                                push_lexeme(&mut form, pair);
                            }
                        }
                    }
                    form.push(')');
                    form
                })
                .collect();
            format!("({})", forms.join(" | "))
        })
        .collect();
    (!words.is_empty()).then(|| (words.join(" & "), confirm))
}

/// A form's characters again: a character, or its run of overlapping pairs.
fn form_text(n: &NgramQuery) -> String {
    match n {
        NgramQuery::Unigram(c) => c.clone(),
        NgramQuery::Bigrams(pairs) => {
            let mut text: String = pairs.first().cloned().unwrap_or_default();
            for pair in pairs.iter().skip(1) {
                text.extend(pair.chars().skip(1));
            }
            text
        }
    }
}

/// Appends the test that the listed record `s` (in [`listing`]'s table) is found by `query`
/// (nothing when it has nothing to look for): the search clause of [`push_filters`].
fn push_search(q: &mut QueryBuilder<'_, Postgres>, query: &SearchQuery) {
    let Some((terms, confirm)) = search_query(query) else {
        return;
    };
    q.push(" AND s.terms @@ ")
        .push_bind(terms)
        .push("::tsquery");
    for forms in confirm {
        q.push(" AND (");
        for (i, form) in forms.into_iter().enumerate() {
            if i > 0 {
                q.push(" OR ");
            }
            q.push("strpos(s.body, ").push_bind(form).push(") > 0");
        }
        q.push(")");
    }
}

/// The listing to read for `filter`: the one with search rows when it searches, the narrow one
/// otherwise.
fn listing(filter: &PenaltyFilter) -> &'static str {
    if filter
        .q
        .as_ref()
        .is_some_and(|q| !ngram_words(q).is_empty())
    {
        "penalty_listing_text"
    } else {
        "penalty_listing"
    }
}

impl PgStore {
    pub(super) async fn replace_penalties_impl(
        &self,
        district: &DistrictCode,
        penalties: &mut (dyn Iterator<Item = PenaltyWrite> + Send),
        progress: &(dyn Fn(u64) + Send + Sync),
        today: Date,
    ) -> StoreResult<u64> {
        let mut tx = self.write().await?;
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
        let day = date_string(today);
        let listed_on = "SELECT listed_on FROM penalty_summary_state";
        // Another instance may have built it already (this one's memory is no proof either way):
        // then no need to queue for the writer lock behind, say, an import.
        // Only ever forward: an instance whose clock is behind does not rebuild an earlier day
        // over one another instance built.
        let behind = |on: Option<String>| on.is_none_or(|on| on < day);
        let (on,): (Option<String>,) = sqlx::query_as(listed_on).fetch_one(&self.pool).await?;
        if behind(on) {
            // The writer lock: requests racing past midnight, on this instance or another, queue
            // for it; the ones after the first find the listing already built for the day.
            let mut tx = self.write().await?;
            let (on,): (Option<String>,) = sqlx::query_as(listed_on).fetch_one(&mut *tx).await?;
            if behind(on) {
                rebuild_listed(&mut tx, today).await?;
            }
            tx.commit().await?;
        }
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
            "SELECT {LIST_COLUMNS} FROM (SELECT s.key, s.fine FROM {} s WHERE",
            listing(filter)
        ));
        push_filters(&mut q, filter, Leave::Nothing, push_search);
        push_order(&mut q, sort, after);
        q.push(" LIMIT ").push_bind(i64::from(limit));
        q.push(
            ") s JOIN penalties p ON p.key = s.key JOIN authorities a ON a.id = p.authority \
                JOIN localities l ON l.id = p.locality JOIN matters m ON m.code = p.matter",
        );
        push_order(&mut q, sort, None);
        let rows = q.build().fetch_all(self.reader()).await?;
        rows.iter().map(|r| list_row(r, filter.today)).collect()
    }

    pub(super) async fn penalty_count_impl(
        &self,
        filter: &PenaltyFilter,
        cap: u64,
    ) -> StoreResult<Count> {
        self.refresh_penalty_summaries_impl(filter.today).await?;
        if summarised(filter) {
            let mut q = QueryBuilder::new(
                "SELECT coalesce(sum(s.n), 0)::BIGINT FROM penalty_listed s WHERE 1 = 1",
            );
            if let Some(d) = &filter.district {
                q.push(" AND s.district = ").push_bind(d.to_string());
            }
            push_facet_filters(&mut q, filter, "s.");
            let (n,): (i64,) = q.build_query_as().fetch_one(self.reader()).await?;
            return Ok(Count {
                value: u64::try_from(n).unwrap_or(0),
                exact: true,
            });
        }
        self.capped_count(filter, Leave::Nothing, cap).await
    }

    async fn capped_count(
        &self,
        filter: &PenaltyFilter,
        leave: Leave,
        cap: u64,
    ) -> StoreResult<Count> {
        let mut q = QueryBuilder::new(format!(
            "SELECT count(*) FROM (SELECT 1 FROM {} s WHERE",
            listing(filter)
        ));
        push_filters(&mut q, filter, leave, push_search);
        q.push(" LIMIT ")
            .push_bind(i64::try_from(cap.saturating_add(1)).unwrap_or(i64::MAX))
            .push(") c");
        let (n,): (i64,) = q.build_query_as().fetch_one(self.reader()).await?;
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
        self.refresh_penalty_summaries_impl(filter.today).await?;
        let mut q = QueryBuilder::new(
            "SELECT s.locality, s.authority, s.domain, s.party_kind, s.procedure, s.kinds, ",
        );
        if summarised(filter) {
            // The summary's rows as they are (facets add up repeats): no grouping needed.
            q.push("s.n FROM penalty_listed s WHERE 1 = 1");
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
            q.push(format!("count(*) FROM {} s WHERE", listing(filter)));
            push_filters(&mut q, filter, Leave::FacetFields, push_search);
            q.push(" GROUP BY 1, 2, 3, 4, 5, 6");
        }
        type Group = (String, String, String, String, String, i64, i64);
        let groups: Vec<Group> = q.build_query_as().fetch_all(self.reader()).await?;
        let groups = groups
            .into_iter()
            .map(|(l, a, d, k, p, kinds, n)| {
                (
                    [l, a, d, k, p],
                    u32::try_from(kinds).unwrap_or(0),
                    u64::try_from(n).unwrap_or(0),
                )
            })
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
                "SELECT {dimension}, sum(n)::BIGINT, sum(fine)::BIGINT, sum(confiscated)::BIGINT \
                 FROM penalty_monthly WHERE district = $1 AND month BETWEEN $2 AND $3 \
                 GROUP BY 1 ORDER BY 1"
            )
        };
        let fetch = |sql: String| {
            let (district, from, to) = (district.to_string(), from.clone(), to.clone());
            let pool = self.reader().clone();
            async move {
                sqlx::query(&sql)
                    .bind(district)
                    .bind(from)
                    .bind(to)
                    .fetch_all(&pool)
                    .await
            }
        };
        let tally = |r: &PgRow| -> StoreResult<Tally> {
            let n: i64 = r.try_get(1)?;
            let fine: i64 = r.try_get(2)?;
            let confiscated: i64 = r.try_get(3)?;
            Ok(Tally {
                decisions: u64::try_from(n).unwrap_or(0),
                fine: Fen(u64::try_from(fine).unwrap_or(0)),
                confiscated: Fen(u64::try_from(confiscated).unwrap_or(0)),
            })
        };
        let keyed = |rows: Vec<PgRow>| -> StoreResult<Vec<(String, Tally)>> {
            rows.iter()
                .map(|r| Ok((r.try_get::<String, _>(0)?, tally(r)?)))
                .collect()
        };
        let years: Vec<(i64,)> = sqlx::query_as(
            "SELECT DISTINCT CAST(substr(month, 1, 4) AS BIGINT) FROM penalty_monthly \
             WHERE district = $1 ORDER BY 1",
        )
        .bind(district.as_str())
        .fetch_all(self.reader())
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
        // In the order SQLite's grouping gives.
        for r in fetch(
            "SELECT kinds, sum(n)::BIGINT FROM penalty_monthly WHERE district = $1 \
             AND month BETWEEN $2 AND $3 GROUP BY 1 ORDER BY 1"
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
            "SELECT authority, sum(n)::BIGINT, sum(on_time)::BIGINT, sum(late)::BIGINT \
             FROM penalty_monthly WHERE district = $1 AND month BETWEEN $2 AND $3 \
             GROUP BY 1 ORDER BY 1"
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
        let (first_year, last_year) = year.map_or((0, 9999), |y| (i64::from(y), i64::from(y)));
        let used: Vec<(String, String)> = sqlx::query_as(
            "SELECT DISTINCT locality, matter FROM penalty_matter_use \
             WHERE district = $1 AND year BETWEEN $2 AND $3 ORDER BY 1, 2",
        )
        .bind(district.as_str())
        .bind(first_year)
        .bind(last_year)
        .fetch_all(self.reader())
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
        let row = sqlx::query(&format!(
            "SELECT {PAGE_COLUMNS}{PAGE_JOINS} WHERE p.id = $1"
        ))
        .bind(id)
        .fetch_optional(self.reader())
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
            self.reader().clone(),
            filter,
            sort,
            |pool, filter, sort, after| Box::pin(export_batch(pool, filter, sort, after)),
        )
    }
}

/// The next `EXPORT_BATCH` listed records after `after`, as one JSON row (the shape both stores
/// read back with [`export_rows`]). Each batch is a statement of its own: an export of a million
/// rows holds no transaction or snapshot open while the client reads.
async fn export_batch(
    pool: &sqlx::PgPool,
    filter: &PenaltyFilter,
    sort: PenaltySort,
    after: Option<PenaltyCursor>,
) -> StoreResult<Vec<(PenaltyCursor, PenaltyPage)>> {
    let mut q = QueryBuilder::new(format!(
        "SELECT coalesce(json_agg(json_build_array(s.key, s.fine, p.withdrawn, \
         p.withdrawal::json, pp.public::json, p.id, p.decision_number, p.decided, \
         json_build_object('code', d.code, 'name', d.name, 'demo', d.demo <> 0), \
         json_build_object('id', a.id, 'name', a.name, 'kind', a.kind), \
         json_build_object('id', l.id, 'name', l.name, 'kind', l.kind), \
         json_build_object('code', m.code, 'name', m.name)){}), '[]')::text \
         FROM (SELECT s.key, s.fine FROM {} s WHERE",
        order_clause(sort),
        listing(filter)
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
    tx: &mut sqlx::PgConnection,
    district: &DistrictCode,
) -> StoreResult<()> {
    for statement in [
        "DELETE FROM penalty_search WHERE key IN (SELECT key FROM penalties WHERE district = $1)",
        "DELETE FROM penalty_private WHERE id IN (SELECT id FROM penalties WHERE district = $1)",
        "DELETE FROM penalty_public WHERE key IN (SELECT key FROM penalties WHERE district = $1)",
        "DELETE FROM penalties WHERE district = $1",
        "DELETE FROM penalty_listed WHERE district = $1",
        "DELETE FROM penalty_listing_text \
         WHERE key IN (SELECT key FROM penalty_listing WHERE district = $1)",
        "DELETE FROM penalty_listing WHERE district = $1",
        "DELETE FROM penalty_monthly WHERE district = $1",
        "DELETE FROM penalty_matter_use WHERE district = $1",
    ] {
        sqlx::query(statement)
            .bind(district.as_str())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

pub(super) async fn write_batch(
    tx: &mut sqlx::PgConnection,
    district: &DistrictCode,
    batch: &[PenaltyWrite],
) -> StoreResult<()> {
    let derived = batch.iter().map(derive).collect::<StoreResult<Vec<_>>>()?;
    let published: Vec<(&Derived, (String, String))> = batch
        .iter()
        .zip(&derived)
        .filter_map(|(w, d)| Some((d, search_row(&search_fields(w.public.as_ref()?)))))
        .collect();
    for mut q in batch_inserts::<Postgres, _>(district, batch, &derived, &published)? {
        q.build().execute(&mut *tx).await?;
    }

    if !published.is_empty() {
        insert_search_rows(tx, published.into_iter().map(|(d, row)| (d.key, row))).await?;
    }
    Ok(())
}

/// Inserts search rows: `(key, (tsvector literal, body))`.
async fn insert_search_rows(
    tx: &mut sqlx::PgConnection,
    rows: impl Iterator<Item = (i64, (String, String))>,
) -> StoreResult<()> {
    let mut q = QueryBuilder::<Postgres>::new("INSERT INTO penalty_search (key, terms, body) ");
    q.push_values(rows, |mut b, (key, (terms, body))| {
        b.push_bind(key)
            .push_bind(terms)
            .push_unseparated("::tsvector")
            .push_bind(body);
    });
    q.build().execute(&mut *tx).await?;
    Ok(())
}

/// Builds the search rows again from the public projections (`gongshi migrate-data`: SQLite's
/// index is contentless, so there are no terms to copy), exactly as [`write_batch`] builds them;
/// answers their count.
pub(in crate::store) async fn rebuild_search_index(
    tx: &mut sqlx::PgConnection,
) -> StoreResult<u64> {
    sqlx::query("DELETE FROM penalty_search")
        .execute(&mut *tx)
        .await?;
    let mut after = i64::MIN;
    let mut written = 0u64;
    loop {
        let rows: Vec<(i64, String)> = sqlx::query_as(
            "SELECT key, public FROM penalty_public WHERE key > $1 ORDER BY key LIMIT $2",
        )
        .bind(after)
        .bind(EXPORT_BATCH)
        .fetch_all(&mut *tx)
        .await?;
        let Some((last, _)) = rows.last() else {
            break;
        };
        after = *last;
        let mut search = Vec::with_capacity(rows.len());
        for (key, public) in &rows {
            let pp: PublicPenalty = from_json("public penalty", public)?;
            search.push((*key, search_row(&search_fields(&pp))));
        }
        insert_search_rows(tx, search.into_iter()).await?;
        written += rows.len() as u64;
    }
    Ok(written)
}

/// The statistics summaries of one district: every decision but the withdrawn ones.
async fn rebuild_district_summaries(
    tx: &mut sqlx::PgConnection,
    district: &DistrictCode,
) -> StoreResult<()> {
    for statement in [
        "DELETE FROM penalty_monthly WHERE district = $1",
        "INSERT INTO penalty_monthly (district, month, locality, authority, domain, procedure, \
         party_kind, kinds, n, fine, confiscated, on_time, late) \
         SELECT district, substr(decided, 1, 7), locality, authority, domain, procedure, \
         party_kind, kinds, count(*), sum(fine)::BIGINT, sum(confiscated)::BIGINT, \
         count(*) FILTER (WHERE late = 0), count(*) FILTER (WHERE late = 1) \
         FROM penalties WHERE district = $1 AND withdrawn IS NULL GROUP BY 1, 2, 3, 4, 5, 6, 7, 8",
        "DELETE FROM penalty_matter_use WHERE district = $1",
        "INSERT INTO penalty_matter_use (district, year, locality, matter, n) \
         SELECT district, CAST(substr(decided, 1, 4) AS BIGINT), locality, matter, count(*) \
         FROM penalties WHERE district = $1 AND withdrawn IS NULL GROUP BY 1, 2, 3, 4",
    ] {
        sqlx::query(statement)
            .bind(district.as_str())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// The start of an INSERT into the listing of records `p`: a WHERE on `p` completes it.
pub(super) const LISTING_INSERT: &str = "INSERT INTO penalty_listing (key, district, locality, \
     authority, domain, matter, party_kind, procedure, kinds, fine) \
     SELECT p.key, p.district, p.locality, p.authority, p.domain, p.matter, p.party_kind, \
     p.procedure, p.kinds, p.fine FROM penalties p";

/// The INSERT into `penalty_listing_text` of listed records `l` with their search rows `t` (a
/// withdrawn record's stub keeps the text it was published with; a record without a public part has
/// none, and no search finds it): a WHERE on `l` and `t` completes it.
pub(super) const LISTING_TEXT_INSERT: &str = "INSERT INTO penalty_listing_text (key, district, \
     locality, authority, domain, matter, party_kind, procedure, kinds, fine, terms, body) \
     SELECT l.key, l.district, l.locality, l.authority, l.domain, l.matter, l.party_kind, \
     l.procedure, l.kinds, l.fine, t.terms, t.body \
     FROM penalty_listing l JOIN penalty_search t ON t.key = l.key";

/// Makes the listing what is listed on `day` (ISO), with its search rows: the records that came or
/// went since it was built are added or taken away, the others stay (a day's turn moves a few;
/// copying every listed record's search row again would rebuild the search index each day).
async fn list_day(tx: &mut sqlx::PgConnection, day: &str) -> StoreResult<()> {
    let listed = "p.restricted = 0 AND p.published <= $1 AND p.ends > $1";
    for statement in [
        format!(
            "DELETE FROM penalty_listing l WHERE NOT EXISTS \
             (SELECT 1 FROM penalties p WHERE p.key = l.key AND {listed})"
        ),
        format!(
            "{LISTING_INSERT} WHERE {listed} AND NOT EXISTS \
             (SELECT 1 FROM penalty_listing l WHERE l.key = p.key)"
        ),
    ] {
        sqlx::query(&statement).bind(day).execute(&mut *tx).await?;
    }
    list_text(tx).await?;
    Ok(())
}

/// Brings `penalty_listing_text` in step with the listing: records no longer listed go, newly
/// listed ones come with their search rows. Answers how many it holds.
pub(in crate::store) async fn list_text(tx: &mut sqlx::PgConnection) -> StoreResult<u64> {
    for statement in [
        "DELETE FROM penalty_listing_text x WHERE NOT EXISTS \
         (SELECT 1 FROM penalty_listing l WHERE l.key = x.key)"
            .to_owned(),
        format!(
            "{LISTING_TEXT_INSERT} WHERE NOT EXISTS \
             (SELECT 1 FROM penalty_listing_text x WHERE x.key = l.key)"
        ),
    ] {
        sqlx::query(&statement).execute(&mut *tx).await?;
    }
    let (n,): (i64,) = sqlx::query_as("SELECT count(*) FROM penalty_listing_text")
        .fetch_one(&mut *tx)
        .await?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// What is listed on `today`, and its counts, for every district.
async fn rebuild_listed(tx: &mut sqlx::PgConnection, today: Date) -> StoreResult<()> {
    let today = date_string(today);
    list_day(tx, &today).await?;
    // DELETE rather than TRUNCATE: readers keep seeing the old counts until the commit instead of
    // waiting for the lock TRUNCATE takes.
    for (statement, dated) in [
        ("DELETE FROM penalty_listed", false),
        (
            "INSERT INTO penalty_listed (district, locality, authority, domain, party_kind, \
             procedure, kinds, n) SELECT district, locality, authority, domain, party_kind, \
             procedure, kinds, count(*) FROM penalty_listing GROUP BY 1, 2, 3, 4, 5, 6, 7",
            false,
        ),
        ("UPDATE penalty_summary_state SET listed_on = $1", true),
    ] {
        let mut q = sqlx::query(statement);
        if dated {
            q = q.bind(&today);
        }
        q.execute(&mut *tx).await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(q: &str) -> SearchQuery {
        SearchQuery::parse(q).ok().flatten().expect("a query")
    }

    #[test]
    fn texts_become_characters_pairs_and_a_body() {
        assert_eq!(
            search_row(&["张某某", "", "a1"]),
            (
                "'1' 'A' 'A1' '张' '张某' '某' '某某'".to_owned(),
                "张某某\nA1".to_owned()
            )
        );
        // Each field's pairs stay within it; a field ending with the character the next begins
        // with runs into it (their pairs meet in SQLite's stream too); one of a character comes
        // last, apart.
        assert_eq!(
            search_row(&["芗罚〔2024〕", "b'", "4号"]),
            (
                "'0' '02' '2' '20' '24' '4' '4号' 'B' '号' '罚' '罚2' '芗' '芗罚'".to_owned(),
                "芗罚2024号\nB".to_owned()
            )
        );
        assert_eq!(search_row(&["", "〔〕"]), (String::new(), String::new()));
        let mut quoted = String::new();
        push_lexeme(&mut quoted, "a'b\\");
        assert_eq!(quoted, r"'a''b\\'");
    }

    #[test]
    fn long_texts_keep_every_pair() {
        // No positions, so nothing is dropped however long the text (a tsvector with positions
        // keeps none past 16,383).
        let long = format!("{}丙丁", "甲乙".repeat(10_000));
        let (terms, body) = search_row(&[&long]);
        assert!(terms.split(' ').any(|l| l == "'丙丁'"), "{terms}");
        assert!(body.ends_with("乙丙丁"));
    }

    #[test]
    fn queries_become_lexemes_and_text_to_confirm() {
        let (terms, confirm) = search_query(&query("罚 占道经营")).expect("a query");
        assert_eq!(
            terms,
            "(('罚')) & (('占道' & '道经' & '经营') | ('超出' & '出门' & '门窗') \
             | ('摊点') | ('占用' & '用城' & '城市' & '市道' & '道路'))"
        );
        // The one-character word needs no confirming; the other is confirmed as any of its forms.
        assert_eq!(
            confirm,
            vec![vec!["占道经营", "超出门窗", "摊点", "占用城市道路"]]
        );
        assert_eq!(
            search_query(&query("ab1, 〔〕 公司")),
            Some((
                "(('AB' & 'B1')) & (('公司'))".to_owned(),
                vec![vec!["AB1".to_owned()]]
            ))
        );
        assert_eq!(search_query(&query("〔〕")), None);
    }
}
