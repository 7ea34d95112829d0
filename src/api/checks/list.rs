//! `GET /api/v1/checks`: the rounds the caller may see, newest first.

use super::RoundView;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::checks;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/checks", tag = "checks",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "Rounds over the caller's jurisdiction or run by it (admins: all)", body = Paginated<RoundView>),
        (status = 400, description = "Invalid paging", body = crate::error::Problem),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 403, description = "Neither an official nor an admin", body = crate::error::Problem),
    )
)]
pub async fn list_checks(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (pattern, checker) = match &actor {
        Actor::Admin { .. } => (None, None),
        Actor::Official {
            jurisdiction,
            user_id,
        } => (Some(jurisdiction.like_pattern()), Some(*user_id)),
        _ => return Err(ApiError::forbidden("check rounds are for officials")),
    };
    let (rounds, total) = checks::list_rounds(
        &mut conn,
        pattern.as_deref(),
        checker,
        page.offset(),
        page.limit(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items: rounds.into_iter().map(RoundView::summary).collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
