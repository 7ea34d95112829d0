//! `GET /api/v1/orders/{id}`: its buyer and seller (with the delivery details), and officials whose
//! jurisdiction covers the product's region (without them). 404 for everyone else.

use super::views::{view_one, OrderView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::orders;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/orders/{id}", tag = "orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The order; `delivery` and `note` for its buyer and seller only", body = OrderView),
        (status = 404, description = "No such order for you", body = crate::error::Problem),
    )
)]
pub async fn get_order(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (order, party) = orders::load_visible(&mut conn, &actor, *id, false).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(view_one(&mut conn, order, party).await?))
}
