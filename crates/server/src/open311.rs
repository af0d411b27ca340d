//! Open311 GeoReport v2 at `/open311/v2/`, for partner systems (a 12345 hotline, a city app) that
//! already speak it: services (one per domain for tips, one for conduct complaints), service
//! definitions (the attributes our form needs), `POST requests` (form-encoded, with an API key),
//! `GET requests` and `requests/{id}` with public fields only, and `tokens/{id}`. Every answer comes
//! as JSON or XML by the path's extension, errors in the specification's own format.
//!
//! A submission here goes through the same checks, routing and storage as the web form's
//! ([`crate::routes::complaints::accept`]); the API key stands in for the proof of work.

use crate::AppState;
use crate::error::ApiError;
use crate::routes::complaints::{Intake, accept};
use crate::store::{PublicComplaintFilter, PublicComplaintRow};
use axum::Router;
use axum::extract::{Path, Query, RawForm, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use gongshi_domain::catalog::Domain;
use gongshi_domain::complaint::{
    ComplaintForm, ComplaintKind, ComplaintStatus, Field, Privacy, Problem, Submission,
    TrackingCode,
};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use serde_json::{Value, json};
use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/open311/v2/{file}", get(list).post(post_requests))
        .route("/open311/v2/services/{file}", get(definition))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/v2/tokens/{file}", get(token))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Xml,
}

/// `services.json` → ("services", Json).
fn split(file: &str) -> Option<(&str, Format)> {
    let (name, ext) = file.rsplit_once('.')?;
    let format = match ext {
        "json" => Format::Json,
        "xml" => Format::Xml,
        _ => return None,
    };
    Some((name, format))
}

/// An answer in the format asked for: JSON as is; XML with `root` around one `item` element per
/// array entry (nested arrays get singular children: `attributes` → `attribute`).
fn answer(
    status: StatusCode,
    format: Format,
    root: &str,
    item: &str,
    items: Vec<Value>,
) -> Response {
    let (content_type, body) = match format {
        Format::Json => (
            "application/json; charset=utf-8",
            Value::Array(items).to_string(),
        ),
        Format::Xml => (
            "text/xml; charset=utf-8",
            xml(root, item, &Value::Array(items)),
        ),
    };
    let mut res = (status, body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    res
}

fn singular(name: &str) -> &str {
    match name {
        "attributes" => "attribute",
        "values" => "value",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

/// `value` as an XML document whose root element is `root`: an array's entries become `item`
/// elements, an object's fields child elements.
fn xml(root: &str, item: &str, value: &Value) -> String {
    fn text(w: &mut Writer<Vec<u8>>, s: &str) {
        let _ = w.write_event(Event::Text(BytesText::new(s)));
    }
    fn element(w: &mut Writer<Vec<u8>>, name: &str, item: &str, v: &Value) {
        let _ = w.write_event(Event::Start(BytesStart::new(name)));
        match v {
            Value::Object(fields) => {
                for (k, v) in fields {
                    element(w, k, singular(k), v);
                }
            }
            Value::Array(list) => {
                for entry in list {
                    element(w, item, singular(item), entry);
                }
            }
            Value::Null => {}
            Value::String(s) => text(w, s),
            other => text(w, &other.to_string()),
        }
        let _ = w.write_event(Event::End(BytesEnd::new(name)));
    }
    let mut w = Writer::new(Vec::new());
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)));
    element(&mut w, root, item, value);
    String::from_utf8(w.into_inner()).unwrap_or_default()
}

/// The specification's error answer: a list of `{code, description}`.
fn errors(format: Format, status: StatusCode, descriptions: &[String]) -> Response {
    let items = descriptions
        .iter()
        .map(|d| json!({"code": status.as_u16(), "description": d}))
        .collect();
    answer(status, format, "errors", "error", items)
}

