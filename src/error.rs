//! The one error type. Every handler returns `Result<_, AppError>`; the error knows its HTTP
//! status and renders the API's JSON shape. Pages get an HTML rendering of the same error from
//! `web::errors`, which reads the `AppError` back out of the response.

use crate::domain::Violation;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use serde::Serialize;

/// What went wrong, in the terms a caller can act on.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The body could not be parsed at all (400).
    #[error("the request could not be read")]
    BadRequest(Vec<Violation>),
    /// The input breaks a rule (422); each violation names its field.
    #[error("the input breaks a rule")]
    Invalid(Vec<Violation>),
    /// Not signed in, or a bad token (401).
    #[error("sign-in required")]
    Unauthorized,
    /// Signed in, but the role does not allow it (403).
    #[error("{0}")]
    Forbidden(String),
    /// No such thing, or not visible to the caller (404).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The path exists, the method does not (405); carries the `Allow` header's value.
    #[error("this address does not answer that method; it answers {0}")]
    MethodNotAllowed(String),
    /// A stale save (409); carries the current record.
    #[error("someone else changed this since you opened it")]
    Conflict(serde_json::Value),
    /// The body is over the limit for its kind (413); says the limit.
    #[error("{0}")]
    TooLarge(String),
    /// Too many attempts (429); `retry_after` in seconds.
    #[error("too many attempts; try again in {retry_after} seconds")]
    TooManyRequests {
        /// Seconds until the next attempt is accepted.
        retry_after: u64,
    },
    /// A fault on our side (500); the detail is logged, not shown.
    #[error("internal error: {0}")]
    Internal(String),
}

impl AppError {
    /// One violation as a 422.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> AppError {
        AppError::Invalid(vec![Violation::new(field, message)])
    }

    /// The default 403.
    pub fn forbidden() -> AppError {
        AppError::Forbidden("your role does not allow this".into())
    }

    /// The field errors carried, if any.
    pub fn violations(&self) -> &[Violation] {
        match self {
            AppError::BadRequest(v) | AppError::Invalid(v) => v,
            _ => &[],
        }
    }
}

/// The JSON error body: `{"errors": [{"field", "message"}], "current"?: {...}}` — the one shape
/// of every API error, whatever raised it (see `web::errors` for those actix raises itself).
#[derive(Serialize, utoipa::ToSchema)]
#[schema(as = Error)]
pub struct ErrorBody<'a> {
    /// What went wrong: each problem, with the field it concerns (empty when it is the request
    /// as a whole).
    pub errors: Vec<Violation>,
    /// On a 409, the record as it is now.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Option<Object>)]
    pub current: Option<&'a serde_json::Value>,
}

impl ErrorBody<'_> {
    /// A body with one problem of the request as a whole.
    pub fn general(message: impl Into<String>) -> ErrorBody<'static> {
        ErrorBody {
            errors: vec![Violation::new("", message)],
            current: None,
        }
    }
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        match self {
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::NotFound(_) => StatusCode::NOT_FOUND,
            AppError::MethodNotAllowed(_) => StatusCode::METHOD_NOT_ALLOWED,
            AppError::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests { .. } => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let AppError::Internal(detail) = self {
            log::error!("{detail}");
        }
        let errors = match self {
            AppError::BadRequest(v) | AppError::Invalid(v) => v.clone(),
            AppError::Internal(_) => vec![Violation::new("", "internal error; it has been logged")],
            other => vec![Violation::new("", other.to_string())],
        };
        let current = match self {
            AppError::Conflict(c) => Some(c),
            _ => None,
        };
        let mut res = HttpResponse::build(self.status_code());
        if let AppError::TooManyRequests { retry_after } = self {
            res.insert_header(("Retry-After", retry_after.to_string()));
        }
        if let AppError::MethodNotAllowed(allow) = self {
            res.insert_header(("Allow", allow.as_str()));
        }
        if matches!(self, AppError::Unauthorized) {
            res.insert_header(("WWW-Authenticate", "Bearer"));
        }
        res.json(ErrorBody { errors, current })
    }
}

impl From<diesel::result::Error> for AppError {
    fn from(e: diesel::result::Error) -> Self {
        match e {
            diesel::result::Error::NotFound => AppError::NotFound("record"),
            other => AppError::Internal(format!("database: {other}")),
        }
    }
}

impl From<diesel::r2d2::PoolError> for AppError {
    fn from(e: diesel::r2d2::PoolError) -> Self {
        AppError::Internal(format!("database pool: {e}"))
    }
}

impl From<actix_web::error::BlockingError> for AppError {
    fn from(e: actix_web::error::BlockingError) -> Self {
        AppError::Internal(format!("blocking task: {e}"))
    }
}

impl From<Violation> for AppError {
    fn from(v: Violation) -> Self {
        AppError::Invalid(vec![v])
    }
}

impl From<handlebars::RenderError> for AppError {
    fn from(e: handlebars::RenderError) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}
