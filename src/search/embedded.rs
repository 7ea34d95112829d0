//! The embedded search engine: tantivy with jieba segmentation, in the data directory. It reads the
//! same settings as Meilisearch (`search/`) and answers as Meilisearch does: matching strategy
//! `last` (words dropped from the end until something matches; documents matching more words
//! first), then typos, attribute (Chinese text above pinyin) and exactness; synonyms, stop words,
//! typo tolerance on longer words, a prefix match on the last word, filters, facet counts, sorts
//! and paging.
//!
//! Text is folded to simplified characters before it is indexed or searched (`search::text`), and
//! each title's pinyin is indexed beside it, so 電動輪椅, `lunyi`, `lun yi` and `ddly` find
//! 电动轮椅. Documents are cut by jieba in search mode (a compound such as 学杂费 is indexed as
//! 学杂费 and 杂费), queries in default mode, both without HMM as Meilisearch cuts them.
//!
//! Needs, offers, products and job postings are four tantivy indexes (`needs/`, `offers/`,
//! `products/` and `jobs/` under the engine's directory) with one schema: the fields one kind lacks stay empty, so every query, filter, facet and sort is
//! written once. `schema.rs` holds the indexes and documents, `words.rs` the queries, `ranking.rs`
//! the search itself.

mod ranking;
mod schema;
mod words;

use super::document::{NeedDocument, OfferDocument};
use super::job_document::JobDocument;
use super::product_document::ProductDocument;
use super::query::IndexName;
use super::settings::SearchSettings;
use super::SearchError;
use schema::Collection;
use std::collections::HashSet;
use std::path::Path;
use std::sync::Arc;

struct Inner {
    needs: Collection,
    offers: Collection,
    products: Collection,
    jobs: Collection,
    settings: SearchSettings,
    stop_words: HashSet<String>,
}

#[derive(Clone)]
pub struct EmbeddedSearch {
    inner: Arc<Inner>,
}

impl EmbeddedSearch {
    /// Opens (or creates) the indexes under `dir`.
    pub fn open(dir: &Path, settings: SearchSettings) -> Result<Self, SearchError> {
        let needs = Collection::open(&dir.join("needs"), IndexName::Needs, &settings.stop_words)?;
        let offers =
            Collection::open(&dir.join("offers"), IndexName::Offers, &settings.stop_words)?;
        let products = Collection::open(
            &dir.join("products"),
            IndexName::Products,
            &settings.stop_words,
        )?;
        let jobs = Collection::open(&dir.join("jobs"), IndexName::Jobs, &settings.stop_words)?;
        let stop_words = settings.stop_word_set();
        Ok(Self {
            inner: Arc::new(Inner {
                needs,
                offers,
                products,
                jobs,
                settings,
                stop_words,
            }),
        })
    }

    fn collection(&self, name: IndexName) -> &Collection {
        match name {
            IndexName::Needs => &self.inner.needs,
            IndexName::Offers => &self.inner.offers,
            IndexName::Products => &self.inner.products,
            IndexName::Jobs => &self.inner.jobs,
        }
    }

    pub fn upsert_needs_blocking(&self, docs: &[NeedDocument]) -> Result<(), SearchError> {
        let c = &self.inner.needs;
        let out = docs
            .iter()
            .map(|d| {
                let doc = schema::need(&c.fields, d, &self.inner.stop_words);
                (d.id.clone(), doc)
            })
            .collect();
        c.write(out)
    }

    pub fn upsert_offers_blocking(&self, docs: &[OfferDocument]) -> Result<(), SearchError> {
        let c = &self.inner.offers;
        let out = docs
            .iter()
            .map(|d| {
                let doc = schema::offer(&c.fields, d, &self.inner.stop_words);
                (d.id.clone(), doc)
            })
            .collect();
        c.write(out)
    }

    pub fn upsert_products_blocking(&self, docs: &[ProductDocument]) -> Result<(), SearchError> {
        let c = &self.inner.products;
        let out = docs
            .iter()
            .map(|d| {
                let doc = schema::product(&c.fields, d, &self.inner.stop_words);
                (d.id.clone(), doc)
            })
            .collect();
        c.write(out)
    }

    pub fn upsert_jobs_blocking(&self, docs: &[JobDocument]) -> Result<(), SearchError> {
        let c = &self.inner.jobs;
        let out = docs
            .iter()
            .map(|d| {
                let doc = schema::job(&c.fields, d, &self.inner.stop_words);
                (d.id.clone(), doc)
            })
            .collect();
        c.write(out)
    }

    pub fn delete_blocking(&self, index: IndexName, ids: &[String]) -> Result<(), SearchError> {
        self.collection(index).delete(ids)
    }

    pub fn versions_blocking(&self, index: IndexName) -> Result<Vec<(String, i64)>, SearchError> {
        self.collection(index).versions()
    }
}
