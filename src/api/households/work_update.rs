//! `PATCH /api/v1/households/{id}/work`: the household, or an official whose jurisdiction covers
//! it, records how many members can work, their skills and how far they would travel. Every field
//! is checked and every violation reported at once; anyone else gets 404, as for a missing household.

use super::work_view::WorkView;
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::employment::work::{self, WorkFields};
use crate::error::{ApiError, ApiResult};
use crate::service::household_work;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    patch, path = "/api/v1/households/{id}/work", tag = "households",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = WorkFields,
    responses(
        (status = 200, description = "Recorded", body = WorkView),
        (status = 400, description = "Invalid fields, every violation at once", body = crate::error::Problem),
        (status = 404, description = "No such household for you", body = crate::error::Problem),
    )
)]
pub async fn update_household_work(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<WorkFields>,
) -> ApiResult<HttpResponse> {
    let profile = work::parse(&body).map_err(ApiError::validation)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let row = household_work::record(&mut conn, &actor, *id, &profile).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(WorkView::new(*id, Some(row))))
}
