//! `POST /api/v1/pledges/{id}/approve`: an official of the need's village approves the match. The
//! household gets a six-digit receipt code; the supporter now has until the need's deadline (at most
//! 30 days) to deliver.

use super::views::{view, PledgeView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::pledges;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
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
    let pledge = pledges::approve(&mut conn, &state.config, &auth, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(view(pledge, true)))
}
