//! `GET /media/{key}`: public media: the images of products (`product/<uuid>/display.jpg`,
//! `…/thumb.jpg`) and the receipt images of projects' spending (`project-receipt/<uuid>/display.jpg`,
//! `…/thumb.jpg`: the ledger is public). Keys are made by the server from random ids and never change content, so they
//! are cached for a year. Anything else, evidence for needs included, is 404 here.

use crate::error::{ApiError, ApiResult};
use crate::media::images::CONTENT_TYPE;
use crate::service::products::images::parse_public_key;
use crate::service::projects::parse_public_key as parse_receipt_key;
use crate::state::AppState;
use actix_web::http::header;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/media/{key}", tag = "products",
    params(("key" = String, Path, description = "`product/<image id>/display.jpg` or `…/thumb.jpg`, as in a product's `images`; `project-receipt/<image id>/display.jpg` or `…/thumb.jpg`, as in a project's spending")),
    responses(
        (status = 200, description = "The image (JPEG), `Cache-Control: public, max-age=31536000, immutable`", content_type = "image/jpeg", body = Vec<u8>),
        (status = 404, description = "No such media", body = crate::error::Problem),
    )
)]
pub async fn media(state: web::Data<AppState>, key: web::Path<String>) -> ApiResult<HttpResponse> {
    let not_found = || ApiError::not_found("media");
    let key = parse_public_key(&key)
        .or_else(|| parse_receipt_key(&key))
        .ok_or_else(not_found)?;
    let bytes = state
        .media
        .get(&key)
        .await
        .map_err(|e| ApiError::internal(format!("media store: {e}")))?
        .ok_or_else(not_found)?;
    Ok(HttpResponse::Ok()
        .content_type(CONTENT_TYPE)
        .insert_header((header::CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .body(bytes))
}
