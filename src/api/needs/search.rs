//! `GET /api/v1/needs/search`: anyone finds published needs by words (Chinese segmented), filters,
//! facets and sorts. Hits are read back from PostgreSQL, so they show the current public view.

use super::views::{region_map, view, NeedView};
use crate::api::extract::PageQuery;
use crate::api::needs::list::parse_list;
use crate::api::regions::parse_code;
use crate::api::search::{
    check_page, parse_sort, query_text, region_names, suggestions_if_empty, unavailable,
};
use crate::domain::need::{Category, NeedStatus, Urgency};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::search::query::{Facets, IndexName, SearchQuery};
use crate::search::suggest::Suggestion;
use crate::state::AppState;
use crate::store::needs;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

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
    /// When nothing was found: up to three other queries (words dropped, or a synonym) that find
    /// something with the same filters, each checked against the engine. Empty otherwise.
    pub suggestions: Vec<Suggestion>,
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
    let sort = parse_sort(IndexName::Needs, params.sort.as_deref(), &mut errors);
    check_page(&page, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let region: Option<RegionCode> = params.region.as_deref().map(parse_code).transpose()?;
    let query = SearchQuery {
        text: query_text(params.q.as_deref()),
        categories: categories.iter().map(|c| c.as_str().to_owned()).collect(),
        urgencies: urgencies.iter().map(|u| u.as_str().to_owned()).collect(),
        statuses: statuses.iter().map(|s| s.as_str().to_owned()).collect(),
        region: region.as_ref().map(|r| r.as_str().to_owned()),
        has_remaining: params.has_remaining,
        sort,
        offset: page.offset() as usize,
        limit: page.per_page as usize,
        ..SearchQuery::default()
    };
    let found = state
        .search
        .search_needs(query.clone())
        .await
        .map_err(unavailable)?;
    let suggestions =
        suggestions_if_empty(state.search.as_ref(), IndexName::Needs, &query, found.total).await;
    let mut conn = state.pool.get().await?;
    let ids: Vec<Uuid> = found.ids.iter().filter_map(|i| i.parse().ok()).collect();
    let mut rows = needs::find_many(&mut conn, &ids).await?;
    // Keep the engine's order, and only what is still public.
    rows.retain(|n| n.status.is_public());
    rows.sort_by_key(|n| ids.iter().position(|i| *i == n.id));
    let regions_of_hits = region_map(&mut conn, &rows).await?;
    let hits = rows
        .into_iter()
        .map(|n| view(n, &regions_of_hits, false))
        .collect();
    let region_names = region_names(&mut conn, &found.facets).await?;
    Ok(HttpResponse::Ok().json(NeedSearchResponse {
        hits,
        total: found.total,
        facets: found.facets,
        region_names,
        page: page.page,
        per_page: page.per_page,
        suggestions,
    }))
}
