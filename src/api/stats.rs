//! `GET /api/v1/stats?region=CODE`: public figures for a region (default: the whole country).
//! Aggregates only, published under the rules of [`crate::domain::disclosure`] so that no figure
//! singles out a household, and served from a short cache ([`crate::store::stats_cache`]) so that
//! anonymous callers cannot make the database compute them over and over.

use crate::api::regions::{not_found, parse_code};
use crate::domain::{disclosure, RegionCode};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{regions, stats};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::sync::Arc;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// A region code at any level; without it, the whole country.
    #[param(pattern = r"^[0-9]{2}([0-9]{2}([0-9]{2}([0-9]{3}([0-9]{3})?)?)?)?$")]
    pub region: Option<String>,
}

#[derive(Debug, Serialize, ToSchema, Default)]
pub struct Flow {
    pub quantity: i64,
    pub estimated_value_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationFulfilment {
    pub organization: String,
    pub approved_pledges: i64,
    pub confirmed_pledges: i64,
    /// Confirmed over approved.
    pub fulfilment_rate: f64,
}

/// Public figures. So that no figure singles out a household, a count from 1 to 4 is `null`
/// ("fewer than five"), and in `needs_by_status` and `needs_by_category` further cells are `null`
/// until the hidden cells of a table hold five or more together (so the total minus the visible
/// cells reveals no small cell). A median over fewer than five cases is `null`. Below county level
/// (`public_needs_only`) only public needs (open, fully pledged, fulfilled) and their pledges count,
/// and complaints are `null`. Figures may be up to 60 seconds old (`as_of`).
#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    /// The region's code, or null for the whole country.
    pub region: Option<String>,
    /// When these figures were computed; they are cached for up to 60 seconds.
    pub as_of: DateTime<Utc>,
    /// True below county level: only public needs and their pledges are counted.
    pub public_needs_only: bool,
    /// Needs by status; `null`: suppressed (fewer than five, or hidden with one that is).
    pub needs_by_status: BTreeMap<String, Option<i64>>,
    /// Needs by category; `null`: suppressed (fewer than five, or hidden with one that is).
    pub needs_by_category: BTreeMap<String, Option<i64>>,
    /// Active pledges (pending approval, approved, delivered, confirmed).
    pub pledged: Flow,
    /// Delivered or confirmed.
    pub delivered: Flow,
    pub confirmed: Flow,
    /// Distinct supporters of active pledges; `null`: fewer than five.
    pub supporters: Option<i64>,
    /// `null` when fewer than five needs had a first pledge.
    pub median_hours_publication_to_first_pledge: Option<f64>,
    /// `null` when fewer than five pledges were confirmed.
    pub median_hours_approval_to_confirmation: Option<f64>,
    /// `null`: fewer than five, or below county level.
    pub complaints_filed: Option<i64>,
    /// `null`: fewer than five, or below county level.
    pub complaints_resolved: Option<i64>,
    /// `null` when fewer than five complaints were resolved, or below county level.
    pub median_hours_to_resolve_complaints: Option<f64>,
    /// Organizations with at least five approved pledges.
    pub organizations: Vec<OrganizationFulfilment>,
}

#[utoipa::path(
    get, path = "/api/v1/stats", tag = "stats",
    params(StatsQuery),
    responses(
        (status = 200, description = "Aggregated public figures, small counts suppressed, cached up to 60 s", body = Stats),
        (status = 400, description = "invalid_region_code", body = crate::error::Problem),
        (status = 404, description = "region_not_found", body = crate::error::Problem),
        (status = 503, description = "unavailable: too many figures being computed; retry after `Retry-After` seconds", body = crate::error::Problem),
    )
)]
pub async fn stats(
    state: web::Data<AppState>,
    query: web::Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    let region = query.region.as_deref().map(parse_code).transpose()?;
    let key = region.as_ref().map_or("", RegionCode::as_str).to_owned();
    let body = match state.stats_cache.get(&key) {
        Some(body) => body,
        None => compute(&state, region, key).await?,
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .content_type("application/json")
        .body(body.to_string()))
}

/// Computes a region's figures in one of the bounded turns and caches the answer. Only regions that
/// exist are cached, so the keys are region codes.
async fn compute(state: &AppState, region: Option<RegionCode>, key: String) -> ApiResult<Arc<str>> {
    let Some(_turn) = state.stats_cache.turn().await else {
        return Err(ApiError::new(
            ErrorCode::Unavailable,
            "too many figures are being computed",
        )
        .with_retry_after(5));
    };
    // Another request may have computed them while this one waited.
    if let Some(body) = state.stats_cache.peek(&key) {
        return Ok(body);
    }
    let mut conn = state.pool.get().await?;
    if let Some(r) = &region {
        if regions::find(&mut conn, r).await?.is_none() {
            return Err(not_found(r));
        }
    }
    let level = region.as_ref().map(RegionCode::level);
    let like = format!("{key}%");
    let statuses = disclosure::counted_need_statuses(level);
    let figures = stats::figures(
        &mut conn,
        &stats::Scope {
            region_like: &like,
            need_statuses: &statuses,
            with_complaints: disclosure::counts_everything(level),
        },
    )
    .await?;
    let body = publish(region, !disclosure::counts_everything(level), figures);
    let body: Arc<str> = serde_json::to_string(&body)
        .map_err(ApiError::internal)?
        .into();
    state.stats_cache.insert(key, body.clone());
    Ok(body)
}

/// The figures as the public may see them.
fn publish(region: Option<RegionCode>, public_needs_only: bool, f: stats::Figures) -> Stats {
    let flow = |f: stats::Flow| Flow {
        quantity: f.quantity,
        estimated_value_fen: f.estimated_value_fen,
    };
    let median = |m: stats::Median| disclosure::median(m.hours, m.observations);
    let complaints = f.complaints.as_ref();
    Stats {
        region: region.map(|r| r.as_str().to_owned()),
        as_of: Utc::now(),
        public_needs_only,
        needs_by_status: disclosure::table(f.needs_by_status),
        needs_by_category: disclosure::table(f.needs_by_category),
        pledged: flow(f.pledged),
        delivered: flow(f.delivered),
        confirmed: flow(f.confirmed),
        supporters: disclosure::count(f.supporters),
        median_hours_publication_to_first_pledge: median(f.publication_to_first_pledge),
        median_hours_approval_to_confirmation: median(f.approval_to_confirmation),
        complaints_filed: complaints.and_then(|c| disclosure::count(c.filed)),
        complaints_resolved: complaints.and_then(|c| disclosure::count(c.resolved)),
        median_hours_to_resolve_complaints: complaints.and_then(|c| median(c.to_resolve)),
        organizations: f
            .organizations
            .into_iter()
            .map(|o| OrganizationFulfilment {
                fulfilment_rate: o.confirmed as f64 / o.approved as f64,
                organization: o.name,
                approved_pledges: o.approved,
                confirmed_pledges: o.confirmed,
            })
            .collect(),
    }
}
