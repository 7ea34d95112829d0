//! The lists of `GET /me/orders` and `GET /me/sales`: newest first, optionally by status, paged.
//! Both sides see the delivery details of their own orders.

use super::views::view;
use crate::api::extract::{PageQuery, Paginated};
use crate::api::needs::list::parse_list;
use crate::domain::order::{OrderParty, OrderStatus};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::orders::{self, Side};
use actix_web::HttpResponse;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrdersQuery {
    /// Comma-separated statuses.
    pub status: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

pub async fn list(
    state: &AppState,
    query: &OrdersQuery,
    side: Side,
    party: OrderParty,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut errors = Vec::new();
    let statuses = parse_list(
        query.status.as_deref(),
        "status",
        OrderStatus::parse,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let (rows, total) =
        orders::list(&mut conn, side, &statuses, page.offset(), page.limit()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Paginated {
            items: rows.into_iter().map(|r| view(r, party)).collect::<Vec<_>>(),
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
