//! Search: one trait ([`SearchEngine`]) the rest of Bangfu uses, the settings every engine shares
//! (`search/` at the top of the repository), the documents (built from public views only), and the
//! outbox jobs that keep the index in step with PostgreSQL.

pub mod document;
pub mod embedded;
pub mod indexing;
pub mod meili;
pub mod query;
pub mod settings;
pub mod suggest;
pub mod text;

use document::{NeedDocument, OfferDocument};
use futures_util::future::BoxFuture;
use query::{Hits, IndexName, SearchQuery};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search engine: {0}")]
    Engine(String),
}

/// What Bangfu asks of a search engine: two indexes, needs and offers.
pub trait SearchEngine: Send + Sync {
    fn name(&self) -> &'static str;
    fn upsert_needs(&self, docs: Vec<NeedDocument>) -> BoxFuture<'_, Result<(), SearchError>>;
    fn upsert_offers(&self, docs: Vec<OfferDocument>) -> BoxFuture<'_, Result<(), SearchError>>;
    fn delete(&self, index: IndexName, ids: Vec<String>) -> BoxFuture<'_, Result<(), SearchError>>;
    fn search(
        &self,
        index: IndexName,
        query: SearchQuery,
    ) -> BoxFuture<'_, Result<Hits, SearchError>>;
    /// Every document in the index, with the version it was written at.
    fn versions(&self, index: IndexName) -> BoxFuture<'_, Result<Vec<(String, i64)>, SearchError>>;
    fn ping(&self) -> BoxFuture<'_, bool>;

    /// For a rebuild without downtime: an engine writing into an empty staging copy of `index`,
    /// or `None` when the engine rebuilds in place (the embedded engine: each batch replaces its
    /// documents in one commit, and stale ones are deleted afterwards).
    fn staging(&self, _index: IndexName) -> BoxFuture<'_, Result<Option<Engine>, SearchError>> {
        Box::pin(async { Ok(None) })
    }

    /// Makes a filled staging copy the live index.
    fn swap_in(&self, _index: IndexName) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(async { Ok(()) })
    }

    fn search_needs(&self, query: SearchQuery) -> BoxFuture<'_, Result<Hits, SearchError>> {
        self.search(IndexName::Needs, query)
    }
    fn search_offers(&self, query: SearchQuery) -> BoxFuture<'_, Result<Hits, SearchError>> {
        self.search(IndexName::Offers, query)
    }
}

pub type Engine = Arc<dyn SearchEngine>;

impl SearchEngine for embedded::EmbeddedSearch {
    fn name(&self) -> &'static str {
        "embedded"
    }

    fn upsert_needs(&self, docs: Vec<NeedDocument>) -> BoxFuture<'_, Result<(), SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.upsert_needs_blocking(&docs)).await })
    }

    fn upsert_offers(&self, docs: Vec<OfferDocument>) -> BoxFuture<'_, Result<(), SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.upsert_offers_blocking(&docs)).await })
    }

    fn delete(&self, index: IndexName, ids: Vec<String>) -> BoxFuture<'_, Result<(), SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.delete_blocking(index, &ids)).await })
    }

    fn search(
        &self,
        index: IndexName,
        query: SearchQuery,
    ) -> BoxFuture<'_, Result<Hits, SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.search_blocking(index, &query)).await })
    }

    fn versions(&self, index: IndexName) -> BoxFuture<'_, Result<Vec<(String, i64)>, SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.versions_blocking(index)).await })
    }

    fn ping(&self) -> BoxFuture<'_, bool> {
        Box::pin(async { true })
    }
}

async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, SearchError> + Send + 'static,
) -> Result<T, SearchError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| SearchError::Engine(e.to_string()))?
}

/// The engine the configuration asks for: Meilisearch when `MEILI_URL` is set, otherwise the
/// embedded engine in the data directory.
pub async fn open(config: &crate::config::Config) -> anyhow::Result<Engine> {
    let settings = settings::SearchSettings::bundled().map_err(|e| anyhow::anyhow!(e))?;
    if let Some(url) = &config.meili_url {
        let key = config
            .meili_master_key
            .as_ref()
            .map(|k| k.expose().to_owned());
        let engine =
            meili::MeiliSearch::connect(url, key.as_deref(), settings, &config.meili_index_prefix)
                .await
                .map_err(|e| anyhow::anyhow!("MEILI_URL: {e}"))?;
        return Ok(Arc::new(engine));
    }
    let engine = embedded::EmbeddedSearch::open(&config.data_dir.join("search"), settings)?;
    Ok(Arc::new(engine))
}
