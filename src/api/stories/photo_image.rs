//! `GET /api/v1/stories/{id}/photos/{photo_id}/image?size=display|thumb`: a photo's bytes for the
//! household and the officials of its village, whatever the story's status (so the household sees
//! what it consents to). The public reads published photos under `/media/`.

use crate::api::actor;
use crate::api::evidence::image::{ImageQuery, ImageSize};
use crate::auth::AuthUser;
use crate::domain::access::Access;
use crate::error::{ApiError, ApiResult};
use crate::media::images::CONTENT_TYPE;
use crate::media::Variant;
use crate::service::stories::{self, photos};
use crate::state::AppState;
use crate::store::story_photos;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/stories/{id}/photos/{photo_id}/image", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("photo_id" = Uuid, Path), ImageQuery),
    responses(
        (status = 200, description = "The image (JPEG), `Cache-Control: private`", content_type = "image/jpeg", body = Vec<u8>),
        (status = 404, description = "No such photo, or not the caller's household or jurisdiction", body = crate::error::Problem),
    )
)]
pub async fn story_photo_image(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    query: web::Query<ImageQuery>,
) -> ApiResult<HttpResponse> {
    let (story_id, photo_id) = path.into_inner();
    let variant = match query.size.unwrap_or_default() {
        ImageSize::Display => Variant::Display,
        ImageSize::Thumb => Variant::Thumb,
    };
    let not_found = || ApiError::not_found("photo");
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (_, access) = stories::load_visible(&mut conn, &actor, story_id, false).await?;
    if access != Access::Manage {
        return Err(not_found());
    }
    story_photos::find(&mut conn, story_id, photo_id)
        .await?
        .ok_or_else(not_found)?;
    let bytes = state
        .media
        .get(&photos::key(photo_id, variant))
        .await
        .map_err(|e| ApiError::internal(format!("media store: {e}")))?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}
