//! The embedded search engine: tantivy with jieba segmentation, in the data directory. It reads the
//! same settings as Meilisearch (`search/`): synonyms, stop words, typo tolerance on longer words, a
//! prefix match on the last word, filters, facet counts, sorts and paging.
//!
//! Documents are indexed in jieba's search mode (a compound such as 学杂费 is indexed as 学杂费 and
//! 杂费) and queries are cut in default mode, so a query word matches whole words and the compounds
//! that contain them (轮椅 finds 电动轮椅).
//!
//! Needs and offers are two tantivy indexes (`needs/` and `offers/` under the engine's directory)
//! with one schema: the fields one kind lacks stay empty, so every query, filter, facet and sort is
//! written once.

use super::document::{NeedDocument, OfferDocument};
use super::query::{level_of, Facets, Hits, IndexName, SearchQuery, Sort, WHOLE_COUNTRY};
use super::settings::SearchSettings;
use super::SearchError;
use std::collections::BTreeMap;
use std::ops::Bound;
use std::path::Path;
use std::sync::{Arc, Mutex};
use tantivy::aggregation::agg_req::Aggregations;
use tantivy::aggregation::AggregationCollector;
use tantivy::collector::Count;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, RangeQuery,
    TermQuery,
};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};
use tantivy::tokenizer::{LowerCaser, StopWordFilter, TextAnalyzer};
use tantivy::{
    doc, DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term,
};

const INDEX_TOKENIZER: &str = "zh_index";
const QUERY_TOKENIZER: &str = "zh_query";
const LEVELS: [&str; 5] = [
    "r_province",
    "r_city",
    "r_county",
    "r_township",
    "r_village",
];

struct Fields {
    id: Field,
    title: Field,
    description: Field,
    places: Field,
    category: Field,
    urgency: Field,
    status: Field,
    verified: Field,
    area: Field,
    levels: [Field; 5],
    has_remaining: Field,
    urgency_sort: Field,
    deadline: Field,
    published_at: Field,
    remaining_quantity: Field,
    version: Field,
}

/// One index (needs or offers) with its writer and reader.
struct Collection {
    name: IndexName,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
    fields: Fields,
}

struct Inner {
    needs: Collection,
    offers: Collection,
    settings: SearchSettings,
    query_analyzer: Mutex<TextAnalyzer>,
}

#[derive(Clone)]
pub struct EmbeddedSearch {
    inner: Arc<Inner>,
}

fn analyzer(search_mode: bool, stop_words: &[String]) -> TextAnalyzer {
    let mut jieba = tantivy_jieba::JiebaTokenizer::new();
    jieba.set_search_mode(search_mode);
    TextAnalyzer::builder(jieba)
        .filter(LowerCaser)
        .filter(StopWordFilter::remove(stop_words.to_vec()))
        .build()
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(INDEX_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let keyword = STRING | FAST;
    let fields = Fields {
        id: b.add_text_field("id", STRING | STORED),
        title: b.add_text_field("title", text.clone()),
        description: b.add_text_field("description", text.clone()),
        places: b.add_text_field("places", text),
        category: b.add_text_field("category", keyword.clone()),
        urgency: b.add_text_field("urgency", keyword.clone()),
        status: b.add_text_field("status", keyword.clone()),
        verified: b.add_text_field("verified", keyword.clone()),
        area: b.add_text_field("area", STRING),
        levels: LEVELS.map(|name| b.add_text_field(name, keyword.clone())),
        has_remaining: b.add_u64_field("has_remaining", INDEXED | FAST),
        urgency_sort: b.add_u64_field("urgency_sort", FAST),
        // A need's deadline, an offer's valid_until.
        deadline: b.add_i64_field("deadline", INDEXED | FAST),
        published_at: b.add_i64_field("published_at", FAST),
        remaining_quantity: b.add_u64_field("remaining_quantity", FAST),
        version: b.add_i64_field("version", STORED),
    };
    (b.build(), fields)
}

fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(e.to_string())
}

