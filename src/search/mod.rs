//! Search: one trait ([`SearchEngine`]) the rest of Bangfu uses, the settings every engine shares
//! (`search/` at the top of the repository), the documents (built from public views only), and the
//! outbox jobs that keep the index in step with PostgreSQL.

pub mod document;
pub mod embedded;
pub mod feed;
pub mod indexing;
pub mod job_document;
pub mod meili;
mod meili_filter;
mod meili_http;
mod meili_settings;
mod meili_tasks;
pub mod ops;
pub mod product_document;
pub mod query;
pub mod readonly;
pub mod settings;
pub mod suggest;
mod sync;
pub mod tasks;
pub mod text;

use document::{NeedDocument, OfferDocument};
use futures_util::future::BoxFuture;
use job_document::JobDocument;
use product_document::ProductDocument;
use query::{Hits, IndexName, SearchQuery};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search engine: {0}")]
    Engine(String),
}

/// What became of a write: `Some(task uid)` when the engine accepted it and applies it later
/// (Meilisearch), so its outcome is checked afterwards ([`tasks`]); `None` when it was applied at
/// once (embedded), or when the engine checks it itself ([`SearchEngine::flush`] of a rebuild).
pub type Accepted = Option<u32>;

/// What Bangfu asks of a search engine: four indexes, needs, offers, products and job postings.
pub trait SearchEngine: Send + Sync {
    fn name(&self) -> &'static str;
    fn upsert_needs(&self, docs: Vec<NeedDocument>)
        -> BoxFuture<'_, Result<Accepted, SearchError>>;
    fn upsert_offers(
        &self,
        docs: Vec<OfferDocument>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>>;
    fn upsert_products(
        &self,
        docs: Vec<ProductDocument>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>>;
    fn upsert_jobs(&self, docs: Vec<JobDocument>) -> BoxFuture<'_, Result<Accepted, SearchError>>;
    fn delete(
        &self,
        index: IndexName,
        ids: Vec<String>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>>;
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

    /// Sends what a rebuild's staging engine still buffers and waits until every write it sent is
    /// applied; an error when the engine refused one (then the staging copy must not be swapped in).
    fn flush(&self) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(async { Ok(()) })
    }

    /// The states of tasks this engine accepted earlier (see [`Accepted`]); tasks it no longer
    /// knows are left out. Engines that apply writes at once have none.
    fn task_states(
        &self,
        _uids: Vec<u32>,
    ) -> BoxFuture<'_, Result<Vec<tasks::TaskState>, SearchError>> {
        Box::pin(async { Ok(Vec::new()) })
    }

    fn search_needs(&self, query: SearchQuery) -> BoxFuture<'_, Result<Hits, SearchError>> {
        self.search(IndexName::Needs, query)
    }
    fn search_offers(&self, query: SearchQuery) -> BoxFuture<'_, Result<Hits, SearchError>> {
        self.search(IndexName::Offers, query)
    }
    fn search_products(&self, query: SearchQuery) -> BoxFuture<'_, Result<Hits, SearchError>> {
        self.search(IndexName::Products, query)
    }
    fn search_jobs(&self, query: SearchQuery) -> BoxFuture<'_, Result<Hits, SearchError>> {
        self.search(IndexName::Jobs, query)
    }
}

pub type Engine = Arc<dyn SearchEngine>;

impl SearchEngine for embedded::EmbeddedSearch {
    fn name(&self) -> &'static str {
        "embedded"
    }

    fn upsert_needs(
        &self,
        docs: Vec<NeedDocument>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        let this = self.clone();
        Box::pin(async move {
            blocking(move || this.upsert_needs_blocking(&docs)).await?;
            Ok(None)
        })
    }

    fn upsert_offers(
        &self,
        docs: Vec<OfferDocument>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        let this = self.clone();
        Box::pin(async move {
            blocking(move || this.upsert_offers_blocking(&docs)).await?;
            Ok(None)
        })
    }

    fn upsert_products(
        &self,
        docs: Vec<ProductDocument>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        let this = self.clone();
        Box::pin(async move {
            blocking(move || this.upsert_products_blocking(&docs)).await?;
            Ok(None)
        })
    }

    fn upsert_jobs(&self, docs: Vec<JobDocument>) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        let this = self.clone();
        Box::pin(async move {
            blocking(move || this.upsert_jobs_blocking(&docs)).await?;
            Ok(None)
        })
    }

    fn delete(
        &self,
        index: IndexName,
        ids: Vec<String>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        let this = self.clone();
        Box::pin(async move {
            blocking(move || this.delete_blocking(index, &ids)).await?;
            Ok(None)
        })
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
    // jieba loads its dictionary on first use (seconds in a debug build): load it now, beside the
    // start-up, so the first change the feed brings or the first search does not wait for it.
    std::thread::spawn(|| text::cut("预热", false));
    Ok(Arc::new(engine))
}
