//! `GET /api/v1/audit/verify`: anyone can check that the audit trail is intact. Anonymous and most
//! callers check from the last signed checkpoint on (cheap); admins may ask for the whole chain.

use crate::auth::extractor::MaybeAuthUser;
use crate::domain::Role;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{audit, checkpoints};
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerification {
    /// True when every event's hash matches its content and the hash before it.
    pub valid: bool,
    pub events_checked: u64,
    /// The id of the first event that does not match, when the chain is broken.
    pub first_broken_event_id: Option<i64>,
    /// Hex SHA-256 of the last valid event (all zeros for an empty trail).
    pub head_hash: String,
    /// True when the whole chain was checked; otherwise from `from_event_id` (a checkpoint) on.
    pub full: bool,
    /// The checkpoint's last event the check started after (0: the start).
    pub from_event_id: i64,
}

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct VerifyQuery {
    /// Check the whole chain (admins only).
    #[serde(default)]
    pub full: bool,
}

#[utoipa::path(
    get, path = "/api/v1/audit/verify", tag = "audit",
    params(VerifyQuery),
    responses(
        (status = 200, description = "Result of recomputing the hash chain (from the last checkpoint, or all of it for admins asking `full=true`)", body = AuditVerification),
        (status = 401, description = "`full=true` without signing in", body = crate::error::Problem),
        (status = 403, description = "`full=true` by a caller who is not an admin", body = crate::error::Problem),
    )
)]
pub async fn verify_audit_chain(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    query: web::Query<VerifyQuery>,
) -> ApiResult<HttpResponse> {
    if query.full {
        match &auth.0 {
            None => {
                return Err(ApiError::new(
                    ErrorCode::Unauthenticated,
                    "a full check is for admins: sign in",
                ))
            }
            Some(u) if u.role != Role::Admin => {
                return Err(ApiError::forbidden("a full check is for admins"))
            }
            Some(_) => {}
        }
    }
    let mut conn = state.pool.get().await?;
    let start = if query.full {
        None
    } else {
        checkpoints::latest(&mut conn).await?
    };
    let (from, v) = match start {
        None => (0, audit::verify(&mut conn).await?),
        Some(c) => {
            // The checkpoint's own event must still carry the signed hash, or the chain before it
            // was rewritten.
            if audit::hash_of(&mut conn, c.last_event_id).await?.as_deref()
                != Some(&c.head_hash[..])
            {
                let v = audit::Verification {
                    events: 0,
                    first_broken: Some(c.last_event_id),
                    head: c.head_hash,
                };
                (c.last_event_id, v)
            } else {
                (
                    c.last_event_id,
                    audit::verify_from(&mut conn, c.last_event_id, c.head_hash).await?,
                )
            }
        }
    };
    Ok(HttpResponse::Ok().json(AuditVerification {
        valid: v.first_broken.is_none(),
        events_checked: v.events,
        first_broken_event_id: v.first_broken,
        head_hash: hex::encode(v.head),
        full: from == 0,
        from_event_id: from,
    }))
}
