//! `POST /api/v1/projects`: an official whose jurisdiction covers the village proposes a project
//! (`pending_review`). An `Idempotency-Key` is honoured.

use super::views::{page, ProjectView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::crowdfunding::fields::{content_from, ProjectFields};
use crate::error::{ApiError, ApiResult};
use crate::service::projects;
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;

#[utoipa::path(
    post, path = "/api/v1/projects", tag = "projects",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: a UUID; a replay returns the stored answer")),
    request_body = ProjectFields,
    responses(
        (status = 201, description = "Proposed: `pending_review`, seen by the village's officials, the host and admins until approved", body = ProjectView),
        (status = 400, description = "Invalid fields, every violation at once (`budget_sum`, `not_a_village`, `host_not_eligible`…)", body = crate::error::Problem),
        (status = 403, description = "Not an official, or the village is outside its jurisdiction", body = crate::error::Problem),
    )
)]
pub async fn create_project(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<ProjectFields>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        let actor = actor::load(conn, Some(&auth)).await?;
        let mut errors = Vec::new();
        let content = content_from(&input, Utc::now(), &mut errors);
        let Some(content) = content.filter(|_| errors.is_empty()) else {
            return Err(ApiError::validation(errors));
        };
        let project = projects::create(conn, &auth, &actor, &content).await?;
        // The proposer is an official of the village: it sees what the host and officials see.
        let v = page(conn, project, true).await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(v).map_err(ApiError::internal)?,
        ))
    })
    .await
}
