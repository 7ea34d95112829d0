//! `GET /api/v1/pledges/{id}/events`: a pledge's audit trail with each event's hash, for anyone who
//! may see the pledge. `GET /audit/verify` checks the whole chain.

use super::load_visible;
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::audit;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEventView {
    pub id: i64,
    pub occurred_at: DateTime<Utc>,
    pub actor_id: Option<Uuid>,
    pub action: String,
    pub details: serde_json::Value,
    /// Hex SHA-256 of the previous event.
    pub prev_hash: String,
    /// Hex SHA-256 over the previous hash and this event's canonical content.
    pub hash: String,
}

#[utoipa::path(
    get, path = "/api/v1/pledges/{id}/events", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The pledge's events, oldest first", body = Vec<AuditEventView>),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
    )
)]
pub async fn pledge_events(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (pledge, _, _) = load_visible(&mut conn, &actor, *id, false).await?;
    let events: Vec<AuditEventView> = audit::for_subject(&mut conn, "pledge", pledge.id)
        .await?
        .into_iter()
        .map(|e| AuditEventView {
            id: e.id,
            occurred_at: e.occurred_at,
            actor_id: e.actor_id,
            action: e.action,
            details: e.details,
            prev_hash: hex::encode(e.prev_hash),
            hash: hex::encode(e.hash),
        })
        .collect();
    Ok(HttpResponse::Ok().json(events))
}
