//! `GET /api/v1/regions/{code}`.

use super::{not_found, parse_code};
use crate::api::views::RegionSummary;
use crate::domain::RegionCode;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::regions;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct RegionView {
    /// The short code (2, 4, 6, 9 or 12 digits).
    pub code: String,
    /// The 12-digit zero-padded statistical code.
    pub full_code: String,
    pub name: String,
    pub level: String,
    pub parent_code: Option<String>,
    /// From the province down to this region.
    pub path: Vec<RegionSummary>,
    /// The names of `path` joined, for display: 河南省 三门峡市 卢氏县.
    pub full_name: String,
    pub children_count: i64,
}

#[utoipa::path(
    get, path = "/api/v1/regions/{code}", tag = "regions",
    params(("code" = String, Path, description = "Region code, short or 12-digit")),
    responses(
        (status = 200, description = "The region", body = RegionView),
        (status = 400, description = "invalid_region_code", body = crate::error::Problem),
        (status = 404, description = "region_not_found", body = crate::error::Problem),
    )
)]
pub async fn get_region(
    state: web::Data<AppState>,
    code: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let code: RegionCode = parse_code(&code)?;
    let mut conn = state.pool.get().await?;
    let region = regions::find(&mut conn, &code)
        .await?
        .ok_or_else(|| not_found(&code))?;
    let path = regions::path(&mut conn, &code).await?;
    let children_count = regions::count_children(&mut conn, &region.code).await?;
    let full_name = path
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=3600"))
        .json(RegionView {
            full_code: code.full(),
            code: region.code,
            name: region.name,
            level: region.level,
            parent_code: region.parent_code,
            path: path.into_iter().map(RegionSummary::from).collect(),
            full_name,
            children_count,
        }))
}