impl Collection {
    fn open(dir: &Path, name: IndexName, stop_words: &[String]) -> Result<Self, SearchError> {
        std::fs::create_dir_all(dir).map_err(err)?;
        let (schema, fields) = schema();
        let directory = tantivy::directory::MmapDirectory::open(dir).map_err(err)?;
        let index = match Index::open_or_create(directory, schema.clone()) {
            Ok(index) => index,
            // An index written by an older build (another schema): the index is derived data, so
            // start it anew; the start-up refill (or `bangfu reindex`) fills it again.
            Err(tantivy::TantivyError::SchemaError(e)) => {
                tracing::warn!(error = %e, dir = %dir.display(), "search index has an older schema: starting it anew");
                std::fs::remove_dir_all(dir).map_err(err)?;
                std::fs::create_dir_all(dir).map_err(err)?;
                Index::create_in_dir(dir, schema).map_err(err)?
            }
            Err(e) => return Err(err(e)),
        };
        index
            .tokenizers()
            .register(INDEX_TOKENIZER, analyzer(true, stop_words));
        index
            .tokenizers()
            .register(QUERY_TOKENIZER, analyzer(false, stop_words));
        let writer = index.writer(30_000_000).map_err(err)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()
            .map_err(err)?;
        Ok(Self {
            name,
            reader,
            writer: Mutex::new(writer),
            fields,
        })
    }

    /// Replaces the documents with these ids (delete, then add) and commits: readers see all of a
    /// batch or none of it.
    fn write(&self, docs: Vec<(String, TantivyDocument)>) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for (id, doc) in docs {
            writer.delete_term(Term::from_field_text(self.fields.id, &id));
            writer.add_document(doc).map_err(err)?;
        }
        writer.commit().map_err(err)?;
        drop(writer);
        self.reader.reload().map_err(err)
    }

    fn delete(&self, ids: &[String]) -> Result<(), SearchError> {
        let mut writer = self.writer.lock().unwrap_or_else(|p| p.into_inner());
        for id in ids {
            writer.delete_term(Term::from_field_text(self.fields.id, id));
        }
        writer.commit().map_err(err)?;
        drop(writer);
        self.reader.reload().map_err(err)
    }

    fn versions(&self) -> Result<Vec<(String, i64)>, SearchError> {
        let searcher = self.reader.searcher();
        let docs = searcher
            .search(&AllQuery, &tantivy::collector::DocSetCollector)
            .map_err(err)?;
        let mut out = Vec::with_capacity(docs.len());
        for a in docs {
            let doc: TantivyDocument = searcher.doc(a).map_err(err)?;
            let id = doc
                .get_first(self.fields.id)
                .and_then(|v| tantivy::schema::Value::as_str(&v))
                .map(str::to_owned);
            let v = doc
                .get_first(self.fields.version)
                .and_then(|v| tantivy::schema::Value::as_i64(&v))
                .unwrap_or(0);
            if let Some(id) = id {
                out.push((id, v));
            }
        }
        Ok(out)
    }
}

/// The key of "most urgent": urgency first, then the nearest deadline.
fn urgency_key(rank: u64, deadline: i64) -> u64 {
    let max = (1u64 << 40) - 1;
    (rank << 40) | (max - (deadline.max(0) as u64).min(max))
}

impl EmbeddedSearch {
    /// Opens (or creates) both indexes under `dir`.
    pub fn open(dir: &Path, settings: SearchSettings) -> Result<Self, SearchError> {
        let needs = Collection::open(&dir.join("needs"), IndexName::Needs, &settings.stop_words)?;
        let offers =
            Collection::open(&dir.join("offers"), IndexName::Offers, &settings.stop_words)?;
        let query_analyzer = Mutex::new(analyzer(false, &settings.stop_words));
        Ok(Self {
            inner: Arc::new(Inner {
                needs,
                offers,
                settings,
                query_analyzer,
            }),
        })
    }

