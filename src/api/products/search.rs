//! `GET /api/v1/products/search`: anyone finds listed products by words (Chinese segmented, with
//! synonyms, traditional characters and pinyin), category and region, with facets by category and
//! by region one level down, sorted by relevance, price, newest or households helped. Hits are read
//! back from PostgreSQL, so they show the current public facts (a product delisted meanwhile is
//! left out).

use crate::api::extract::PageQuery;
use crate::api::needs::list::parse_list;
use crate::api::products::views::media_url;
use crate::api::regions::parse_code;
use crate::api::search::{
    check_page, parse_sort, query_text, region_names, suggestions_if_empty, unavailable,
};
use crate::domain::personal_data;
use crate::domain::product::{ProductCategory, ProductStatus};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::search::query::{IndexName, SearchQuery};
use crate::search::suggest::Suggestion;
use crate::state::AppState;
use crate::store::product_images::{self, ProductImage};
use crate::store::products::{self, Product};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProductSearchParams {
    /// Words, in Chinese (simplified or traditional), pinyin or English.
    pub q: Option<String>,
    /// Comma-separated categories.
    pub category: Option<String>,
    /// A region code at any level: `411224` finds every product grown or made in Lushi County.
    pub region: Option<String>,
    /// Only products in stock (true), or only sold-out ones (false).
    pub in_stock: Option<bool>,
    /// relevance (default), price_asc, price_desc, newest, households_helped.
    pub sort: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Hits per page, 1 to 100 (default 20).
    pub per_page: Option<u32>,
}

/// A listed product as search shows it: public facts only.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductHit {
    pub id: Uuid,
    pub title: String,
    pub category: ProductCategory,
    pub unit: String,
    /// Price of one unit in fen.
    pub price_fen: i64,
    /// Units on sale now.
    pub stock: i32,
    /// Where it is grown or made.
    pub region_code: String,
    /// Registered households the product helps.
    pub households_helped: i32,
    /// The first image's thumbnail, when the product has images.
    pub thumbnail_url: Option<String>,
    /// When the county certified it.
    pub listed_at: DateTime<Utc>,
}

/// Facet counts: value → number of matching products.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProductFacets {
    pub category: BTreeMap<String, u64>,
    /// Counts by the region one level below the filtered region (provinces when unfiltered).
    pub region: BTreeMap<String, u64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProductSearchResponse {
    pub hits: Vec<ProductHit>,
    pub total: u64,
    pub facets: ProductFacets,
    /// Names of the regions in `facets.region`.
    pub region_names: BTreeMap<String, String>,
    pub page: u32,
    pub per_page: u32,
    /// When nothing was found: up to three other queries (words dropped, or a synonym) that find
    /// something with the same filters, each checked against the engine. Empty otherwise.
    pub suggestions: Vec<Suggestion>,
}

fn hit(p: Product, thumbnail: Option<&ProductImage>) -> ProductHit {
    ProductHit {
        id: p.id,
        // Public: names and numbers in the text masked, as in the index.
        title: personal_data::mask(&p.title, &[]),
        category: p.category,
        unit: p.unit,
        price_fen: p.price_fen,
        stock: p.stock,
        region_code: p.region_code,
        households_helped: p.households_helped,
        thumbnail_url: thumbnail.map(|i| media_url(&i.thumb_key)),
        listed_at: p.certified_at.unwrap_or(p.created_at),
    }
}

#[utoipa::path(
    get, path = "/api/v1/products/search", tag = "search",
    params(ProductSearchParams),
    responses(
        (status = 200, description = "Matching listed products with facet counts", body = ProductSearchResponse),
        (status = 400, description = "validation_failed (unknown category or sort, paging out of range: every bad parameter in one answer); invalid_region_code", body = crate::error::Problem),
        (status = 503, description = "search_unavailable", body = crate::error::Problem),
    )
)]
pub async fn search_products(
    state: web::Data<AppState>,
    params: web::Query<ProductSearchParams>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let categories = parse_list(
        params.category.as_deref(),
        "category",
        ProductCategory::parse,
        &mut errors,
    );
    let sort = parse_sort(IndexName::Products, params.sort.as_deref(), &mut errors);
    let page = PageQuery::check(params.page, params.per_page, &mut errors);
    if errors.is_empty() {
        check_page(&page, &mut errors);
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let region: Option<RegionCode> = params.region.as_deref().map(parse_code).transpose()?;
    let query = SearchQuery {
        text: query_text(params.q.as_deref()),
        categories: categories.iter().map(|c| c.as_str().to_owned()).collect(),
        region: region.as_ref().map(|r| r.as_str().to_owned()),
        has_remaining: params.in_stock,
        sort,
        offset: page.offset() as usize,
        limit: page.per_page as usize,
        ..SearchQuery::default()
    };
    let found = state
        .search
        .search_products(query.clone())
        .await
        .map_err(unavailable)?;
    let suggestions = suggestions_if_empty(
        state.search.as_ref(),
        IndexName::Products,
        &query,
        found.total,
    )
    .await;
    let mut conn = state.pool.get().await?;
    let ids: Vec<Uuid> = found.ids.iter().filter_map(|i| i.parse().ok()).collect();
    let mut rows = products::find_many(&mut conn, &ids).await?;
    // Keep the engine's order, and only what is still listed.
    rows.retain(|p| p.status == ProductStatus::Listed);
    rows.sort_by_key(|p| ids.iter().position(|i| *i == p.id));
    let region_names = region_names(&mut conn, &found.facets).await?;
    // The first image of each hit, in one query for the page.
    let thumbnails = product_images::first_of(&mut conn, &ids).await?;
    Ok(HttpResponse::Ok().json(ProductSearchResponse {
        hits: rows
            .into_iter()
            .map(|p| {
                let thumbnail = thumbnails.get(&p.id);
                hit(p, thumbnail)
            })
            .collect(),
        total: found.total,
        facets: ProductFacets {
            category: found.facets.category,
            region: found.facets.region,
        },
        region_names,
        page: page.page,
        per_page: page.per_page,
        suggestions,
    }))
}
