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
    (
        status,
        Json(ErrorBody {
            error: ErrorDetail {
                code,
                message,
                field,
            },
        }),
    )
        .into_response()
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
