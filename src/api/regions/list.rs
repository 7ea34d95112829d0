//! `GET /api/v1/regions?parent=CODE`: the regions directly below a region (provinces without parent).

use super::{not_found, parse_code};
use crate::api::extract::{PageQuery, Paginated};
use crate::api::views::RegionSummary;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::regions;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionListQuery {
    /// The parent region's code; without it, the provinces.
    pub parent: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/regions", tag = "regions",
    params(RegionListQuery),
    responses(
        (status = 200, description = "The child regions, by code", body = Paginated<RegionSummary>),
        (status = 400, description = "invalid_region_code or bad paging", body = crate::error::Problem),
        (status = 404, description = "region_not_found", body = crate::error::Problem),
    )
)]
pub async fn list_regions(
    state: web::Data<AppState>,
    query: web::Query<RegionListQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let (rows, total) = match query.parent.as_deref() {
        None => regions::provinces(&mut conn, page.offset(), page.limit()).await?,
        Some(parent) => {
            let code = parse_code(parent)?;
            if regions::find(&mut conn, &code).await?.is_none() {
                return Err(not_found(&code));
            }
            regions::children(&mut conn, &code, page.offset(), page.limit()).await?
        }
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(Paginated {
            items: rows.into_iter().map(RegionSummary::from).collect(),
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
