//! Handling complaints and tips (staff): a body's handlers work their inbox — accept, reply in
//! public, keep internal notes, transfer (移送) to a body the jurisdiction rules allow, close — and
//! the district's supervisors read every case of the district (the supervised list among them) and
//! add notes. The complainant's contact goes only to the handlers of the body holding the case (see
//! [`gongshi_domain::handling::sees_contact`]); what the citizen's tracking page shows is the public
//! timeline: statuses, replies and transfers' reasons.

use super::json_body;
use super::staff::Staff;
use crate::AppState;
use crate::error::{ApiError, Result};
use crate::store::{CaseChange, CaseRecord, InboxFilter};
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use gongshi_domain::api::{AuthorityRef, ErrorBody, Page};
use gongshi_domain::complaint::{ComplaintKind, ComplaintStatus, TrackingCode};
use gongshi_domain::dashboard::CaseQueue;
use gongshi_domain::handling::{
    Case, ContactView, InboxItem, StatusForm, TextForm, TransferForm, check_text, may_read,
    sees_contact, transfer_targets,
};
use gongshi_domain::staff::Role;
use gongshi_domain::{AuthorityId, DistrictOrg};
use serde::Deserialize;
use time::OffsetDateTime;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(inbox))
        .routes(routes!(case))
        .routes(routes!(photo))
        .routes(routes!(status))
        .routes(routes!(reply))
        .routes(routes!(note))
        .routes(routes!(transfer))
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
struct InboxParams {
    /// received, accepted, referred, replied or closed.
    status: Option<ComplaintStatus>,
    /// tip or conduct.
    kind: Option<ComplaintKind>,
    /// `true`: only supervised cases (督办).
    supervised: Option<bool>,
    /// Only the cases behind one of the start page's figures, as they stand today: to_accept
    /// (received or transferred here, not accepted), overdue (past the reply date without a
    /// reply) or due_soon (the reply due within 3 days, not overdue).
    queue: Option<CaseQueue>,
    /// The `next` of the previous page.
    cursor: Option<String>,
    /// 1–200, default 50.
    limit: Option<String>,
}

fn overdue(status: ComplaintStatus, due: Option<time::Date>) -> bool {
    gongshi_domain::dashboard::overdue(status, due, crate::today())
}

/// The signed-in unit's cases, newest first: a handler's body's, or a supervisor's whole district.
#[utoipa::path(get, path = "/staff/complaints", tag = "staff", params(InboxParams),
    responses((status = 200, body = Page<InboxItem>), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody)))]
