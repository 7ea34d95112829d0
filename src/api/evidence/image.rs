//! `GET /api/v1/needs/{id}/evidence/{evidence_id}/image?size=display|thumb`: the stored bytes, for
//! the need's household and officials in scope only (kept in private caches only).

use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::media::Variant;
use crate::service::evidence;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Clone, Copy, Default, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ImageSize {
    /// At most 1600 pixels a side.
    #[default]
    Display,
    /// At most 320 pixels a side.
    Thumb,
}

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ImageQuery {
    /// `display` (the default) or `thumb`.
    #[param(inline)]
    pub size: Option<ImageSize>,
}

#[utoipa::path(
    get, path = "/api/v1/needs/{id}/evidence/{evidence_id}/image", tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("evidence_id" = Uuid, Path), ImageQuery),
    responses(
        (status = 200, description = "The image (JPEG), `Cache-Control: private`", content_type = "image/jpeg", body = Vec<u8>),
        (status = 404, description = "No such item, or not the caller's household or jurisdiction", body = crate::error::Problem),
    )
)]
pub async fn evidence_image(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    query: web::Query<ImageQuery>,
) -> ApiResult<HttpResponse> {
    let (need_id, evidence_id) = path.into_inner();
    let variant = match query.size.unwrap_or_default() {
        ImageSize::Display => Variant::Display,
        ImageSize::Thumb => Variant::Thumb,
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (bytes, content_type) = evidence::image(
        &mut conn,
        state.media.as_ref(),
        &actor,
        need_id,
        evidence_id,
        variant,
    )
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((header::CONTENT_DISPOSITION, "inline"))
        .body(bytes))
}