/// One of our API errors as Open311 errors (a form's problems one per field).
fn from_api(format: Format, e: ApiError) -> Response {
    let status = match &e {
        ApiError::Form(problems) => {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| format!("{}: {}", field_name(p.field), problem_text(&p.problem)))
                .collect();
            return errors(format, StatusCode::BAD_REQUEST, &lines);
        }
        ApiError::Store(err) => {
            tracing::error!(error = %err, "store failure");
            return errors(
                format,
                StatusCode::INTERNAL_SERVER_ERROR,
                &["internal error".to_owned()],
            );
        }
        ApiError::RateLimited { retry_after } => {
            let mut res = errors(format, StatusCode::TOO_MANY_REQUESTS, &[e.to_string()]);
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                res.headers_mut().insert(header::RETRY_AFTER, v);
            }
            return res;
        }
        ApiError::NotFound { .. } | ApiError::NoSuchRoute => StatusCode::NOT_FOUND,
        ApiError::MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
        ApiError::KeyReused | ApiError::Conflict(_) => StatusCode::CONFLICT,
        ApiError::Record(_) | ApiError::RosterRecord(_) => StatusCode::UNPROCESSABLE_ENTITY,
        ApiError::Forbidden | ApiError::NotAllowed(_) | ApiError::Csrf => StatusCode::FORBIDDEN,
        ApiError::Unauthorized(_) => StatusCode::UNAUTHORIZED,
        ApiError::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
        ApiError::InvalidParameter { .. }
        | ApiError::Secondment { .. }
        | ApiError::Round(_)
        | ApiError::RoundOutOfOrder { .. }
        | ApiError::Body(_)
        | ApiError::Challenge(_) => StatusCode::BAD_REQUEST,
    };
    errors(format, status, &[e.to_string()])
}

fn field_name(f: Field) -> &'static str {
    match f {
        Field::Kind => "service_code",
        Field::District => "attribute[district]",
        Field::Locality => "attribute[locality]",
        Field::Address | Field::Location => "address_string / lat, long",
        Field::HappenedOn => "attribute[happened_on]",
        Field::Matter => "attribute[matter]",
        Field::Officer => "attribute[officer]",
        Field::Description => "description",
        Field::Name => "first_name / last_name",
        Field::Phone | Field::Email => "phone / email",
        Field::Privacy => "attribute[privacy]",
        Field::Consent => "attribute[consent]",
        Field::Photos => "media_url",
    }
}

fn problem_text(p: &Problem) -> String {
    match p {
        Problem::Required => "required".to_owned(),
        Problem::Invalid => "not valid".to_owned(),
        Problem::TooShort { min } => format!("at least {min} characters"),
        Problem::TooLong { max } => format!("at most {max} characters"),
        Problem::InFuture => "in the future".to_owned(),
        Problem::TooOld => "more than two years ago".to_owned(),
        Problem::WhatRequired => "a matter, or a service for a domain".to_owned(),
        Problem::WhereRequired => "an address_string or lat and long".to_owned(),
        Problem::ContactRequired => "a phone or an email unless privacy is anonymous".to_owned(),
        Problem::ContactWhenAnonymous => "no contact details when anonymous".to_owned(),
        Problem::OfficerOnlyForConduct => "only for conduct complaints".to_owned(),
        Problem::TooMany { max } => format!("at most {max}"),
    }
}

/// Service codes: `tip_<domain>` for each domain, and `conduct`.
fn services() -> Vec<(String, Option<Domain>)> {
    Domain::ALL
        .iter()
        .map(|d| (format!("tip_{}", crate::params::spelling(d)), Some(*d)))
        .chain(std::iter::once(("conduct".to_owned(), None)))
        .collect()
}

fn service_of(code: &str) -> Option<(ComplaintKind, Option<Domain>)> {
    match code {
        "conduct" => return Some((ComplaintKind::Conduct, None)),
        // A tip whose matter no longer names a domain lists as `tip`.
        "tip" => return Some((ComplaintKind::Tip, None)),
        _ => {}
    }
    services()
        .into_iter()
        .find(|(c, _)| c == code)
        .map(|(_, d)| (ComplaintKind::Tip, d))
}

