//! `GET /api/v1/me/needs`: a household's own needs, newest first, in every state.

use super::views::{region_map, view, NeedView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::needs::{self, NeedFilter};
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/me/needs", tag = "needs",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The household's needs", body = Paginated<NeedView>),
        (status = 403, description = "Not a household", body = crate::error::Problem),
    )
)]
pub async fn my_needs(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let Actor::Household { household_id, .. } = actor::load(&mut conn, Some(&auth)).await? else {
        return Err(ApiError::forbidden(
            "this list is for households; officials use GET /needs",
        ));
    };
    let filter = NeedFilter {
        household_id: Some(household_id),
        ..NeedFilter::default()
    };
    let (rows, total) = needs::list(&mut conn, &filter, page.offset(), page.limit()).await?;
    let regions = region_map(&mut conn, &rows).await?;
    let items = rows.into_iter().map(|n| view(n, &regions, true)).collect();
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
