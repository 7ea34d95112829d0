//! `GET /api/v1/jobs/{id}`: public, in every status (postings need no certification); its
//! employer also sees its applications by status.

use super::views::{view, JobView};
use crate::api::actor;
use crate::auth::MaybeAuthUser;
use crate::error::ApiResult;
use crate::service::job_postings;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/jobs/{id}", tag = "jobs",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The job; `applications` for its employer only", body = JobView),
        (status = 404, description = "No such job", body = crate::error::Problem),
    )
)]
pub async fn get_job(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let posting = job_postings::load(&mut conn, *id, false).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, &actor, posting).await?))
}
