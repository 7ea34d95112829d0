//! `GET /media/{key}`: public media. Product images (`product/<uuid>/display.jpg`, `…/thumb.jpg`)
//! never change content and are cached for a year. The receipt images of projects' spending
//! (`project-receipt/<uuid>/display.jpg`, `…/thumb.jpg`) too once an official published them;
//! before (pending) or when withheld, only the host's users and the project's officials get them,
//! `private, no-store`, and everyone else the 404 of a missing key. Story photos
//! (`story/<uuid>/display.jpg`, `…/thumb.jpg`) are served only while their story is published, and a
//! photo showing a face only when the household allowed faces (404 otherwise), cached for a day.
//! Anything else, evidence for needs included, is 404 here.

use crate::api::actor;
use crate::auth::MaybeAuthUser;
use crate::error::{ApiError, ApiResult};
use crate::media::images::CONTENT_TYPE;
use crate::service::products::images::parse_public_key;
use crate::service::projects::{self, parse_public_key as parse_receipt_key};
use crate::service::stories::photos;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/media/{key}", tag = "products",
    params(("key" = String, Path, description = "`product/<image id>/display.jpg` or `…/thumb.jpg`, as in a product's `images`; `project-receipt/<image id>/display.jpg` or `…/thumb.jpg`, as in a project's spending; `story/<photo id>/display.jpg` or `…/thumb.jpg`, as in a published story's `photos`")),
    responses(
        (status = 200, description = "The image (JPEG); a product's or published receipt's `Cache-Control: public, max-age=31536000, immutable`, a pending or withheld receipt's `private, no-store` (the host's users and the project's officials only), a story's `public, max-age=86400`", content_type = "image/jpeg", body = Vec<u8>),
        (status = 404, description = "No such media, a receipt image not published (for anyone but the host's users and the project's officials), or a story photo not public", body = crate::error::Problem),
    )
)]
pub async fn media(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    key: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let not_found = || ApiError::not_found("media");
    let receipt = parse_receipt_key(&key);
    let (key, cache) = match parse_public_key(&key) {
        Some(k) => (k, "public, max-age=31536000, immutable"),
        None if receipt.is_some() => {
            let (image_id, k) = receipt.ok_or_else(not_found)?;
            let mut conn = state.pool.get().await?;
            let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
            match projects::receipt_image_access(&mut conn, &actor, image_id).await? {
                Some(true) => (k, "public, max-age=31536000, immutable"),
                Some(false) => (k, "private, no-store"),
                None => return Err(not_found()),
            }
        }
        None => {
            let (photo_id, k) = photos::parse_public_key(&key).ok_or_else(not_found)?;
            let mut conn = state.pool.get().await?;
            if !photos::is_public(&mut conn, photo_id).await? {
                return Err(not_found());
            }
            (k, "public, max-age=86400")
        }
    };
    let bytes = state
        .media
        .get(&key)
        .await
        .map_err(|e| ApiError::internal(format!("media store: {e}")))?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header((header::CACHE_CONTROL, cache))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}
