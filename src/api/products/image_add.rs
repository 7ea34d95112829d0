//! `POST /api/v1/products/{id}/images`: the seller adds a picture (a multipart form with one `file`:
//! JPEG, PNG or WebP up to 5 MB). The caller is checked before the body is read; the image is
//! decoded under limits off the async threads and stored re-encoded without metadata.

use super::views::{image_view, ProductImageView};
use crate::api::{actor, upload};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::products::images;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use utoipa::ToSchema;
use uuid::Uuid;

/// The multipart form of a product image.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ProductImageUpload {
    /// A JPEG, PNG or WebP image, at most 5 MB and 10,000 pixels a side. Its metadata (EXIF, GPS)
    /// is not kept.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

#[utoipa::path(
    post, path = "/api/v1/products/{id}/images", tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = ProductImageUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored re-encoded (JPEG, no metadata) at a display size and a thumbnail, public under `/media/`", body = ProductImageView),
        (status = 400, description = "`unsupported_image_type`, `invalid_image`, `image_too_large`, `bad_multipart` or `validation_failed`", body = crate::error::Problem),
        (status = 403, description = "Visible, but the caller is not the seller", body = crate::error::Problem),
        (status = 404, description = "No such product for the caller", body = crate::error::Problem),
        (status = 409, description = "`too_many_images`: the product has 6 already", body = crate::error::Problem),
        (status = 413, description = "`file_too_large`: more than 5 MB", body = crate::error::Problem),
    )
)]
pub async fn add_product_image(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let product_id = *id;
    let actor = {
        let mut conn = state.pool.get().await?;
        let actor = actor::load(&mut conn, Some(&auth)).await?;
        images::check_can_add(&mut conn, &actor, product_id).await?;
        actor
    };
    let form = upload::read_form(payload, "file", &[]).await?;
    let image = state.images.accept(form.file).await?;
    let mut conn = state.pool.get().await?;
    let row = images::add(
        &mut conn,
        state.media.as_ref(),
        &auth,
        &actor,
        product_id,
        &image,
    )
    .await?;
    Ok(HttpResponse::Created().json(image_view(row)))
}
