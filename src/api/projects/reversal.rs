//! `POST /api/v1/projects/{id}/spending/{spending_id}/reversal`: the host corrects a mistaken
//! spending by a reversal entry with a reason; the ledger shows both rows, and the spent totals
//! go back down. Rows are never edited or deleted.

use super::views::{spending_view, SpendingView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::crowdfunding::REASON_CHARS;
use crate::domain::field_checks;
use crate::error::{ApiError, ApiResult};
use crate::service::projects;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpendingReversalRequest {
    /// Why the spending was a mistake: 1–500 characters, published.
    pub reason: String,
}

#[utoipa::path(
    post, path = "/api/v1/projects/{id}/spending/{spending_id}/reversal", tag = "projects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("spending_id" = Uuid, Path)),
    request_body = SpendingReversalRequest,
    responses(
        (status = 201, description = "The reversal row (a negative amount, `reverses_id` set)", body = SpendingView),
        (status = 400, description = "A missing or too long reason", body = crate::error::Problem),
        (status = 403, description = "Not a user of the host organization", body = crate::error::Problem),
        (status = 404, description = "No such project or spending for the caller", body = crate::error::Problem),
        (status = 409, description = "`already_reversed` (with `reversal_id`), `not_reversible` (a reversal), `project_not_open`", body = crate::error::Problem),
    )
)]
pub async fn reverse_spending(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Body<SpendingReversalRequest>,
) -> ApiResult<HttpResponse> {
    let (id, spending_id) = path.into_inner();
    let mut errors = Vec::new();
    field_checks::text("reason", &body.reason, REASON_CHARS, true, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let reason = body.reason.trim();
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let row = projects::reverse_spending(&mut conn, &auth, &actor, id, spending_id, reason).await?;
    Ok(HttpResponse::Created().json(spending_view(row, true)))
}
