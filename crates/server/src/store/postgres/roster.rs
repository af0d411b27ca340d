//! The roster half of [`PgStore`] (PostgreSQL): officers, their personal data (kept apart) and
//! auxiliaries.

use super::{PgStore, parse};
use crate::store::StoreResult;
use crate::store::rows::roster::{OfficerRow, PersonalRow, officer, personal, unit_columns};
use crate::store::rows::{date_string, from_json, to_json};
use gongshi_domain::DistrictCode;
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::log::LogChange;
use gongshi_domain::officer::{Auxiliary, Officer, OfficerId, Personal, Secondment};
use sqlx::{Postgres, QueryBuilder};

const OFFICER_COLUMNS: &str = "id, district, name, team, department, certificate, issuer, area, \
                               categories, history, secondments";

/// Rows per multi-row INSERT: well under PostgreSQL's 65,535 bind parameters (11 an officer).
const BATCH: usize = 1000;

/// Writes officers, and their personal data in its own table.
async fn insert_officers(
    tx: &mut sqlx::PgConnection,
    district: &DistrictCode,
    officers: &[Officer],
) -> StoreResult<()> {
    for chunk in officers.chunks(BATCH) {
        let rows = chunk
            .iter()
            .map(|o| {
                let c = &o.certificate;
                Ok((
                    o,
                    to_json("categories", &c.categories)?,
                    to_json("certificate history", &c.history)?,
                    to_json("secondments", &o.secondments)?,
                ))
            })
            .collect::<StoreResult<Vec<_>>>()?;
        let mut q = QueryBuilder::<Postgres>::new(
            "INSERT INTO officers (id, district, name, team, department, certificate, issuer, \
             area, categories, history, secondments) ",
        );
        q.push_values(rows, |mut row, (o, categories, history, secondments)| {
            let (team, department) = unit_columns(&o.unit);
            let c = &o.certificate;
            row.push_bind(o.id.to_string())
                .push_bind(district.to_string())
                .push_bind(o.name.to_string())
                .push_bind(team.map(str::to_owned))
                .push_bind(department.map(str::to_owned))
                .push_bind(c.number.to_string())
                .push_bind(c.issuer.to_string())
                .push_bind(c.area.to_string())
                .push_bind(categories)
                .push_bind(history)
                .push_bind(secondments);
        });
        q.build().execute(&mut *tx).await?;
        let mut q = QueryBuilder::<Postgres>::new(
            "INSERT INTO officer_personal (officer, id_number, birth_date, phone, home_address) ",
        );
        q.push_values(chunk, |mut row, o| {
            let p = &o.personal;
            row.push_bind(o.id.to_string())
                .push_bind(p.id_number.as_ref().map(ToString::to_string))
                .push_bind(p.birth_date.map(date_string))
                .push_bind(p.phone.as_ref().map(ToString::to_string))
                .push_bind(p.home_address.as_ref().map(ToString::to_string));
        });
        q.build().execute(&mut *tx).await?;
    }
    Ok(())
}

/// Which of `numbers` (or of the officer ids in `ids`) the roster holds already.
async fn taken(
    conn: &mut sqlx::PgConnection,
    numbers: &[String],
    ids: &[String],
) -> StoreResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT certificate FROM officers WHERE certificate = ANY($1) OR id = ANY($2)",
    )
    .bind(numbers)
    .bind(ids)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

impl PgStore {
    pub(super) async fn add_officers_impl(
        &self,
        district: &DistrictCode,
        officers: &[(Officer, (LogChange, serde_json::Value))],
    ) -> StoreResult<Option<Vec<u64>>> {
        // The writer lock: no other writer adds the same number between the check and the insert,
        // and the log entries are appended in order.
        let mut tx = self.write().await?;
        let numbers: Vec<String> = officers
            .iter()
            .map(|(o, _)| o.certificate.number.to_string())
            .collect();
        let ids: Vec<String> = officers.iter().map(|(o, _)| o.id.to_string()).collect();
        if !taken(&mut tx, &numbers, &ids).await?.is_empty() {
            return Ok(None);
        }
        let mut seqs = Vec::with_capacity(officers.len());
        for (o, (change, content)) in officers {
            insert_officers(&mut tx, district, std::slice::from_ref(o)).await?;
            let entry = super::log::append(&mut tx, change.clone(), content.clone()).await?;
            seqs.push(entry.seq);
        }
        tx.commit().await?;
        Ok(Some(seqs))
    }

    pub(super) async fn certificates_taken_impl(
        &self,
        numbers: &[CertificateNumber],
    ) -> StoreResult<Vec<CertificateNumber>> {
        let numbers: Vec<String> = numbers.iter().map(ToString::to_string).collect();
        let mut conn = self.pool.acquire().await?;
        taken(&mut conn, &numbers, &[])
            .await?
            .iter()
            .map(|n| parse("certificate number", n))
            .collect()
    }

