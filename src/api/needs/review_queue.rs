//! `GET /api/v1/review/needs`: an official's queue of needs waiting for review in its jurisdiction,
//! oldest first, each with its flags; never a need the official posted itself.

use super::views::{region_map, view, ReviewQueueItem};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::need::NeedStatus;
use crate::error::{ApiError, ApiResult};
use crate::service::needs::flags_for;
use crate::state::AppState;
use crate::store::needs::{self, NeedFilter};
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/review/needs", tag = "review",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "Needs waiting for review, oldest first", body = Paginated<ReviewQueueItem>),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn review_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let Actor::Official { jurisdiction, .. } = actor::load(&mut conn, Some(&auth)).await? else {
        return Err(ApiError::forbidden("the review queue is for officials"));
    };
    let filter = NeedFilter {
        region_like: Some(jurisdiction.like_pattern()),
        statuses: vec![NeedStatus::PendingReview],
        oldest_first: true,
        // The two-people rule (`Decision::ReviewNeed`) in SQL, so that pages and totals agree.
        not_posted_by: Some(auth.id),
        ..NeedFilter::default()
    };
    let (rows, total) = needs::list(&mut conn, &filter, page.offset(), page.limit()).await?;
    let regions = region_map(&mut conn, &rows).await?;
    let mut items = Vec::with_capacity(rows.len());
    for need in rows {
        let flags = flags_for(&mut conn, &state.config.review_rules, &need).await?;
        items.push(ReviewQueueItem {
            need: view(need, &regions, true),
            flags,
        });
    }
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
