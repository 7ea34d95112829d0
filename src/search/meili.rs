//! The Meilisearch engine, through meilisearch-sdk, used when `MEILI_URL` is set. On start it creates
//! the `needs`, `offers`, `products` and `jobs` indexes when missing and applies the settings from `search/`, waiting for
//! those tasks and failing start-up if Meilisearch refuses them. Document writes are sent without
//! waiting for their tasks (Meilisearch applies tasks in order), so a batch of index jobs is one task;
//! the task's uid goes back to the worker, which records it and checks its outcome later
//! (`meili_tasks.rs`, `search/tasks.rs`). A rebuild fills a staging index with large NDJSON payloads,
//! waits for them and swaps it in, so searches never see a half-built index.

use super::document::{NeedDocument, OfferDocument, SearchText, WithSearchText};
use super::job_document::JobDocument;
use super::meili_http::{self, Bulk, TaskApi};
use super::meili_settings::meili_settings;
use super::product_document::ProductDocument;
use super::query::{level_of, Facets, Hits, IndexName, SearchQuery};
use super::settings::{IndexSettings, SearchSettings};
use super::{Accepted, SearchEngine, SearchError};
use futures_util::future::BoxFuture;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::documents::DocumentsQuery;
use meilisearch_sdk::search::{MatchingStrategies, Selectors};
use meilisearch_sdk::task_info::TaskInfo;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone)]
pub struct MeiliSearch {
    /// One HTTP client (a reqwest pool with keep-alive) shared by every clone of the engine.
    pub(super) client: Client,
    pub(super) tasks: TaskApi,
    /// Prefix of the index uids (tests use one per run).
    pub(super) prefix: String,
    pub(super) settings: SearchSettings,
    /// A rebuild's staging engine buffers its documents here and sends them in large payloads.
    pub(super) bulk: Option<Arc<Bulk>>,
}

pub(super) fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(e.to_string())
}

#[derive(Debug, Deserialize)]
struct IdOnly {
    id: String,
}

#[derive(Debug, Deserialize)]
struct IdVersion {
    id: String,
    #[serde(default)]
    version: i64,
}

impl MeiliSearch {
    /// Connects, creates the indexes when missing and applies the settings (waiting for them).
    pub async fn connect(
        url: &str,
        key: Option<&str>,
        settings: SearchSettings,
        prefix: &str,
    ) -> Result<Self, SearchError> {
        let (client, tasks) = meili_http::clients(url, key)?;
        let this = Self {
            client,
            tasks,
            prefix: prefix.to_owned(),
            settings,
            bulk: None,
        };
        for index in IndexName::ALL {
            this.prepare(&this.uid(index), index).await?;
        }
        Ok(this)
    }

    pub(super) fn uid(&self, index: IndexName) -> String {
        format!("{}{}", self.prefix, index.as_str())
    }

    fn index_settings(&self, index: IndexName) -> &IndexSettings {
        self.settings.of(index)
    }

    /// Sends documents with their derived search text (see [`SearchText`]).
    async fn upsert<T: Serialize + Send + Sync>(
        &self,
        index: IndexName,
        docs: &[T],
        text: impl Fn(&T, &HashSet<String>) -> SearchText,
    ) -> Result<Accepted, SearchError> {
        let stop = self.settings.stop_word_set();
        let docs: Vec<_> = docs
            .iter()
            .map(|doc| WithSearchText {
                doc,
                text: text(doc, &stop),
            })
            .collect();
        self.add(index, &docs).await
    }

    pub(super) async fn wait(
        &self,
        task: TaskInfo,
    ) -> Result<meilisearch_sdk::tasks::Task, SearchError> {
        task.wait_for_completion(
            &self.client,
            Some(Duration::from_millis(50)),
            Some(Duration::from_secs(60)),
        )
        .await
        .map_err(err)
    }

    /// Creates the index `uid` when missing and applies the settings of `index` to it.
    pub(super) async fn prepare(&self, uid: &str, index: IndexName) -> Result<(), SearchError> {
        let created = self
            .client
            .create_index(uid, Some("id"))
            .await
            .map_err(err)?;
        // An index that already exists fails this task; that is fine.
        self.wait(created).await?;
        let task = self
            .client
            .index(uid)
            .set_settings(&meili_settings(self.index_settings(index), &self.settings))
            .await
            .map_err(err)?;
        let done = self.wait(task).await?;
        if done.is_failure() {
            return Err(SearchError::Engine(format!(
                "Meilisearch refused the settings of `{uid}`: {:?}",
                done.unwrap_failure()
            )));
        }
        Ok(())
    }

    /// The Meilisearch filter expression of `q` (also used by the benchmark to ask Meilisearch directly).
    pub fn filter(index: IndexName, q: &SearchQuery) -> String {
        super::meili_filter::filter(index, q)
    }

