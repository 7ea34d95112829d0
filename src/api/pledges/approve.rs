//! `POST /api/v1/pledges/{id}/approve`: an official of the need's village approves the match. The
//! household gets a six-digit receipt code; the supporter now has until the need's deadline (at most
//! 30 days) to deliver.

use super::views::{view, PledgeView};
use super::{check, load_visible, transition};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::pledge::PledgeAction;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::pledges::PledgeChange;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use rand::Rng;
use serde_json::json;
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/approve", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Approved; the receipt code is shown to the household and officials", body = PledgeView),
        (status = 403, description = "Not an official of the need's village", body = crate::error::Problem),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition", body = crate::error::Problem),
    )
)]
pub async fn approve_pledge(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let id = *id;
    let pledge = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (pledge, need, party) = load_visible(conn, &actor, id, true).await?;
            let to = check(&pledge, PledgeAction::Approve, party)?;
            let now = Utc::now();
            let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000));
            let change = PledgeChange {
                receipt_code: Some(&code),
                decided_by: Some(auth.id),
                decided_at: Some(now),
                expires_at: Some(need.deadline.min(now + state.config.pledge_delivery_window)),
                updated_at: Some(now),
                ..PledgeChange::default()
            };
            transition(conn, Some(&auth), &pledge, to, change, None, json!({})).await
        })
        .await?;
    Ok(HttpResponse::Ok().json(view(pledge, true)))
}