fn service_name(kind: ComplaintKind, domain: Option<Domain>) -> String {
    match (kind, domain) {
        (ComplaintKind::Conduct, _) => "投诉：执法行为".to_owned(),
        (ComplaintKind::Tip, Some(d)) => format!("举报：{}", d.label_zh()),
        (ComplaintKind::Tip, None) => "举报".to_owned(),
    }
}

fn service_code(kind: ComplaintKind, domain: Option<Domain>) -> String {
    match (kind, domain) {
        (ComplaintKind::Conduct, _) => "conduct".to_owned(),
        (ComplaintKind::Tip, Some(d)) => format!("tip_{}", crate::params::spelling(&d)),
        (ComplaintKind::Tip, None) => "tip".to_owned(),
    }
}

/// `services.{format}` and `GET requests.{format}`.
async fn list(
    State(state): State<AppState>,
    Path(file): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    match split(&file) {
        Some(("services", format)) => {
            let items = services()
                .into_iter()
                .map(|(code, domain)| {
                    let (group, description) = match domain {
                        Some(d) => (
                            "举报",
                            format!(
                                "举报{}领域的违法行为，由违法行为发生地依法有管辖权的执法主体处理。",
                                d.label_zh()
                            ),
                        ),
                        None => (
                            "投诉",
                            "投诉行政执法人员或执法队伍的执法行为，由其所属执法主体处理。"
                                .to_owned(),
                        ),
                    };
                    let kind = if domain.is_some() {
                        ComplaintKind::Tip
                    } else {
                        ComplaintKind::Conduct
                    };
                    json!({
                        "service_code": code,
                        "service_name": service_name(kind, domain),
                        "description": description,
                        "metadata": true,
                        "type": "realtime",
                        "keywords": format!("{group},{}", domain.map_or("执法行为", Domain::label_zh)),
                        "group": group,
                    })
                })
                .collect();
            answer(StatusCode::OK, format, "services", "service", items)
        }
        Some(("requests", format)) => match list_requests(&state, &query).await {
            Ok(rows) => requests_answer(format, rows),
            Err(e) => from_api(format, e),
        },
        Some((_, format)) => errors(
            format,
            StatusCode::NOT_FOUND,
            &["no such resource".to_owned()],
        ),
        None => errors(
            Format::Json,
            StatusCode::NOT_FOUND,
            &["use a .json or .xml extension".to_owned()],
        ),
    }
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339).unwrap_or_default()
}

fn parse_time(field: &'static str, s: &str) -> Result<OffsetDateTime, ApiError> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|_| ApiError::invalid(field, "a W3C date-time such as 2026-11-24T09:00:00+08:00"))
}

async fn list_requests(
    state: &AppState,
    q: &HashMap<String, String>,
) -> Result<Vec<PublicComplaintRow>, ApiError> {
    let now = OffsetDateTime::now_utc();
    let codes = match q.get("service_request_id") {
        None => Vec::new(),
        Some(ids) => ids
            .split(',')
            .map(|id| {
                TrackingCode::parse(id).map_err(|e| ApiError::invalid("service_request_id", e))
            })
            .collect::<Result<Vec<_>, _>>()?,
    };
    // Named ids are returned whatever the other filters say (the specification's rule).
    if !codes.is_empty() {
        return Ok(state
            .store
            .public_complaints(&PublicComplaintFilter {
                codes,
                kind: None,
                domain: None,
                from: OffsetDateTime::UNIX_EPOCH,
                to: now + time::Duration::DAY,
                statuses: Vec::new(),
                limit: 1000,
            })
            .await?);
    }
    let (kind, domain) = match q.get("service_code") {
        None => (None, None),
        Some(code) => {
            let (k, d) = service_of(code)
                .ok_or_else(|| ApiError::invalid("service_code", "a code from services"))?;
            (Some(k), d)
        }
    };
    let to = q
        .get("end_date")
        .map(|t| parse_time("end_date", t))
        .transpose()?
        .unwrap_or(now);
    // The specification's default: the last 90 days.
    let from = q
        .get("start_date")
        .map(|t| parse_time("start_date", t))
        .transpose()?
        .unwrap_or(to - time::Duration::days(90));
    let statuses = match q.get("status").map(String::as_str) {
        None => Vec::new(),
        Some(list) => {
            let mut out = Vec::new();
            for s in list.split(',') {
                match s.trim() {
                    "open" => out.extend([
                        ComplaintStatus::Received,
                        ComplaintStatus::Accepted,
                        ComplaintStatus::Referred,
                        ComplaintStatus::Replied,
                    ]),
                    "closed" => out.push(ComplaintStatus::Closed),
                    _ => return Err(ApiError::invalid("status", "open or closed")),
                }
            }
            out
        }
    };
    Ok(state
        .store
        .public_complaints(&PublicComplaintFilter {
            codes,
            kind,
            domain,
            from,
            to,
            statuses,
            limit: 1000,
        })
        .await?)
}

