//! Importing officers (staff): a CSV or XLSX file in the roster's import layout — a dry run that
//! names every problem by line and column, then a commit that adds every row, each with its entry
//! in the public change log, in one transaction, or nothing. The rows go through the same parser as
//! the single-officer form ([`gongshi_domain::roster_import`]); the file is read as a penalty import
//! is ([`super::import_file`]).

use super::import_file::{self, Sheet};
use super::roster_staff::{added_log, keeper, own_org, refused};
use super::staff::Staff;
use crate::AppState;
use crate::error::{ApiError, Result};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongshi_domain::DistrictOrg;
use gongshi_domain::api::ErrorBody;
use gongshi_domain::certificate::CertificateNumber;
use gongshi_domain::officer::Officer;
use gongshi_domain::roster_import::{
    OfficerFields, OfficerWritten, RosterColumn, RosterContext, RosterFieldProblem,
    RosterImportReport, RosterImportRow, RosterProblem, parse_officer, template_header,
};
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(import))
        .routes(routes!(template))
}

/// The most rows one import takes (a district's whole roster is a few hundred).
const IMPORT_ROWS: usize = 5_000;

/// A report of what reading the file found, and the records read.
fn begin_report(sheet: Sheet<RosterColumn>) -> (RosterImportReport, Vec<(u32, OfficerFields)>) {
    let report = RosterImportReport {
        rows: sheet.rows,
        problems: sheet.problems,
        unknown_columns: sheet.unknown_columns,
        valid: Vec::new(),
        written: Vec::new(),
    };
    (report, sheet.records)
}

/// Reads an import file and checks every row; the valid officers come back with their lines.
async fn check_import(
    state: &AppState,
    staff: &Staff,
    org: &DistrictOrg,
    bytes: &[u8],
) -> Result<(RosterImportReport, Vec<(u32, Officer)>)> {
    let (mut report, records) = match import_file::sheet::<RosterColumn>(bytes, IMPORT_ROWS) {
        Ok(sheet) => begin_report(sheet),
        Err(stopped) => return Ok((begin_report(stopped).0, Vec::new())),
    };
    let ctx = RosterContext {
        org,
        grant: &staff.user.grant,
        today: crate::today(),
    };
    let mut parsed = Vec::new();
    let mut first_line: BTreeMap<CertificateNumber, u32> = BTreeMap::new();
    for (line, fields) in records {
        match parse_officer(&fields, &ctx) {
            Err(problems) => report
                .problems
                .extend(problems.into_iter().map(|p| p.on_line(line))),
            Ok(o) => {
                let number = o.certificate.number.clone();
                if let Some(first) = first_line.get(&number) {
                    report.problems.push(
                        RosterFieldProblem::at(
                            RosterColumn::Certificate,
                            RosterProblem::DuplicateInFile { line: *first },
                        )
                        .on_line(line),
                    );
                } else {
                    first_line.insert(number, line);
                    parsed.push((line, o));
                }
            }
        }
    }
    let numbers: Vec<CertificateNumber> = first_line.into_keys().collect();
    let taken: BTreeSet<CertificateNumber> = state
        .store
        .certificates_taken(&numbers)
        .await?
        .into_iter()
        .collect();
    parsed.retain(|(line, o)| {
        let is_taken = taken.contains(&o.certificate.number);
        if is_taken {
            report.problems.push(
                RosterFieldProblem::at(RosterColumn::Certificate, RosterProblem::AlreadyOnRoster)
                    .on_line(*line),
            );
        }
        !is_taken
    });
    report.problems.sort_by_key(|p| p.line);
    report.valid = parsed
        .iter()
        .filter_map(|(line, o)| {
            o.unit
                .authority(org)
                .map(|a| RosterImportRow::of(*line, o, a))
        })
        .collect();
    Ok((report, parsed))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportParams {
    /// `true` adds the officers (all or none); otherwise a dry run that only checks them.
    commit: Option<bool>,
}

/// Imports officers from a CSV (UTF-8 or GB18030) or XLSX file sent as the body, in the roster's
/// import layout (see `GET /staff/officers/template`). A dry run answers every row's problems by
/// line and column and the valid rows; a commit adds every officer, each with its change-log
/// entry, in one transaction, or nothing (422 with the same problems) when any row is wrong.
#[utoipa::path(post, path = "/staff/officers/import", tag = "staff", params(ImportParams),
    request_body(content = Vec<u8>, description = "The file: text/csv or an XLSX workbook",
        content_type = "application/octet-stream"),
    responses((status = 200, body = RosterImportReport, description = "The dry run's findings"),
        (status = 201, body = RosterImportReport, description = "Committed: every officer added"),
        (status = 400, body = ErrorBody, description = "`commit` is not `true` or `false`"),
        (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody, description = "A role that does not keep the roster, or (on commit) a row of another unit"),
        (status = 409, body = ErrorBody, description = "A certificate number was added meanwhile"),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Not committed: `roster_cells` lists every problem")))]
async fn import(
    State(state): State<AppState>,
    staff: Staff,
    params: std::result::Result<Query<ImportParams>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Result<Response> {
    staff.check_csrf()?;
    keeper(&staff)?;
    let Query(p) = params.map_err(|e| ApiError::invalid("commit", e.body_text()))?;
    let bytes: Bytes = axum::body::to_bytes(request.into_body(), crate::IMPORT_BODY_LIMIT)
        .await
        .map_err(|_| ApiError::TooLarge)?;
    let org = own_org(&state, &staff).await?;
    let (mut report, parsed) = check_import(&state, &staff, &org, &bytes).await?;
    if !p.commit.unwrap_or(false) {
        return Ok(Json(report).into_response());
    }
    if !report.problems.is_empty() {
        return Err(refused(report.problems));
    }
    let at = OffsetDateTime::now_utc();
    let mut writes = Vec::with_capacity(parsed.len());
    for (_, o) in parsed {
        let log = added_log(&o, &org, at)?;
        writes.push((o, log));
    }
    let seqs = state
        .store
        .add_officers(&org.district.code, &writes)
        .await?
        .ok_or(ApiError::Conflict(
            "a certificate number in the file was added meanwhile: check the file again",
        ))?;
    report.written = writes
        .iter()
        .zip(seqs)
        .map(|((o, _), log_seq)| OfficerWritten {
            certificate: o.certificate.number.clone(),
            log_seq,
        })
        .collect();
    Ok((StatusCode::CREATED, Json(report)).into_response())
}

/// The roster's import layout as an empty CSV (UTF-8 with a BOM, so Excel and WPS open it as
/// Chinese): the header row, required columns first.
#[utoipa::path(get, path = "/staff/officers/template", tag = "staff",
    responses((status = 200, description = "text/csv", content_type = "text/csv"),
        (status = 401, body = ErrorBody)))]
async fn template(_staff: Staff) -> Result<Response> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xef\xbb\xbf".to_vec());
    w.write_record(template_header())
        .map_err(|e| ApiError::Body(e.to_string()))?;
    let body = w.into_inner().map_err(|e| ApiError::Body(e.to_string()))?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"officers-template.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
