//! `GET /api/v1/stats/jobs?region=CODE`: public figures of jobs (就业扶贫) whose place of work lies
//! in a region (its whole subtree; default: the country), by county. Aggregates only, no household,
//! member or employer named, served from the public figures' 60-second cache. A job posted above
//! county level (a city or a province) is counted in a row of its own region (`above_county`), since
//! the county of its work is not known.

use crate::api::cached_stats;
use crate::api::stats::StatsQuery;
use crate::domain::employment::retention::MEDIAN_PAY_MIN_HIRES;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::jobs_stats;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// The figures of one county (or of the jobs posted at one region above county level).
#[derive(Debug, Serialize, ToSchema)]
pub struct JobsStatsRow {
    /// The county of the place of work; for `above_county` rows, the city or province code.
    pub county_code: String,
    pub county_name: String,
    /// Jobs posted at city or province level, whose county is not known.
    pub above_county: bool,
    /// Jobs posted, in every status.
    pub jobs: i64,
    pub positions: i64,
    pub applications: i64,
    pub hires: i64,
    /// 30-day checks answered, and of them those still employed.
    pub answered_30: i64,
    pub still_employed_30: i64,
    /// 180-day checks answered, and of them those still employed.
    pub answered_180: i64,
    pub still_employed_180: i64,
    /// Hires into jobs paid by the month.
    pub month_paid_hires: i64,
    /// The median agreed monthly pay of those hires, in fen; null below 3 such hires (one hire's pay
    /// would show).
    pub median_month_pay_fen: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobsStats {
    /// The region asked for, or null for the whole country.
    pub region_code: Option<String>,
    /// When these figures were computed; they are cached for up to 60 seconds.
    pub as_of: DateTime<Utc>,
    /// By county code.
    pub rows: Vec<JobsStatsRow>,
}

#[utoipa::path(
    get, path = "/api/v1/stats/jobs", tag = "stats",
    params(StatsQuery),
    responses(
        (status = 200, description = "Jobs, applications, hires, retention and median monthly pay by county of the place of work; cached up to 60 s", body = JobsStats),
        (status = 400, description = "invalid_region_code", body = crate::error::Problem),
        (status = 404, description = "region_not_found", body = crate::error::Problem),
        (status = 503, description = "unavailable: too many figures being computed; retry after `Retry-After` seconds", body = crate::error::Problem),
    )
)]
pub async fn jobs_stats(
    state: web::Data<AppState>,
    query: web::Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    cached_stats::answer(&state, &query, "jobs", async |conn, region, like| {
        let rows = jobs_stats::by_county(conn, like)
            .await?
            .into_iter()
            .map(|r| JobsStatsRow {
                county_code: r.county_code,
                county_name: r.county_name,
                above_county: r.above_county,
                jobs: r.jobs,
                positions: r.positions,
                applications: r.applications,
                hires: r.hires,
                answered_30: r.answered_30,
                still_employed_30: r.still_employed_30,
                answered_180: r.answered_180,
                still_employed_180: r.still_employed_180,
                month_paid_hires: r.month_paid_hires,
                median_month_pay_fen: r
                    .median_month_pay_fen
                    .filter(|_| r.month_paid_hires >= MEDIAN_PAY_MIN_HIRES),
            })
            .collect();
        Ok(JobsStats {
            region_code: region.map(|r| r.as_str().to_owned()),
            as_of: Utc::now(),
            rows,
        })
    })
    .await
}
