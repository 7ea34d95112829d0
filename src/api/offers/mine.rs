//! `GET /api/v1/me/offers`: the caller's own offers, newest first.

use super::{views, OfferView};
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::offers;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/me/offers", tag = "offers",
    security(("bearer" = [])),
    params(PageQuery),
    responses((status = 200, description = "The caller's offers", body = Paginated<OfferView>))
)]
pub async fn my_offers(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let (rows, total) =
        offers::list_by_owner(&mut conn, auth.id, page.offset(), page.limit()).await?;
    let items = views(&mut conn, rows).await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
