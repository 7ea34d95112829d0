//! Search: one trait ([`SearchEngine`]) the rest of Bangfu uses, the settings every engine shares
//! (`search/` at the top of the repository), the documents (built from public views only), and the
//! outbox jobs that keep the index in step with PostgreSQL.

pub mod document;
pub mod embedded;
pub mod indexing;
pub mod meili;
pub mod query;
pub mod settings;

use document::NeedDocument;
use futures_util::future::BoxFuture;
use query::{NeedHits, NeedQuery};
use std::sync::Arc;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search engine: {0}")]
    Engine(String),
}

/// What Bangfu asks of a search engine.
pub trait SearchEngine: Send + Sync {
    fn name(&self) -> &'static str;
    fn upsert_needs(&self, docs: Vec<NeedDocument>) -> BoxFuture<'_, Result<(), SearchError>>;
    fn delete_needs(&self, ids: Vec<String>) -> BoxFuture<'_, Result<(), SearchError>>;
    fn search_needs(&self, query: NeedQuery) -> BoxFuture<'_, Result<NeedHits, SearchError>>;
    /// Every need in the index, with the version it was written at.
    fn need_versions(&self) -> BoxFuture<'_, Result<Vec<(String, i64)>, SearchError>>;

    /// Every need id in the index.
    fn need_ids(&self) -> BoxFuture<'_, Result<Vec<String>, SearchError>> {
        Box::pin(async move {
            Ok(self
                .need_versions()
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect())
        })
    }
    fn ping(&self) -> BoxFuture<'_, bool>;
}

pub type Engine = Arc<dyn SearchEngine>;

impl SearchEngine for embedded::EmbeddedSearch {
    fn name(&self) -> &'static str {
        "embedded"
    }

    fn upsert_needs(&self, docs: Vec<NeedDocument>) -> BoxFuture<'_, Result<(), SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.upsert_blocking(&docs)).await })
    }

    fn delete_needs(&self, ids: Vec<String>) -> BoxFuture<'_, Result<(), SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.delete_blocking(&ids)).await })
    }

    fn search_needs(&self, query: NeedQuery) -> BoxFuture<'_, Result<NeedHits, SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.search_blocking(&query)).await })
    }

    fn need_versions(&self) -> BoxFuture<'_, Result<Vec<(String, i64)>, SearchError>> {
        let this = self.clone();
        Box::pin(async move { blocking(move || this.all_versions_blocking()).await })
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
        let engine = meili::MeiliSearch::connect(url, key.as_deref(), settings, "")
            .await
            .map_err(|e| anyhow::anyhow!("MEILI_URL: {e}"))?;
        return Ok(Arc::new(engine));
    }
    let engine = embedded::EmbeddedSearch::open(&config.data_dir.join("search"), settings)?;
    Ok(Arc::new(engine))
}
