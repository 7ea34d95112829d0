//! `POST /api/v1/admin/jobs/{id}/retry`: a failed job goes back in the queue with fresh attempts.

use super::list::{require_admin, JobView};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{audit, jobs};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;

#[utoipa::path(
    post, path = "/api/v1/admin/jobs/{id}/retry", tag = "admin",
    security(("bearer" = [])),
    params(("id" = i64, Path)),
    responses(
        (status = 200, description = "Queued again", body = JobView),
        (status = 403, description = "Not an admin", body = crate::error::Problem),
        (status = 404, description = "No such job", body = crate::error::Problem),
        (status = 409, description = "invalid_transition: the job has not failed", body = crate::error::Problem),
    )
)]
pub async fn retry_job(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    require_admin(&auth)?;
    let id = *id;
    let mut conn = state.pool.get().await?;
    let job = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let Some(existing) = jobs::find(conn, id).await? else {
                return Err(ApiError::not_found("job"));
            };
            let job = jobs::retry_failed(conn, id, Utc::now()).await?.ok_or_else(|| {
                ApiError::new(ErrorCode::InvalidTransition, format!("the job is {}, not failed", existing.state))
            })?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: "job.retried",
                    subject_type: "job",
                    subject_id: uuid::Uuid::from_u64_pair(0, id as u64),
                    details: json!({ "job_id": id, "kind": job.kind, "last_error": existing.last_error }),
                },
            )
            .await?;
            Ok(job)
        })
        .await?;
    Ok(HttpResponse::Ok().json(JobView::from(job)))
}
