//! `DELETE /api/v1/stories/{id}/photos/{photo_id}`: the writer removes a photo while the story is
//! a draft or was rejected (a face the household would not allow, say). The consent stands.

use super::views::{view_one, StoryView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::stories::{self, photos};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    delete, path = "/api/v1/stories/{id}/photos/{photo_id}", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("photo_id" = Uuid, Path)),
    responses(
        (status = 200, description = "Removed; the story as it is now", body = StoryView),
        (status = 403, description = "Visible, but the caller did not write it", body = crate::error::Problem),
        (status = 404, description = "No such story or photo for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: in review or published", body = crate::error::Problem),
    )
)]
pub async fn delete_story_photo(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (story_id, photo_id) = path.into_inner();
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    photos::remove(
        &mut conn,
        state.media.as_ref(),
        &auth,
        &actor,
        story_id,
        photo_id,
    )
    .await?;
    let (s, _) = stories::load_visible(&mut conn, &actor, story_id, false).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, s, true).await?))
}
