//! `POST /api/v1/projects/{id}/spending/{spending_id}/review`: an official of the project's county
//! who did not propose it publishes a pending receipt image, or withholds it with a reason (it
//! shows a payee's phone or account number, say). The ledger row was public all along.

use super::views::{spending_view, SpendingView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::crowdfunding::{ReceiptDecision, REASON_CHARS};
use crate::domain::field_checks;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::projects::{self, ReceiptReview};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiptReviewRequest {
    /// `publish` or `withhold`.
    pub decision: String,
    /// Required to withhold: 1–500 characters, shown to the host.
    pub reason: Option<String>,
}

fn parse(body: &ReceiptReviewRequest) -> ApiResult<ReceiptReview> {
    let mut errors = Vec::new();
    let decision = ReceiptDecision::parse(body.decision.trim());
    if decision.is_none() {
        errors.push(FieldError::new(
            "decision",
            "invalid_decision",
            "publish or withhold",
        ));
    }
    match (&body.reason, decision) {
        (Some(r), _) => field_checks::text("reason", r, REASON_CHARS, true, &mut errors),
        (None, Some(ReceiptDecision::Withhold)) => errors.push(FieldError::new(
            "reason",
            "required",
            "withholding needs a reason",
        )),
        (None, _) => {}
    }
    match decision {
        Some(decision) if errors.is_empty() => Ok(ReceiptReview {
            decision,
            reason: body
                .reason
                .as_deref()
                .map(|r| r.trim().to_owned())
                .filter(|_| decision == ReceiptDecision::Withhold),
        }),
        _ => Err(ApiError::validation(errors)),
    }
}

#[utoipa::path(
    post, path = "/api/v1/projects/{id}/spending/{spending_id}/review", tag = "projects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("spending_id" = Uuid, Path)),
    request_body = ReceiptReviewRequest,
    responses(
        (status = 200, description = "Published (public from now on) or withheld (the host may replace it)", body = SpendingView),
        (status = 400, description = "Invalid decision, or a withholding without a reason", body = crate::error::Problem),
        (status = 403, description = "Not an official of the project's county, or `second_official_required` (you proposed the project)", body = crate::error::Problem),
        (status = 404, description = "No such project or spending for the caller", body = crate::error::Problem),
        (status = 409, description = "`receipt_not_pending` (reviewed already, or a reversal)", body = crate::error::Problem),
    )
)]
pub async fn review_receipt(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Body<ReceiptReviewRequest>,
) -> ApiResult<HttpResponse> {
    let (id, spending_id) = path.into_inner();
    let review = parse(&body)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let row = projects::review_receipt(&mut conn, &auth, &actor, id, spending_id, &review).await?;
    Ok(HttpResponse::Ok().json(spending_view(row, true)))
}
