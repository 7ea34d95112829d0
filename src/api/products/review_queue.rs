//! `GET /api/v1/review/products`: an official's certification queue (扶贫产品认定): products waiting
//! for certification whose seller's county is in its jurisdiction, oldest first; never one it may
//! not certify under the rule of two people (it listed the product or registered the seller).

use super::views::{view, ProductView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::products;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/review/products", tag = "review",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "Products waiting for certification, oldest first", body = Paginated<ProductView>),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn product_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let Actor::Official { jurisdiction, .. } = &actor else {
        return Err(ApiError::forbidden(
            "the certification queue is for officials",
        ));
    };
    let (rows, total) = products::pending_in(
        &mut conn,
        &jurisdiction.like_pattern(),
        auth.id,
        page.offset(),
        page.limit(),
    )
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for p in rows {
        items.push(view(&mut conn, &actor, p).await?);
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Paginated {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
