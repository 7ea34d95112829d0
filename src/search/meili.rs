//! The Meilisearch engine, through meilisearch-sdk, used when `MEILI_URL` is set. On start it creates
//! the `needs` index when missing and applies the settings from `search/`, waiting for those tasks and
//! failing start-up if Meilisearch refuses them. Document writes are sent without waiting for their
//! tasks (Meilisearch applies tasks in order), so a batch of index jobs is one task.

use super::document::NeedDocument;
use super::query::{Facets, NeedHits, NeedQuery, Sort};
use super::settings::{IndexSettings, SearchSettings};
use super::{SearchEngine, SearchError};
use futures_util::future::BoxFuture;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::documents::DocumentsQuery;
use meilisearch_sdk::search::Selectors;
use meilisearch_sdk::settings::{
    FacetingSettings, MinWordSizeForTypos, PaginationSetting, Settings, TypoToleranceSettings,
};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

pub const NEEDS_INDEX: &str = "needs";

#[derive(Clone)]
pub struct MeiliSearch {
    client: Client,
    needs_uid: String,
    settings: SearchSettings,
}

fn err(e: impl std::fmt::Display) -> SearchError {
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

fn meili_settings(index: &IndexSettings, settings: &SearchSettings) -> Settings {
    let synonyms: HashMap<String, Vec<String>> = settings.synonyms.clone();
    Settings::new()
        .with_searchable_attributes(index.searchable_attributes.clone())
        .with_filterable_attributes(index.filterable_attributes.clone())
        .with_sortable_attributes(index.sortable_attributes.clone())
        .with_ranking_rules(index.ranking_rules.clone())
        .with_synonyms(synonyms)
        .with_stop_words(settings.stop_words.clone())
        .with_typo_tolerance(TypoToleranceSettings {
            enabled: Some(true),
            disable_on_attributes: None,
            disable_on_words: None,
            min_word_size_for_typos: Some(MinWordSizeForTypos {
                one_typo: Some(index.typo_tolerance.min_word_size_for_one_typo as u8),
                two_typos: Some(index.typo_tolerance.min_word_size_for_two_typos as u8),
            }),
            disable_on_numbers: None,
        })
        .with_faceting(FacetingSettings {
            max_values_per_facet: 1000,
            sort_facet_values_by: None,
        })
        .with_pagination(PaginationSetting {
            max_total_hits: 10_000,
        })
}

impl MeiliSearch {
    /// Connects, creates the index when missing and applies the settings (waiting for them).
    pub async fn connect(
        url: &str,
        key: Option<&str>,
        settings: SearchSettings,
        prefix: &str,
    ) -> Result<Self, SearchError> {
        let client = Client::new(url, key).map_err(err)?;
        let needs_uid = format!("{prefix}{NEEDS_INDEX}");
        let wait = |t: meilisearch_sdk::task_info::TaskInfo| {
            let client = client.clone();
            async move {
                t.wait_for_completion(
                    &client,
                    Some(Duration::from_millis(50)),
                    Some(Duration::from_secs(60)),
                )
                .await
            }
        };
        let created = client
            .create_index(&needs_uid, Some("id"))
            .await
            .map_err(err)?;
        // An index that already exists fails this task; that is fine.
        let _ = wait(created).await.map_err(err)?;
        let task = client
            .index(&needs_uid)
            .set_settings(&meili_settings(&settings.needs, &settings))
            .await
            .map_err(err)?;
        let done = wait(task).await.map_err(err)?;
        if done.is_failure() {
            return Err(SearchError::Engine(format!(
                "Meilisearch refused the settings of `{needs_uid}`: {:?}",
                done.unwrap_failure()
            )));
        }
        Ok(Self {
            client,
            needs_uid,
            settings,
        })
    }

    fn filter(q: &NeedQuery) -> String {
        let quoted = |v: &[String]| {
            v.iter()
                .map(|s| format!("\"{}\"", s.replace('"', "")))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut parts = Vec::new();
        if !q.categories.is_empty() {
            parts.push(format!("category IN [{}]", quoted(&q.categories)));
        }
        if !q.urgencies.is_empty() {
            parts.push(format!("urgency IN [{}]", quoted(&q.urgencies)));
        }
        if !q.statuses.is_empty() {
            parts.push(format!("status IN [{}]", quoted(&q.statuses)));
        }
        if let Some(r) = &q.region {
            parts.push(format!("region_codes = \"{}\"", r.replace('"', "")));
        }
        if let Some(h) = q.has_remaining {
            parts.push(format!("has_remaining = {h}"));
        }
        parts.join(" AND ")
    }

    async fn search(&self, q: NeedQuery) -> Result<NeedHits, SearchError> {
        let index = self.client.index(&self.needs_uid);
        let filter = Self::filter(&q);
        let sort_name = match q.sort {
            Sort::Relevance => "relevance",
            Sort::Urgency => "urgency",
            Sort::Deadline => "deadline",
            Sort::Newest => "newest",
            Sort::Remaining => "remaining",
        };
        let rules: Vec<&str> = self
            .settings
            .needs
            .sorts
            .get(sort_name)
            .map(|v| v.iter().map(String::as_str).collect())
            .unwrap_or_default();
        let facets = ["category", "urgency", "status", "region_codes"];
        let mut query = index.search();
        query
            .with_query(&q.text)
            .with_page(q.offset / q.limit.max(1) + 1)
            .with_hits_per_page(q.limit.max(1))
            .with_facets(Selectors::Some(&facets));
        if !filter.is_empty() {
            query.with_filter(&filter);
        }
        if !rules.is_empty() {
            query.with_sort(&rules);
        }
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
                match r.len() {
                    2 => 4,
                    4 => 6,
                    6 => 9,
                    9 => 12,
                    _ => 0,
                },
            ),
        };
        let region = counts("region_codes")
            .into_iter()
            .filter(|(k, _)| k.len() == len && k.starts_with(prefix))
            .collect();
        Ok(NeedHits {
            ids: res.hits.into_iter().map(|h| h.result.id).collect(),
            total: res.total_hits.or(res.estimated_total_hits).unwrap_or(0) as u64,
            facets: Facets {
                category: counts("category"),
                urgency: counts("urgency"),
                status: counts("status"),
                region,
            },
        })
    }

    async fn versions(&self) -> Result<Vec<(String, i64)>, SearchError> {
        let index = self.client.index(&self.needs_uid);
        let mut out = Vec::new();
        let mut offset = 0;
        loop {
            let page = DocumentsQuery::new(&index)
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

    fn upsert_needs(&self, docs: Vec<NeedDocument>) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(async move {
            self.client
                .index(&self.needs_uid)
                .add_or_replace(&docs, Some("id"))
                .await
                .map_err(err)?;
            Ok(())
        })
    }

    fn delete_needs(&self, ids: Vec<String>) -> BoxFuture<'_, Result<(), SearchError>> {
        Box::pin(async move {
            self.client
                .index(&self.needs_uid)
                .delete_documents(&ids)
                .await
                .map_err(err)?;
            Ok(())
        })
    }

    fn search_needs(&self, query: NeedQuery) -> BoxFuture<'_, Result<NeedHits, SearchError>> {
        Box::pin(self.search(query))
    }

    fn need_versions(&self) -> BoxFuture<'_, Result<Vec<(String, i64)>, SearchError>> {
        Box::pin(self.versions())
    }

    fn ping(&self) -> BoxFuture<'_, bool> {
        Box::pin(async move { self.client.health().await.is_ok() })
    }
}