    pub(super) async fn change_secondments_impl(
        &self,
        number: &CertificateNumber,
        seen: &[Secondment],
        secondments: &[Secondment],
        log: (LogChange, serde_json::Value),
    ) -> StoreResult<Option<u64>> {
        let mut tx = self.write().await?;
        let row: Option<(String,)> =
            sqlx::query_as("SELECT secondments FROM officers WHERE certificate = $1")
                .bind(number.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let Some((stored,)) = row else {
            return Ok(None);
        };
        let stored: Vec<Secondment> = from_json("secondments", &stored)?;
        if stored != seen {
            return Ok(None);
        }
        sqlx::query("UPDATE officers SET secondments = $1 WHERE certificate = $2")
            .bind(to_json("secondments", &secondments)?)
            .bind(number.as_str())
            .execute(&mut *tx)
            .await?;
        let entry = super::log::append(&mut tx, log.0, log.1).await?;
        tx.commit().await?;
        Ok(Some(entry.seq))
    }

    pub(super) async fn replace_roster_impl(
        &self,
        district: &DistrictCode,
        officers: &[Officer],
        auxiliaries: &[Auxiliary],
    ) -> StoreResult<()> {
        let mut tx = self.write().await?;
        // `officer_personal` goes with its officers (ON DELETE CASCADE).
        for table in ["officers", "auxiliaries"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE district = $1"))
                .bind(district.as_str())
                .execute(&mut *tx)
                .await?;
        }
        insert_officers(&mut tx, district, officers).await?;
        for chunk in auxiliaries.chunks(BATCH) {
            let mut q = QueryBuilder::<Postgres>::new(
                "INSERT INTO auxiliaries (id, district, name, team, department, id_number, \
                 birth_date, phone, home_address) ",
            );
            q.push_values(chunk, |mut row, a| {
                let (team, department) = unit_columns(&a.unit);
                let p = &a.personal;
                row.push_bind(a.id.to_string())
                    .push_bind(district.to_string())
                    .push_bind(a.name.to_string())
                    .push_bind(team.map(str::to_owned))
                    .push_bind(department.map(str::to_owned))
                    .push_bind(p.id_number.as_ref().map(ToString::to_string))
                    .push_bind(p.birth_date.map(date_string))
                    .push_bind(p.phone.as_ref().map(ToString::to_string))
                    .push_bind(p.home_address.as_ref().map(ToString::to_string));
            });
            q.build().execute(&mut *tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn officers_impl(
        &self,
        district: Option<&DistrictCode>,
    ) -> StoreResult<Vec<Officer>> {
        let rows: Vec<OfficerRow> = match district {
            Some(d) => {
                sqlx::query_as(&format!(
                    "SELECT {OFFICER_COLUMNS} FROM officers WHERE district = $1 \
                     ORDER BY certificate"
                ))
                .bind(d.as_str())
                .fetch_all(&self.pool)
                .await?
            }
            None => {
                sqlx::query_as(&format!(
                    "SELECT {OFFICER_COLUMNS} FROM officers ORDER BY certificate"
                ))
                .fetch_all(&self.pool)
                .await?
            }
        };
        rows.into_iter().map(officer).collect()
    }

    pub(super) async fn officer_impl(
        &self,
        number: &CertificateNumber,
    ) -> StoreResult<Option<Officer>> {
        let row: Option<OfficerRow> = sqlx::query_as(&format!(
            "SELECT {OFFICER_COLUMNS} FROM officers WHERE certificate = $1"
        ))
        .bind(number.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(officer).transpose()
    }

    pub(super) async fn officer_personal_impl(
        &self,
        id: &OfficerId,
    ) -> StoreResult<Option<Personal>> {
        let row: Option<PersonalRow> = sqlx::query_as(
            "SELECT id_number, birth_date, phone, home_address FROM officer_personal \
             WHERE officer = $1",
        )
        .bind(id.as_str())
        .fetch_optional(&self.pool)
        .await?;
        row.map(personal).transpose()
    }

    pub(super) async fn change_certificate_impl(
        &self,
        number: &CertificateNumber,
        seen: usize,
        change: &gongshi_domain::certificate::StatusChange,
        log: (gongshi_domain::log::LogChange, serde_json::Value),
    ) -> StoreResult<Option<u64>> {
        let mut tx = self.write().await?;
        let row: Option<(String,)> =
            sqlx::query_as("SELECT history FROM officers WHERE certificate = $1")
                .bind(number.as_str())
                .fetch_optional(&mut *tx)
                .await?;
        let Some((history,)) = row else {
            return Ok(None);
        };
        let mut history: Vec<gongshi_domain::certificate::StatusChange> =
            from_json("certificate history", &history)?;
        if history.len() != seen {
            return Ok(None);
        }
        history.push(change.clone());
        sqlx::query("UPDATE officers SET history = $1 WHERE certificate = $2")
            .bind(to_json("certificate history", &history)?)
            .bind(number.as_str())
            .execute(&mut *tx)
            .await?;
        let entry = super::log::append(&mut tx, log.0, log.1).await?;
        tx.commit().await?;
        Ok(Some(entry.seq))
    }
}
