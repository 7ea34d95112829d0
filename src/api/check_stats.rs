//! `GET /api/v1/stats/checks` and `GET /api/v1/stats/checks/disclosures`: public figures on checks by
//! region, and the problems found and rectified in a county — kinds, townships, dates, never a person.

use crate::api::extract::{PageQuery, Paginated};
use crate::domain::{RegionCode, RegionLevel};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::{check_stats, regions};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RegionQuery {
    /// A region code (2–12 digits).
    pub region: String,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProblemKindFigure {
    pub count: i64,
    /// Share of the items checked.
    pub rate: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckFigures {
    pub region_code: String,
    pub rounds: i64,
    /// Rounds by kind (`self`, `cross`, `spot`).
    pub rounds_by_kind: BTreeMap<String, i64>,
    pub items_sampled: i64,
    /// Items with a finding.
    pub items_checked: i64,
    pub problems: i64,
    pub problem_rate: Option<f64>,
    pub problems_by_kind: BTreeMap<String, ProblemKindFigure>,
    pub rectifications: i64,
    pub overdue_rectifications: i64,
    /// Rectifications accepted with an answer by the deadline, over those accepted or past their
    /// deadline; absent when none is.
    pub rectified_on_time_share: Option<f64>,
}

async fn region_of(state: &AppState, raw: &str) -> ApiResult<RegionCode> {
    let code = RegionCode::parse(raw).map_err(|m| {
        ApiError::validation(vec![FieldError::new("region", "invalid_region_code", m)])
    })?;
    let mut conn = state.pool.get().await?;
    if regions::find(&mut conn, &code).await?.is_none() {
        return Err(ApiError::new(ErrorCode::RegionNotFound, "no such region"));
    }
    Ok(code)
}

#[utoipa::path(
    get, path = "/api/v1/stats/checks", tag = "stats",
    params(("region" = String, Query, description = "A region code")),
    responses(
        (status = 200, description = "Check figures for the region and everything in it", body = CheckFigures),
        (status = 400, description = "Invalid region code", body = crate::error::Problem),
        (status = 404, description = "No such region", body = crate::error::Problem),
    )
)]
pub async fn check_figures(
    state: web::Data<AppState>,
    query: web::Query<RegionQuery>,
) -> ApiResult<HttpResponse> {
    let code = region_of(&state, &query.region).await?;
    let pattern = format!("{}%", code.as_str());
    let mut conn = state.pool.get().await?;
    let f = check_stats::region_figures(&mut conn, &pattern, Utc::now()).await?;
    let kinds = check_stats::problems_by_kind(&mut conn, &pattern).await?;
    let rounds = check_stats::rounds_by_kind(&mut conn, &pattern).await?;
    let rate = |n: i64| (f.items_checked > 0).then(|| n as f64 / f.items_checked as f64);
    Ok(HttpResponse::Ok().json(CheckFigures {
        region_code: code.as_str().to_owned(),
        rounds: f.rounds,
        rounds_by_kind: rounds.into_iter().map(|c| (c.key, c.n)).collect(),
        items_sampled: f.items_sampled,
        items_checked: f.items_checked,
        problems: f.problems,
        problem_rate: rate(f.problems),
        problems_by_kind: kinds
            .into_iter()
            .map(|c| {
                (
                    c.key,
                    ProblemKindFigure {
                        count: c.n,
                        rate: rate(c.n).unwrap_or(0.0),
                    },
                )
            })
            .collect(),
        rectifications: f.rectifications,
        overdue_rectifications: f.overdue,
        rectified_on_time_share: (f.rectifications_due > 0)
            .then(|| f.rectified_on_time as f64 / f.rectifications_due as f64),
    }))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DisclosureView {
    pub id: Uuid,
    pub problem_kind: String,
    /// `self`, `cross` or `spot`.
    pub check_kind: String,
    /// `need` or `delivery`.
    pub subject_type: String,
    pub township_code: String,
    pub township_name: String,
    pub found_at: DateTime<Utc>,
    pub deadline: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub rectified_at: Option<DateTime<Utc>>,
    /// `rectified_on_time` or `rectified_late`.
    pub outcome: String,
}

#[utoipa::path(
    get, path = "/api/v1/stats/checks/disclosures", tag = "stats",
    params(RegionQuery),
    responses(
        (status = 200, description = "Problems found and rectified in a county (or a township of it), newest first; no names", body = Paginated<DisclosureView>),
        (status = 400, description = "Invalid region code or paging; the region must be a county or below", body = crate::error::Problem),
        (status = 404, description = "No such region", body = crate::error::Problem),
    )
)]
pub async fn check_disclosures(
    state: web::Data<AppState>,
    query: web::Query<RegionQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let code = region_of(&state, &query.region).await?;
    if code.level() < RegionLevel::County {
        return Err(ApiError::validation(vec![FieldError::new(
            "region",
            "county_or_below",
            "disclosures are listed for a county or a part of one",
        )]));
    }
    let mut conn = state.pool.get().await?;
    let (items, total) = check_stats::disclosures(
        &mut conn,
        &format!("{}%", code.as_str()),
        page.offset(),
        page.limit(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items: items
            .into_iter()
            .map(|d| DisclosureView {
                outcome: if d.answered_at.is_some_and(|a| a <= d.deadline) {
                    "rectified_on_time".into()
                } else {
                    "rectified_late".into()
                },
                id: d.id,
                problem_kind: d.problem_kind,
                check_kind: d.check_kind,
                subject_type: d.subject_type,
                township_code: d.township_code,
                township_name: d.township_name,
                found_at: d.found_at,
                deadline: d.deadline,
                answered_at: d.answered_at,
                rectified_at: d.accepted_at,
            })
            .collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
