//! The one error type of the API and its one JSON envelope (see `gongshi_domain::api::ErrorBody`).
//! Bad input is the client's business and is not logged as an error; anything internal is logged in
//! full and answered with a bare "internal error".

use crate::store::StoreError;
use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use gongshi_domain::api::{ErrorBody, ErrorCode, ErrorDetail};

#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    #[error("{what} not found")]
    NotFound { what: &'static str },
    #[error("invalid {field}: {reason}")]
    InvalidParameter { field: &'static str, reason: String },
    #[error("no API route has this path")]
    NoSuchRoute,
    #[error("this route does not accept that method")]
    MethodNotAllowed,
    #[error("the request body is not valid: {0}")]
    Body(String),
    #[error("the form has mistakes")]
    Form(Vec<gongshi_domain::complaint::FieldError>),
    #[error("the record has mistakes")]
    Record(Vec<gongshi_domain::penalty_import::FieldProblem>),
    #[error("the officer's record has mistakes")]
    RosterRecord(Vec<gongshi_domain::roster_import::RosterFieldProblem>),
    /// A secondment that cannot be added or ended so, at the form's `field`.
    #[error("invalid {field}: {problem}")]
    Secondment {
        field: &'static str,
        problem: gongshi_domain::roster_import::SecondmentChangeProblem,
    },
    #[error("{0}")]
    Conflict(&'static str),
    #[error("proof of work failed: {0}; fetch a new challenge")]
    Challenge(&'static str),
    #[error("too many attempts from this address; try again in {retry_after} seconds")]
    RateLimited { retry_after: u64 },
    /// No session, an ended one, or a wrong user name or password.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// Signed in, but this role or unit may not do it.
    #[error("{0}")]
    NotAllowed(&'static str),
    /// A catalog round that does not fit the catalog or the rounds before it.
    #[error("the round does not fit the catalog: {}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Round(Vec<gongshi_domain::catalog_dataset::RoundProblem>),
    /// A catalog round dated before the latest one: rounds are recorded in date order.
    #[error("rounds come in date order: the latest act is effective from {latest}")]
    RoundOutOfOrder { latest: time::Date },
    /// A state change without this session's CSRF token.
    #[error("the CSRF token is missing or is not this session's: GET /api/v1/staff/me has it")]
    Csrf,
    #[error("this Idempotency-Key was used with a different body")]
    KeyReused,
    #[error("the secret does not match")]
    Forbidden,
    #[error("the request body is too large")]
    TooLarge,
    #[error(transparent)]
    Store(#[from] StoreError),
}

pub type Result<T, E = ApiError> = std::result::Result<T, E>;

impl ApiError {
    /// A parameter that failed its domain parser: the parser's message says why.
    pub fn invalid(field: &'static str, reason: impl std::fmt::Display) -> Self {
        Self::InvalidParameter {
            field,
            reason: reason.to_string(),
        }
    }
}

/// Builds the envelope; also used by middleware that answers without a handler.
pub fn envelope(
    status: StatusCode,
    code: ErrorCode,
    message: String,
    field: Option<String>,
) -> Response {
    answer(
        status,
        ErrorDetail {
            field,
            ..detail(code, message)
        },
    )
}

/// A detail with only its code and message.
fn detail(code: ErrorCode, message: String) -> ErrorDetail {
    ErrorDetail {
        code,
        message,
        field: None,
        problems: Vec::new(),
        cells: Vec::new(),
        roster_cells: Vec::new(),
        secondment: None,
        round: Vec::new(),
        latest: None,
    }
}

fn answer(status: StatusCode, error: ErrorDetail) -> Response {
    (status, Json(ErrorBody { error })).into_response()
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let message = self.to_string();
        match self {
            Self::NotFound { .. } => {
                envelope(StatusCode::NOT_FOUND, ErrorCode::NotFound, message, None)
            }
            Self::InvalidParameter { field, .. } => envelope(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidParameter,
                message,
                Some(field.to_owned()),
            ),
            Self::NoSuchRoute => {
                envelope(StatusCode::NOT_FOUND, ErrorCode::NoSuchRoute, message, None)
            }
            Self::MethodNotAllowed => envelope(
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::MethodNotAllowed,
                message,
                None,
            ),
            Self::Body(_) => envelope(
                StatusCode::BAD_REQUEST,
                ErrorCode::InvalidBody,
                message,
                None,
            ),
            Self::Form(problems) => answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorDetail {
                    problems,
                    ..detail(ErrorCode::InvalidForm, message)
                },
            ),
            Self::Record(cells) => answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorDetail {
                    cells,
                    ..detail(ErrorCode::InvalidRecord, message)
                },
            ),
            Self::RosterRecord(roster_cells) => answer(
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorDetail {
                    roster_cells,
                    ..detail(ErrorCode::InvalidRecord, message)
                },
            ),
            Self::Secondment { field, problem } => answer(
                StatusCode::BAD_REQUEST,
                ErrorDetail {
                    field: Some(field.to_owned()),
                    secondment: Some(problem),
                    ..detail(ErrorCode::InvalidParameter, message)
                },
            ),
            Self::Round(problems) => answer(
                StatusCode::BAD_REQUEST,
                ErrorDetail {
                    field: Some("acts".to_owned()),
                    round: problems,
                    ..detail(ErrorCode::InvalidParameter, message)
                },
            ),
            Self::RoundOutOfOrder { latest } => answer(
                StatusCode::BAD_REQUEST,
                ErrorDetail {
                    field: Some("effective".to_owned()),
                    latest: Some(latest),
                    ..detail(ErrorCode::InvalidParameter, message)
                },
            ),
            Self::Conflict(_) => envelope(StatusCode::CONFLICT, ErrorCode::Conflict, message, None),
            Self::Challenge(_) => envelope(
                StatusCode::BAD_REQUEST,
                ErrorCode::ChallengeFailed,
                message,
                Some("altcha".to_owned()),
            ),
            Self::RateLimited { retry_after } => {
                let mut res = envelope(
                    StatusCode::TOO_MANY_REQUESTS,
                    ErrorCode::RateLimited,
                    message,
                    None,
                );
                if let Ok(v) = axum::http::HeaderValue::from_str(&retry_after.to_string()) {
                    res.headers_mut().insert(axum::http::header::RETRY_AFTER, v);
                }
                res
            }
            Self::KeyReused => envelope(
                StatusCode::CONFLICT,
                ErrorCode::IdempotencyKeyReused,
                message,
                Some("Idempotency-Key".to_owned()),
            ),
            Self::Forbidden | Self::NotAllowed(_) => {
                envelope(StatusCode::FORBIDDEN, ErrorCode::Forbidden, message, None)
            }
            Self::Csrf => envelope(StatusCode::FORBIDDEN, ErrorCode::CsrfFailed, message, None),
            Self::Unauthorized(_) => envelope(
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                message,
                None,
            ),
            Self::TooLarge => envelope(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::PayloadTooLarge,
                message,
                None,
            ),
            Self::Store(e) if e.is_busy() => {
                tracing::warn!(error = %e, "the database is busy: answered 503");
                let mut res = envelope(
                    StatusCode::SERVICE_UNAVAILABLE,
                    ErrorCode::Unavailable,
                    "the service is busy: try again in a moment".to_owned(),
                    None,
                );
                res.headers_mut().insert(
                    axum::http::header::RETRY_AFTER,
                    axum::http::HeaderValue::from_static("2"),
                );
                res
            }
            Self::Store(e) => {
                tracing::error!(error = %e, "store failure");
                envelope(
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal,
                    "internal error".to_owned(),
                    None,
                )
            }
        }
    }
}
