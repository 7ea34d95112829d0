//! Storage failures as problems: kept apart from the table so that error.rs stays short.

use super::{ApiError, ErrorCode};
use diesel::result::{DatabaseErrorKind, Error as DieselError};

/// What PostgreSQL says to a session while it stops, restarts or recovers (SQLSTATE class 57P,
/// operator intervention). diesel does not pass the SQLSTATE on, so these are its English messages
/// (the server's default `lc_messages`).
const GOING_AWAY: &[&str] = &[
    "terminating connection due to administrator command",
    "terminating connection due to crash of another server process",
    "the database system is shutting down",
    "the database system is starting up",
    "the database system is in recovery mode",
];

/// A connection lost under a request (PostgreSQL restarting, a network cut): the request did not
/// fail for its own reasons, and the same request may succeed a moment later.
fn connection_lost(e: &DieselError) -> bool {
    match e {
        DieselError::DatabaseError(
            DatabaseErrorKind::ClosedConnection | DatabaseErrorKind::UnableToSendCommand,
            _,
        ) => true,
        DieselError::DatabaseError(DatabaseErrorKind::Unknown, info) => {
            GOING_AWAY.iter().any(|m| info.message().contains(m))
        }
        _ => false,
    }
}

fn unavailable() -> ApiError {
    ApiError::new(
        ErrorCode::Unavailable,
        "The database is not reachable right now.",
    )
    .with_retry_after(5)
}

impl From<DieselError> for ApiError {
    fn from(e: DieselError) -> Self {
        // Text PostgreSQL cannot store (a NUL character) is the client's fault, not ours. Input types
        // refuse control characters first; this is the net below them.
        if let DieselError::DatabaseError(_, info) = &e {
            if info.message().contains("invalid byte sequence") {
                return ApiError::new(
                    ErrorCode::ValidationFailed,
                    "text must not contain NUL characters",
                );
            }
        }
        if connection_lost(&e) {
            // 503, as when the pool cannot connect: a client retries (with its Idempotency-Key, a
            // write whose commit was cut off answers as it did if it committed after all).
            tracing::warn!(error = %e, "database connection lost during a request");
            return unavailable();
        }
        ApiError::internal(format!("database: {e}"))
    }
}

impl From<diesel_async::pooled_connection::deadpool::PoolError> for ApiError {
    fn from(e: diesel_async::pooled_connection::deadpool::PoolError) -> Self {
        tracing::error!(error = %e, "database pool");
        unavailable()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db_error(kind: DatabaseErrorKind, message: &str) -> DieselError {
        DieselError::DatabaseError(kind, Box::new(message.to_owned()))
    }

    #[test]
    fn a_connection_lost_under_a_request_is_503_unavailable() {
        for e in [
            db_error(DatabaseErrorKind::UnableToSendCommand, "connection closed"),
            db_error(
                DatabaseErrorKind::ClosedConnection,
                "server closed the connection",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "terminating connection due to administrator command",
            ),
            db_error(
                DatabaseErrorKind::Unknown,
                "the database system is shutting down",
            ),
        ] {
            let api = ApiError::from(e);
            assert_eq!(api.code, ErrorCode::Unavailable);
            assert_eq!(api.retry_after, Some(5));
        }
    }

    #[test]
    fn other_database_errors_stay_internal() {
        let api = ApiError::from(db_error(
            DatabaseErrorKind::Unknown,
            "column \"x\" does not exist",
        ));
        assert_eq!(api.code, ErrorCode::Internal);
        let api = ApiError::from(db_error(
            DatabaseErrorKind::UniqueViolation,
            "duplicate key value violates unique constraint",
        ));
        assert_eq!(api.code, ErrorCode::Internal);
        let api = ApiError::from(DieselError::NotFound);
        assert_eq!(api.code, ErrorCode::Internal);
    }
}
