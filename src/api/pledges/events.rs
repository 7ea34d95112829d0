//! `GET /api/v1/pledges/{id}/events`: a pledge's audit trail with each event's hash, for anyone who
//! may see the pledge, as a page like every other list (oldest first). `GET /audit/verify` checks
//! the whole chain.

use super::load_visible;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
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
    params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, description = "The pledge's events, oldest first", body = Paginated<AuditEventView>),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
    )
)]
pub async fn pledge_events(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (pledge, _, _) = load_visible(&mut conn, &actor, *id, false).await?;
    // A pledge has a handful of events: the page is cut from the whole trail.
    let trail = audit::for_subject(&mut conn, "pledge", pledge.id).await?;
    let total = trail.len() as i64;
    let items: Vec<AuditEventView> = trail
        .into_iter()
        .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
        .take(page.per_page as usize)
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
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
