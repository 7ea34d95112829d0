//! `GET /api/v1/audit/verify`: anyone can check that the audit trail is intact: every chain (one per
//! county, one national) on its own. Anonymous and most callers check from the last signed
//! checkpoint's heads on (cheap); admins may ask for the whole of every chain.

use crate::auth::extractor::MaybeAuthUser;
use crate::domain::Role;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::audit::{self, AuditChain};
use crate::store::audit_verify::Verification;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerification {
    /// True when every event's hash matches its content and the hash before it.
    pub valid: bool,
    pub events_checked: u64,
    /// The lowest id of an event that does not match, when a chain is broken.
    pub first_broken_event_id: Option<i64>,
    /// Hex SHA-256 of the national chain's last valid event (all zeros for an empty chain).
    pub head_hash: String,
    /// True when every chain was checked from its start; otherwise from the last checkpoint on.
    pub full: bool,
    /// The checkpoint's newest signed event (0: the start).
    pub from_event_id: i64,
    /// Each chain's result: one per county with events, then the national chain.
    pub chains: Vec<ChainVerification>,
}

/// The result of recomputing one chain.
#[derive(Debug, Serialize, ToSchema)]
pub struct ChainVerification {
    /// `national`, or a county's 6-digit code.
    pub chain: String,
    pub valid: bool,
    pub events_checked: u64,
    /// The first event of this chain that does not match.
    pub first_broken_event_id: Option<i64>,
    /// Hex SHA-256 of this chain's last valid event.
    pub head_hash: String,
    /// The event of this chain the check started after (0: its start; else the checkpoint's head).
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
    let (from, results) = crate::checkpoints::verify_now(&mut conn, query.full).await?;
    Ok(HttpResponse::Ok().json(AuditVerification::new(from, &results)))
}

impl AuditVerification {
    fn new(from: i64, results: &[Verification]) -> Self {
        let chains: Vec<ChainVerification> = results
            .iter()
            .map(|v| ChainVerification {
                chain: v.chain.to_string(),
                valid: v.first_broken.is_none(),
                events_checked: v.events,
                first_broken_event_id: v.first_broken,
                head_hash: hex::encode(&v.head),
                from_event_id: v.from,
            })
            .collect();
        let national = results.iter().find(|v| v.chain == AuditChain::National);
        Self {
            valid: results.iter().all(|v| v.first_broken.is_none()),
            events_checked: results.iter().map(|v| v.events).sum(),
            first_broken_event_id: results.iter().filter_map(|v| v.first_broken).min(),
            head_hash: hex::encode(national.map_or(&audit::GENESIS[..], |v| &v.head[..])),
            full: from == 0,
            from_event_id: from,
            chains,
        }
    }
}
