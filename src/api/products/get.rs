//! `GET /api/v1/products/{id}`: public once listed; its seller, officials in scope and admins see it
//! in every status (404 for everyone else).

use super::views::{view, ProductView};
use crate::api::actor;
use crate::auth::MaybeAuthUser;
use crate::error::ApiResult;
use crate::service::products;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/products/{id}", tag = "products",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The product; `private` for its seller, officials in scope and admins", body = ProductView),
        (status = 404, description = "No such product, or not listed and not yours", body = crate::error::Problem),
    )
)]
pub async fn get_product(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let product = products::load_visible(&mut conn, &actor, *id, false).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, &actor, product).await?))
}
