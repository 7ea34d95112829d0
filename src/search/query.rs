//! A search request and its answer, independent of the engine and shared by both indexes.

use serde::Serialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// The indexes Bangfu keeps.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum IndexName {
    Needs,
    Offers,
    Products,
    /// Job postings (就业扶贫): open postings only.
    Jobs,
}

impl IndexName {
    /// Every index, in the order rebuilds and checks go through them.
    pub const ALL: [IndexName; 4] = [Self::Needs, Self::Offers, Self::Products, Self::Jobs];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Needs => "needs",
            Self::Offers => "offers",
            Self::Products => "products",
            Self::Jobs => "jobs",
        }
    }

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|i| i.as_str() == name)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Relevance,
    /// Needs: most urgent first, then nearest deadline.
    Urgency,
    /// Needs: nearest deadline first.
    Deadline,
    Newest,
    Remaining,
    /// Offers: the soonest to lapse first.
    ValidUntil,
    /// Products: cheapest first.
    PriceAsc,
    /// Products: dearest first.
    PriceDesc,
    /// Products: helping the most households first.
    HouseholdsHelped,
    /// Jobs: the best paid first (by the top of the pay range).
    PayDesc,
    /// Jobs: the soonest to close first.
    ClosingSoon,
}

impl Sort {
    pub fn name(self) -> &'static str {
        match self {
            Self::Relevance => "relevance",
            Self::Urgency => "urgency",
            Self::Deadline => "deadline",
            Self::Newest => "newest",
            Self::Remaining => "remaining",
            Self::ValidUntil => "valid_until",
            Self::PriceAsc => "price_asc",
            Self::PriceDesc => "price_desc",
            Self::HouseholdsHelped => "households_helped",
            Self::PayDesc => "pay_desc",
            Self::ClosingSoon => "closing_soon",
        }
    }

    /// The sorts an index offers (the keys of `sorts` in its `search/*.json`).
    pub fn parse(index: IndexName, s: &str) -> Option<Self> {
        let sort = match s {
            "relevance" => Self::Relevance,
            "urgency" => Self::Urgency,
            "deadline" => Self::Deadline,
            "newest" => Self::Newest,
            "remaining" => Self::Remaining,
            "valid_until" => Self::ValidUntil,
            "price_asc" => Self::PriceAsc,
            "price_desc" => Self::PriceDesc,
            "households_helped" => Self::HouseholdsHelped,
            "pay_desc" => Self::PayDesc,
            "closing_soon" => Self::ClosingSoon,
            _ => return None,
        };
        let allowed = match index {
            IndexName::Needs => matches!(
                sort,
                Self::Relevance | Self::Urgency | Self::Deadline | Self::Newest | Self::Remaining
            ),
            IndexName::Offers => matches!(
                sort,
                Self::Relevance | Self::Newest | Self::ValidUntil | Self::Remaining
            ),
            IndexName::Products => matches!(
                sort,
                Self::Relevance
                    | Self::PriceAsc
                    | Self::PriceDesc
                    | Self::Newest
                    | Self::HouseholdsHelped
            ),
            IndexName::Jobs => matches!(
                sort,
                Self::Relevance | Self::PayDesc | Self::Newest | Self::ClosingSoon
            ),
        };
        allowed.then_some(sort)
    }
}

#[derive(Debug, Clone)]
pub struct SearchQuery {
    pub text: String,
    pub categories: Vec<String>,
    /// Needs only.
    pub urgencies: Vec<String>,
    pub statuses: Vec<String>,
    /// A region code at any level (its short form). Needs: the need lies in it. Offers: the service
    /// area lies in it or covers it (an offer for the whole county serves each of its villages).
    pub region: Option<String>,
    /// Needs and offers: quantity left; products: in stock.
    pub has_remaining: Option<bool>,
    /// Offers only: the supporter's organization is verified.
    pub verified: Option<bool>,
    /// Offers and jobs: valid after this moment (Unix seconds), so a lapsed offer or posting is
    /// never found even before the expiry job removes it.
    pub valid_after: Option<i64>,
    /// Jobs only: postings asking for any of these skills.
    pub skills: Vec<String>,
    /// Jobs only: housing provided (or not).
    pub housing: Option<bool>,
    /// Jobs only: paid by any of these periods.
    pub pay_periods: Vec<String>,
    /// Jobs only: the top of the pay range is at least this (fen).
    pub pay_min_fen: Option<u64>,
    /// Documents matching any query word (ranked by how well they match) instead of all of them:
    /// matching uses it to score candidates by text.
    pub any_word: bool,
    pub sort: Sort,
    pub offset: usize,
    pub limit: usize,
}

impl Default for SearchQuery {
    fn default() -> Self {
        Self {
            text: String::new(),
            categories: vec![],
            urgencies: vec![],
            statuses: vec![],
            region: None,
            has_remaining: None,
            verified: None,
            valid_after: None,
            skills: vec![],
            housing: None,
            pay_periods: vec![],
            pay_min_fen: None,
            any_word: false,
            sort: Sort::Relevance,
            offset: 0,
            limit: 20,
        }
    }
}

/// Facet counts: value → number of matching documents.
#[derive(Debug, Clone, Default, PartialEq, Serialize, ToSchema)]
pub struct Facets {
    pub category: BTreeMap<String, u64>,
    /// Needs only.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub urgency: BTreeMap<String, u64>,
    pub status: BTreeMap<String, u64>,
    /// Counts by the region one level below the filtered region (provinces when unfiltered).
    pub region: BTreeMap<String, u64>,
    /// Offers only: "true" and "false".
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub verified: BTreeMap<String, u64>,
    /// Jobs only (their own answer shows them): skills asked for, "true"/"false" for housing, pay
    /// periods.
    #[serde(skip)]
    pub skills: BTreeMap<String, u64>,
    #[serde(skip)]
    pub housing: BTreeMap<String, u64>,
    #[serde(skip)]
    pub pay_period: BTreeMap<String, u64>,
}

#[derive(Debug, Clone)]
pub struct Hits {
    pub ids: Vec<String>,
    /// Relevance scores of `ids` in the engine's own scale (equal length); 0 when sorted otherwise.
    pub scores: Vec<f32>,
    pub total: u64,
    pub facets: Facets,
}

/// The level (0 province … 4 village) of a region code's short form.
pub fn level_of(code: &str) -> Option<usize> {
    match code.len() {
        2 => Some(0),
        4 => Some(1),
        6 => Some(2),
        9 => Some(3),
        12 => Some(4),
        _ => None,
    }
}

/// The code and its ancestors, province first (`411224101` → 41, 4112, 411224, 411224101).
pub fn ancestry_of(code: &str) -> Vec<String> {
    [2, 4, 6, 9, 12]
        .into_iter()
        .filter_map(|n| code.get(..n))
        .map(str::to_owned)
        .collect()
}

/// What an offer's service area holds for "the whole country".
pub const WHOLE_COUNTRY: &str = "CN";
