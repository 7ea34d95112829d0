//! `Idempotency-Key` for POSTs that create something. The fingerprint is SHA-256 over the method,
//! the path and the canonical JSON of the body (keys sorted), so a replay that only reorders keys
//! is the same request.

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::idempotency::{self, Begin};
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use serde_json::Value;
use sha2::{Digest, Sha256};
use std::future::Future;
use uuid::Uuid;

pub const HEADER: &str = "Idempotency-Key";

/// Reads the header: `Ok(None)` when absent, 400 when it is not a UUID.
pub fn key_of(req: &HttpRequest) -> ApiResult<Option<Uuid>> {
    match req.headers().get(HEADER) {
        None => Ok(None),
        Some(v) => v
            .to_str()
            .ok()
            .and_then(|s| Uuid::parse_str(s.trim()).ok())
            .map(Some)
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::IdempotencyKeyInvalid,
                    "Idempotency-Key must be a UUID",
                )
            }),
    }
}

fn fingerprint(req: &HttpRequest, body: &Value) -> Vec<u8> {
    Sha256::new()
        .chain_update(req.method().as_str())
        .chain_update(b" ")
        .chain_update(req.path())
        .chain_update(b"\n")
        .chain_update(body.to_string())
        .finalize()
        .to_vec()
}

/// Runs `work` at most once per (user, key). `work` answers a status and a JSON body; the answer —
/// a success or a 4xx problem — is stored and replayed. A 5xx forgets the key so the client may retry.
pub async fn run<F, Fut>(
    state: &AppState,
    user: &AuthUser,
    req: &HttpRequest,
    body: &Value,
    required: bool,
    work: F,
) -> ApiResult<HttpResponse>
where
    F: FnOnce() -> Fut,
    Fut: Future<Output = ApiResult<(StatusCode, Value)>>,
{
    let Some(key) = key_of(req)? else {
        if required {
            return Err(ApiError::new(
                ErrorCode::IdempotencyKeyMissing,
                "send an Idempotency-Key header (a UUID)",
            ));
        }
        let (status, value) = work().await?;
        return Ok(HttpResponse::build(status).json(value));
    };
    let print = fingerprint(req, body);
    {
        let mut conn = state.pool.get().await?;
        match idempotency::begin(&mut conn, user.id, key, &print).await? {
            Begin::Started => {}
            Begin::Replay { status, body } => {
                let status = StatusCode::from_u16(status).map_err(ApiError::internal)?;
                let content_type = if status.is_success() {
                    "application/json"
                } else {
                    "application/problem+json"
                };
                return Ok(HttpResponse::build(status)
                    .content_type(content_type)
                    .insert_header(("Idempotent-Replayed", "true"))
                    .body(body));
            }
            Begin::Mismatch => {
                return Err(ApiError::new(
                    ErrorCode::IdempotencyKeyReused,
                    "this Idempotency-Key was used for another request",
                ))
            }
            Begin::InFlight => {
                return Err(ApiError::new(
                    ErrorCode::IdempotencyRequestInFlight,
                    "the first request with this key is still running",
                )
                .with_retry_after(1))
            }
        }
    }
    let result = work().await;
    let mut conn = state.pool.get().await?;
    match result {
        Ok((status, value)) => {
            let bytes = value.to_string().into_bytes();
            idempotency::complete(&mut conn, user.id, key, status.as_u16(), &bytes).await?;
            Ok(HttpResponse::build(status)
                .content_type("application/json")
                .body(bytes))
        }
        Err(e) if e.code.status().is_server_error() => {
            idempotency::abandon(&mut conn, user.id, key).await?;
            Err(e)
        }
        Err(e) => {
            let bytes = e.problem_body().to_string().into_bytes();
            idempotency::complete(&mut conn, user.id, key, e.code.status().as_u16(), &bytes)
                .await?;
            Err(e)
        }
    }
}
