//! `GET /api/v1/needs/{id}/stories`: the published stories about a need's pledges (public, like
//! the need's page).

use super::views::{views, StoryView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::MaybeAuthUser;
use crate::error::ApiResult;
use crate::service::needs::load_visible;
use crate::state::AppState;
use crate::store::stories::{self, Scope};
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/needs/{id}/stories", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, description = "Published stories about the need, newest first", body = Paginated<StoryView>),
        (status = 404, description = "No such need for the caller", body = crate::error::Problem),
    )
)]
pub async fn need_stories(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let (need, _) = load_visible(&mut conn, &actor, *id, false).await?;
    let (rows, total) = stories::list(
        &mut conn,
        Scope::OfNeed(need.id),
        page.offset(),
        page.limit(),
    )
    .await?;
    let items = views(&mut conn, rows, |_| false).await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
