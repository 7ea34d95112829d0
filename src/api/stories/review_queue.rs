//! `GET /api/v1/review/stories`: stories waiting for review in the official's jurisdiction, oldest
//! first, never one it wrote (two people).

use super::views::{views, StoryView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::stories::{self, Scope};
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/review/stories", tag = "review",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "Stories waiting for review, oldest first", body = Paginated<StoryView>),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn story_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let Actor::Official { jurisdiction, .. } = &actor else {
        return Err(ApiError::forbidden("the story queue is for officials"));
    };
    let like = jurisdiction.like_pattern();
    let scope = Scope::Queue {
        region_like: &like,
        reviewer: auth.id,
    };
    let (rows, total) = stories::list(&mut conn, scope, page.offset(), page.limit()).await?;
    let items = views(&mut conn, rows, |_| true).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Paginated {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
