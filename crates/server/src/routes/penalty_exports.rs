//! Exports of the penalty list, with the list's filters and order: `GET /api/v1/penalties/export`
//! as CSV (UTF-8 with a BOM, so Excel and WPS open it as Chinese text; cells that a spreadsheet
//! would run as a formula neutralised), the 双公示 layout CSV (Chinese column names, amounts in 万元),
//! JSON and NDJSON; and `GET /api/v1/penalties/feed.atom`, the newest disclosures as an Atom feed.
//!
//! Exports stream: the store sends rows through a small channel and each chunk of rows is encoded
//! and sent on, so memory stays flat however many rows there are.

use super::penalties::{FilterParams, check_exists};
use crate::AppState;
use crate::error::{ApiError, Result};
use crate::store::{PenaltySort, StoreError};
use axum::body::{Body, Bytes};
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use futures_util::StreamExt;
use gongshi_domain::api::ErrorBody;
use gongshi_domain::penalty::{PenaltyDetail, PenaltyKind, PenaltyPage};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export))
        .routes(routes!(feed))
}

/// Rows encoded per chunk sent to the client.
const CHUNK: usize = 256;
/// Entries in the Atom feed.
const FEED_ENTRIES: u32 = 50;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
enum Format {
    /// Every field, English column names as in the JSON.
    Csv,
    /// The 双公示 layout: Chinese column names, amounts in 万元.
    Shuanggongshi,
    /// One JSON array.
    Json,
    /// One JSON object per line.
    Ndjson,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct ExportParams {
    /// csv (default), shuanggongshi, json or ndjson.
    format: Option<String>,
}

/// A cell a spreadsheet would run as a formula (= + - @, or a tab or carriage return first) gets a
/// leading apostrophe, which Excel and WPS show as text.
fn cell(s: &str) -> String {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}")
    } else {
        s.to_owned()
    }
}

const CSV_HEADER: [&str; 30] = [
    "status",
    "id",
    "decision_number",
    "party_kind",
    "party_name",
    "party_credit_code",
    "representative",
    "violation",
    "facts",
    "basis",
    "kinds",
    "content",
    "fine_fen",
    "confiscated_fen",
    "licence",
    "decided",
    "in_effect_until",
    "published",
    "publication_ends",
    "severity",
    "procedure",
    "authority",
    "authority_credit_code",
    "locality",
    "matter_code",
    "matter_name",
    "working_days",
    "late",
    "withdrawn_on",
    "withdrawal_reason",
];

const SGS_HEADER: [&str; 24] = [
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "备注",
    "执法事项编码",
    "程序类型",
    "状态",
    "撤回原因",
];

fn kinds_zh(kinds: &[PenaltyKind]) -> String {
    kinds
        .iter()
        .map(|k| k.label_zh())
        .collect::<Vec<_>>()
        .join("；")
}

fn kinds_en(kinds: &[PenaltyKind]) -> String {
    kinds
        .iter()
        .map(crate::params::spelling)
        .collect::<Vec<_>>()
        .join(";")
}

fn opt<T: ToString>(v: Option<&T>) -> String {
    v.map(ToString::to_string).unwrap_or_default()
}

fn csv_record(page: &PenaltyPage) -> Vec<String> {
    match page {
        PenaltyPage::Public(d) => {
            let PenaltyDetail {
                record: r,
                authority,
                locality,
                matter,
                ..
            } = d.as_ref();
            vec![
                "public".into(),
                r.id.to_string(),
                r.decision_number.to_string(),
                crate::params::spelling(&r.party.kind),
                r.party.name.clone(),
                opt(r.party.credit_code.as_ref()),
                r.party.representative.clone().unwrap_or_default(),
                r.violation.clone(),
                r.facts.clone(),
                r.basis.clone(),
                kinds_en(&r.kinds),
                r.content.clone(),
                r.fine.0.to_string(),
                r.confiscated.0.to_string(),
                r.licence
                    .as_ref()
                    .map(|l| format!("{} {}", l.name, l.number))
                    .unwrap_or_default(),
                r.decided.to_string(),
                opt(r.in_effect_until.as_ref()),
                r.published.to_string(),
                r.publication_ends.to_string(),
                crate::params::spelling(&r.severity),
                crate::params::spelling(&r.procedure),
                authority.name.to_string(),
                opt(r.authority_credit_code.as_ref()),
                locality.name.to_string(),
                matter.code.to_string(),
                matter.name.to_string(),
                opt(r.timeliness.map(|t| t.working_days).as_ref()),
                opt(r.timeliness.map(|t| t.late).as_ref()),
                String::new(),
                String::new(),
            ]
        }
        PenaltyPage::Withdrawn(w) => stub_record(CSV_HEADER.len(), |row| {
            row[0] = "withdrawn".into();
            row[1] = w.id.to_string();
            row[2] = w.decision_number.to_string();
            row[15] = w.decided.to_string();
            row[21] = w.authority.name.to_string();
            row[23] = w.locality.name.to_string();
            row[28] = w.withdrawal.date.to_string();
            row[29] = format!(
                "{}：{}",
                w.withdrawal.reason.label_zh(),
                w.withdrawal.explanation
            );
        }),
        PenaltyPage::Removed { .. } => Vec::new(),
    }
}

