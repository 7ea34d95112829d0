//! `GET /api/v1/honour-roll?region=CODE&year=YYYY`: supporters ranked by the help households
//! confirmed in the region's villages during the year (China time): value delivered, then
//! households helped, then ratings. Pledges not confirmed never count. Supporters who opted out
//! are absent.

use super::SupporterStanding;
use crate::api::extract::PageQuery;
use crate::api::extract::Paginated;
use crate::api::regions::{not_found, parse_code};
use crate::domain::honour::{year_bounds, YEARS};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::{honour, regions};
use actix_web::{web, HttpResponse};
use chrono::Datelike;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct HonourQuery {
    /// A region code (2 to 12 digits); none: the whole country.
    pub region: Option<String>,
    /// The year help was confirmed in (default: this year).
    pub year: Option<i32>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/honour-roll", tag = "honour",
    params(HonourQuery),
    responses(
        (status = 200, description = "Supporters by confirmed help, first the most", body = Paginated<SupporterStanding>),
        (status = 400, description = "`invalid_region_code`; `validation_failed` (year, paging)", body = crate::error::Problem),
        (status = 404, description = "`region_not_found`", body = crate::error::Problem),
    )
)]
pub async fn honour_roll(
    state: web::Data<AppState>,
    query: web::Query<HonourQuery>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let page = PageQuery::check(query.page, query.per_page, &mut errors);
    let year = query.year.unwrap_or_else(|| chrono::Utc::now().year());
    let bounds = YEARS.contains(&year).then(|| year_bounds(year)).flatten();
    if bounds.is_none() {
        errors.push(FieldError::new(
            "year",
            "out_of_range",
            format!("a year from {} to {}", YEARS.start(), YEARS.end()),
        ));
    }
    let (Some(bounds), true) = (bounds, errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let region = query.region.as_deref().map(parse_code).transpose()?;
    let mut conn = state.pool.get().await?;
    if let Some(r) = &region {
        if regions::find(&mut conn, r).await?.is_none() {
            return Err(not_found(r));
        }
    }
    let like = format!("{}%", region.as_ref().map_or("", |r| r.as_str()));
    let (rows, total) = honour::roll(&mut conn, &like, bounds, page.offset(), page.limit()).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .json(Paginated {
            items: rows
                .into_iter()
                .map(SupporterStanding::from)
                .collect::<Vec<_>>(),
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
