//! The roster half of [`SqliteStore`]: officers, their personal data (kept apart) and auxiliaries.

use super::{SqliteStore, parse};
use crate::store::StoreResult;
use crate::store::rows::roster::{OfficerRow, PersonalRow, officer, personal, unit_columns};
use crate::store::rows::{date_string, from_json, to_json};
use gongshi_domain::DistrictCode;
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::log::LogChange;
use gongshi_domain::officer::{Auxiliary, Officer, OfficerId, Personal, Secondment};

const OFFICER_COLUMNS: &str = "id, district, name, team, department, certificate, issuer, area, \
                               categories, history, secondments";

/// Writes an officer, and their personal data in its own table.
async fn insert_officer(
    tx: &mut sqlx::SqliteConnection,
    district: &DistrictCode,
    o: &Officer,
) -> StoreResult<()> {
    let (team, department) = unit_columns(&o.unit);
    let c = &o.certificate;
    sqlx::query(
        "INSERT INTO officers (id, district, name, team, department, certificate, issuer, \
         area, categories, history, secondments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(o.id.as_str())
    .bind(district.as_str())
    .bind(o.name.as_str())
    .bind(team)
    .bind(department)
    .bind(c.number.as_str())
    .bind(c.issuer.as_str())
    .bind(c.area.as_str())
    .bind(to_json("categories", &c.categories)?)
    .bind(to_json("certificate history", &c.history)?)
    .bind(to_json("secondments", &o.secondments)?)
    .execute(&mut *tx)
    .await?;
    let p = &o.personal;
    sqlx::query(
        "INSERT INTO officer_personal (officer, id_number, birth_date, phone, home_address) \
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(o.id.as_str())
    .bind(p.id_number.as_ref().map(|t| t.as_str()))
    .bind(p.birth_date.map(date_string))
    .bind(p.phone.as_ref().map(|t| t.as_str()))
    .bind(p.home_address.as_ref().map(|t| t.as_str()))
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Which of `numbers` (or of the officer ids in `ids`) the roster holds already.
async fn taken(
    conn: &mut sqlx::SqliteConnection,
    numbers: &[&str],
    ids: &[&str],
) -> StoreResult<Vec<String>> {
    let rows: Vec<(String,)> = sqlx::query_as(
        "SELECT certificate FROM officers \
         WHERE certificate IN (SELECT value FROM json_each(?)) \
            OR id IN (SELECT value FROM json_each(?))",
    )
    .bind(to_json("certificate numbers", &numbers)?)
    .bind(to_json("officer ids", &ids)?)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(n,)| n).collect())
}

impl SqliteStore {
    pub(super) async fn add_officers_impl(
        &self,
        district: &DistrictCode,
        officers: &[(Officer, (LogChange, serde_json::Value))],
    ) -> StoreResult<Option<Vec<u64>>> {
        // IMMEDIATE: no other writer adds the same number between the check and the insert, and
        // the log entries are appended in order.
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let numbers: Vec<&str> = officers
            .iter()
            .map(|(o, _)| o.certificate.number.as_str())
            .collect();
        let ids: Vec<&str> = officers.iter().map(|(o, _)| o.id.as_str()).collect();
        if !taken(&mut tx, &numbers, &ids).await?.is_empty() {
            return Ok(None);
        }
        let mut seqs = Vec::with_capacity(officers.len());
        for (o, (change, content)) in officers {
            insert_officer(&mut tx, district, o).await?;
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
        let numbers: Vec<&str> = numbers.iter().map(CertificateNumber::as_str).collect();
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
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(String,)> =
            sqlx::query_as("SELECT secondments FROM officers WHERE certificate = ?")
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
        sqlx::query("UPDATE officers SET secondments = ? WHERE certificate = ?")
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
        let mut tx = self.writer.begin().await?;
        for table in ["officers", "auxiliaries"] {
            sqlx::query(&format!("DELETE FROM {table} WHERE district = ?"))
                .bind(district.as_str())
                .execute(&mut *tx)
                .await?;
        }
        for o in officers {
            insert_officer(&mut tx, district, o).await?;
        }
        for a in auxiliaries {
            let (team, department) = unit_columns(&a.unit);
            let p = &a.personal;
            sqlx::query(
                "INSERT INTO auxiliaries (id, district, name, team, department, id_number, \
                 birth_date, phone, home_address) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(a.id.as_str())
            .bind(district.as_str())
            .bind(a.name.as_str())
            .bind(team)
            .bind(department)
            .bind(p.id_number.as_ref().map(|t| t.as_str()))
            .bind(p.birth_date.map(date_string))
            .bind(p.phone.as_ref().map(|t| t.as_str()))
            .bind(p.home_address.as_ref().map(|t| t.as_str()))
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub(super) async fn officers_impl(
        &self,
        district: Option<&DistrictCode>,
    ) -> StoreResult<Vec<Officer>> {
        let rows: Vec<OfficerRow> =
            match district {
                Some(d) => sqlx::query_as(&format!(
                    "SELECT {OFFICER_COLUMNS} FROM officers WHERE district = ? ORDER BY certificate"
                ))
                .bind(d.as_str())
                .fetch_all(&self.pool)
                .await?,
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
            "SELECT {OFFICER_COLUMNS} FROM officers WHERE certificate = ?"
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
                 WHERE officer = ?",
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
        let mut tx = self.writer.begin_with("BEGIN IMMEDIATE").await?;
        let row: Option<(String,)> =
            sqlx::query_as("SELECT history FROM officers WHERE certificate = ?")
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
        sqlx::query("UPDATE officers SET history = ? WHERE certificate = ?")
            .bind(to_json("certificate history", &history)?)
            .bind(number.as_str())
            .execute(&mut *tx)
            .await?;
        let entry = super::log::append(&mut tx, log.0, log.1).await?;
        tx.commit().await?;
        Ok(Some(entry.seq))
    }
}
