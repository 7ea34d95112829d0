//! The write path of the Meilisearch engine: document tasks (their uids go back to the worker, which
//! records them and checks their outcome later: `search/tasks.rs`, `jobs/search.rs`), and a rebuild's
//! staging index, filled with large NDJSON payloads ([`Bulk`]) and swapped in once every payload
//! was applied.

use super::meili::{err, MeiliSearch};
use super::meili_http::Bulk;
use super::query::IndexName;
use super::{Accepted, SearchError};
use meilisearch_sdk::client::SwapIndexes;
use std::sync::Arc;
use std::time::Duration;

/// The write path of [`MeiliSearch`]: document tasks, and a rebuild's staging index.
impl MeiliSearch {
    pub(super) async fn add<T: serde::Serialize + Send + Sync>(
        &self,
        index: IndexName,
        docs: &[T],
    ) -> Result<Accepted, SearchError> {
        if let Some(bulk) = &self.bulk {
            for payload in bulk.push(docs)? {
                self.send_ndjson(index, payload).await?;
            }
            return Ok(None);
        }
        let task = self
            .client
            .index(self.uid(index))
            .add_or_replace(docs, Some("id"))
            .await
            .map_err(err)?;
        Ok(Some(task.task_uid))
    }

    /// Sends one NDJSON payload of a rebuild (one task) and remembers its task.
    async fn send_ndjson(&self, index: IndexName, payload: Vec<u8>) -> Result<(), SearchError> {
        let task = self
            .client
            .index(self.uid(index))
            .add_or_replace_unchecked_payload(
                futures_util::io::Cursor::new(payload),
                "application/x-ndjson",
                Some("id"),
            )
            .await
            .map_err(err)?;
        if let Some(bulk) = &self.bulk {
            bulk.sent(task.task_uid);
        }
        Ok(())
    }

    /// A rebuild's staging engine: sends what it still buffers, then waits for all its tasks.
    pub(super) async fn flush_bulk(&self) -> Result<(), SearchError> {
        let Some(bulk) = &self.bulk else {
            return Ok(());
        };
        let rest = bulk.take();
        if !rest.is_empty() {
            self.send_ndjson(bulk.index, rest).await?;
        }
        let sent = bulk.take_sent();
        self.tasks.wait_all(&sent, Duration::from_secs(3600)).await
    }

    /// A rebuild's staging engine: the same server, indexes under `<prefix>next_`.
    pub(super) async fn staging(&self, index: IndexName) -> Result<Self, SearchError> {
        let staged = Self {
            client: self.client.clone(),
            tasks: self.tasks.clone(),
            prefix: format!("{}next_", self.prefix),
            settings: self.settings.clone(),
            bulk: Some(Arc::new(Bulk::new(index))),
        };
        let uid = staged.uid(index);
        // A staging index left by an interrupted rebuild is dropped first.
        let deleted = self.client.delete_index(&uid).await.map_err(err)?;
        self.wait(deleted).await?;
        staged.prepare(&uid, index).await?;
        Ok(staged)
    }

    /// Swaps a filled staging index in (one atomic Meilisearch task) and drops the old one.
    pub(super) async fn swap_in(&self, index: IndexName) -> Result<(), SearchError> {
        let live = self.uid(index);
        let staged = format!("{}next_{}", self.prefix, index.as_str());
        let task = self
            .client
            .swap_indexes([&SwapIndexes {
                indexes: (live, staged.clone()),
                rename: None,
            }])
            .await
            .map_err(err)?;
        let done = self.wait(task).await?;
        if done.is_failure() {
            return Err(SearchError::Engine(format!(
                "Meilisearch refused the swap: {:?}",
                done.unwrap_failure()
            )));
        }
        let deleted = self.client.delete_index(&staged).await.map_err(err)?;
        self.wait(deleted).await?;
        Ok(())
    }
}
