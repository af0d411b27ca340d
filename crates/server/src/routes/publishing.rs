//! Publishing penalties (staff): an authority's publishers list their records, publish one from the
//! form, correct it (the old version stays in the change log) or withdraw it (the stub stays public),
//! and import many from a CSV or XLSX file in the import layout — a dry run first, then a commit
//! that writes every row or none. Every path goes through the domain's one parser
//! ([`gongshi_domain::penalty_import`]) and every write appends to the public change log in the
//! same transaction.

use super::import_file::{self, Sheet};
use super::staff::Staff;
use super::{explanation, json_body};
use crate::AppState;
use crate::demo::CALENDAR;
use crate::error::{ApiError, Result};
use crate::store::{PenaltyWrite, Publication, Rewritten, StaffPenalty};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use gongshi_domain::api::{ErrorBody, Page};
use gongshi_domain::catalog::{Domain, MatterCode};
use gongshi_domain::log::{LogAction, LogChange};
use gongshi_domain::mask::mask_person_name;
use gongshi_domain::penalty::{PartyKind, PenaltyId, PublicPenalty, Withdrawal, visibility};
use gongshi_domain::penalty_import::{
    Column, FieldProblem, Fields, ImportContext, ImportProblem, ImportReport, ImportRow,
    ParsedPenalty, PenaltyForm, RecordStatus, StaffPenaltyItem, StaffPenaltyRecord, WithdrawalForm,
    Written, parse_fields, rule_problems, template_header,
};
use gongshi_domain::{AuthorityId, DistrictCode, DistrictOrg};
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(record, correct))
        .routes(routes!(withdraw))
        .routes(routes!(import))
        .routes(routes!(template))
}

/// The most rows one import takes (a month of a busy street's decisions is a few hundred).
const IMPORT_ROWS: usize = 5_000;

/// The unit a publisher publishes for; 403 for any other role.
fn publisher(staff: &Staff) -> Result<(DistrictCode, AuthorityId)> {
    match &staff.user.grant.authority {
        Some(a) if staff.user.grant.role == gongshi_domain::staff::Role::Publisher => {
            Ok((staff.user.grant.district.clone(), a.clone()))
        }
        _ => Err(ApiError::NotAllowed(
            "only a publisher of an authority publishes penalties",
        )),
    }
}

/// The record a path names, if the signed-in publisher may change it: 404 when there is none, 403
/// when it is another unit's.
async fn own_record(state: &AppState, staff: &Staff, id: &str) -> Result<StaffPenalty> {
    let id = id
        .parse::<PenaltyId>()
        .map_err(|_| ApiError::NotFound { what: "penalty" })?;
    publisher(staff)?;
    let record = state
        .store
        .staff_penalty(id)
        .await?
        .ok_or(ApiError::NotFound { what: "penalty" })?;
    if !staff
        .user
        .grant
        .may_publish(&record.district, &record.authority)
    {
        return Err(ApiError::NotAllowed("this record is another unit's"));
    }
    Ok(record)
}

/// What records of a district are checked against: its organisation and its catalog.
struct Checks {
    org: DistrictOrg,
    matters: BTreeMap<MatterCode, Domain>,
}

impl Checks {
    async fn load(state: &AppState, district: &DistrictCode) -> Result<Self> {
        let org = state
            .store
            .district_org(district)
            .await?
            .ok_or(ApiError::NotFound { what: "district" })?;
        let matters = state
            .store
            .matters_of(district, &Domain::ALL, None)
            .await?
            .into_iter()
            .map(|m| (m.code, m.domain))
            .collect();
        Ok(Self { org, matters })
    }

    fn context<'a>(&'a self, authority: &'a AuthorityId) -> ImportContext<'a> {
        ImportContext {
            org: &self.org,
            matters: &self.matters,
            authority,
            today: crate::today(),
        }
    }
}

