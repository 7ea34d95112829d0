//! `POST /api/v1/stories/{id}/submit`: the writer sends a consented draft for review (409
//! `consent_required` without the household's consent, `faces_not_allowed` when a photo shows a
//! face the household did not agree to show).

use super::views::{view_one, StoryView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::stories::consent;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/stories/{id}/submit", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "In review", body = StoryView),
        (status = 403, description = "Visible, but the caller did not write it", body = crate::error::Problem),
        (status = 404, description = "No such story for the caller", body = crate::error::Problem),
        (status = 409, description = "`consent_required`, `faces_not_allowed`, or `invalid_transition` (not a draft)", body = crate::error::Problem),
    )
)]
pub async fn submit_story(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let s = consent::submit(&mut conn, &auth, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, s, true).await?))
}
