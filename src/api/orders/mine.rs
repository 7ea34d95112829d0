//! `GET /api/v1/me/orders`: what the caller bought, with the delivery details it gave.

use super::listing::{list, OrdersQuery};
use super::views::OrderView;
use crate::api::extract::Paginated;
use crate::auth::AuthUser;
use crate::domain::order::OrderParty;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::orders::Side;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/me/orders", tag = "orders",
    security(("bearer" = [])),
    params(OrdersQuery),
    responses(
        (status = 200, description = "The caller's orders as a buyer", body = Paginated<OrderView>),
    )
)]
pub async fn my_orders(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<OrdersQuery>,
) -> ApiResult<HttpResponse> {
    list(&state, &query, Side::Buyer(auth.id), OrderParty::Buyer).await
}