/// A record (or file) refused: 403 when it names another unit's authority (publishing in another
/// unit's name is not a typing mistake), otherwise 422 with every problem.
fn refused(problems: Vec<FieldProblem>) -> ApiError {
    if problems
        .iter()
        .any(|p| p.problem == ImportProblem::NotYourAuthority)
    {
        ApiError::NotAllowed("a record names another unit's authority: publish only your own")
    } else {
        ApiError::Record(problems)
    }
}

/// The decision number is taken: a record's mistake, at its column.
fn already_published() -> ApiError {
    ApiError::Record(vec![FieldProblem::at(
        Column::DecisionNumber,
        ImportProblem::AlreadyPublished,
    )])
}

/// A correction's or withdrawal's outcome as an answer.
fn rewritten(outcome: Rewritten) -> Result<Option<u64>> {
    match outcome {
        Rewritten::Done(seq) => Ok(seq),
        Rewritten::Missing => Err(ApiError::NotFound { what: "penalty" }),
        Rewritten::Withdrawn => Err(ApiError::Conflict(
            "the record was withdrawn meanwhile: it stays as it is",
        )),
        Rewritten::NumberTaken => Err(already_published()),
    }
}

/// The write and the log entry of a record, numbered `id`.
fn publication(
    district: &DistrictCode,
    parsed: &ParsedPenalty,
    id: PenaltyId,
    action: LogAction,
    reason: Option<&str>,
    at: OffsetDateTime,
) -> Publication {
    let mut penalty = parsed.penalty.clone();
    penalty.id = id;
    let public = PublicPenalty::project(&penalty, &CALENDAR);
    let log = match (&public, action) {
        (None, LogAction::PenaltyPublished) => None,
        _ => {
            let mut content = json!({ "record": public });
            if let Some(reason) = reason {
                content["reason"] = json!(reason);
            }
            Some((
                LogChange::new(
                    action,
                    format!("penalty:{id}"),
                    penalty.authority.to_string(),
                    at,
                    &content,
                ),
                content,
            ))
        }
    };
    Publication {
        write: PenaltyWrite {
            district: district.clone(),
            penalty,
            public,
            domain: parsed.domain,
        },
        log,
    }
}

