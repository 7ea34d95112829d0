//! `GET /api/v1/review/pledges`: matches waiting for an official's approval in its jurisdiction,
//! oldest first.

use super::views::{view, PledgeView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::pledge::PledgeStatus;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::pledges::{self, PledgeFilter};
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/review/pledges", tag = "review",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "Pledges waiting for approval, oldest first", body = Paginated<PledgeView>),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn pledge_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let Actor::Official { jurisdiction, .. } = actor::load(&mut conn, Some(&auth)).await? else {
        return Err(ApiError::forbidden("the review queue is for officials"));
    };
    let f = PledgeFilter {
        region_like: Some(jurisdiction.like_pattern()),
        statuses: vec![PledgeStatus::PendingApproval],
        oldest_first: true,
        ..PledgeFilter::default()
    };
    let (rows, total) = pledges::list(&mut conn, &f, page.offset(), page.limit()).await?;
    let items = rows.into_iter().map(|p| view(p, false)).collect();
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