    fn collection(&self, name: IndexName) -> &Collection {
        match name {
            IndexName::Needs => &self.inner.needs,
            IndexName::Offers => &self.inner.offers,
        }
    }

    fn tokens(&self, text: &str) -> Vec<String> {
        let mut analyzer = self
            .inner
            .query_analyzer
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        let mut stream = analyzer.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token().text.trim().to_owned();
            if !t.is_empty() && t.chars().any(char::is_alphanumeric) {
                out.push(t);
            }
        }
        out
    }

    pub fn upsert_needs_blocking(&self, docs: &[NeedDocument]) -> Result<(), SearchError> {
        let f = &self.inner.needs.fields;
        let out = docs
            .iter()
            .map(|d| {
                let mut doc = doc!(
                    f.id => d.id.as_str(),
                    f.title => d.title.as_str(),
                    f.description => d.description.as_str(),
                    f.places => format!("{} {} {} {}", d.county_name, d.township_name, d.village_name, d.unit),
                    f.category => d.category.as_str(),
                    f.urgency => d.urgency.as_str(),
                    f.status => d.status.as_str(),
                    f.has_remaining => u64::from(d.has_remaining),
                    f.urgency_sort => urgency_key(d.urgency_rank, d.deadline),
                    f.deadline => d.deadline,
                    f.published_at => d.published_at,
                    f.remaining_quantity => d.remaining_quantity,
                    f.version => d.version,
                );
                for (i, code) in d.region_codes.iter().enumerate().take(5) {
                    doc.add_text(f.levels[i], code);
                }
                (d.id.clone(), doc)
            })
            .collect();
        self.inner.needs.write(out)
    }

    pub fn upsert_offers_blocking(&self, docs: &[OfferDocument]) -> Result<(), SearchError> {
        let f = &self.inner.offers.fields;
        let out = docs
            .iter()
            .map(|d| {
                let mut doc = doc!(
                    f.id => d.id.as_str(),
                    f.title => d.title.as_str(),
                    f.description => d.description.as_str(),
                    f.places => format!("{} {} {} {} {}", d.county_name, d.township_name, d.village_name, d.unit, d.supporter),
                    f.category => d.category.as_str(),
                    f.status => d.status.as_str(),
                    f.verified => if d.verified { "true" } else { "false" },
                    f.area => d.area_code.as_str(),
                    f.has_remaining => u64::from(d.has_remaining),
                    f.deadline => d.valid_until,
                    f.published_at => d.published_at,
                    f.remaining_quantity => d.remaining_quantity,
                    f.version => d.version,
                );
                for (i, code) in d.region_codes.iter().enumerate().take(5) {
                    doc.add_text(f.levels[i], code);
                }
                (d.id.clone(), doc)
            })
            .collect();
        self.inner.offers.write(out)
    }

    pub fn delete_blocking(&self, index: IndexName, ids: &[String]) -> Result<(), SearchError> {
        self.collection(index).delete(ids)
    }

    pub fn versions_blocking(&self, index: IndexName) -> Result<Vec<(String, i64)>, SearchError> {
        self.collection(index).versions()
    }

    fn typo(&self, index: IndexName) -> &super::settings::TypoTolerance {
        match index {
            IndexName::Needs => &self.inner.settings.needs.typo_tolerance,
            IndexName::Offers => &self.inner.settings.offers.typo_tolerance,
        }
    }

    /// One query word: the word itself (with typo tolerance when long, as a prefix when last) or any
    /// of its synonyms, in the title (weighted), the description or the place names.
    fn word_query(&self, c: &Collection, word: &str, last: bool, any_word: bool) -> Box<dyn Query> {
        let f = &c.fields;
        // Matching (any word) compares what is asked and offered, not where: place names would
        // let a 村 in a description match every village.
        let fields: &[(Field, f32)] = if any_word {
            &[(f.title, 3.0), (f.description, 1.0)]
        } else {
            &[(f.title, 3.0), (f.description, 1.0), (f.places, 1.0)]
        };
        let typo = self.typo(c.name);
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let chars = word.chars().count();
        let distance = if chars >= typo.min_word_size_for_two_typos {
            2
        } else if chars >= typo.min_word_size_for_one_typo {
            1
        } else {
            0
        };
        for &(field, boost) in fields {
            let term = Term::from_field_text(field, word);
            let q: Box<dyn Query> = if last {
                Box::new(FuzzyTermQuery::new_prefix(term, distance, true))
            } else if distance > 0 {
                Box::new(FuzzyTermQuery::new(term, distance, true))
            } else {
                Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
            };
            alternatives.push((Occur::Should, Box::new(BoostQuery::new(q, boost))));
            // An exact match outranks a typo or a prefix.
            let exact = TermQuery::new(
                Term::from_field_text(field, word),
                IndexRecordOption::WithFreqs,
            );
            alternatives.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(exact), boost)),
            ));
        }
        if let Some(synonyms) = self.inner.settings.synonyms.get(word) {
            for synonym in synonyms {
                let parts = self.tokens(synonym);
                if parts.is_empty() {
                    continue;
                }
                let all: Vec<(Occur, Box<dyn Query>)> = parts
                    .iter()
                    .map(|p| {
                        let any: Vec<(Occur, Box<dyn Query>)> = fields
                            .iter()
                            .map(|&(field, _)| {
                                let q: Box<dyn Query> = Box::new(TermQuery::new(
                                    Term::from_field_text(field, p),
                                    IndexRecordOption::WithFreqs,
                                ));
                                (Occur::Should, q)
                            })
                            .collect();
                        let q: Box<dyn Query> = Box::new(BooleanQuery::new(any));
                        (Occur::Must, q)
                    })
                    .collect();
                alternatives.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(Box::new(BooleanQuery::new(all)), 0.8)),
                ));
            }
        }
        Box::new(BooleanQuery::new(alternatives))
    }

    fn any_of(field: Field, values: &[String]) -> Box<dyn Query> {
        let clauses: Vec<(Occur, Box<dyn Query>)> = values
            .iter()
            .map(|v| {
                let q: Box<dyn Query> = Box::new(TermQuery::new(
                    Term::from_field_text(field, v),
                    IndexRecordOption::Basic,
                ));
                (Occur::Should, q)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// Needs: the need lies in the region. Offers: the service area lies in the region, or covers
    /// it (the area is the region, one of its ancestors, or the whole country).
    fn region_query(c: &Collection, region: &str, level: usize) -> Box<dyn Query> {
        let inside = Self::any_of(c.fields.levels[level], &[region.to_owned()]);
        match c.name {
            IndexName::Needs => inside,
            IndexName::Offers => {
                let mut covering = super::query::ancestry_of(region);
                covering.push(WHOLE_COUNTRY.to_owned());
                Box::new(BooleanQuery::new(vec![
                    (Occur::Should, inside),
                    (Occur::Should, Self::any_of(c.fields.area, &covering)),
                ]))
            }
        }
    }

    fn build_query(&self, c: &Collection, q: &SearchQuery) -> Box<dyn Query> {
        let f = &c.fields;
        // Filters do not score: relevance comes from the words alone.
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        if !q.categories.is_empty() {
            filters.push(Self::any_of(f.category, &q.categories));
        }
        if !q.urgencies.is_empty() {
            filters.push(Self::any_of(f.urgency, &q.urgencies));
        }
        if !q.statuses.is_empty() {
            filters.push(Self::any_of(f.status, &q.statuses));
        }
        if let Some(v) = q.verified {
            let value = if v { "true" } else { "false" };
            filters.push(Self::any_of(f.verified, &[value.to_owned()]));
        }
        if let Some(region) = &q.region {
            if let Some(level) = level_of(region) {
                filters.push(Self::region_query(c, region, level));
            }
        }
        if let Some(r) = q.has_remaining {
            let t = Term::from_field_u64(f.has_remaining, u64::from(r));
            filters.push(Box::new(TermQuery::new(t, IndexRecordOption::Basic)));
        }
        if let Some(after) = q.valid_after {
            let lower = Term::from_field_i64(f.deadline, after);
            filters.push(Box::new(RangeQuery::new(
                Bound::Excluded(lower),
                Bound::Unbounded,
            )));
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = filters
            .into_iter()
            .map(|q| {
                let q: Box<dyn Query> = Box::new(ConstScoreQuery::new(q, 0.0));
                (Occur::Must, q)
            })
            .collect();
        let words = self.tokens(&q.text);
        let ends_with_space = q.text.ends_with(char::is_whitespace);
        // Any word: optional clauses that only rank (with no filter, at least one must match).
        let word_occur = if q.any_word {
            Occur::Should
        } else {
            Occur::Must
        };
        for (i, w) in words.iter().enumerate() {
            clauses.push((
                word_occur,
                self.word_query(c, w, i + 1 == words.len() && !ends_with_space, q.any_word),
            ));
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
        let query = self.build_query(c, q);
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
        }
        if let Some(l) = facet_level {
            aggs["region"] = serde_json::json!({"terms": {"field": LEVELS[l], "size": 1000}});
        }
        let aggs: Aggregations = serde_json::from_value(aggs).map_err(err)?;
        let agg_collector = AggregationCollector::from_aggs(aggs, Default::default());
        let top = tantivy::collector::TopDocs::with_limit(q.limit.max(1)).and_offset(q.offset);
        let (total, scored, agg_result): (usize, Vec<(f32, DocAddress)>, _) = match q.sort {
            Sort::Relevance => searcher
                .search(&query, &(Count, top.order_by_score(), agg_collector))
                .map_err(err)?,
            Sort::Urgency | Sort::Remaining => {
                let field = if q.sort == Sort::Urgency {
                    "urgency_sort"
                } else {
                    "remaining_quantity"
                };
                let (count, docs, aggs) = searcher
                    .search(
                        &query,
                        &(
                            Count,
                            top.order_by_fast_field::<u64>(field, Order::Desc),
                            agg_collector,
                        ),
                    )
                    .map_err(err)?;
                (
                    count,
                    docs.into_iter().map(|(_, a)| (0.0, a)).collect(),
                    aggs,
                )
            }
            Sort::Deadline | Sort::Newest | Sort::ValidUntil => {
                let (field, order) = if q.sort == Sort::Newest {
                    ("published_at", Order::Desc)
                } else {
                    ("deadline", Order::Asc)
                };
                let (count, docs, aggs) = searcher
                    .search(
                        &query,
                        &(
                            Count,
                            top.order_by_fast_field::<i64>(field, order),
                            agg_collector,
                        ),
                    )
                    .map_err(err)?;
                (
                    count,
                    docs.into_iter().map(|(_, a)| (0.0, a)).collect(),
                    aggs,
                )
            }
        };
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
        let json = serde_json::to_value(&agg_result).map_err(err)?;
        let buckets = |name: &str| -> BTreeMap<String, u64> {
            json[name]["buckets"]
                .as_array()
                .map(|b| {
                    b.iter()
                        .filter_map(|x| {
                            Some((x["key"].as_str()?.to_owned(), x["doc_count"].as_u64()?))
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let facets = Facets {
            category: buckets("category"),
            urgency: buckets("urgency"),
            status: buckets("status"),
            region: buckets("region"),
            verified: buckets("verified"),
        };
        Ok(Hits {
            ids,
            scores,
            total: total as u64,
            facets,
        })
    }
}
