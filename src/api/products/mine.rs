//! `GET /api/v1/me/products`: the caller's own products as a seller, in every status, newest first.

use super::views::{view, ProductView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::products;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/me/products", tag = "products",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The products the caller sells, every status, newest first (empty for callers who sell nothing)", body = Paginated<ProductView>),
    )
)]
pub async fn my_products(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (rows, total) =
        products::of_seller(&mut conn, auth.id, page.offset(), page.limit()).await?;
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
