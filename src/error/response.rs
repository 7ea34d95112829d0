//! How an [`ApiError`] is answered: an RFC 9457 problem with its status, `Retry-After` when the
//! client should come back, and `WWW-Authenticate` when a bearer token is missing or stale.

use super::{ApiError, ErrorCode};
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, ResponseError};
use std::fmt;

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.detail)
    }
}

impl std::error::Error for ApiError {}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.code.status()
    }

    fn error_response(&self) -> HttpResponse {
        let mut builder = HttpResponse::build(self.code.status());
        builder.content_type("application/problem+json");
        if let Some(seconds) = self.retry_after {
            builder.insert_header(("Retry-After", seconds.to_string()));
        }
        if self.code == ErrorCode::Unauthenticated
            || self.code == ErrorCode::InvalidToken
            || self.code == ErrorCode::TokenExpired
        {
            builder.insert_header(("WWW-Authenticate", "Bearer"));
        }
        builder.body(self.problem_body().to_string())
    }
}
