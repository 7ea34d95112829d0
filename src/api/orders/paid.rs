//! `POST /api/v1/orders/{id}/paid`: the seller records that the buyer paid (payment is settled
//! outside the platform); the order must now ship within the shipping window.

use super::views::{view_one, OrderView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::order::OrderParty;
use crate::error::ApiResult;
use crate::service::orders;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/orders/{id}/paid", tag = "orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Paid; the buyer is told", body = OrderView),
        (status = 403, description = "Not the seller", body = crate::error::Problem),
        (status = 404, description = "No such order for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition (not placed)", body = crate::error::Problem),
    )
)]
pub async fn mark_order_paid(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let order = orders::mark_paid(&mut conn, &state.config, &auth, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, order, OrderParty::Seller).await?))
}
