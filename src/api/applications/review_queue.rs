//! `GET /api/v1/review/applications`: the applications of households in an official's
//! jurisdiction, newest first, optionally in one status.

use super::query::{page_of, ApplicationsQuery};
use super::views::ApplicationView;
use crate::api::actor;
use crate::api::extract::Paginated;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::job_applications::Scope;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/review/applications", tag = "review",
    security(("bearer" = [])),
    params(ApplicationsQuery),
    responses(
        (status = 200, description = "Applications in the jurisdiction, newest first", body = Paginated<ApplicationView>),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn application_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<ApplicationsQuery>,
) -> ApiResult<HttpResponse> {
    let (page, status) = query.parse()?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let Actor::Official { jurisdiction, .. } = &actor else {
        return Err(ApiError::forbidden(
            "the applications of a jurisdiction are for its officials",
        ));
    };
    let like = jurisdiction.like_pattern();
    page_of(&mut conn, &actor, Scope::Region(&like), status, page).await
}
