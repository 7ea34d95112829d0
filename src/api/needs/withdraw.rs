//! `POST /api/v1/needs/{id}/withdraw`: its household or an official in scope takes a need back, as
//! long as nobody has pledged to it.

use super::views::{view_one, NeedView};
use super::{load_visible, require_manage, status_of};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::{audit, needs};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
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
    let id = *id;
    let view = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (need, access) = load_visible(conn, &actor, id, true).await?;
            require_manage(access)?;
            let status = status_of(&need);
            if need.pledged_quantity > 0 {
                return Err(ApiError::new(
                    ErrorCode::NeedHasPledges,
                    "a need with active pledges cannot be withdrawn",
                ));
            }
            if !status.is_withdrawable() {
                return Err(ApiError::new(
                    ErrorCode::InvalidTransition,
                    format!("a need that is {status} cannot be withdrawn"),
                ));
            }
            let need = needs::transition(
                conn,
                id,
                &["pending_review", "open", "rejected"],
                "withdrawn",
                None,
                Utc::now(),
            )
            .await?
            .ok_or_else(|| {
                ApiError::new(ErrorCode::InvalidTransition, "the need changed meanwhile")
            })?;
            audit::append(
                conn,
                audit::Entry {
                    actor_id: Some(auth.id),
                    action: "need.withdrawn",
                    subject_type: "need",
                    subject_id: id,
                    details: json!({ "role": auth.role.as_str(), "from": status.as_str(), "to": "withdrawn", "reason": reason }),
                },
            )
            .await?;
            view_one(conn, need, true).await
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