/// The party's name as it will be published.
fn published_name(p: &gongshi_domain::penalty::Penalty) -> String {
    match p.party.kind {
        PartyKind::NaturalPerson => mask_person_name(p.party.name.as_str()),
        _ => PublicPenalty::project(p, &CALENDAR)
            .map_or_else(|| p.party.name.to_string(), |pp| pp.party.name),
    }
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ListParams {
    /// The `next` of the previous page.
    cursor: Option<String>,
    /// 1–200, default 50.
    limit: Option<String>,
}

/// The signed-in publisher's authority's records in every state, the last entered first.
#[utoipa::path(get, path = "/staff/penalties", tag = "staff", params(ListParams),
    responses((status = 200, body = Page<StaffPenaltyItem>),
        (status = 400, body = ErrorBody, description = "A `limit` or `cursor` that is not one"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn list(
    State(state): State<AppState>,
    staff: Staff,
    params: std::result::Result<Query<ListParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<StaffPenaltyItem>>> {
    let (_, authority) = publisher(&staff)?;
    let Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let limit = crate::paging::limit(p.limit.as_deref())?;
    let before = p
        .cursor
        .as_deref()
        .map(|c| {
            c.parse::<PenaltyId>()
                .map_err(|_| ApiError::invalid("cursor", "the `next` of a previous page"))
        })
        .transpose()?;
    let mut rows = state
        .store
        .staff_penalties(&authority, before, limit + 1)
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let today = crate::today();
    let next = more
        .then(|| rows.last().map(|r| r.id.to_string()))
        .flatten();
    let items = rows
        .into_iter()
        .map(|r| StaffPenaltyItem {
            status: RecordStatus::of(
                visibility(r.restricted, r.published, r.ends, r.withdrawn, today),
                r.restricted,
            ),
            id: r.id,
            decision_number: r.decision_number,
            party_name: r.party_name,
            decided: r.decided,
            published: r.published,
            ends: r.ends,
        })
        .collect();
    Ok(Json(Page {
        items,
        next,
        facets: Vec::new(),
        total: None,
        total_is_lower_bound: false,
    }))
}

/// The decision number is the authority's already (as another record than `except`).
async fn number_taken(
    state: &AppState,
    authority: &AuthorityId,
    parsed: &ParsedPenalty,
    except: Option<PenaltyId>,
) -> Result<bool> {
    let number = parsed.penalty.decision_number.to_string();
    Ok(state
        .store
        .decision_numbers_taken(authority, std::slice::from_ref(&number))
        .await?
        .iter()
        .any(|(_, id)| Some(*id) != except))
}

/// Publishes one record typed in the form; it is public from today.
#[utoipa::path(post, path = "/staff/penalties", tag = "staff", request_body = PenaltyForm,
    responses((status = 201, body = Written), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "`invalid_record`: `cells` lists every mistake")))]
async fn create(
    State(state): State<AppState>,
    staff: Staff,
    body: std::result::Result<Json<PenaltyForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Response> {
    staff.check_csrf()?;
    let (district, authority) = publisher(&staff)?;
    let form = json_body(body)?;
    let checks = Checks::load(&state, &district).await?;
    let parsed = parse_fields(&form.fields, &checks.context(&authority)).map_err(refused)?;
    if number_taken(&state, &authority, &parsed, None).await? {
        return Err(already_published());
    }
    let at = OffsetDateTime::now_utc();
    let written = state
        .store
        .publish_penalties(&district, &|first| {
            vec![publication(
                &district,
                &parsed,
                first,
                LogAction::PenaltyPublished,
                None,
                at,
            )]
        })
        .await?
        .ok_or_else(already_published)?;
    let (id, log_seq) = written
        .first()
        .copied()
        .ok_or(ApiError::Conflict("nothing was written"))?;
    Ok((StatusCode::CREATED, Json(Written { id, log_seq })).into_response())
}

/// A record as its publishers see it, to correct or withdraw it.
#[utoipa::path(get, path = "/staff/penalties/{id}", tag = "staff",
    params(("id" = u64, Path, description = "The record's number")),
    responses((status = 200, body = StaffPenaltyRecord), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody),
        (status = 409, body = ErrorBody, description = "Stored before gongshi kept records as typed")))]
async fn record(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
) -> Result<Json<StaffPenaltyRecord>> {
    let r = own_record(&state, &staff, &id).await?;
    let withdrawn = r.withdrawal.as_ref().map(|w| w.date);
    Ok(Json(StaffPenaltyRecord {
        id: r.id,
        status: RecordStatus::of(
            visibility(r.restricted, r.published, r.ends, withdrawn, crate::today()),
            r.restricted,
        ),
        published: r.published,
        withdrawal: r.withdrawal,
        fields: r.fields.ok_or(ApiError::Conflict(
            "this record was stored before gongshi kept records as typed: import it again",
        ))?,
    }))
}

