//! `POST /api/v1/projects/{id}/review`: an official at county level or above whose jurisdiction
//! covers the village, not the proposer, approves or rejects (with a reason) a project.

use super::views::{page, ProjectView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::crowdfunding::REASON_CHARS;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::projects::{self, Review};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewProjectRequest {
    /// `approve` or `reject`.
    pub decision: String,
    /// Required to reject: 1–500 characters.
    pub reason: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/projects/{id}/review", tag = "projects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReviewProjectRequest,
    responses(
        (status = 200, description = "Approved (`open`, public) or `rejected`", body = ProjectView),
        (status = 400, description = "Invalid decision, or a rejection without a reason", body = crate::error::Problem),
        (status = 403, description = "Not a county official covering the village; `second_official_required` for the proposer", body = crate::error::Problem),
        (status = 404, description = "No such project for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: reviewed already; `deadline_passed`: it can only be rejected", body = crate::error::Problem),
    )
)]
pub async fn review_project(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReviewProjectRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let reason = match body.reason.as_deref() {
        None => None,
        Some(r) => text::bounded(r, REASON_CHARS.0, REASON_CHARS.1)
            .map_err(|(c, m)| errors.push(FieldError::new("reason", c, m)))
            .ok(),
    };
    let decision = match (body.decision.trim(), reason.as_deref()) {
        ("approve", _) => Some(Review::Approve),
        ("reject", Some(reason)) => Some(Review::Reject { reason }),
        ("reject", None) => {
            if body.reason.is_none() {
                errors.push(FieldError::new(
                    "reason",
                    "required",
                    "a rejection needs a reason",
                ));
            }
            None
        }
        _ => {
            errors.push(FieldError::new(
                "decision",
                "invalid_decision",
                "approve or reject",
            ));
            None
        }
    };
    let Some(decision) = decision.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let project = projects::review(&mut conn, &auth, &actor, *id, decision).await?;
    // Only an official of the county reviews: it sees what the host and officials see.
    Ok(HttpResponse::Ok().json(page(&mut conn, project, true).await?))
}
