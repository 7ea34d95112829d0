//! `GET /api/v1/campaigns?phase=current`: public; current campaigns ending soonest first, upcoming
//! ones starting soonest first, past ones latest first, all of them newest start first.

use super::views::{view, CampaignView};
use crate::api::extract::{PageQuery, Paginated};
use crate::domain::campaign::CampaignPhase;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::campaigns;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct CampaignQuery {
    /// `current`, `upcoming` or `past`; all when absent.
    pub phase: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns", tag = "campaigns",
    params(CampaignQuery),
    responses(
        (status = 200, description = "A page of campaigns with their funds and totals", body = Paginated<CampaignView>),
        (status = 400, description = "An unknown phase or a page out of range", body = crate::error::Problem),
    )
)]
pub async fn list_campaigns(
    state: web::Data<AppState>,
    query: web::Query<CampaignQuery>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let page = PageQuery::check(query.page, query.per_page, &mut errors);
    let phase = match query.phase.as_deref() {
        None => None,
        Some(p) => {
            let parsed = CampaignPhase::parse(p);
            if parsed.is_none() {
                errors.push(FieldError::new(
                    "phase",
                    "unknown_phase",
                    "current, upcoming or past",
                ));
            }
            parsed
        }
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let now = Utc::now();
    let mut conn = state.pool.get().await?;
    let (rows, total) = campaigns::list(&mut conn, phase, now, page.offset(), page.limit()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for c in rows {
        items.push(view(&mut conn, c, now).await?);
    }
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
