//! 公开变更日志: `GET /log` pages through the hash-chained public change log (or one record's
//! history) and `GET /log/verify` recomputes the whole chain.

use crate::AppState;
use crate::error::{ApiError, Result};
use axum::Json;
use axum::extract::{Query, State};
use gongshi_domain::api::{ErrorBody, Page};
use gongshi_domain::log::{ChainBreak, LogAction, LogEntry, Verification, Verified, Verifier};
use gongshi_domain::penalty::{PenaltyId, Visibility, visibility};
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub(super) fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(log))
        .routes(routes!(verify))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
struct LogParams {
    /// The `next` of the previous page: the last sequence number seen.
    cursor: Option<String>,
    /// 1–200, default 50.
    limit: Option<String>,
    /// One record's history: `penalty:123`, `officer:闽35060200001` …
    subject: Option<String>,
}

/// The log, oldest first.
#[utoipa::path(get, path = "/log", tag = "log", params(LogParams),
    responses((status = 200, body = Page<LogEntry>), (status = 400, body = ErrorBody)))]
async fn log(
    State(state): State<AppState>,
    params: std::result::Result<Query<LogParams>, axum::extract::rejection::QueryRejection>,
) -> Result<Json<Page<LogEntry>>> {
    let Query(p) = params.map_err(|e| ApiError::invalid("query", e.body_text()))?;
    let limit = crate::paging::limit(p.limit.as_deref())?;
    let after = match p.cursor.as_deref() {
        None => 0,
        Some(c) => c
            .parse::<u64>()
            .map_err(|_| ApiError::invalid("cursor", "the `next` of a previous page"))?,
    };
    let mut items = state
        .store
        .log_entries(after, limit + 1, p.subject.as_deref())
        .await?;
    let more = items.len() > limit as usize;
    items.truncate(limit as usize);
    withhold(state.store.as_ref(), &mut items, crate::today()).await?;
    let next = more
        .then(|| items.last().map(|e| e.seq.to_string()))
        .flatten();
    Ok(Json(Page {
        items,
        next,
        facets: Vec::new(),
        total: None,
        total_is_lower_bound: false,
    }))
}

/// Takes the content off entries about penalties that the public may no longer read on `today`: a
/// public record shows only its current version (a correction may have taken personal data out of
/// an earlier one), a withdrawn one only its withdrawal, one past its publication period nothing.
/// The digests stay, so the chain still verifies and anyone who kept an earlier version can prove it.
async fn withhold(
    store: &dyn crate::store::Store,
    entries: &mut [LogEntry],
    today: time::Date,
) -> Result<()> {
    let penalty = |e: &LogEntry| {
        e.change
            .subject
            .strip_prefix("penalty:")
            .and_then(|id| id.parse::<PenaltyId>().ok())
    };
    let ids: Vec<PenaltyId> = entries.iter().filter_map(penalty).collect();
    if ids.is_empty() {
        return Ok(());
    }
    let states: std::collections::BTreeMap<PenaltyId, (Visibility, Option<u64>)> = store
        .penalty_states(&ids)
        .await?
        .into_iter()
        .map(|(id, restricted, published, ends, withdrawn, latest)| {
            let v = visibility(restricted, published, ends, withdrawn, today);
            (id, (v, latest))
        })
        .collect();
    for e in entries.iter_mut() {
        let Some(id) = penalty(e) else { continue };
        let keep = match states.get(&id) {
            Some((Visibility::Public, latest)) => *latest == Some(e.seq),
            Some((Visibility::Withdrawn { .. }, _)) => {
                e.change.action == LogAction::PenaltyWithdrawn
            }
            Some((Visibility::Hidden | Visibility::Removed { .. }, _)) | None => false,
        };
        if !keep {
            e.content = None;
        }
    }
    Ok(())
}

/// Recomputes the chain from the first entry to the head, a thousand entries at a time.
pub async fn check_chain(
    store: &dyn crate::store::Store,
) -> std::result::Result<std::result::Result<Verified, ChainBreak>, crate::store::StoreError> {
    let mut verifier = Verifier::default();
    let mut after = 0;
    loop {
        let page = store.log_entries(after, 1_000, None).await?;
        let Some(last) = page.last() else {
            break;
        };
        after = last.seq;
        for e in &page {
            if let Err(b) = verifier.push(e) {
                return Ok(Err(b));
            }
        }
    }
    Ok(Ok(verifier.done()))
}

/// Recomputes every hash of the log: whether it is intact, its head, or where it breaks.
#[utoipa::path(get, path = "/log/verify", tag = "log",
    responses((status = 200, body = Verification)))]
async fn verify(State(state): State<AppState>) -> Result<Json<Verification>> {
    Ok(Json(match check_chain(state.store.as_ref()).await? {
        Ok(v) => Verification {
            intact: true,
            verified: Some(v),
            broken: None,
        },
        Err(b) => Verification {
            intact: false,
            verified: None,
            broken: Some(b),
        },
    }))
}
