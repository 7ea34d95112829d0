//! `GET /api/v1/audit/verify`: anyone can check that the audit trail is intact.

use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::audit;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditVerification {
    /// True when every event's hash matches its content and the hash before it.
    pub valid: bool,
    pub events_checked: u64,
    /// The id of the first event that does not match, when the chain is broken.
    pub first_broken_event_id: Option<i64>,
    /// Hex SHA-256 of the last valid event (all zeros for an empty trail).
    pub head_hash: String,
}

#[utoipa::path(
    get, path = "/api/v1/audit/verify", tag = "audit",
    responses((status = 200, description = "Result of recomputing the hash chain", body = AuditVerification))
)]
pub async fn verify_audit_chain(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let v = audit::verify(&mut conn).await?;
    Ok(HttpResponse::Ok().json(AuditVerification {
        valid: v.first_broken.is_none(),
        events_checked: v.events,
        first_broken_event_id: v.first_broken,
        head_hash: hex::encode(v.head),
    }))
}
