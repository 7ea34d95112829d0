//! `GET /api/v1/me/applications`: a household's own applications, newest first.

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
    get, path = "/api/v1/me/applications", tag = "applications",
    security(("bearer" = [])),
    params(ApplicationsQuery),
    responses(
        (status = 200, description = "The household's applications, newest first", body = Paginated<ApplicationView>),
        (status = 403, description = "Not a household (officials use /review/applications)", body = crate::error::Problem),
    )
)]
pub async fn my_applications(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<ApplicationsQuery>,
) -> ApiResult<HttpResponse> {
    let (page, status) = query.parse()?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let Actor::Household { household_id, .. } = actor else {
        return Err(ApiError::forbidden(
            "a household's own applications; officials use /review/applications",
        ));
    };
    page_of(
        &mut conn,
        &actor,
        Scope::Household(household_id),
        status,
        page,
    )
    .await
}
