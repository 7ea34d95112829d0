//! `GET /api/v1/stories/{id}`: public once published; before that only the household and the
//! officials of its village see it (404 for everyone else).

use super::views::{view_one, StoryView};
use crate::api::actor;
use crate::auth::MaybeAuthUser;
use crate::domain::access::Access;
use crate::error::ApiResult;
use crate::service::stories;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/stories/{id}", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The story; `private` only for its household and the officials of its village", body = StoryView),
        (status = 404, description = "No such story, or not published and not yours", body = crate::error::Problem),
    )
)]
pub async fn get_story(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let (s, access) = stories::load_visible(&mut conn, &actor, *id, false).await?;
    let private = access == Access::Manage;
    let v = view_one(&mut conn, s, private).await?;
    let cache = if private {
        "private, no-store"
    } else {
        "public, max-age=60"
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", cache))
        .json(v))
}