/// The public fields of each request: no description, address, position or contact (a person
/// may have written something private in them), and no reply or handling body (those need the
/// tracking secret).
fn requests_answer(format: Format, rows: Vec<PublicComplaintRow>) -> Response {
    answer(
        StatusCode::OK,
        format,
        "service_requests",
        "request",
        public_items(rows),
    )
}

fn public_items(rows: Vec<PublicComplaintRow>) -> Vec<Value> {
    rows.into_iter()
        .map(|r| {
            let status = if r.status == ComplaintStatus::Closed {
                "closed"
            } else {
                "open"
            };
            json!({
                "service_request_id": r.code.to_string(),
                "status": status,
                "service_name": service_name(r.kind, r.domain),
                "service_code": service_code(r.kind, r.domain),
                "service_notice": r.reply_due.map(|d| format!("{d} 前答复")),
                "requested_datetime": rfc3339(r.submitted_at),
                "updated_datetime": rfc3339(r.updated_at),
                "expected_datetime": r.reply_due.map(|d| format!("{d}T17:00:00+08:00")),
            })
        })
        .collect()
}

/// `requests/{id}.{format}`.
async fn one_request(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((id, format)) = split(&file) else {
        return errors(
            Format::Json,
            StatusCode::NOT_FOUND,
            &["use a .json or .xml extension".to_owned()],
        );
    };
    let mut q = HashMap::new();
    q.insert("service_request_id".to_owned(), id.to_owned());
    match list_requests(&state, &q).await {
        Ok(rows) if rows.is_empty() => errors(
            format,
            StatusCode::NOT_FOUND,
            &["no such request".to_owned()],
        ),
        Ok(rows) => requests_answer(format, rows),
        Err(e) => from_api(format, e),
    }
}

/// `tokens/{id}.{format}`: requests are created at once, so a token is the request's id.
async fn token(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((id, format)) = split(&file) else {
        return errors(
            Format::Json,
            StatusCode::NOT_FOUND,
            &["use a .json or .xml extension".to_owned()],
        );
    };
    let found = match TrackingCode::parse(id) {
        Ok(code) => state.store.complaint(&code).await.ok().flatten(),
        Err(_) => None,
    };
    match found {
        Some(c) => answer(
            StatusCode::OK,
            format,
            "service_requests",
            "request",
            vec![json!({"service_request_id": c.code.to_string(), "token": c.code.to_string()})],
        ),
        None => errors(format, StatusCode::NOT_FOUND, &["no such token".to_owned()]),
    }
}

