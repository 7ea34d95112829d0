//! `POST /api/v1/pledges/{id}/reject`: an official of the need's village rejects the match with a
//! reason; the quantity goes back to the need.

use super::views::{view, PledgeView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::pledges;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    /// Why (1–500 characters).
    pub reason: String,
}

#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/reject", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Rejected; the quantity is released", body = PledgeView),
        (status = 400, description = "No reason", body = crate::error::Problem),
        (status = 403, description = "Not an official of the need's village", body = crate::error::Problem),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition", body = crate::error::Problem),
    )
)]
pub async fn reject_pledge(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReasonRequest>,
) -> ApiResult<HttpResponse> {
    let reason = text::bounded(&body.reason, 1, 500)
        .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("reason", c, m)]))?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let pledge = pledges::reject(&mut conn, &auth, &actor, *id, &reason).await?;
    Ok(HttpResponse::Ok().json(view(pledge, false)))
}
