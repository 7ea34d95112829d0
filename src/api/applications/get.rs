//! `GET /api/v1/applications/{id}`: the job's employer, the household, and officials whose
//! jurisdiction covers the household's village (404 for everyone else).

use super::views::{view, ApplicationView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::job_applications;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/applications/{id}", tag = "applications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The application; `contact_phone` as its status and the caller's side allow", body = ApplicationView),
        (status = 404, description = "No such application for you", body = crate::error::Problem),
    )
)]
pub async fn get_application(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (a, job, party) = job_applications::load_visible(&mut conn, &actor, *id, false).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(view(&mut conn, a, &job, party).await?))
}