/// `services/{code}.{format}`: the attributes a request for the service needs.
async fn definition(State(state): State<AppState>, Path(file): Path<String>) -> Response {
    let Some((code, format)) = split(&file) else {
        return errors(
            Format::Json,
            StatusCode::NOT_FOUND,
            &["use a .json or .xml extension".to_owned()],
        );
    };
    let Some((kind, _)) = service_of(code) else {
        return errors(
            format,
            StatusCode::NOT_FOUND,
            &["no such service_code".to_owned()],
        );
    };
    let districts = match state.store.districts(None, u32::MAX).await {
        Ok(d) => d,
        Err(e) => return from_api(format, e.into()),
    };
    let mut localities = Vec::new();
    for d in &districts {
        if let Ok(Some(org)) = state.store.district_org(&d.code).await {
            for l in &org.localities {
                localities.push(
                    json!({"key": l.id.to_string(), "name": format!("{} {}", d.name, l.name)}),
                );
            }
        }
    }
    let list = |values: Vec<Value>| Value::Array(values);
    let mut attributes = vec![
        json!({"variable": true, "code": "district", "datatype": "singlevaluelist", "required": true,
               "datatype_description": "区", "order": 1, "description": "违法行为或执法行为发生的区",
               "values": list(districts.iter().map(|d| json!({"key": d.code.to_string(), "name": d.name.to_string()})).collect())}),
        json!({"variable": true, "code": "locality", "datatype": "singlevaluelist", "required": true,
               "datatype_description": "街镇", "order": 2, "description": "发生地所在的街道、镇、乡或特定区域",
               "values": list(localities)}),
        json!({"variable": true, "code": "happened_on", "datatype": "string", "required": false,
               "datatype_description": "YYYY-MM-DD", "order": 3, "description": "发生日期（默认今天）", "values": list(vec![])}),
        json!({"variable": true, "code": "matter", "datatype": "string", "required": false,
               "datatype_description": "16 位事项编码（/api/v1/matters）", "order": 4, "description": "执法事项", "values": list(vec![])}),
        json!({"variable": true, "code": "privacy", "datatype": "singlevaluelist", "required": true,
        "datatype_description": "个人信息保护", "order": 6, "description": "谁可以看到提交人的姓名和联系方式",
        "values": list(vec![
            json!({"key": "anonymous", "name": "匿名：不留姓名和联系方式"}),
            json!({"key": "name_withheld", "name": "不公开姓名：仅处理机关及其监督机关可见"}),
            json!({"key": "handler_only", "name": "仅限承办人联系：转办时不转交"}),
        ])}),
        json!({"variable": true, "code": "consent", "datatype": "singlevaluelist", "required": true,
               "datatype_description": "同意", "order": 7, "description": "同意按照公示平台的说明处理所提交的信息",
               "values": list(vec![json!({"key": "yes", "name": "同意"})])}),
    ];
    if kind == ComplaintKind::Conduct {
        attributes.push(json!({"variable": true, "code": "officer", "datatype": "string", "required": false,
            "datatype_description": "执法证号", "order": 5, "description": "被投诉的执法人员的执法证号（如知道）", "values": list(vec![])}));
    }
    attributes.sort_by_key(|a| a["order"].as_u64().unwrap_or(0));
    let item = json!({"service_code": code, "attributes": attributes});
    match format {
        // A definition is one object, not a list.
        Format::Json => {
            let mut res = (StatusCode::OK, item.to_string()).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json; charset=utf-8"),
            );
            res
        }
        Format::Xml => {
            let mut res = (StatusCode::OK, xml("service_definition", "_", &item)).into_response();
            res.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("text/xml; charset=utf-8"),
            );
            res
        }
    }
}

