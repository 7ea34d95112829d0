//! `GET /api/v1/complaints/{id}`: the complainant reads the answer; officials in scope read it too.

use super::ComplaintView;
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::complaints;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/complaints/{id}", tag = "complaints",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The complaint and its answer", body = ComplaintView),
        (status = 404, description = "No such complaint for you", body = crate::error::Problem),
    )
)]
pub async fn get_complaint(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let c = complaints::find(&mut conn, *id)
        .await?
        .ok_or_else(|| ApiError::not_found("complaint"))?;
    if c.complainant_id != auth.id
        && !actor.is_official_for(&RegionCode::from_trusted(c.region_code.clone()))
    {
        return Err(ApiError::not_found("complaint"));
    }
    Ok(HttpResponse::Ok().json(ComplaintView::from(c)))
}
