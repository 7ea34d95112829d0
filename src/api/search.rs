//! What the needs, offers, products and job searches share: paging limits, sort names, query text, the answer
//! when the engine is down, the names of the regions in the facets, and the suggestions when
//! nothing was found.

use crate::api::extract::Page;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::search::query::{Facets, IndexName, SearchQuery, Sort};
use crate::search::suggest::{suggest, Suggestion};
use crate::search::{SearchEngine, SearchError};
use crate::store::{regions, Conn};
use std::collections::BTreeMap;

/// Engines page through at most this many hits (Meilisearch's `maxTotalHits`).
pub const MAX_HITS: u32 = 10_000;
/// Longer queries are cut here: no engine ranks better on a paragraph.
const MAX_QUERY_CHARS: usize = 200;

pub fn check_page(page: &Page, errors: &mut Vec<FieldError>) {
    if page.page.saturating_mul(page.per_page) > MAX_HITS {
        errors.push(FieldError::new(
            "page",
            "out_of_range",
            format!("search pages through the first {MAX_HITS} hits"),
        ));
    }
}

pub fn parse_sort(index: IndexName, raw: Option<&str>, errors: &mut Vec<FieldError>) -> Sort {
    let names = match index {
        IndexName::Needs => "relevance, urgency, deadline, newest, remaining",
        IndexName::Offers => "relevance, newest, valid_until, remaining",
        IndexName::Products => "relevance, price_asc, price_desc, newest, households_helped",
        IndexName::Jobs => "relevance, pay_desc, newest, closing_soon",
    };
    match raw {
        None => Sort::Relevance,
        Some(s) => Sort::parse(index, s).unwrap_or_else(|| {
            errors.push(FieldError::new(
                "sort",
                "invalid_sort",
                format!("one of {names}"),
            ));
            Sort::Relevance
        }),
    }
}

pub fn query_text(q: Option<&str>) -> String {
    q.unwrap_or("").chars().take(MAX_QUERY_CHARS).collect()
}

/// The engine failed: 503 `search_unavailable`, with a hint to retry (the cause goes to the log).
pub fn unavailable(e: SearchError) -> ApiError {
    tracing::warn!(error = %e, "search failed");
    ApiError::new(
        ErrorCode::SearchUnavailable,
        "search is unavailable right now; try again shortly",
    )
    .with_retry_after(5)
}

/// Names of the regions counted in `facets.region`, so a client can label the drill-down.
pub async fn region_names(conn: &mut Conn, facets: &Facets) -> ApiResult<BTreeMap<String, String>> {
    let codes: Vec<RegionCode> = facets
        .region
        .keys()
        .map(|c| RegionCode::from_trusted(c.clone()))
        .collect();
    Ok(regions::find_many(conn, &codes)
        .await?
        .into_iter()
        .map(|r| (r.code, r.name))
        .collect())
}

/// When `query` found nothing (and asked for words): queries that would find something with the
/// same filters. A failure here only costs the suggestions, never the answer.
pub async fn suggestions_if_empty(
    engine: &dyn SearchEngine,
    index: IndexName,
    query: &SearchQuery,
    total: u64,
) -> Vec<Suggestion> {
    if total > 0 || query.text.trim().is_empty() {
        return vec![];
    }
    suggest(engine, index, query).await.unwrap_or_else(|e| {
        tracing::warn!(error = %e, "search suggestions failed");
        vec![]
    })
}