/// A row of `columns` empty cells with a withdrawn decision's few public facts filled in.
fn stub_record(columns: usize, fill: impl FnOnce(&mut Vec<String>)) -> Vec<String> {
    let mut row = vec![String::new(); columns];
    fill(&mut row);
    row
}

fn sgs_record(page: &PenaltyPage) -> Vec<String> {
    match page {
        PenaltyPage::Public(d) => {
            let r = &d.record;
            vec![
                r.party.name.clone(),
                r.party.kind.label_zh().to_owned(),
                opt(r.party.credit_code.as_ref()),
                r.party.representative.clone().unwrap_or_default(),
                r.decision_number.to_string(),
                r.violation.clone(),
                r.facts.clone(),
                r.basis.clone(),
                kinds_zh(&r.kinds),
                r.content.clone(),
                r.fine.wan_yuan(),
                r.confiscated.wan_yuan(),
                r.licence
                    .as_ref()
                    .map(|l| format!("{} {}", l.name, l.number))
                    .unwrap_or_default(),
                r.decided.to_string(),
                r.in_effect_until
                    .map_or_else(|| "长期".to_owned(), |d| d.to_string()),
                r.publication_ends.to_string(),
                d.authority.name.to_string(),
                opt(r.authority_credit_code.as_ref()),
                r.source.to_string(),
                r.remarks.clone().unwrap_or_default(),
                r.matter.to_string(),
                r.procedure.label_zh().to_owned(),
                "公示中".to_owned(),
                String::new(),
            ]
        }
        PenaltyPage::Withdrawn(w) => stub_record(SGS_HEADER.len(), |row| {
            row[4] = w.decision_number.to_string();
            row[13] = w.decided.to_string();
            row[16] = w.authority.name.to_string();
            row[22] = "已撤回".into();
            row[23] = format!(
                "{}（{}）：{}",
                w.withdrawal.reason.label_zh(),
                w.withdrawal.date,
                w.withdrawal.explanation
            );
        }),
        PenaltyPage::Removed { .. } => Vec::new(),
    }
}

/// One CSV line (the csv crate quotes and escapes), text cells neutralised.
fn csv_line(cells: &[String]) -> std::result::Result<Vec<u8>, csv::Error> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    w.write_record(cells.iter().map(|c| cell(c)))?;
    w.into_inner().map_err(|e| e.into_error().into())
}

fn encode(format: Format, page: &PenaltyPage, first: bool) -> std::result::Result<Vec<u8>, String> {
    match format {
        Format::Csv => csv_line(&csv_record(page)).map_err(|e| e.to_string()),
        Format::Shuanggongshi => csv_line(&sgs_record(page)).map_err(|e| e.to_string()),
        Format::Json => {
            let mut out = if first { Vec::new() } else { b",\n".to_vec() };
            serde_json::to_writer(&mut out, page).map_err(|e| e.to_string())?;
            Ok(out)
        }
        Format::Ndjson => {
            let mut out = serde_json::to_vec(page).map_err(|e| e.to_string())?;
            out.push(b'\n');
            Ok(out)
        }
    }
}

fn preamble(format: Format) -> std::result::Result<Vec<u8>, ApiError> {
    let header = |cells: &[&str]| {
        let mut out = "\u{feff}".as_bytes().to_vec();
        let line =
            csv_line(&cells.iter().map(|c| (*c).to_owned()).collect::<Vec<_>>()).map_err(|e| {
                ApiError::Store(StoreError::Corrupt {
                    what: "csv header",
                    detail: e.to_string(),
                })
            })?;
        out.extend(line);
        Ok(out)
    };
    match format {
        Format::Csv => header(&CSV_HEADER),
        Format::Shuanggongshi => header(&SGS_HEADER),
        Format::Json => Ok(b"[\n".to_vec()),
        Format::Ndjson => Ok(Vec::new()),
    }
}