/// Corrects a record: the new version replaces it (published on the same day), and the change
/// log keeps both, with the reason.
#[utoipa::path(put, path = "/staff/penalties/{id}", tag = "staff", request_body = PenaltyForm,
    params(("id" = u64, Path, description = "The record's number")),
    responses((status = 200, body = Written), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
async fn correct(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    body: std::result::Result<Json<PenaltyForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Written>> {
    staff.check_csrf()?;
    let r = own_record(&state, &staff, &id).await?;
    let id = r.id;
    let form = json_body(body)?;
    if r.withdrawal.is_some() {
        return Err(ApiError::Conflict("a withdrawn record is not corrected"));
    }
    let reason = explanation(
        "reason",
        form.reason.as_deref().unwrap_or_default(),
        "say why the record is corrected",
    )?;
    let checks = Checks::load(&state, &r.district).await?;
    let mut parsed = parse_fields(&form.fields, &checks.context(&r.authority)).map_err(refused)?;
    parsed.penalty.published = r.published;
    // With the original publication day kept, a decision date moved later breaks a rule.
    let problems = rule_problems(&parsed.penalty);
    if !problems.is_empty() {
        return Err(ApiError::Record(problems));
    }
    if number_taken(&state, &r.authority, &parsed, Some(id)).await? {
        return Err(already_published());
    }
    let mut publication = publication(
        &r.district,
        &parsed,
        id,
        LogAction::PenaltyCorrected,
        Some(reason.as_str()),
        OffsetDateTime::now_utc(),
    );
    // A record never public before or after says nothing to the public, the log included.
    if r.restricted && publication.write.public.is_none() {
        publication.log = None;
    }
    let log_seq = rewritten(
        state
            .store
            .replace_penalty(&r.district, publication)
            .await?,
    )?;
    Ok(Json(Written { id, log_seq }))
}

/// Withdraws a record (撤回): from today only a stub with the reason is public, until the record's
/// publication period ends.
#[utoipa::path(post, path = "/staff/penalties/{id}/withdraw", tag = "staff",
    request_body = WithdrawalForm,
    params(("id" = u64, Path, description = "The record's number")),
    responses((status = 200, body = Written), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn withdraw(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<String>,
    body: std::result::Result<Json<WithdrawalForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Written>> {
    staff.check_csrf()?;
    let r = own_record(&state, &staff, &id).await?;
    let id = r.id;
    let form = json_body(body)?;
    if r.withdrawal.is_some() {
        return Err(ApiError::Conflict("the record is withdrawn already"));
    }
    if r.restricted {
        return Err(ApiError::Conflict(
            "a restricted record is never published, so there is nothing to withdraw",
        ));
    }
    let explanation = explanation(
        "explanation",
        &form.explanation,
        "say who changed or revoked the decision, and by what",
    )?;
    let withdrawal = Withdrawal {
        date: crate::today().max(r.decided),
        reason: form.reason,
        explanation,
    };
    let content = json!({
        "record": {
            "id": r.id,
            "decision_number": r.decision_number,
            "decided": r.decided,
            "authority": r.authority,
            "withdrawal": withdrawal,
        }
    });
    let change = LogChange::new(
        LogAction::PenaltyWithdrawn,
        format!("penalty:{id}"),
        r.authority.to_string(),
        OffsetDateTime::now_utc(),
        &content,
    );
    let log_seq = rewritten(
        state
            .store
            .withdraw_penalty(id, &withdrawal, (change, content))
            .await?,
    )?;
    Ok(Json(Written { id, log_seq }))
}

/// A report of what reading the file found, and the records read.
fn begin_report(sheet: Sheet<Column>) -> (ImportReport, Vec<(u32, Fields)>) {
    let report = ImportReport {
        rows: sheet.rows,
        problems: sheet.problems,
        unknown_columns: sheet.unknown_columns,
        valid: Vec::new(),
        written: Vec::new(),
    };
    (report, sheet.records)
}

/// Reads an import file and checks every row; the valid ones come back parsed, with their lines.
async fn check_import(
    state: &AppState,
    checks: &Checks,
    authority: &AuthorityId,
    bytes: &[u8],
) -> Result<(ImportReport, Vec<(u32, ParsedPenalty)>)> {
    let (mut report, records) = match import_file::sheet::<Column>(bytes, IMPORT_ROWS) {
        Ok(sheet) => begin_report(sheet),
        Err(stopped) => return Ok((begin_report(stopped).0, Vec::new())),
    };
    let ctx = checks.context(authority);
    let mut parsed = Vec::new();
    let mut first_line: BTreeMap<String, u32> = BTreeMap::new();
    for (line, fields) in records {
        match parse_fields(&fields, &ctx) {
            Err(problems) => report
                .problems
                .extend(problems.into_iter().map(|p| p.on_line(line))),
            Ok(p) => {
                let number = p.penalty.decision_number.to_string();
                if let Some(first) = first_line.get(&number) {
                    report.problems.push(
                        FieldProblem::at(
                            Column::DecisionNumber,
                            ImportProblem::DuplicateInFile { line: *first },
                        )
                        .on_line(line),
                    );
                } else {
                    first_line.insert(number, line);
                    parsed.push((line, p));
                }
            }
        }
    }
    let numbers: Vec<String> = first_line.keys().cloned().collect();
    let taken: std::collections::BTreeSet<String> = state
        .store
        .decision_numbers_taken(authority, &numbers)
        .await?
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    parsed.retain(|(line, p)| {
        let is_taken = taken.contains(p.penalty.decision_number.as_str());
        if is_taken {
            report.problems.push(
                FieldProblem::at(Column::DecisionNumber, ImportProblem::AlreadyPublished)
                    .on_line(*line),
            );
        }
        !is_taken
    });
    report.problems.sort_by_key(|p| p.line);
    report.valid = parsed
        .iter()
        .map(|(line, p)| ImportRow {
            line: *line,
            decision_number: p.penalty.decision_number.clone(),
            party_name: published_name(&p.penalty),
            kinds: p.penalty.kinds.clone(),
            fine: p.penalty.fine,
            decided: p.penalty.decided,
            locality: p.penalty.locality.clone(),
            restricted: p.penalty.restriction.is_some(),
        })
        .collect();
    Ok((report, parsed))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ImportParams {
    /// `true` writes the rows (all or none); otherwise a dry run that only checks them.
    commit: Option<bool>,
}

/// Imports records from a CSV (UTF-8 or GB18030) or XLSX file sent as the body, in the import
/// layout (see `GET /staff/penalties/template`). A dry run answers every row's problems by line and
/// column and the valid rows as they would be published; a commit writes every row in one
/// transaction, or nothing (422 with the same problems) when any row is wrong.
#[utoipa::path(post, path = "/staff/penalties/import", tag = "staff", params(ImportParams),
    request_body(content = Vec<u8>, description = "The file: text/csv or an XLSX workbook",
        content_type = "application/octet-stream"),
    responses((status = 200, body = ImportReport, description = "The dry run's findings"),
        (status = 201, body = ImportReport, description = "Committed: every row written"),
        (status = 400, body = ErrorBody, description = "`commit` is not `true` or `false`"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 413, body = ErrorBody),
        (status = 422, body = ErrorBody, description = "Not committed: `cells` lists every problem")))]
async fn import(
    State(state): State<AppState>,
    staff: Staff,
    params: std::result::Result<Query<ImportParams>, axum::extract::rejection::QueryRejection>,
    request: Request,
) -> Result<Response> {
    staff.check_csrf()?;
    let (district, authority) = publisher(&staff)?;
    let Query(p) = params.map_err(|e| ApiError::invalid("commit", e.body_text()))?;
    let bytes: Bytes = axum::body::to_bytes(request.into_body(), crate::IMPORT_BODY_LIMIT)
        .await
        .map_err(|_| ApiError::TooLarge)?;
    let checks = Checks::load(&state, &district).await?;
    let (mut report, parsed) = check_import(&state, &checks, &authority, &bytes).await?;
    if !p.commit.unwrap_or(false) {
        return Ok(Json(report).into_response());
    }
    if !report.problems.is_empty() {
        return Err(refused(report.problems));
    }
    let at = OffsetDateTime::now_utc();
    let written = state
        .store
        .publish_penalties(&district, &|first| {
            parsed
                .iter()
                .enumerate()
                .map(|(i, (_, p))| {
                    publication(
                        &district,
                        p,
                        PenaltyId(first.0 + i as u64),
                        LogAction::PenaltyPublished,
                        None,
                        at,
                    )
                })
                .collect()
        })
        .await?
        .ok_or(ApiError::Conflict(
            "a decision number in the file was published meanwhile: check the file again",
        ))?;
    report.written = written
        .into_iter()
        .map(|(id, log_seq)| Written { id, log_seq })
        .collect();
    Ok((StatusCode::CREATED, Json(report)).into_response())
}

/// The import layout as an empty CSV (UTF-8 with a BOM, so Excel and WPS open it as Chinese):
/// the header row with every column, required ones first in the 双公示 order.
#[utoipa::path(get, path = "/staff/penalties/template", tag = "staff",
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
                "attachment; filename=\"penalties-template.csv\"",
            ),
        ],
        body,
    )
        .into_response())
}
