//! `POST /api/v1/needs/{id}/review`: an official of the need's village approves it (it becomes public)
//! or rejects it with a reason the poster sees. Two officials deciding at once: one wins, the other
//! gets 409. The flags the reviewer saw are recorded with the decision.

use super::views::{view_one, NeedView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::needs;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// `approve` or `reject`.
    pub decision: String,
    /// Required to reject (shown to the poster); optional note when approving. Up to 500 characters.
    pub reason: Option<String>,
    /// The need's `updated_at` as the reviewer saw it (the private part of the need view). When the
    /// need changed since, the review is refused with 409 `need_changed`. Optional for older clients.
    pub seen_updated_at: Option<DateTime<Utc>>,
}

#[utoipa::path(
    post, path = "/api/v1/needs/{id}/review", tag = "review",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReviewRequest,
    responses(
        (status = 200, description = "Decided", body = NeedView),
        (status = 400, description = "A rejection without a reason, or an unknown decision", body = crate::error::Problem),
        (status = 403, description = "Not an official of the need's village, or `second_official_required`: the official posted the need", body = crate::error::Problem),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
        (status = 409, description = "`need_already_reviewed`, or `need_changed` since `seen_updated_at`", body = crate::error::Problem),
    )
)]
pub async fn review_need(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReviewRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let approve = match body.decision.as_str() {
        "approve" => Some(true),
        "reject" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "decision",
                "invalid_decision",
                "`approve` or `reject`",
            ));
            None
        }
    };
    let reason = match body
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(r) => text::bounded(r, 1, 500)
            .map_err(|(c, m)| errors.push(FieldError::new("reason", c, m)))
            .ok(),
        None => {
            if approve == Some(false) {
                errors.push(FieldError::new(
                    "reason",
                    "required",
                    "a rejection needs a reason the poster can act on",
                ));
            }
            None
        }
    };
    let Some(approve) = approve.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };

    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let rules = &state.config.review_rules;
    let reason = reason.as_deref();
    let decision = needs::ReviewDecision {
        approve,
        reason,
        seen_updated_at: body.seen_updated_at,
    };
    let need = needs::review(&mut conn, &auth, &actor, rules, *id, decision).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, need, true).await?))
}