async fn inbox(
    State(state): State<AppState>,
    staff: Staff,
    params: std::result::Result<Query<InboxParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<InboxItem>>> {
    let grant = &staff.user.grant;
    let authority = match grant.role {
        Role::Handler => grant.authority.clone(),
        Role::Supervisor => None,
        Role::Admin | Role::Publisher => {
            return Err(ApiError::NotAllowed(
                "only handlers and supervisors have a complaint inbox",
            ));
        }
    };
    let Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let limit = crate::paging::limit(p.limit.as_deref())?;
    let before = p
        .cursor
        .as_deref()
        .map(|c| {
            c.parse::<i64>()
                .map_err(|_| ApiError::invalid("cursor", "the `next` of a previous page"))
        })
        .transpose()?;
    let mut rows = state
        .store
        .complaint_inbox(&InboxFilter {
            district: grant.district.clone(),
            authority,
            status: p.status,
            kind: p.kind,
            supervised: p.supervised,
            queue: p.queue.map(|q| q.selection(crate::today())),
            before,
            limit: limit + 1,
        })
        .await?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next = more
        .then(|| rows.last().map(|(id, _)| id.to_string()))
        .flatten();
    Ok(Json(Page {
        items: rows
            .into_iter()
            .map(|(_, mut item)| {
                item.overdue = overdue(item.status, item.reply_due);
                item
            })
            .collect(),
        next,
        facets: Vec::new(),
        total: None,
        total_is_lower_bound: false,
    }))
}

/// A reply, note or reason as checked, or 400 naming `field`.
fn text_of(field: &'static str, s: &str) -> Result<String> {
    check_text(s)
        .ok_or_else(|| ApiError::invalid(field, "1–2,000 characters, no control characters"))
}

fn tracking_code(code: &str) -> Result<TrackingCode> {
    TrackingCode::parse(code).map_err(|_| ApiError::NotFound { what: "complaint" })
}

/// A case the signed-in user may read, with its district's organisation.
async fn readable(
    state: &AppState,
    staff: &Staff,
    code: &TrackingCode,
) -> Result<(CaseRecord, DistrictOrg)> {
    let record = state
        .store
        .case(code)
        .await?
        .ok_or(ApiError::NotFound { what: "complaint" })?;
    if !may_read(&staff.user.grant, &record.district, &record.authority) {
        return Err(ApiError::NotAllowed("this case is another unit's"));
    }
    let org = state
        .store
        .district_org(&record.district)
        .await?
        .ok_or(ApiError::NotFound { what: "district" })?;
    Ok((record, org))
}

fn authority_ref(org: &DistrictOrg, id: &AuthorityId) -> Result<AuthorityRef> {
    org.authority(id)
        .map(|a| AuthorityRef {
            id: a.id.clone(),
            name: a.name.clone(),
            kind: a.kind,
        })
        .ok_or(ApiError::NotFound { what: "authority" })
}

/// The bodies the case may go to.
async fn targets(state: &AppState, r: &CaseRecord, org: &DistrictOrg) -> Result<Vec<AuthorityId>> {
    let matter = match &r.matter {
        Some(code) => state.store.matter(code).await?,
        None => None,
    };
    Ok(transfer_targets(
        org,
        &r.locality,
        matter.as_ref(),
        &r.authority,
    ))
}

/// The case as `staff` may see it.
async fn view(state: &AppState, staff: &Staff, r: CaseRecord, org: &DistrictOrg) -> Result<Case> {
    let grant = &staff.user.grant;
    let shows_contact = sees_contact(
        grant,
        &r.district,
        r.privacy,
        &r.authority,
        &r.route.authority,
    );
    let may_handle = grant.may_handle(&r.district, &r.authority);
    let transfer_targets = if may_handle {
        targets(state, &r, org)
            .await?
            .iter()
            .map(|a| authority_ref(org, a))
            .collect::<Result<Vec<_>>>()?
    } else {
        Vec::new()
    };
    Ok(Case {
        overdue: overdue(r.status, r.reply_due),
        authority: authority_ref(org, &r.authority)?,
        contact: r.contact.filter(|_| shows_contact).map(|c| ContactView {
            name: c.name.map(|n| n.to_string()),
            phone: c.phone.map(|p| p.to_string()),
            email: c.email.map(|e| e.as_str().to_owned()),
        }),
        code: r.code,
        kind: r.kind,
        status: r.status,
        supervised: r.supervised,
        submitted_at: r.submitted_at,
        reply_due: r.reply_due,
        district: r.district,
        locality: r.locality,
        address: r.address,
        location: r.location,
        happened_on: r.happened_on,
        matter: r.matter,
        domain: r.domain,
        officer: r.officer,
        description: r.description,
        privacy: r.privacy,
        route: r.route,
        photos: r.photos,
        timeline: r.timeline,
        notes: r.notes,
        may_handle,
        transfer_targets,
    })
}

/// A case: what was submitted, where it stands, its steps and internal notes; the contact only
/// for the handlers of the body holding it.
#[utoipa::path(get, path = "/staff/complaints/{code}", tag = "staff",
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = Case), (status = 401, body = ErrorBody),
        (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn case(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
) -> Result<Json<Case>> {
    let code = tracking_code(&code)?;
    let (record, org) = readable(&state, &staff, &code).await?;
    Ok(Json(view(&state, &staff, record, &org).await?))
}

/// A case's photo (`n` from 0), metadata stripped when it was received.
#[utoipa::path(get, path = "/staff/complaints/{code}/photos/{n}", tag = "staff",
    params(("code" = String, Path, description = "The tracking code"),
        ("n" = u32, Path, description = "The photo, from 0")),
    responses((status = 200, description = "image/jpeg, image/png or image/webp"),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody)))]
async fn photo(
    State(state): State<AppState>,
    staff: Staff,
    Path((code, n)): Path<(String, String)>,
) -> Result<Response> {
    let code = tracking_code(&code)?;
    readable(&state, &staff, &code).await?;
    let n = n
        .parse::<u32>()
        .map_err(|_| ApiError::NotFound { what: "photo" })?;
    let (content_type, bytes) = state
        .store
        .complaint_photo(&code, n)
        .await?
        .ok_or(ApiError::NotFound { what: "photo" })?;
    Ok((
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        bytes,
    )
        .into_response())
}

