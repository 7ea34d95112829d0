//! Database and pool failures as problems (kept apart so that error.rs stays a table).

use super::{ApiError, ErrorCode};

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> Self {
        // Text PostgreSQL cannot store (a NUL character) is the client's fault, not ours. Input types
        // refuse control characters first; this is the net below them.
        if let diesel::result::Error::DatabaseError(_, info) = &e {
            if info.message().contains("invalid byte sequence") {
                return ApiError::new(
                    ErrorCode::ValidationFailed,
                    "text must not contain NUL characters",
                );
            }
        }
        ApiError::internal(format!("database: {e}"))
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for ApiError {
    fn from(e: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        tracing::error!(error = %e, "database pool");
        ApiError::new(
            ErrorCode::Unavailable,
            "The database is not reachable right now.",
        )
        .with_retry_after(5)
    }
}
