//! `POST /api/v1/pledges/{id}/cancel`: the supporter withdraws a pledge before delivery; the quantity
//! goes back to the need.

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

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {
    pub reason: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/cancel", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = CancelRequest,
    responses(
        (status = 200, description = "Cancelled; the quantity is released", body = PledgeView),
        (status = 403, description = "Not the pledge's supporter", body = crate::error::Problem),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition (delivered or closed)", body = crate::error::Problem),
    )
)]
pub async fn cancel_pledge(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<CancelRequest>,
) -> ApiResult<HttpResponse> {
    let reason = match body.reason.as_deref() {
        None => None,
        Some(r) => Some(
            text::bounded(r, 1, 500)
                .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("reason", c, m)]))?,
        ),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let pledge = pledges::cancel(&mut conn, &auth, &actor, *id, reason.as_deref()).await?;
    Ok(HttpResponse::Ok().json(view(pledge, false)))
}
