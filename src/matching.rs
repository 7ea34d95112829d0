//! Matching, both ways: candidates come from the search engine (the same category; the need's
//! village inside the offer's service area; the one side's text against the other index), their
//! current state from PostgreSQL, and the order from [`crate::domain::matching::score`].

use crate::domain::matching::{rank, score, MatchFacts, Proximity, Reason};
use crate::domain::need::NeedStatus;
use crate::search::query::{SearchQuery, Sort};
use crate::search::{Engine, SearchError};
use crate::store::needs::Need;
use crate::store::offers::Offer;
use crate::store::users::supporters;
use crate::store::{needs, offers, Conn};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// Candidates read from each index per match request.
pub const CANDIDATES: usize = 500;
/// The text of one side that is searched in the other index.
const TEXT_CHARS: usize = 120;

#[derive(Debug, thiserror::Error)]
pub enum MatchError {
    #[error(transparent)]
    Search(#[from] SearchError),
    #[error(transparent)]
    Database(#[from] diesel::result::Error),
}

pub struct Scored<T> {
    pub score: f64,
    pub reasons: Vec<Reason>,
    pub item: T,
}

fn text_of(title: &str, description: &str) -> String {
    format!("{title} {description}")
        .chars()
        .take(TEXT_CHARS)
        .collect()
}

/// Runs the filter-only query (every candidate) and the text query (relevance) together, and
/// returns the candidate ids with their relevance scaled to 0..=1.
async fn candidates(
    engine: &Engine,
    index: crate::search::query::IndexName,
    filters: SearchQuery,
    text: String,
) -> Result<Vec<(Uuid, f64)>, SearchError> {
    let by_text = SearchQuery {
        text,
        any_word: true,
        sort: Sort::Relevance,
        ..filters.clone()
    };
    let (all, ranked) = futures_util::future::try_join(
        engine.search(index, filters),
        engine.search(index, by_text),
    )
    .await?;
    let best = ranked.scores.iter().copied().fold(0.0f32, f32::max);
    let mut relevance: HashMap<String, f64> = HashMap::new();
    for (id, s) in ranked.ids.iter().zip(&ranked.scores) {
        if best > 0.0 {
            relevance.insert(id.clone(), f64::from(*s / best));
        }
    }
    let mut out: Vec<(Uuid, f64)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for id in ranked.ids.iter().chain(&all.ids) {
        if let Ok(uuid) = id.parse::<Uuid>() {
            if seen.insert(uuid) {
                out.push((uuid, relevance.get(id).copied().unwrap_or(0.0)));
            }
        }
    }
    Ok(out)
}

fn days(d: chrono::Duration) -> f64 {
    d.num_seconds() as f64 / 86_400.0
}

/// Whether an offer's service area holds a need's village.
pub fn serves(offer: &Offer, need: &Need) -> bool {
    offer
        .service_area_code
        .as_deref()
        .is_none_or(|a| need.region_code.starts_with(a))
}

/// Whether a need can take a pledge now.
pub fn is_open(need: &Need, now: DateTime<Utc>) -> bool {
    need.status == NeedStatus::Open && need.quantity > need.pledged_quantity && need.deadline > now
}

fn facts(
    need: &Need,
    offer: &Offer,
    relevance: f64,
    verified: bool,
    now: DateTime<Utc>,
) -> MatchFacts {
    MatchFacts {
        text_relevance: relevance,
        proximity: Proximity::of_area(offer.service_area_code.as_deref()),
        need_remaining: i64::from(need.quantity - need.pledged_quantity),
        offer_remaining: i64::from(offer.quantity - offer.pledged_quantity),
        urgency: need.urgency,
        days_to_deadline: days(need.deadline - now),
        days_waiting: days(now - need.published_at.unwrap_or(need.created_at)),
        verified_supporter: verified,
    }
}

/// Active offers for a need, best first.
pub async fn offers_for_need(
    conn: &mut Conn,
    engine: &Engine,
    need: &Need,
    now: DateTime<Utc>,
) -> Result<Vec<Scored<Offer>>, MatchError> {
    let filters = SearchQuery {
        categories: vec![need.category.as_str().to_owned()],
        region: Some(need.region_code.clone()),
        has_remaining: Some(true),
        valid_after: Some(now.timestamp()),
        sort: Sort::Newest,
        limit: CANDIDATES,
        ..SearchQuery::default()
    };
    let found = candidates(
        engine,
        crate::search::query::IndexName::Offers,
        filters,
        text_of(&need.title, &need.description),
    )
    .await?;
    let ids: Vec<Uuid> = found.iter().map(|(id, _)| *id).collect();
    let relevance: HashMap<Uuid, f64> = found.into_iter().collect();
    let rows: Vec<Offer> = offers::find_many(conn, &ids)
        .await?
        .into_iter()
        .filter(|o| {
            crate::domain::offer::is_public(
                o.status,
                o.valid_until,
                o.quantity - o.pledged_quantity,
                now,
            ) && o.category == need.category
                && serves(o, need)
        })
        .collect();
    let owners: Vec<Uuid> = rows.iter().map(|o| o.owner_id).collect();
    let who = supporters(conn, &owners).await?;
    let mut scored: Vec<(f64, (Vec<Reason>, Offer))> = rows
        .into_iter()
        .map(|o| {
            let verified = who.get(&o.owner_id).is_some_and(|s| s.verified);
            let r = relevance.get(&o.id).copied().unwrap_or(0.0);
            let (s, reasons) = score(&facts(need, &o, r, verified, now));
            (s, (reasons, o))
        })
        .collect();
    rank(&mut scored, |(_, o)| o.id);
    Ok(scored
        .into_iter()
        .map(|(score, (reasons, item))| Scored {
            score,
            reasons,
            item,
        })
        .collect())
}

/// Open needs for an offer, best first.
pub async fn needs_for_offer(
    conn: &mut Conn,
    engine: &Engine,
    offer: &Offer,
    now: DateTime<Utc>,
) -> Result<Vec<Scored<Need>>, MatchError> {
    let filters = SearchQuery {
        categories: vec![offer.category.as_str().to_owned()],
        region: offer.service_area_code.clone(),
        statuses: vec![NeedStatus::Open.as_str().to_owned()],
        has_remaining: Some(true),
        sort: Sort::Urgency,
        limit: CANDIDATES,
        ..SearchQuery::default()
    };
    let found = candidates(
        engine,
        crate::search::query::IndexName::Needs,
        filters,
        text_of(&offer.title, &offer.description),
    )
    .await?;
    let ids: Vec<Uuid> = found.iter().map(|(id, _)| *id).collect();
    let relevance: HashMap<Uuid, f64> = found.into_iter().collect();
    let verified = supporters(conn, &[offer.owner_id])
        .await?
        .get(&offer.owner_id)
        .is_some_and(|s| s.verified);
    let rows: Vec<Need> = needs::find_many(conn, &ids)
        .await?
        .into_iter()
        .filter(|n| is_open(n, now) && n.category == offer.category && serves(offer, n))
        .collect();
    let mut scored: Vec<(f64, (Vec<Reason>, Need))> = rows
        .into_iter()
        .map(|n| {
            let r = relevance.get(&n.id).copied().unwrap_or(0.0);
            let (s, reasons) = score(&facts(&n, offer, r, verified, now));
            (s, (reasons, n))
        })
        .collect();
    rank(&mut scored, |(_, n)| n.id);
    Ok(scored
        .into_iter()
        .map(|(score, (reasons, item))| Scored {
            score,
            reasons,
            item,
        })
        .collect())
}
