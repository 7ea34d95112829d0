//! `GET /api/v1/audit/checkpoints`: the signed daily checkpoints of the audit chains, newest first,
//! with the public key. Save them: `bangfu audit verify --checkpoints FILE` checks a database
//! against them later.

use crate::api::extract::PageQuery;
use crate::checkpoints;
use crate::checkpoints::CheckpointView;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckpointList {
    pub items: Vec<CheckpointView>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    /// Hex Ed25519 public key of the newest checkpoint (each item names its own key too).
    pub public_key: Option<String>,
}

#[utoipa::path(
    get, path = "/api/v1/audit/checkpoints", tag = "audit",
    params(PageQuery),
    responses(
        (status = 200, description = "Signed checkpoints, newest first", body = CheckpointList),
        (status = 400, description = "Invalid paging", body = crate::error::Problem),
    )
)]
pub async fn list_checkpoints(
    state: web::Data<AppState>,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let (items, total) = checkpoints::page_views(&mut conn, page.offset(), page.limit()).await?;
    Ok(HttpResponse::Ok().json(CheckpointList {
        public_key: items.first().map(|c| c.public_key.clone()),
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