/// `POST requests.{format}`: a request from a partner system, with its API key.
async fn post_requests(
    State(state): State<AppState>,
    Path(file): Path<String>,
    RawForm(body): RawForm,
) -> Response {
    let format = match split(&file) {
        Some(("requests", f)) => f,
        Some((_, f)) => {
            return errors(
                f,
                StatusCode::NOT_FOUND,
                &["POST goes to requests".to_owned()],
            );
        }
        None => {
            return errors(
                Format::Json,
                StatusCode::NOT_FOUND,
                &["use a .json or .xml extension".to_owned()],
            );
        }
    };
    let fields: Vec<(String, String)> = match serde_urlencoded::from_bytes(&body) {
        Ok(f) => f,
        Err(_) => {
            return errors(
                format,
                StatusCode::BAD_REQUEST,
                &["the body is not form-encoded".to_owned()],
            );
        }
    };
    let get = |k: &str| {
        fields
            .iter()
            .find(|(name, _)| name == k)
            .map(|(_, v)| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    };
    let Some(api_key) = get("api_key") else {
        return errors(
            format,
            StatusCode::FORBIDDEN,
            &["api_key is required".to_owned()],
        );
    };
    if !state.complaints.open311_keys.iter().any(|k| k == &api_key) {
        return errors(
            format,
            StatusCode::FORBIDDEN,
            &["this api_key is not valid".to_owned()],
        );
    }
    let Some((kind, domain)) = get("service_code").and_then(|c| service_of(&c)) else {
        return errors(
            format,
            StatusCode::BAD_REQUEST,
            &["service_code: a code from services".to_owned()],
        );
    };
    let attribute = |k: &str| get(&format!("attribute[{k}]")).unwrap_or_default();
    let location = match (get("lat"), get("long")) {
        (Some(lat), Some(long)) => match (lat.parse(), long.parse()) {
            (Ok(latitude), Ok(longitude)) => Some(gongshi_domain::complaint::GeoPoint {
                latitude,
                longitude,
            }),
            _ => {
                return errors(
                    format,
                    StatusCode::BAD_REQUEST,
                    &["lat, long: decimal degrees".to_owned()],
                );
            }
        },
        _ => None,
    };
    let name = [get("last_name"), get("first_name")]
        .into_iter()
        .flatten()
        .collect::<String>();
    let privacy = match attribute("privacy").as_str() {
        "anonymous" => Some(Privacy::Anonymous),
        "name_withheld" => Some(Privacy::NameWithheld),
        "handler_only" => Some(Privacy::HandlerOnly),
        _ => None,
    };
    let form = ComplaintForm {
        kind: Some(kind),
        district: attribute("district"),
        locality: attribute("locality"),
        address: get("address_string").unwrap_or_default(),
        location,
        happened_on: Some(attribute("happened_on"))
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| crate::today().to_string()),
        matter: attribute("matter"),
        domain,
        officer: attribute("officer"),
        description: get("description").unwrap_or_default(),
        name,
        phone: get("phone").unwrap_or_default(),
        email: get("email").unwrap_or_default(),
        privacy,
        consent: attribute("consent") == "yes",
    };
    let client_key = match state.store.server_secret("client").await {
        Ok(k) => k,
        Err(e) => return from_api(format, e.into()),
    };
    let client =
        crate::routes::complaints::sha256_hex(format!("{client_key}:open311:{api_key}").as_bytes());
    let result = accept(
        &state,
        &form,
        Vec::new(),
        Intake {
            idempotency: None,
            client,
            limits: state.complaints.open311_limits,
        },
        || Ok(None),
    )
    .await;
    match result {
        Ok(answer) => {
            let Ok(s) = serde_json::from_str::<Submission>(&answer) else {
                return errors(
                    format,
                    StatusCode::INTERNAL_SERVER_ERROR,
                    &["internal error".to_owned()],
                );
            };
            let notice = format!(
                "由{}处理{}",
                s.authority.name,
                s.reply_due
                    .map(|d| format!("，{d} 前答复"))
                    .unwrap_or_default()
            );
            answer_created(format, &s, &notice)
        }
        Err(e) => from_api(format, e),
    }
}

fn answer_created(format: Format, s: &Submission, notice: &str) -> Response {
    answer(
        StatusCode::CREATED,
        format,
        "service_requests",
        "request",
        vec![json!({
            "service_request_id": s.code.to_string(),
            "service_notice": notice,
            "account_id": Value::Null,
        })],
    )
}
