//! The embedded engine's search: Meilisearch's matching strategy `last` and its `words` rule, the
//! sorts, paging and facet counts.
//!
//! `last`: documents matching every word come first, then those matching all but the last word,
//! and so on down to those matching the first word only (the words are dropped from the end). So
//! the hits are every document matching the first word, in buckets: bucket k holds the documents
//! matching words 1..=k but not 1..=k+1, and inside a bucket the word scores (typo, attribute,
//! exactness; see `words.rs`) or the requested sort decide.

use super::super::query::{level_of, Facets, Hits, IndexName, SearchQuery, Sort};
use super::super::text::{
    join_synonym_ngrams, query_text, query_words, QueryWord, MAX_QUERY_WORDS,
};
use super::super::SearchError;
use super::schema::{err, Collection, LEVELS};
use super::EmbeddedSearch;
use std::collections::BTreeMap;
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::agg_result::AggregationResults;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::{Collector, Count, TopDocs};
use tantivy::query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::{DocAddress, Order, Searcher, TantivyDocument};

/// Hits with their scores, best first.
type Scored = Vec<(f32, DocAddress)>;

/// Added to the scores of bucket k, so scores fall from bucket to bucket.
const BUCKET: f32 = 10_000.0;

impl EmbeddedSearch {
    /// Documents matching the filters and the first `k` words (all of them when `k` is the
    /// number of words); with `any_word`, the filters and any of the words.
    fn conjunction(
        &self,
        c: &Collection,
        q: &SearchQuery,
        words: &[QueryWord],
        k: usize,
    ) -> Box<dyn Query> {
        let mut clauses = Self::filters(c, q);
        let occur = if q.any_word {
            Occur::Should
        } else {
            Occur::Must
        };
        for w in &words[..k] {
            clauses.push((occur, self.word_query(c, w, q.any_word)));
            if q.sort == Sort::Relevance {
                clauses.push((Occur::Should, Self::tie_break(c, w)));
            }
        }
        if clauses.is_empty() {
            return Box::new(AllQuery);
        }
        if words.is_empty() {
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(AllQuery), 0.0)),
            ));
        }
        Box::new(BooleanQuery::new(clauses))
    }

    pub fn search_blocking(&self, index: IndexName, q: &SearchQuery) -> Result<Hits, SearchError> {
        let c = self.collection(index);
        let searcher = c.reader.searcher();
        let synonyms = &self.inner.settings.synonyms;
        let mut words = join_synonym_ngrams(
            query_words(&query_text(&q.text), &self.inner.stop_words),
            |w| synonyms.contains_key(w),
        );
        if !q.any_word {
            words.truncate(MAX_QUERY_WORDS);
        }
        let n = words.len();
        // Every hit matches the first word (or, with `any_word`, any word; or, without words,
        // only the filters): the count and the facets come from that query.
        let universe = self.conjunction(c, q, &words, if q.any_word { n } else { n.min(1) });
        let counting = facet_collector(index, q)?;
        let page = (q.offset, q.limit);
        let (mut scored, (total, aggs)) = if q.any_word || n <= 1 {
            top(&searcher, universe.as_ref(), q.sort, page, counting)?
        } else {
            let fruit = searcher.search(universe.as_ref(), &counting).map_err(err)?;
            (Vec::new(), fruit)
        };
        if !q.any_word && n > 1 && total > 0 {
            // counts[k] = documents matching the first k words; they nest, so bucket sizes are
            // differences. Counting stops at the first empty one.
            let mut counts = vec![total, total];
            for k in 2..=n {
                let count = searcher
                    .search(self.conjunction(c, q, &words, k).as_ref(), &Count)
                    .map_err(err)?;
                counts.push(count);
                if count == 0 {
                    break;
                }
            }
            counts.resize(n + 2, 0);
            let (mut skip, mut want) = (q.offset, q.limit.max(1));
            for k in (1..=n).rev() {
                let size = counts[k] - counts[k + 1];
                if size == 0 || want == 0 {
                    continue;
                }
                if skip >= size {
                    skip -= size;
                    continue;
                }
                let mut bucket = vec![(Occur::Must, self.conjunction(c, q, &words, k))];
                if counts[k + 1] > 0 {
                    bucket.push((Occur::MustNot, self.conjunction(c, q, &words, k + 1)));
                }
                let bucket = BooleanQuery::new(bucket);
                let (got, _) = top(&searcher, &bucket, q.sort, (skip, want), Count)?;
                want = want.saturating_sub(got.len());
                skip = 0;
                let bonus = if q.sort == Sort::Relevance {
                    BUCKET * k as f32
                } else {
                    0.0
                };
                scored.extend(got.into_iter().map(|(s, a)| (s + bonus, a)));
            }
        }
        let mut ids = Vec::with_capacity(scored.len());
        let mut scores = Vec::with_capacity(scored.len());
        for (score, a) in scored {
            let doc: TantivyDocument = searcher.doc(a).map_err(err)?;
            if let Some(id) = doc
                .get_first(c.fields.id)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
            {
                ids.push(id.to_owned());
                scores.push(score);
            }
        }
        Ok(Hits {
            ids,
            scores,
            total: total as u64,
            facets: facets(&aggs)?,
        })
    }
}