/// Applies a change a handler (or, for notes, a supervisor) makes, answering the case after it;
/// 409 when the case moved meanwhile.
async fn apply(
    state: &AppState,
    staff: &Staff,
    code: &TrackingCode,
    record: &CaseRecord,
    change: CaseChange,
) -> Result<Json<Case>> {
    let applied = state
        .store
        .change_case(
            code,
            (record.status, &record.authority),
            &change,
            staff.user.username.as_str(),
            OffsetDateTime::now_utc(),
        )
        .await?;
    if !applied {
        return Err(ApiError::Conflict(
            "the case changed meanwhile: reload it and try again",
        ));
    }
    let (record, org) = match readable(state, staff, code).await {
        Ok(found) => found,
        // Transferred away: the handler no longer reads it; answer what the new body holds.
        Err(ApiError::NotAllowed(_)) => {
            let record = state
                .store
                .case(code)
                .await?
                .ok_or(ApiError::NotFound { what: "complaint" })?;
            let org = state
                .store
                .district_org(&record.district)
                .await?
                .ok_or(ApiError::NotFound { what: "district" })?;
            let mut view = view(state, staff, record, &org).await?;
            view.contact = None;
            view.notes = Vec::new();
            return Ok(Json(view));
        }
        Err(e) => return Err(e),
    };
    Ok(Json(view(state, staff, record, &org).await?))
}

/// A case its handlers may change, and the change allowed from its status.
async fn handled(
    state: &AppState,
    staff: &Staff,
    code: &str,
    next: ComplaintStatus,
) -> Result<(TrackingCode, CaseRecord)> {
    let code = tracking_code(code)?;
    let (record, _) = readable(state, staff, &code).await?;
    if !staff
        .user
        .grant
        .may_handle(&record.district, &record.authority)
    {
        return Err(ApiError::NotAllowed(
            "only the handlers of the body holding the case change it",
        ));
    }
    if !record.status.may_become(next) {
        return Err(ApiError::Conflict(
            "the case's status does not allow this step",
        ));
    }
    Ok((code, record))
}

/// Accepts (受理) or closes (办结) a case. A reply and a transfer have their own routes.
#[utoipa::path(post, path = "/staff/complaints/{code}/status", tag = "staff",
    request_body = StatusForm,
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = Case), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn status(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: std::result::Result<Json<StatusForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Case>> {
    staff.check_csrf()?;
    let form = json_body(body)?;
    if !matches!(
        form.status,
        ComplaintStatus::Accepted | ComplaintStatus::Closed
    ) {
        return Err(ApiError::invalid(
            "status",
            "accepted or closed (a reply and a transfer have their own routes)",
        ));
    }
    let (code, record) = handled(&state, &staff, &code, form.status).await?;
    apply(
        &state,
        &staff,
        &code,
        &record,
        CaseChange::Status(form.status),
    )
    .await
}

/// Replies in public: the citizen's tracking page shows the text.
#[utoipa::path(post, path = "/staff/complaints/{code}/reply", tag = "staff",
    request_body = TextForm,
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = Case), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn reply(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: std::result::Result<Json<TextForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Case>> {
    staff.check_csrf()?;
    let form = json_body(body)?;
    let text = text_of("text", &form.text)?;
    let (code, record) = handled(&state, &staff, &code, ComplaintStatus::Replied).await?;
    apply(&state, &staff, &code, &record, CaseChange::Reply(text)).await
}

/// Adds an internal note (never public): the case's handlers, and the district's supervisors
/// (督办意见).
#[utoipa::path(post, path = "/staff/complaints/{code}/notes", tag = "staff",
    request_body = TextForm,
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = Case), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn note(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: std::result::Result<Json<TextForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Case>> {
    staff.check_csrf()?;
    let form = json_body(body)?;
    let text = text_of("text", &form.text)?;
    let code = tracking_code(&code)?;
    let (record, _) = readable(&state, &staff, &code).await?;
    apply(&state, &staff, &code, &record, CaseChange::Note(text)).await
}

/// Transfers (移送) the case to a body the jurisdiction rules allow, with the reason the citizen
/// reads; the new body accepts it.
#[utoipa::path(post, path = "/staff/complaints/{code}/transfer", tag = "staff",
    request_body = TransferForm,
    params(("code" = String, Path, description = "The tracking code")),
    responses((status = 200, body = Case), (status = 400, body = ErrorBody),
        (status = 401, body = ErrorBody), (status = 403, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn transfer(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    body: std::result::Result<Json<TransferForm>, axum::extract::rejection::JsonRejection>,
) -> Result<Json<Case>> {
    staff.check_csrf()?;
    let form = json_body(body)?;
    let reason = text_of("reason", &form.reason)?;
    let (code, record) = handled(&state, &staff, &code, ComplaintStatus::Referred).await?;
    let org = state
        .store
        .district_org(&record.district)
        .await?
        .ok_or(ApiError::NotFound { what: "district" })?;
    if !targets(&state, &record, &org)
        .await?
        .contains(&form.authority)
    {
        return Err(ApiError::invalid(
            "authority",
            "not a body the jurisdiction rules give this case to",
        ));
    }
    apply(
        &state,
        &staff,
        &code,
        &record,
        CaseChange::Transfer {
            to: form.authority,
            reason,
        },
    )
    .await
}
