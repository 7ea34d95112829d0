//! `GET /api/v1/review/project-receipts`: an official's queue of spending receipt images waiting
//! for review, on projects whose village is in its jurisdiction (county level or above), oldest
//! first; never one it may not decide under the rule of two people (it proposed the project).

use super::views::{spending_view, SpendingView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::crowdfunding::RECEIPT_QUEUE_LIMIT;
use crate::error::ApiResult;
use crate::service::projects;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A receipt image waiting for review, with its project.
#[derive(Debug, Serialize, ToSchema)]
pub struct PendingReceiptView {
    pub project_id: Uuid,
    pub project_title: String,
    /// The village.
    pub region_code: String,
    pub spending: SpendingView,
}

#[utoipa::path(
    get, path = "/api/v1/review/project-receipts", tag = "review",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Pending receipt images, oldest first (at most 200)", body = Vec<PendingReceiptView>),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn receipt_queue(state: web::Data<AppState>, auth: AuthUser) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let rows = projects::pending_receipts(&mut conn, &actor, RECEIPT_QUEUE_LIMIT).await?;
    let items: Vec<PendingReceiptView> = rows
        .into_iter()
        .map(|r| PendingReceiptView {
            project_id: r.spending.project_id,
            project_title: r.project_title,
            region_code: r.region_code,
            spending: spending_view(r.spending, true),
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(items))
}
