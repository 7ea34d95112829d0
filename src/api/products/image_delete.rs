//! `DELETE /api/v1/products/{id}/images/{image_id}`: the seller removes a picture.

use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::products::images;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    delete, path = "/api/v1/products/{id}/images/{image_id}", tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("image_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed; its bytes are no longer served"),
        (status = 403, description = "Visible, but the caller is not the seller", body = crate::error::Problem),
        (status = 404, description = "No such product for the caller, or no such image of it", body = crate::error::Problem),
    )
)]
pub async fn delete_product_image(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (product_id, image_id) = path.into_inner();
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    images::remove(
        &mut conn,
        state.media.as_ref(),
        &auth,
        &actor,
        product_id,
        image_id,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
