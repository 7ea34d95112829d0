//! `PATCH /api/v1/needs/{id}`: its household or an official in scope edits a need while it is being
//! reviewed or after a rejection. Editing a rejected need resubmits it for review.

use super::views::{view_one, NeedView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::need_fields::{check_fields, NeedFields};
use crate::error::{ApiError, ApiResult};
use crate::service::needs;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use uuid::Uuid;

#[utoipa::path(
    patch, path = "/api/v1/needs/{id}", tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = NeedFields,
    responses(
        (status = 200, description = "Edited; a rejected need goes back to pending_review", body = NeedView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Visible but not yours to change", body = crate::error::Problem),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
        (status = 409, description = "need_not_editable: already published or closed", body = crate::error::Problem),
    )
)]
pub async fn update_need(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<NeedFields>,
) -> ApiResult<HttpResponse> {
    let now = Utc::now();
    let mut errors = Vec::new();
    check_fields(&body, now, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let need = needs::update(&mut conn, &auth, &actor, *id, &body, now).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, need, true).await?))
}
