//! `POST /api/v1/jobs`: an enterprise or social organization whose organization is verified posts
//! a job. An `Idempotency-Key` is honoured.

use super::views::{view, JobView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::employment::posting::{content_from, JobFields};
use crate::error::{ApiError, ApiResult};
use crate::service::job_postings;
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;

#[utoipa::path(
    post, path = "/api/v1/jobs", tag = "jobs",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: a UUID; a replay returns the stored answer")),
    request_body = JobFields,
    responses(
        (status = 201, description = "Posted: open for applications until `valid_until`", body = JobView),
        (status = 400, description = "Invalid fields, every violation at once", body = crate::error::Problem),
        (status = 403, description = "Not an enterprise or social organization; `organization_unverified`; unverified email", body = crate::error::Problem),
    )
)]
pub async fn create_job(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<JobFields>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        let actor = actor::load(conn, Some(&auth)).await?;
        let mut errors = Vec::new();
        let content = content_from(&input, Utc::now(), &mut errors);
        let Some(content) = content.filter(|_| errors.is_empty()) else {
            return Err(ApiError::validation(errors));
        };
        let posting = job_postings::create(conn, &auth, &actor, &content).await?;
        let v = view(conn, &actor, posting).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(v).map_err(ApiError::internal)?,
        ))
    })
    .await
}
