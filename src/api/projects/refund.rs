//! `POST /api/v1/projects/{id}/refunds`: the host organization records a refund against a received
//! pledge of a failed or cancelled project; the last refund settles it. An `Idempotency-Key` is
//! honoured.

use super::views::{refund_view, RefundView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::crowdfunding::fields::{check_amount, parse_ledger_date};
use crate::error::{ApiError, ApiResult};
use crate::service::projects;
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectRefundRequest {
    /// A pledge of this project.
    pub pledge_id: Uuid,
    /// In fen, at most what was received from the pledge and not refunded.
    pub amount_fen: i64,
    /// When the money was paid back (YYYY-MM-DD), not in the future.
    pub refunded_on: String,
}

#[utoipa::path(
    post, path = "/api/v1/projects/{id}/refunds", tag = "projects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = Option<String>, Header, description = "Optional: a UUID; a replay returns the stored answer")),
    request_body = ProjectRefundRequest,
    responses(
        (status = 201, description = "Recorded on the ledger; the project is settled when nothing is left to refund", body = RefundView),
        (status = 400, description = "Invalid fields (`unknown_pledge`…)", body = crate::error::Problem),
        (status = 403, description = "Not a user of the host organization", body = crate::error::Problem),
        (status = 404, description = "No such project for the caller", body = crate::error::Problem),
        (status = 409, description = "`exceeds_pledge` (with `remaining_fen`), `not_refunding`: the project is not failed or cancelled", body = crate::error::Problem),
    )
)]
pub async fn record_refund(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Body<ProjectRefundRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let project_id = *id;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        let mut errors = Vec::new();
        check_amount("amount_fen", input.amount_fen, &mut errors);
        let today = Utc::now().date_naive();
        let date = parse_ledger_date("refunded_on", &input.refunded_on, today, &mut errors);
        let Some(date) = date.filter(|_| errors.is_empty()) else {
            return Err(ApiError::validation(errors));
        };
        let actor = actor::load(conn, Some(&auth)).await?;
        let row = projects::refund(
            conn,
            &auth,
            &actor,
            project_id,
            input.pledge_id,
            input.amount_fen,
            date,
        )
        .await?;
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(refund_view(row)).map_err(ApiError::internal)?,
        ))
    })
    .await
}
