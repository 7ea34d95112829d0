//! `GET /api/v1/needs/search`: anyone finds published needs by words (Chinese segmented), filters,
//! facets and sorts. Hits are read back from PostgreSQL, so they show the current public view.

use super::views::{region_map, view, NeedView};
use crate::api::extract::PageQuery;
use crate::api::needs::list::parse_list;
use crate::api::regions::parse_code;
use crate::domain::need::{Category, NeedStatus, Urgency};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::search::query::{Facets, NeedQuery, Sort};
use crate::state::AppState;
use crate::store::{needs, regions};
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// Engines page through at most this many hits (Meilisearch's `maxTotalHits`).
pub const MAX_HITS: u32 = 10_000;
const MAX_QUERY_CHARS: usize = 200;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SearchParams {
    /// Words, in Chinese or English.
    pub q: Option<String>,
    /// Comma-separated categories.
    pub category: Option<String>,
    /// A region code at any level: `411224` finds every village of Lushi County.
    pub region: Option<String>,
    /// Comma-separated urgencies.
    pub urgency: Option<String>,
    /// Comma-separated public statuses: open, fully_pledged, fulfilled.
    pub status: Option<String>,
    /// Only needs with quantity left to pledge.
    pub has_remaining: Option<bool>,
    /// relevance (default), urgency, deadline, newest, remaining.
    pub sort: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NeedSearchResponse {
    pub hits: Vec<NeedView>,
    pub total: u64,
    pub facets: Facets,
    /// Names of the regions in `facets.region`.
    pub region_names: BTreeMap<String, String>,
    pub page: u32,
    pub per_page: u32,
}

fn public_status(s: &str) -> Option<NeedStatus> {
    NeedStatus::parse(s).filter(|s| s.is_public())
}

#[utoipa::path(
    get, path = "/api/v1/needs/search", tag = "search",
    params(SearchParams),
    responses(
        (status = 200, description = "Matching published needs with facet counts", body = NeedSearchResponse),
        (status = 400, description = "Unknown category, urgency, status or sort; malformed region; paging past the limit", body = crate::error::Problem),
        (status = 503, description = "search_unavailable", body = crate::error::Problem),
    )
)]
pub async fn search_needs(
    state: web::Data<AppState>,
    params: web::Query<SearchParams>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(params.page, params.per_page)?;
    let mut errors = Vec::new();
    let categories = parse_list(
        params.category.as_deref(),
        "category",
        Category::parse,
        &mut errors,
    );
    let urgencies = parse_list(
        params.urgency.as_deref(),
        "urgency",
        Urgency::parse,
        &mut errors,
    );
    let statuses = parse_list(
        params.status.as_deref(),
        "status",
        public_status,
        &mut errors,
    );
    let sort = match params.sort.as_deref() {
        None => Sort::Relevance,
        Some(s) => Sort::parse(s).unwrap_or_else(|| {
            errors.push(FieldError::new(
                "sort",
                "invalid_sort",
                "one of relevance, urgency, deadline, newest, remaining",
            ));
            Sort::Relevance
        }),
    };
    if page.page.saturating_mul(page.per_page) > MAX_HITS {
        errors.push(FieldError::new(
            "page",
            "out_of_range",
            format!("search pages through the first {MAX_HITS} hits"),
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let region: Option<RegionCode> = params.region.as_deref().map(parse_code).transpose()?;
    let text: String = params
        .q
        .as_deref()
        .unwrap_or("")
        .chars()
        .take(MAX_QUERY_CHARS)
        .collect();
    let query = NeedQuery {
        text,
        categories: categories.iter().map(|c| c.as_str().to_owned()).collect(),
        urgencies: urgencies.iter().map(|u| u.as_str().to_owned()).collect(),
        statuses: statuses.iter().map(|s| s.as_str().to_owned()).collect(),
        region: region.as_ref().map(|r| r.as_str().to_owned()),
        has_remaining: params.has_remaining,
        sort,
        offset: page.offset() as usize,
        limit: page.per_page as usize,
    };
    let found = state.search.search_needs(query).await.map_err(|e| {
        tracing::warn!(error = %e, "search failed");
        ApiError::new(
            ErrorCode::SearchUnavailable,
            "search is unavailable right now; try again shortly",
        )
        .with_retry_after(5)
    })?;
    let mut conn = state.pool.get().await?;
    let ids: Vec<Uuid> = found.ids.iter().filter_map(|i| i.parse().ok()).collect();
    let mut rows = needs::find_many(&mut conn, &ids).await?;
    // Keep the engine's order, and only what is still public.
    rows.retain(|n| NeedStatus::parse(&n.status).is_some_and(NeedStatus::is_public));
    rows.sort_by_key(|n| ids.iter().position(|i| *i == n.id));
    let regions_of_hits = region_map(&mut conn, &rows).await?;
    let hits = rows
        .into_iter()
        .map(|n| view(n, &regions_of_hits, false))
        .collect();
    let facet_codes: Vec<RegionCode> = found
        .facets
        .region
        .keys()
        .map(|c| RegionCode::from_trusted(c.clone()))
        .collect();
    let region_names = regions::find_many(&mut conn, &facet_codes)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect();
    Ok(HttpResponse::Ok().json(NeedSearchResponse {
        hits,
        total: found.total,
        facets: found.facets,
        region_names,
        page: page.page,
        per_page: page.per_page,
    }))
}
