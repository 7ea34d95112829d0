//! `Idempotency-Key` for POSTs that create something. The fingerprint is SHA-256 over the method,
//! the path and the canonical JSON of the body (keys sorted), so a replay that only reorders keys
//! is the same request.

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::idempotency::{self, Claim};
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use diesel_async::{AsyncConnection, TransactionManager};
use futures_util::future::BoxFuture;
use serde_json::Value;
use sha2::{Digest, Sha256};
use uuid::Uuid;

pub const HEADER: &str = "Idempotency-Key";
/// The header a replayed answer carries.
pub const REPLAYED: &str = "Idempotent-Replayed";

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

/// What happened to a keyed request, decided inside its transaction.
enum Outcome {
    Answered(StatusCode, Vec<u8>),
    Refused(ApiError),
    Replay(StatusCode, Vec<u8>),
}

type Tx = <Conn as AsyncConnection>::TransactionManager;

/// Runs `work` at most once per (user, key), on one connection inside one transaction that also
/// claims the key and stores the answer (see `store::idempotency::claim`): a committed change always
/// has its replay, and a request that died left nothing, so a retry does the work. `work` must do
/// all its reads and writes on the connection it is given (its own `transaction` calls become
/// savepoints). Its answer — a success or a 4xx problem — is stored and replayed; a 5xx rolls
/// everything back, the key included, so the client may retry.
pub async fn run<W>(
    state: &AppState,
    user: &AuthUser,
    req: &HttpRequest,
    body: &Value,
    required: bool,
    work: W,
) -> ApiResult<HttpResponse>
where
    W: AsyncFnOnce(&mut Conn) -> ApiResult<(StatusCode, Value)>,
{
    run_storing(state, user, req, body, required, None, work).await
}

/// Renders a created resource afresh, for the caller, from its id.
pub type Rebuild = for<'c> fn(&'c mut Conn, &'c AuthUser, Uuid) -> BoxFuture<'c, ApiResult<Value>>;

/// Like [`run`], for answers that carry a household's personal data: the key's row keeps only the
/// created resource's `id` (the table is not a second home for names and phones), and a replay
/// renders the resource afresh through `rebuild`, with the caller's current rights.
pub async fn run_by_reference<W>(
    state: &AppState,
    user: &AuthUser,
    req: &HttpRequest,
    body: &Value,
    required: bool,
    rebuild: Rebuild,
    work: W,
) -> ApiResult<HttpResponse>
where
    W: AsyncFnOnce(&mut Conn) -> ApiResult<(StatusCode, Value)>,
{
    run_storing(state, user, req, body, required, Some(rebuild), work).await
}

async fn run_storing<W>(
    state: &AppState,
    user: &AuthUser,
    req: &HttpRequest,
    body: &Value,
    required: bool,
    rebuild: Option<Rebuild>,
    work: W,
) -> ApiResult<HttpResponse>
where
    W: AsyncFnOnce(&mut Conn) -> ApiResult<(StatusCode, Value)>,
{
    let key = key_of(req)?;
    if key.is_none() && required {
        return Err(ApiError::new(
            ErrorCode::IdempotencyKeyMissing,
            "send an Idempotency-Key header (a UUID)",
        ));
    }
    let print = fingerprint(req, body);
    let mut conn = state.pool.get().await?;
    let conn: &mut Conn = &mut conn;
    Tx::begin_transaction(conn).await?;
    let outcome = match key {
        Some(key) => keyed(conn, user, key, &print, rebuild, work).await,
        None => work(conn)
            .await
            .map(|(status, value)| Outcome::Answered(status, value.to_string().into_bytes())),
    };
    match outcome {
        Ok(outcome) => {
            Tx::commit_transaction(conn).await?;
            match outcome {
                Outcome::Answered(status, bytes) => Ok(HttpResponse::build(status)
                    .content_type("application/json")
                    .body(bytes)),
                Outcome::Refused(e) => Err(e),
                Outcome::Replay(status, bytes) => {
                    let content_type = if status.is_success() {
                        "application/json"
                    } else {
                        "application/problem+json"
                    };
                    Ok(HttpResponse::build(status)
                        .content_type(content_type)
                        .insert_header((REPLAYED, "true"))
                        .body(bytes))
                }
            }
        }
        Err(e) => {
            // A broken connection cannot roll back; the pool discards it, and PostgreSQL rolls back.
            let _ = Tx::rollback_transaction(conn).await;
            Err(e)
        }
    }
}

async fn keyed<W>(
    conn: &mut Conn,
    user: &AuthUser,
    key: Uuid,
    print: &[u8],
    rebuild: Option<Rebuild>,
    work: W,
) -> ApiResult<Outcome>
where
    W: AsyncFnOnce(&mut Conn) -> ApiResult<(StatusCode, Value)>,
{
    match idempotency::claim(conn, user.id, key, print).await? {
        Claim::Fresh => {}
        Claim::Replay { status, body } => {
            let status = StatusCode::from_u16(status).map_err(ApiError::internal)?;
            let body = match rebuild {
                Some(rebuild) if status.is_success() => {
                    let stored: Value =
                        serde_json::from_slice(&body).map_err(ApiError::internal)?;
                    let id = stored["id"]
                        .as_str()
                        .and_then(|s| Uuid::parse_str(s).ok())
                        .ok_or_else(|| ApiError::internal("a stored reference without an id"))?;
                    rebuild(conn, user, id).await?.to_string().into_bytes()
                }
                _ => body,
            };
            return Ok(Outcome::Replay(status, body));
        }
        Claim::Mismatch => {
            return Err(ApiError::new(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used for another request",
            ))
        }
        Claim::InFlight => {
            return Err(ApiError::new(
                ErrorCode::IdempotencyRequestInFlight,
                "the first request with this key is still running",
            )
            .with_retry_after(1))
        }
    }
    // The work runs in a savepoint: a refusal undoes its writes but keeps the key and its answer.
    Tx::begin_transaction(conn).await?;
    match work(conn).await {
        Ok((status, value)) => {
            Tx::commit_transaction(conn).await?;
            let bytes = value.to_string().into_bytes();
            let stored = match rebuild {
                Some(_) => serde_json::json!({ "id": value["id"] })
                    .to_string()
                    .into_bytes(),
                None => bytes.clone(),
            };
            idempotency::answer(conn, user.id, key, status.as_u16(), &stored).await?;
            Ok(Outcome::Answered(status, bytes))
        }
        Err(e) if e.code.status().is_server_error() => Err(e),
        Err(e) => {
            Tx::rollback_transaction(conn).await?;
            let bytes = e.problem_body().to_string().into_bytes();
            idempotency::answer(conn, user.id, key, e.code.status().as_u16(), &bytes).await?;
            Ok(Outcome::Refused(e))
        }
    }
}
