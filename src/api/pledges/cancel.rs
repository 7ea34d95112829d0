//! `POST /api/v1/pledges/{id}/cancel`: the supporter withdraws a pledge before delivery; the quantity
//! goes back to the need.

use super::views::{view, PledgeView};
use super::{check, load_visible, release, transition};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::pledge::PledgeAction;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::pledges::PledgeChange;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
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
    let id = *id;
    let pledge = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (pledge, need, party) = load_visible(conn, &actor, id, true).await?;
            let to = check(&pledge, PledgeAction::Cancel, party)?;
            let now = Utc::now();
            let change = PledgeChange {
                closed_at: Some(now),
                updated_at: Some(now),
                ..PledgeChange::default()
            };
            let updated = transition(
                conn,
                Some(&auth),
                &pledge,
                to,
                change,
                reason.as_deref(),
                json!({}),
            )
            .await?;
            release(conn, Some(&auth), &pledge, &need, now).await?;
            Ok(updated)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view(pledge, false)))
}
