//! `GET /api/v1/offers/search`: anyone finds public offers (active, valid, with quantity left) by
//! words, category, region (offers whose service area lies in the region or covers it), verified
//! supporters, with facets, sorts and paging as for needs.

use super::{is_public, views, OfferView};
use crate::api::extract::PageQuery;
use crate::api::needs::list::parse_list;
use crate::api::regions::parse_code;
use crate::api::search::{
    check_page, parse_sort, query_text, region_names, suggestions_if_empty, unavailable,
};
use crate::domain::need::Category;
use crate::error::{ApiError, ApiResult};
use crate::search::query::{Facets, IndexName, SearchQuery};
use crate::search::suggest::Suggestion;
use crate::state::AppState;
use crate::store::offers;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OfferSearchParams {
    /// Words, in Chinese or English.
    pub q: Option<String>,
    /// Comma-separated categories.
    pub category: Option<String>,
    /// A region code at any level: offers whose service area lies in it or covers it.
    pub region: Option<String>,
    /// Only offers of organizations whose credit code was verified (true), or only the others.
    pub verified: Option<bool>,
    /// relevance (default), newest, valid_until, remaining.
    pub sort: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferSearchResponse {
    pub hits: Vec<OfferView>,
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

#[utoipa::path(
    get, path = "/api/v1/offers/search", tag = "search",
    params(OfferSearchParams),
    responses(
        (status = 200, description = "Matching public offers with facet counts", body = OfferSearchResponse),
        (status = 400, description = "Unknown category or sort; malformed region; paging past the limit", body = crate::error::Problem),
        (status = 503, description = "search_unavailable", body = crate::error::Problem),
    )
)]
pub async fn search_offers(
    state: web::Data<AppState>,
    params: web::Query<OfferSearchParams>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(params.page, params.per_page)?;
    let mut errors = Vec::new();
    let categories = parse_list(
        params.category.as_deref(),
        "category",
        Category::parse,
        &mut errors,
    );
    let sort = parse_sort(IndexName::Offers, params.sort.as_deref(), &mut errors);
    check_page(&page, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let region = params.region.as_deref().map(parse_code).transpose()?;
    let now = Utc::now();
    let query = SearchQuery {
        text: query_text(params.q.as_deref()),
        categories: categories.iter().map(|c| c.as_str().to_owned()).collect(),
        region: region.as_ref().map(|r| r.as_str().to_owned()),
        verified: params.verified,
        valid_after: Some(now.timestamp()),
        sort,
        offset: page.offset() as usize,
        limit: page.per_page as usize,
        ..SearchQuery::default()
    };
    let found = state
        .search
        .search_offers(query.clone())
        .await
        .map_err(unavailable)?;
    let suggestions = suggestions_if_empty(
        state.search.as_ref(),
        IndexName::Offers,
        &query,
        found.total,
    )
    .await;
    let mut conn = state.pool.get().await?;
    let ids: Vec<Uuid> = found.ids.iter().filter_map(|i| i.parse().ok()).collect();
    let mut rows = offers::find_many(&mut conn, &ids).await?;
    // Keep the engine's order, and only what is still public.
    rows.retain(|o| is_public(o, now));
    rows.sort_by_key(|o| ids.iter().position(|i| *i == o.id));
    let hits = views(&mut conn, rows).await?;
    let region_names = region_names(&mut conn, &found.facets).await?;
    Ok(HttpResponse::Ok().json(OfferSearchResponse {
        hits,
        total: found.total,
        facets: found.facets,
        region_names,
        page: page.page,
        per_page: page.per_page,
        suggestions,
    }))
}
