//! The path every region-scoped public figure beside `/stats` shares (`/stats/sales`, `/stats/jobs`):
//! the region parsed and checked, the answer served from the public figures' 60-second cache under
//! its own prefix, and otherwise computed once under one of the cache's turns (503 with Retry-After
//! when too many are being computed).

use crate::api::regions::{not_found, parse_code};
use crate::api::stats::StatsQuery;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{regions, Conn};
use actix_web::HttpResponse;
use serde::Serialize;
use std::sync::Arc;

/// Answers the figures `compute` makes for the asked region (`None`: the country) from the rows whose
/// region code starts with the given prefix, cached under `kind:code`.
pub async fn answer<T: Serialize>(
    state: &AppState,
    query: &StatsQuery,
    kind: &str,
    compute: impl AsyncFnOnce(&mut Conn, Option<&RegionCode>, &str) -> ApiResult<T>,
) -> ApiResult<HttpResponse> {
    let region = query.region.as_deref().map(parse_code).transpose()?;
    let code = region.as_ref().map_or("", RegionCode::as_str);
    // The cache holds `/stats` answers by region code; the others have their own prefix.
    let key = format!("{kind}:{code}");
    let body = match state.stats_cache.get(&key) {
        Some(body) => body,
        None => fill(state, region.as_ref(), code, key, compute).await?,
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .content_type("application/json")
        .body(body.to_string()))
}

async fn fill<T: Serialize>(
    state: &AppState,
    region: Option<&RegionCode>,
    code: &str,
    key: String,
    compute: impl AsyncFnOnce(&mut Conn, Option<&RegionCode>, &str) -> ApiResult<T>,
) -> ApiResult<Arc<str>> {
    let Some(_turn) = state.stats_cache.turn().await else {
        return Err(ApiError::new(
            ErrorCode::Unavailable,
            "too many figures are being computed",
        )
        .with_retry_after(5));
    };
    if let Some(body) = state.stats_cache.peek(&key) {
        return Ok(body);
    }
    let mut conn = state.pool.get().await?;
    if let Some(r) = region {
        if regions::find(&mut conn, r).await?.is_none() {
            return Err(not_found(r));
        }
    }
    let figures = compute(&mut conn, region, &format!("{code}%")).await?;
    let body: Arc<str> = serde_json::to_string(&figures)
        .map_err(ApiError::internal)?
        .into();
    state.stats_cache.insert(key, body.clone());
    Ok(body)
}
