//! `POST /api/v1/stories/{id}/photos`: the writer adds a photo (a multipart form with one `file`:
//! JPEG, PNG or WebP up to 5 MB, and `shows_face`: `true` or `false`). The caller is checked before
//! the body is read; the image is re-encoded without metadata. Adding a photo withdraws the
//! household's consent.

use super::views::{view_one, StoryView};
use crate::api::{actor, upload};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::stories::{self, photos};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use utoipa::ToSchema;
use uuid::Uuid;

/// The multipart form of a story photo.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct StoryPhotoUpload {
    /// A JPEG, PNG or WebP image, at most 5 MB and 10,000 pixels a side. Its metadata (EXIF, GPS)
    /// is not kept.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// `true` when the photo shows a person's face, `false` otherwise.
    pub shows_face: String,
}

#[utoipa::path(
    post, path = "/api/v1/stories/{id}/photos", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = StoryPhotoUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored re-encoded (JPEG, no metadata); the story, a draft without consent", body = StoryView),
        (status = 400, description = "`unsupported_image_type`, `invalid_image`, `image_too_large`, `bad_multipart` or `validation_failed` (`shows_face` missing)", body = crate::error::Problem),
        (status = 403, description = "Visible, but the caller did not write it", body = crate::error::Problem),
        (status = 404, description = "No such story for the caller", body = crate::error::Problem),
        (status = 409, description = "`too_many_images` (6 already); `invalid_transition` (in review or published)", body = crate::error::Problem),
        (status = 413, description = "`file_too_large`: more than 5 MB", body = crate::error::Problem),
    )
)]
pub async fn add_story_photo(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let story_id = *id;
    let actor = {
        let mut conn = state.pool.get().await?;
        let actor = actor::load(&mut conn, Some(&auth)).await?;
        photos::check_can_add(&mut conn, &actor, story_id).await?;
        actor
    };
    let form = upload::read_form(payload, "file", &["shows_face"]).await?;
    let shows_face = match form.text.get("shows_face").map(String::as_str) {
        Some("true") => true,
        Some("false") => false,
        _ => {
            return Err(ApiError::validation(vec![FieldError::new(
                "shows_face",
                "required",
                "say whether the photo shows a face: `true` or `false`",
            )]))
        }
    };
    let image = state.images.accept(form.file).await?;
    let mut conn = state.pool.get().await?;
    photos::add(
        &mut conn,
        state.media.as_ref(),
        &auth,
        &actor,
        story_id,
        &image,
        shows_face,
    )
    .await?;
    let (s, _) = stories::load_visible(&mut conn, &actor, story_id, false).await?;
    Ok(HttpResponse::Created().json(view_one(&mut conn, s, true).await?))
}
