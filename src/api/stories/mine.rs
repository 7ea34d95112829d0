//! `GET /api/v1/me/stories`: a household's stories in every status (drafts waiting for its
//! consent among them); an official's, the stories it wrote.

use super::views::{views, StoryView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::{Access, Actor};
use crate::domain::story::{self, StoryStatus};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::stories::{self, Scope, Story};
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/me/stories", tag = "stories",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The household's stories, or the official's, newest first", body = Paginated<StoryView>),
        (status = 403, description = "Neither a household nor an official", body = crate::error::Problem),
    )
)]
pub async fn my_stories(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let like;
    let scope = match &actor {
        Actor::Household { household_id, .. } => Scope::OfHousehold(*household_id),
        Actor::Official {
            user_id,
            jurisdiction,
        } => {
            like = jurisdiction.like_pattern();
            Scope::WrittenBy {
                writer: *user_id,
                region_like: &like,
            }
        }
        _ => {
            return Err(ApiError::forbidden(
                "stories are kept for households and the officials who write them",
            ))
        }
    };
    let (rows, total) = stories::list(&mut conn, scope, page.offset(), page.limit()).await?;
    // Every row is the caller's household's, or written by the caller and still in its jurisdiction
    // or published (the SQL filter, so the total and the page agree): the rest it sees as the public.
    let access = |s: &Story| {
        story::access(
            &actor,
            s.household_id,
            &RegionCode::from_trusted(s.region_code.clone()),
            s.status == StoryStatus::Published,
        )
    };
    let items = views(&mut conn, rows, |s| access(s) == Access::Manage).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Paginated {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
