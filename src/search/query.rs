//! A search request and its answer, independent of the engine.

use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sort {
    Relevance,
    Urgency,
    Deadline,
    Newest,
    Remaining,
}

impl Sort {
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "relevance" => Self::Relevance,
            "urgency" => Self::Urgency,
            "deadline" => Self::Deadline,
            "newest" => Self::Newest,
            "remaining" => Self::Remaining,
            _ => return None,
        })
    }
}

#[derive(Debug, Clone)]
pub struct NeedQuery {
    pub text: String,
    pub categories: Vec<String>,
    pub urgencies: Vec<String>,
    pub statuses: Vec<String>,
    /// A region code at any level (its short form).
    pub region: Option<String>,
    pub has_remaining: Option<bool>,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

/// Facet counts: value → number of matching documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Facets {
    pub category: BTreeMap<String, u64>,
    pub urgency: BTreeMap<String, u64>,
    pub status: BTreeMap<String, u64>,
    /// Counts by the region one level below the filtered region (provinces when unfiltered).
    pub region: BTreeMap<String, u64>,
}

#[derive(Debug, Clone)]
pub struct NeedHits {
    pub ids: Vec<String>,
    pub total: u64,
    pub facets: Facets,
}
