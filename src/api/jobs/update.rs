//! `PATCH /api/v1/jobs/{id}`: the employer changes its open job; positions never drop below the
//! hires made.

use super::views::{view, JobView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::employment::posting::{check_fields, JobFields};
use crate::error::{ApiError, ApiResult};
use crate::service::job_postings;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use uuid::Uuid;

#[utoipa::path(
    patch, path = "/api/v1/jobs/{id}", tag = "jobs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = JobFields,
    responses(
        (status = 200, description = "Changed", body = JobView),
        (status = 400, description = "Invalid fields, every violation at once (`positions`: `below_hired`)", body = crate::error::Problem),
        (status = 403, description = "Not the employer", body = crate::error::Problem),
        (status = 404, description = "No such job", body = crate::error::Problem),
        (status = 409, description = "`job_not_open`: filled or closed", body = crate::error::Problem),
    )
)]
pub async fn update_job(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<JobFields>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    check_fields(&body, Utc::now(), &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let posting = job_postings::update(&mut conn, &auth, &actor, *id, &body).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, &actor, posting).await?))
}
