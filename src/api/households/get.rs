//! `GET /api/v1/households/{id}`: the household itself and officials of its village only.

use super::load_visible;
use crate::api::actor;
use crate::api::views::HouseholdView;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/households/{id}", tag = "households",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The profile (ID number masked)", body = HouseholdView),
        (status = 404, description = "No such household for you", body = crate::error::Problem),
    )
)]
pub async fn get_household(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let household = load_visible(&mut conn, &actor, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(HouseholdView::from(household)))
}
