//! `POST /api/v1/needs/{id}/evidence`: the household or an official in scope attaches an image (a
//! multipart form: `file`, JPEG/PNG/WebP up to 5 MB, and `label`). The caller is checked before the
//! body is read; the image is decoded under limits off the async threads and stored re-encoded.

use super::views::{view, EvidenceView};
use crate::api::{actor, upload};
use crate::auth::AuthUser;
use crate::domain::evidence::parse_label;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::evidence;
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::{web, HttpResponse};
use utoipa::ToSchema;
use uuid::Uuid;

/// The multipart form of an upload.
#[derive(Debug, ToSchema)]
#[allow(dead_code)]
pub struct EvidenceUpload {
    /// A JPEG, PNG or WebP image, at most 5 MB and 10,000 pixels a side. Its metadata (EXIF, GPS)
    /// is not kept.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    /// What it shows, 1 to 60 characters ("诊断证明").
    pub label: String,
}

#[utoipa::path(
    post, path = "/api/v1/needs/{id}/evidence", tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = EvidenceUpload, content_type = "multipart/form-data"),
    responses(
        (status = 201, description = "Stored, re-encoded without metadata", body = EvidenceView),
        (status = 400, description = "`unsupported_image_type`, `invalid_image`, `image_too_large`, `bad_multipart` or `validation_failed`", body = crate::error::Problem),
        (status = 404, description = "No such need, or not the caller's household or jurisdiction", body = crate::error::Problem),
        (status = 409, description = "`too_many_files`, or the need was withdrawn or expired (`invalid_transition`)", body = crate::error::Problem),
        (status = 413, description = "`file_too_large`: more than 5 MB", body = crate::error::Problem),
    )
)]
pub async fn upload_evidence(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    payload: Multipart,
) -> ApiResult<HttpResponse> {
    let need_id = *id;
    let actor = {
        let mut conn = state.pool.get().await?;
        let actor = actor::load(&mut conn, Some(&auth)).await?;
        evidence::check_can_add(&mut conn, &actor, need_id).await?;
        actor
    };
    let form = upload::read_form(payload, "file", &["label"]).await?;
    let label = parse_label(form.text.get("label").map_or("", String::as_str))
        .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("label", c, m)]))?;
    let image = state.images.accept(form.file).await?;
    let mut conn = state.pool.get().await?;
    let (item, village) = evidence::add(
        &mut conn,
        state.media.as_ref(),
        &actor,
        need_id,
        &label,
        &image,
    )
    .await?;
    Ok(HttpResponse::Created().json(view(item, &actor, &village)))
}
