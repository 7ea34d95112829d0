//! `GET /api/v1/pledges/{id}`: its supporter, the household, officials in scope (and admins).

use super::load_visible;
use super::views::{view, PledgeView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::pledge::Party;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/pledges/{id}", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The pledge; the receipt code only for the household and officials", body = PledgeView),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
    )
)]
pub async fn get_pledge(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (pledge, _, party) = load_visible(&mut conn, &actor, *id, false).await?;
    let show_code = matches!(party, Some(Party::Household | Party::Official));
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(view(pledge, show_code)))
}
