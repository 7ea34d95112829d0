//! `GET /api/v1/households/{id}/work`: who in the household can work, for the household and the
//! officials whose jurisdiction covers it; 404 for anyone else, as for a missing household.

use super::work_view::WorkView;
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::household_work;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/households/{id}/work", tag = "households",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The work profile (zeros and nulls until recorded)", body = WorkView),
        (status = 404, description = "No such household for you", body = crate::error::Problem),
    )
)]
pub async fn get_household_work(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let row = household_work::get(&mut conn, &actor, *id).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(WorkView::new(*id, row)))
}
