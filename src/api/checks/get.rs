//! `GET /api/v1/checks/{id}`: a round with its sample, the decisions checked and the findings.

use super::{full_view, load_visible, RoundView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/checks/{id}", tag = "checks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The round and its items", body = RoundView),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 404, description = "No such round for the caller", body = crate::error::Problem),
    )
)]
pub async fn get_check(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let round = load_visible(&mut conn, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(full_view(&mut conn, round).await?))
}
