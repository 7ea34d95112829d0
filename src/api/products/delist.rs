//! `POST /api/v1/products/{id}/delist`: the seller takes its product off sale; orders already placed
//! go on.

use super::views::{view, ProductView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::products;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/products/{id}/delist", tag = "products",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Delisted", body = ProductView),
        (status = 403, description = "Not the seller", body = crate::error::Problem),
        (status = 404, description = "No such product for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition (already delisted)", body = crate::error::Problem),
    )
)]
pub async fn delist_product(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let product = products::delist(&mut conn, &auth, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, &actor, product).await?))
}