/// The hits `offset..offset + limit` of `query` in the order of `sort` (scores only for
/// relevance), with what `extra` collects in the same pass.
fn top<C: Collector>(
    searcher: &Searcher,
    query: &dyn Query,
    sort: Sort,
    (offset, limit): (usize, usize),
    extra: C,
) -> Result<(Scored, C::Fruit), SearchError> {
    let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
    Ok(match sort {
        Sort::Relevance => searcher
            .search(query, &(top.order_by_score(), extra))
            .map_err(err)?,
        Sort::Urgency
        | Sort::Remaining
        | Sort::PriceAsc
        | Sort::PriceDesc
        | Sort::HouseholdsHelped
        | Sort::PayDesc => {
            let (field, order) = match sort {
                Sort::Urgency => ("urgency_sort", Order::Desc),
                Sort::Remaining => ("remaining_quantity", Order::Desc),
                Sort::PriceAsc => ("price_fen", Order::Asc),
                Sort::PriceDesc => ("price_fen", Order::Desc),
                Sort::PayDesc => ("pay_max_fen", Order::Desc),
                _ => ("households_helped", Order::Desc),
            };
            let by = top.order_by_fast_field::<u64>(field, order);
            unscored(searcher.search(query, &(by, extra)).map_err(err)?)
        }
        // A job posting's closing date is in `deadline`, as an offer's valid_until.
        Sort::Deadline | Sort::Newest | Sort::ValidUntil | Sort::ClosingSoon => {
            let (field, order) = if sort == Sort::Newest {
                ("published_at", Order::Desc)
            } else {
                ("deadline", Order::Asc)
            };
            let by = top.order_by_fast_field::<i64>(field, order);
            unscored(searcher.search(query, &(by, extra)).map_err(err)?)
        }
    })
}

/// Hits sorted by a field carry no score.
fn unscored<K, F>((docs, fruit): (Vec<(K, DocAddress)>, F)) -> (Scored, F) {
    (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), fruit)
}

/// Counts the matching documents and their facets: each filter's values, and the regions one
/// level below the filtered region (provinces when unfiltered).
fn facet_collector(
    index: IndexName,
    q: &SearchQuery,
) -> Result<(Count, AggregationCollector), SearchError> {
    let facet_level = q.region.as_deref().and_then(level_of).map_or(Some(0), |l| {
        if l + 1 < LEVELS.len() {
            Some(l + 1)
        } else {
            None
        }
    });
    let mut aggs = serde_json::json!({
        "category": {"terms": {"field": "category", "size": 100}},
        "status": {"terms": {"field": "status", "size": 10}},
    });
    match index {
        IndexName::Needs => {
            aggs["urgency"] = serde_json::json!({"terms": {"field": "urgency", "size": 10}})
        }
        IndexName::Offers => {
            aggs["verified"] = serde_json::json!({"terms": {"field": "verified", "size": 2}})
        }
        IndexName::Products => {}
        IndexName::Jobs => {
            aggs["skills"] = serde_json::json!({"terms": {"field": "skills", "size": 100}});
            aggs["housing"] = serde_json::json!({"terms": {"field": "housing", "size": 2}});
            aggs["pay_period"] = serde_json::json!({"terms": {"field": "pay_period", "size": 10}});
        }
    }
    if let Some(l) = facet_level {
        aggs["region"] = serde_json::json!({"terms": {"field": LEVELS[l], "size": 1000}});
    }
    let aggs: Aggregations = serde_json::from_value(aggs).map_err(err)?;
    Ok((
        Count,
        AggregationCollector::from_aggs(aggs, Default::default()),
    ))
}

fn facets(result: &AggregationResults) -> Result<Facets, SearchError> {
    let json = serde_json::to_value(result).map_err(err)?;
    let buckets = |name: &str| -> BTreeMap<String, u64> {
        json[name]["buckets"]
            .as_array()
            .map(|b| {
                b.iter()
                    .filter_map(|x| Some((x["key"].as_str()?.to_owned(), x["doc_count"].as_u64()?)))
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Facets {
        category: buckets("category"),
        urgency: buckets("urgency"),
        status: buckets("status"),
        region: buckets("region"),
        verified: buckets("verified"),
        skills: buckets("skills"),
        housing: buckets("housing"),
        pay_period: buckets("pay_period"),
    })
}
