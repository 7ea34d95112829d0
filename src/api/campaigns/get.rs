//! `GET /api/v1/campaigns/{id}`: public; the campaign with its funds and totals.

use super::views::{view, CampaignView};
use crate::error::ApiResult;
use crate::service::campaigns;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}", tag = "campaigns",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The campaign, its funds and its totals (live)", body = CampaignView),
        (status = 404, description = "No such campaign", body = crate::error::Problem),
    )
)]
pub async fn get_campaign(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let c = campaigns::load(&mut conn, *id).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, c, Utc::now()).await?))
}
