//! `POST /api/v1/projects/{id}/spending/{spending_id}/receipt`: the host replaces a withheld
//! receipt image with a new (redacted) one, a multipart form with one `file`; it is pending review
//! again and the withheld image is deleted.

use super::views::{spending_view, SpendingView};
use crate::api::{actor, upload};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::projects;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use utoipa::ToSchema;
use uuid::Uuid;

/// The multipart form of a replacement receipt image.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct ReceiptReplacementUpload {
    /// The redacted receipt: a JPEG, PNG or WebP image, at most 5 MB. Its metadata is not kept.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

#[utoipa::path(
    post, path = "/api/v1/projects/{id}/spending/{spending_id}/receipt", tag = "projects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("spending_id" = Uuid, Path)),
    request_body(content = ReceiptReplacementUpload, content_type = "multipart/form-data"),
    responses(
        (status = 200, description = "Replaced; `pending` review again", body = SpendingView),
        (status = 400, description = "`unsupported_image_type`, `invalid_image`, `image_too_large` or `bad_multipart`", body = crate::error::Problem),
        (status = 403, description = "Not a user of the host organization", body = crate::error::Problem),
        (status = 404, description = "No such project or spending for the caller", body = crate::error::Problem),
        (status = 409, description = "`receipt_not_withheld` (only a withheld image is replaced), `duplicate_receipt`", body = crate::error::Problem),
        (status = 413, description = "`file_too_large`: more than 5 MB", body = crate::error::Problem),
    )
)]
pub async fn replace_receipt(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let (id, spending_id) = path.into_inner();
    let actor = {
        let mut conn = state.pool.get().await?;
        let actor = actor::load(&mut conn, Some(&auth)).await?;
        projects::check_can_spend(&mut conn, &actor, id).await?;
        actor
    };
    let form = upload::read_form(payload, "file", &[]).await?;
    let image = state.images.accept(form.file).await?;
    let mut conn = state.pool.get().await?;
    let row = projects::replace_receipt(
        &mut conn,
        state.media.as_ref(),
        &auth,
        &actor,
        id,
        spending_id,
        &image,
    )
    .await?;
    Ok(HttpResponse::Ok().json(spending_view(row, true)))
}
