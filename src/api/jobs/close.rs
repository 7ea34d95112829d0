//! `POST /api/v1/jobs/{id}/close`: the employer (or an admin) closes an open job; the applications
//! still under way are declined.

use super::views::{view, JobView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::employment::posting::REASON_CHARS;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::job_postings;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseJobRequest {
    /// Up to 500 characters.
    pub reason: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/jobs/{id}/close", tag = "jobs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = CloseJobRequest,
    responses(
        (status = 200, description = "Closed; its live applications declined", body = JobView),
        (status = 403, description = "Not the employer nor an admin", body = crate::error::Problem),
        (status = 404, description = "No such job", body = crate::error::Problem),
        (status = 409, description = "`job_not_open`: already filled or closed", body = crate::error::Problem),
    )
)]
pub async fn close_job(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<CloseJobRequest>,
) -> ApiResult<HttpResponse> {
    let reason = match body.reason.as_deref() {
        None => None,
        Some(r) => Some(
            text::bounded(r, REASON_CHARS.0, REASON_CHARS.1)
                .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("reason", c, m)]))?,
        ),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let posting = job_postings::close(&mut conn, &auth, &actor, *id, reason.as_deref()).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, &actor, posting).await?))
}