/// Every listed decision the filters select, in the list's order, as a download.
#[utoipa::path(get, path = "/penalties/export", tag = "penalties", params(ExportParams, FilterParams),
    responses(
        (status = 200, description = "text/csv (UTF-8 with BOM; `csv` has the JSON field names, `shuanggongshi` the 双公示 columns with amounts in 万元), application/json (an array) or application/x-ndjson (one record per line), as `format` asks; withdrawn decisions as stubs",
         content(
            (String = "text/csv"),
            (Vec<PenaltyPage> = "application/json"),
            (String = "application/x-ndjson"),
         )),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn export(
    State(state): State<AppState>,
    format: std::result::Result<Query<ExportParams>, QueryRejection>,
    filter: std::result::Result<Query<FilterParams>, QueryRejection>,
) -> Result<Response> {
    let Query(format) = format.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let Query(params) = filter.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let format: Format = crate::params::unit_enum(
        "format",
        format.format.as_deref(),
        "csv, shuanggongshi, json or ndjson",
    )?
    .unwrap_or(Format::Csv);
    let filter = params.filter()?;
    let sort = params.sort()?;
    check_exists(&state, &filter).await?;
    let today = filter.today;
    let rx = state.store.export_penalties(filter, sort).await?;

    let head = preamble(format)?;
    let rows =
        futures_util::stream::unfold(
            rx,
            |mut rx| async move { rx.recv().await.map(|row| (row, rx)) },
        )
        .ready_chunks(CHUNK)
        .scan(true, move |first, chunk| {
            let mut out = Vec::new();
            for row in chunk {
                match row.map_err(|e| e.to_string()).and_then(|page| {
                    let bytes = encode(format, &page, *first);
                    *first = false;
                    bytes
                }) {
                    Ok(bytes) => out.extend(bytes),
                    Err(e) => {
                        tracing::error!(error = %e, "export stopped");
                        return std::future::ready(Some(Err(std::io::Error::other(e))));
                    }
                }
            }
            std::future::ready(Some(Ok(Bytes::from(out))))
        });
    let tail = match format {
        Format::Json => b"\n]\n".to_vec(),
        _ => Vec::new(),
    };
    let body = futures_util::stream::once(std::future::ready(Ok(Bytes::from(head))))
        .chain(rows)
        .chain(futures_util::stream::once(std::future::ready(Ok(
            Bytes::from(tail),
        ))));

    let (content_type, extension) = match format {
        Format::Csv | Format::Shuanggongshi => ("text/csv; charset=utf-8", "csv"),
        Format::Json => ("application/json", "json"),
        Format::Ndjson => ("application/x-ndjson", "ndjson"),
    };
    let name = match format {
        Format::Shuanggongshi => "penalties-shuanggongshi",
        _ => "penalties",
    };
    let disposition = format!("attachment; filename=\"{name}-{today}.{extension}\"");
    let mut response = Body::from_stream(body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    Ok(response)
}

/// The newest disclosures the filters select, as an Atom feed for news readers.
#[utoipa::path(get, path = "/penalties/feed.atom", tag = "penalties", params(FilterParams),
    responses(
        (status = 200, description = "An Atom 1.0 feed of the 50 newest listed decisions (withdrawn ones say so)", content_type = "application/atom+xml"),
        (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody),
    ))]
async fn feed(
    State(state): State<AppState>,
    filter: std::result::Result<Query<FilterParams>, QueryRejection>,
) -> Result<Response> {
    use atom_syndication::{Entry, Feed, Link, Person, Text};
    let Query(params) = filter.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let filter = params.filter()?;
    check_exists(&state, &filter).await?;
    let rows = state
        .store
        .penalties(&filter, PenaltySort::Newest, None, FEED_ENTRIES)
        .await?;
    let noon = |d: time::Date| {
        let s = format!("{d}T12:00:00+08:00");
        atom_syndication::FixedDateTime::parse_from_rfc3339(&s).ok()
    };
    let mut entries = Vec::new();
    for row in &rows {
        let (id, title, summary, date) = match &row.item {
            gongshi_domain::penalty::PenaltyListItem::Public(p) => (
                p.id,
                format!(
                    "{}：{}（{}）",
                    p.decision_number, p.party_name, p.matter.name
                ),
                format!(
                    "{} {} 对 {} 作出 {}；罚款 {}。",
                    p.authority.name,
                    p.decided,
                    p.party_name,
                    kinds_zh(&p.kinds),
                    p.fine
                ),
                p.published,
            ),
            gongshi_domain::penalty::PenaltyListItem::Withdrawn(w) => (
                w.id,
                format!("【已撤回】{}", w.decision_number),
                format!(
                    "{} 撤回：{}。{}",
                    w.withdrawal.date,
                    w.withdrawal.reason.label_zh(),
                    w.withdrawal.explanation
                ),
                w.withdrawal.date,
            ),
        };
        let Some(updated) = noon(date) else { continue };
        let mut entry = Entry::default();
        entry.set_id(format!("urn:gongshi:penalty:{id}"));
        entry.set_title(Text::plain(title));
        entry.set_updated(updated);
        entry.set_summary(Some(Text::plain(summary)));
        entry.set_links(vec![Link {
            href: format!("/penalties/{id}"),
            rel: "alternate".into(),
            mime_type: Some("text/html".into()),
            ..Link::default()
        }]);
        entries.push(entry);
    }
    let mut feed = Feed::default();
    feed.set_id("urn:gongshi:penalties");
    feed.set_title(Text::plain("行政处罚决定公示 — gongshi 公示"));
    feed.set_updated(
        entries
            .iter()
            .map(|e| *e.updated())
            .max()
            .or_else(|| noon(filter.today))
            .unwrap_or_default(),
    );
    feed.set_authors(vec![Person {
        name: "gongshi 公示".into(),
        ..Person::default()
    }]);
    feed.set_lang(Some("zh-Hans".into()));
    feed.set_entries(entries);
    let mut response = feed.to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/atom+xml; charset=utf-8"),
    );
    Ok(response)
}
