//! `POST /api/v1/needs/{id}/withdraw`: its household or an official in scope takes a need back, as
//! long as nobody has pledged to it.

use super::views::{view_one, NeedView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::needs;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WithdrawRequest {
    /// Why, for the record (up to 500 characters).
    pub reason: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/needs/{id}/withdraw", tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = WithdrawRequest,
    responses(
        (status = 200, description = "Withdrawn", body = NeedView),
        (status = 403, description = "Visible but not yours", body = crate::error::Problem),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
        (status = 409, description = "need_has_pledges or invalid_transition", body = crate::error::Problem),
    )
)]
pub async fn withdraw_need(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<WithdrawRequest>,
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
    let need = needs::withdraw(&mut conn, &auth, &actor, *id, reason.as_deref()).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, need, true).await?))
}
