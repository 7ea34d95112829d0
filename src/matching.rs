//! Matching, both ways. A need and an offer match only when they are about the same thing:
//! - the text fits: the engine is asked once per word of the one side's title
//!   ([`crate::domain::match_terms::key_terms`], synonyms applied by the engine), within the same
//!   category and the offer's service area, and the other side must come back for at least one word;
//! - the units meet ([`crate::domain::unit::fit`]): money never matches goods.
//!
//! The rows' current state comes from PostgreSQL, and the order from
//! [`crate::domain::matching::score`].

use crate::domain::match_terms::key_terms;
use crate::domain::matching::{rank, score, MatchFacts, Proximity, Reason};
use crate::domain::need::NeedStatus;
use crate::domain::unit::{fit, in_base, Unit, UnitFit};
use crate::search::query::{IndexName, SearchQuery, Sort};
use crate::search::{Engine, SearchError};
use crate::store::needs::Need;
use crate::store::offers::Offer;
use crate::store::users::supporters;
use crate::store::{needs, offers, Conn};
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use uuid::Uuid;

/// Candidates read from the index per word of a match request.
pub const CANDIDATES: usize = 500;

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
    /// The words of the searching side's title the item matched.
    pub matched_terms: Vec<String>,
    /// How the two units meet.
    pub unit_fit: UnitFit,
    pub item: T,
}

/// The words one side is searched by: its title's, or its description's when the title has none.
pub fn terms_of(title: &str, description: &str) -> Vec<String> {
    let terms = key_terms(title);
    if terms.is_empty() {
        key_terms(description)
    } else {
        terms
    }
}

/// One search per word (the trailing space asks for the whole word, not a prefix), all at once;
/// returns each id found with the words that found it, in the words' order.
async fn by_terms(
    engine: &Engine,
    index: IndexName,
    filters: &SearchQuery,
    terms: &[String],
) -> Result<HashMap<Uuid, Vec<String>>, SearchError> {
    let searches = terms.iter().map(|term| {
        engine.search(
            index,
            SearchQuery {
                text: format!("{term} "),
                sort: Sort::Relevance,
                offset: 0,
                limit: CANDIDATES,
                ..filters.clone()
            },
        )
    });
    let found = futures_util::future::try_join_all(searches).await?;
    let mut out: HashMap<Uuid, Vec<String>> = HashMap::new();
    for (term, hits) in terms.iter().zip(found) {
        for id in hits.ids {
            if let Ok(uuid) = id.parse::<Uuid>() {
                let words = out.entry(uuid).or_default();
                if !words.contains(term) {
                    words.push(term.clone());
                }
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

/// How the offer's unit meets the need's (`None`: never a match).
pub fn unit_fit(offer: &Offer, need: &Need) -> Option<UnitFit> {
    fit(&Unit::parse(&offer.unit), &Unit::parse(&need.unit))
}

struct Pair<'a> {
    need: &'a Need,
    offer: &'a Offer,
    relevance: f64,
    unit_fit: UnitFit,
    verified: bool,
}

fn facts(p: &Pair<'_>, now: DateTime<Utc>) -> MatchFacts {
    let (need, offer) = (p.need, p.offer);
    MatchFacts {
        text_relevance: p.relevance,
        unit_fit: p.unit_fit,
        proximity: Proximity::of_area(offer.service_area_code.as_deref()),
        need_remaining: in_base(
            i64::from(need.quantity - need.pledged_quantity),
            &Unit::parse(&need.unit),
        ),
        offer_remaining: in_base(
            i64::from(offer.quantity - offer.pledged_quantity),
            &Unit::parse(&offer.unit),
        ),
        urgency: need.urgency,
        days_to_deadline: days(need.deadline - now),
        days_waiting: days(now - need.published_at.unwrap_or(need.created_at)),
        verified_supporter: p.verified,
    }
}

fn share(matched: usize, of: usize) -> f64 {
    if of == 0 {
        0.0
    } else {
        matched as f64 / of as f64
    }
}

fn ranked<T>(mut scored: Vec<(f64, Scored<T>)>, id: impl Fn(&T) -> Uuid) -> Vec<Scored<T>> {
    rank(&mut scored, |s| id(&s.item));
    scored.into_iter().map(|(_, s)| s).collect()
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
        ..SearchQuery::default()
    };
    let terms = terms_of(&need.title, &need.description);
    let mut found = by_terms(engine, IndexName::Offers, &filters, &terms).await?;
    let ids: Vec<Uuid> = found.keys().copied().collect();
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
    let mut scored = Vec::new();
    for o in rows {
        let Some(unit_fit) = unit_fit(&o, need) else {
            continue;
        };
        let matched_terms = found.remove(&o.id).unwrap_or_default();
        let pair = Pair {
            need,
            offer: &o,
            relevance: share(matched_terms.len(), terms.len()),
            unit_fit,
            verified: who.get(&o.owner_id).is_some_and(|s| s.verified),
        };
        let (s, reasons) = score(&facts(&pair, now));
        scored.push((
            s,
            Scored {
                score: s,
                reasons,
                matched_terms,
                unit_fit,
                item: o,
            },
        ));
    }
    Ok(ranked(scored, |o: &Offer| o.id))
}

/// Open needs for an offer in its service area, best first.
pub async fn needs_for_offer(
    conn: &mut Conn,
    engine: &Engine,
    offer: &Offer,
    now: DateTime<Utc>,
) -> Result<Vec<Scored<Need>>, MatchError> {
    let area = offer.service_area_code.clone().unwrap_or_default();
    needs_for_offer_in(conn, engine, offer, &area, now).await
}

/// Open needs for an offer in a region (a prefix inside its service area; empty: the country), best
/// first.
pub async fn needs_for_offer_in(
    conn: &mut Conn,
    engine: &Engine,
    offer: &Offer,
    region_prefix: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Scored<Need>>, MatchError> {
    let filters = SearchQuery {
        categories: vec![offer.category.as_str().to_owned()],
        region: (!region_prefix.is_empty()).then(|| region_prefix.to_owned()),
        statuses: vec![NeedStatus::Open.as_str().to_owned()],
        has_remaining: Some(true),
        ..SearchQuery::default()
    };
    let terms = terms_of(&offer.title, &offer.description);
    let mut found = by_terms(engine, IndexName::Needs, &filters, &terms).await?;
    let ids: Vec<Uuid> = found.keys().copied().collect();
    let verified = supporters(conn, &[offer.owner_id])
        .await?
        .get(&offer.owner_id)
        .is_some_and(|s| s.verified);
    let rows: Vec<Need> = needs::find_many(conn, &ids)
        .await?
        .into_iter()
        .filter(|n| {
            is_open(n, now)
                && n.category == offer.category
                && serves(offer, n)
                && n.region_code.starts_with(region_prefix)
        })
        .collect();
    let mut scored = Vec::new();
    for n in rows {
        let Some(unit_fit) = unit_fit(offer, &n) else {
            continue;
        };
        let matched_terms = found.remove(&n.id).unwrap_or_default();
        let pair = Pair {
            need: &n,
            offer,
            relevance: share(matched_terms.len(), terms.len()),
            unit_fit,
            verified,
        };
        let (s, reasons) = score(&facts(&pair, now));
        scored.push((
            s,
            Scored {
                score: s,
                reasons,
                matched_terms,
                unit_fit,
                item: n,
            },
        ));
    }
    Ok(ranked(scored, |n: &Need| n.id))
}