    async fn search_index(&self, index: IndexName, q: SearchQuery) -> Result<Hits, SearchError> {
        let uid = self.uid(index);
        let meili_index = self.client.index(&uid);
        let filter = Self::filter(index, &q);
        let rules: Vec<&str> = self
            .index_settings(index)
            .sorts
            .get(q.sort.name())
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let facets: &[&str] = match index {
            IndexName::Needs => &["category", "urgency", "status", "region_codes"],
            IndexName::Offers => &["category", "status", "region_codes", "verified"],
            IndexName::Products => &["category", "region_codes"],
            IndexName::Jobs => &["region_codes", "skills", "housing", "pay_period"],
        };
        // Folded as the documents' search fields are (電動輪椅 → 电动轮椅), quantities last.
        let text = super::text::query_text(&q.text);
        let mut query = meili_index.search();
        query
            .with_query(&text)
            .with_page(q.offset / q.limit.max(1) + 1)
            .with_hits_per_page(q.limit.max(1))
            .with_show_ranking_score(true)
            .with_facets(Selectors::Some(facets));
        if !filter.is_empty() {
            query.with_filter(&filter);
        }
        if !rules.is_empty() {
            query.with_sort(&rules);
        }
        // Drop words from the end until documents match, ranked by how many they match (the
        // default, said here because the embedded engine follows it).
        query.with_matching_strategy(MatchingStrategies::LAST);
        let res = query.execute::<IdOnly>().await.map_err(err)?;
        let dist = res.facet_distribution.unwrap_or_default();
        let counts = |name: &str| -> BTreeMap<String, u64> {
            dist.get(name)
                .map(|m| m.iter().map(|(k, v)| (k.clone(), *v as u64)).collect())
                .unwrap_or_default()
        };
        // Region counts one level below the filtered region.
        let (prefix, len) = match q.region.as_deref() {
            None => ("", 2),
            Some(r) => (
                r,
                match level_of(r) {
                    Some(0) => 4,
                    Some(1) => 6,
                    Some(2) => 9,
                    Some(3) => 12,
                    _ => 0,
                },
            ),
        };
        let region = counts("region_codes")
            .into_iter()
            .filter(|(k, _)| k.len() == len && k.starts_with(prefix))
            .collect();
        let (ids, scores) = res
            .hits
            .into_iter()
            .map(|h| (h.result.id, h.ranking_score.unwrap_or(0.0) as f32))
            .unzip();
        Ok(Hits {
            ids,
            scores,
            total: res.total_hits.or(res.estimated_total_hits).unwrap_or(0) as u64,
            facets: Facets {
                category: counts("category"),
                urgency: counts("urgency"),
                status: counts("status"),
                region,
                verified: counts("verified"),
                skills: counts("skills"),
                housing: counts("housing"),
                pay_period: counts("pay_period"),
            },
        })
    }

    async fn index_versions(&self, index: IndexName) -> Result<Vec<(String, i64)>, SearchError> {
        let uid = self.uid(index);
        let meili_index = self.client.index(&uid);
        let mut out = Vec::new();
        let mut offset = 0;
        loop {
            let page = DocumentsQuery::new(&meili_index)
                .with_fields(["id", "version"])
                .with_offset(offset)
                .with_limit(1000)
                .execute::<IdVersion>()
                .await
                .map_err(err)?;
            let n = page.results.len();
            out.extend(page.results.into_iter().map(|d| (d.id, d.version)));
            if n < 1000 {
                return Ok(out);
            }
            offset += n;
        }
    }
}

impl SearchEngine for MeiliSearch {
    fn name(&self) -> &'static str {
        "meilisearch"
    }

    fn upsert_needs(
        &self,
        docs: Vec<NeedDocument>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        Box::pin(async move {
            self.upsert(IndexName::Needs, &docs, NeedDocument::search_text)
                .await
        })
    }

    fn upsert_offers(
        &self,
        docs: Vec<OfferDocument>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        Box::pin(async move {
            self.upsert(IndexName::Offers, &docs, OfferDocument::search_text)
                .await
        })
    }

    fn upsert_products(
        &self,
        docs: Vec<ProductDocument>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        Box::pin(async move {
            self.upsert(IndexName::Products, &docs, ProductDocument::search_text)
                .await
        })
    }

    fn upsert_jobs(&self, docs: Vec<JobDocument>) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        Box::pin(async move {
            self.upsert(IndexName::Jobs, &docs, JobDocument::search_text)
                .await
        })
    }

    fn delete(
        &self,
        index: IndexName,
        ids: Vec<String>,
    ) -> BoxFuture<'_, Result<Accepted, SearchError>> {
        Box::pin(async move {
            // A rebuild's staging index starts empty and gets each row once: nothing to delete.
            if self.bulk.is_some() {
                return Ok(None);
            }
            let task = self
                .client
                .index(self.uid(index))
                .delete_documents(&ids)
                .await
                .map_err(err)?;
            Ok(Some(task.task_uid))
        })
    }

    fn search(
        &self,
        index: IndexName,
        query: SearchQuery,
    ) -> BoxFuture<'_, Result<Hits, SearchError>> {
        Box::pin(self.search_index(index, query))
    }

    fn versions(&self, index: IndexName) -> BoxFuture<'_, Result<Vec<(String, i64)>, SearchError>> {
        Box::pin(self.index_versions(index))
    }

    fn ping(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move { self.client.health().await.is_ok() })
    }

    fn staging(
        &self,
        index: IndexName,
    ) -> BoxFuture<'_, Result<Option<super::Engine>, SearchError>> {
        Box::pin(async move {
            let staged: super::Engine =
                std::sync::Arc::new(MeiliSearch::staging(self, index).await?);
            Ok(Some(staged))
        })
    }

    fn swap_in(&self, index: IndexName) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(MeiliSearch::swap_in(self, index))
    }

    fn flush(&self) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(self.flush_bulk())
    }

    fn task_states(
        &self,
        uids: Vec<u32>,
    ) -> BoxFuture<'_, Result<Vec<super::tasks::TaskState>, SearchError>> {
        Box::pin(async move { self.tasks.states(&uids).await })
    }
}
