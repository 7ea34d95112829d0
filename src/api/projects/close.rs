//! `POST /api/v1/projects/{id}/close`: `completed` (the host, with a report, once the target was
//! received and all of it spent), `failed` (the host, once the deadline passed short of the
//! target; a job does it too) or `cancelled` (the host or the village's officials, with a reason).
//! Pledges with nothing received lapse; a failed or cancelled project then takes refunds. Once a
//! project received money, a cancellation (by the host or an official) is a request (202) that an
//! official of the county who did not ask confirms with the same call (200).

use super::views::{page, ProjectView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::crowdfunding::{CloseOutcome, REASON_CHARS, REPORT_CHARS};
use crate::domain::field_checks;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::projects::{self, CloseRequest, Closed};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseProjectRequest {
    /// `completed`, `failed` or `cancelled`.
    pub outcome: String,
    /// Required to complete: the host's final report, 1–4,000 characters, published.
    pub report: Option<String>,
    /// Required to cancel: 1–500 characters, published.
    pub reason: Option<String>,
}

fn parse(body: &CloseProjectRequest) -> ApiResult<CloseRequest> {
    let mut errors = Vec::new();
    let outcome = CloseOutcome::parse(body.outcome.trim());
    if outcome.is_none() {
        errors.push(FieldError::new(
            "outcome",
            "invalid_outcome",
            "completed, failed or cancelled",
        ));
    }
    let mut text = |field: &'static str, v: &Option<String>, limits, needed: bool| {
        match v {
            Some(t) => field_checks::text(field, t, limits, true, &mut errors),
            None if needed => {
                errors.push(FieldError::new(field, "required", "this field is required"))
            }
            None => {}
        }
        v.as_deref().map(|t| t.trim().to_owned())
    };
    let report = text(
        "report",
        &body.report,
        REPORT_CHARS,
        outcome == Some(CloseOutcome::Completed),
    );
    let reason = text(
        "reason",
        &body.reason,
        REASON_CHARS,
        outcome == Some(CloseOutcome::Cancelled),
    );
    match outcome {
        Some(outcome) if errors.is_empty() => Ok(CloseRequest {
            outcome,
            report,
            reason,
        }),
        _ => Err(ApiError::validation(errors)),
    }
}

#[utoipa::path(
    post, path = "/api/v1/projects/{id}/close", tag = "projects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = CloseProjectRequest,
    responses(
        (status = 200, description = "Closed; pledges with nothing received lapsed; `settled` once nothing is left to refund", body = ProjectView),
        (status = 202, description = "A cancellation of a project that received money (by the host or an official), recorded as a request (`cancel_request`): an official of the county who did not ask confirms it with the same call", body = ProjectView),
        (status = 400, description = "Invalid outcome, or a missing report or reason", body = crate::error::Problem),
        (status = 403, description = "Not the host (nor, to cancel, an official of the village); `second_official_required` (you asked for this cancellation: an official of the county confirms it)", body = crate::error::Problem),
        (status = 404, description = "No such project for the caller", body = crate::error::Problem),
        (status = 409, description = "`close_not_allowed` (target not received and spent; deadline not passed), `invalid_transition` (closed already)", body = crate::error::Problem),
    )
)]
pub async fn close_project(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<CloseProjectRequest>,
) -> ApiResult<HttpResponse> {
    let req = parse(&body)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    // Only the host and the village's officials close: they see what the host and officials see.
    match projects::close(&mut conn, &auth, &actor, *id, &req).await? {
        Closed::Ended(p) => Ok(HttpResponse::Ok().json(page(&mut conn, p, true).await?)),
        Closed::CancelRequested(p) => {
            Ok(HttpResponse::Accepted().json(page(&mut conn, p, true).await?))
        }
    }
}
