//! `GET /api/v1/me/sales`: the orders of the caller's products, with where to deliver them.

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
    get, path = "/api/v1/me/sales", tag = "orders",
    security(("bearer" = [])),
    params(OrdersQuery),
    responses(
        (status = 200, description = "The orders of the caller's products", body = Paginated<OrderView>),
    )
)]
pub async fn my_sales(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<OrdersQuery>,
) -> ApiResult<HttpResponse> {
    list(&state, &query, Side::Seller(auth.id), OrderParty::Seller).await
}
