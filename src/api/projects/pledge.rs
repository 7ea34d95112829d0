//! `POST /api/v1/projects/{id}/pledges`: a donor, enterprise or social organization pledges an
//! amount to an open project. Requires `Idempotency-Key`. Pledges never add up to more than the
//! target, whatever runs at the same time.

use super::views::{own_pledge_view, ProjectPledgeView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::crowdfunding::fields::check_amount;
use crate::domain::crowdfunding::{supporter_label, MESSAGE_CHARS};
use crate::domain::field_checks;
use crate::error::{ApiError, ApiResult};
use crate::service::projects::{self, PledgeInput};
use crate::state::AppState;
use crate::store::{organizations, users, Conn};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectPledgeRequest {
    /// In fen, at least 1, at most what the target leaves.
    pub amount_fen: i64,
    /// Up to 200 characters, shown on the public ledger (no phone or ID numbers).
    pub message: Option<String>,
    /// Shown as 爱心人士 on the ledger (default false: an organization's name, an individual's
    /// masked name).
    pub anonymous: Option<bool>,
}

#[utoipa::path(
    post, path = "/api/v1/projects/{id}/pledges", tag = "projects",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header, description = "Required: a UUID")),
    request_body = ProjectPledgeRequest,
    responses(
        (status = 201, description = "Pledged; the host records the money when it arrives (a pledge with nothing received lapses after 14 days)", body = ProjectPledgeView),
        (status = 400, description = "Invalid fields or a missing Idempotency-Key", body = crate::error::Problem),
        (status = 403, description = "Not a donor, enterprise or social organization; the host itself; unverified email", body = crate::error::Problem),
        (status = 404, description = "No such project for the caller", body = crate::error::Problem),
        (status = 409, description = "`exceeds_target` (with `remaining_fen`), `unpaid_limit` (an individual or unverified organization holds more than max(¥5,000, a tenth of the target) pledged and not received; with `remaining_fen`), `project_not_open`, `deadline_passed`, or a replay still running", body = crate::error::Problem),
        (status = 422, description = "The Idempotency-Key was used with another body", body = crate::error::Problem),
    )
)]
pub async fn pledge_to_project(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Body<ProjectPledgeRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let project_id = *id;
    idempotency::run(&state, &auth, &req, &raw, true, async |conn: &mut Conn| {
        let mut errors = Vec::new();
        check_amount("amount_fen", input.amount_fen, &mut errors);
        let message = input.message.as_deref().unwrap_or("");
        field_checks::text("message", message, MESSAGE_CHARS, true, &mut errors);
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let actor = actor::load(conn, Some(&auth)).await?;
        let input = PledgeInput {
            amount_fen: input.amount_fen,
            message: message.trim().to_owned(),
            anonymous: input.anonymous.unwrap_or(false),
        };
        let row = projects::pledge(conn, &auth, &actor, project_id, &input).await?;
        let user = users::find(conn, auth.id).await?;
        let org = match user.as_ref().and_then(|u| u.organization_id) {
            Some(o) => organizations::find(conn, o).await?.map(|o| o.name),
            None => None,
        };
        let display = user.map(|u| u.display_name).unwrap_or_default();
        let label = supporter_label(org.as_deref(), &display, row.anonymous);
        let v = own_pledge_view(row, label);
        Ok((
            StatusCode::CREATED,
            serde_json::to_value(v).map_err(ApiError::internal)?,
        ))
    })
    .await
}
