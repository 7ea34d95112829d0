//! Meilisearch's HTTP side of task outcomes and bulk writes, kept apart from the engine's queries
//! (`meili.rs`) and its write path (`meili_tasks.rs`):
//! - [`TaskApi`] reads task states (`GET /tasks?uids=…`) through the same HTTP client (one reqwest
//!   connection pool, kept alive) as the SDK's client, and parses them leniently ([`super::tasks`]);
//! - [`Bulk`] is a rebuild's writer: documents are buffered as NDJSON and sent as few large payloads
//!   (each one task), and the rebuild waits for those tasks before the staging index is swapped in.

use super::query::IndexName;
use super::tasks::{parse_task_list, TaskState};
use super::SearchError;
use meilisearch_sdk::client::Client;
use meilisearch_sdk::request::{HttpClient, Method};
use meilisearch_sdk::reqwest::ReqwestClient;
use serde::Serialize;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Largest NDJSON payload a rebuild sends in one request: under Meilisearch's default
/// `--http-payload-size-limit` of 100 MB, with room to spare.
pub const PAYLOAD_LIMIT: usize = 48 * 1024 * 1024;

fn err(e: impl std::fmt::Display) -> SearchError {
    SearchError::Engine(e.to_string())
}

/// Task uids asked for in one `GET /tasks` (the query string stays short).
const UIDS_PER_REQUEST: usize = 200;

/// The SDK client and the task reader, over one HTTP client.
pub fn clients(url: &str, key: Option<&str>) -> Result<(Client, TaskApi), SearchError> {
    let http = ReqwestClient::new(key).map_err(err)?;
    let client = Client::new_with_client(url, key, http.clone());
    let host = url.trim_end_matches('/').to_owned();
    Ok((client, TaskApi { http, host }))
}

#[derive(Clone)]
pub struct TaskApi {
    http: ReqwestClient,
    host: String,
}

#[derive(Serialize)]
struct TasksQuery {
    uids: String,
    limit: usize,
}

impl TaskApi {
    /// The states of `uids` that the server still knows.
    pub async fn states(&self, uids: &[u32]) -> Result<Vec<TaskState>, SearchError> {
        let mut out = Vec::with_capacity(uids.len());
        for chunk in uids.chunks(UIDS_PER_REQUEST) {
            let query = TasksQuery {
                uids: chunk
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
                limit: chunk.len(),
            };
            let body: serde_json::Value = self
                .http
                .request::<TasksQuery, (), serde_json::Value>(
                    &format!("{}/tasks", self.host),
                    Method::Get { query },
                    200,
                )
                .await
                .map_err(err)?;
            out.extend(parse_task_list(&body).map_err(SearchError::Engine)?);
        }
        Ok(out)
    }

    /// Waits until every task of `uids` is done; an error naming the first that failed (or was
    /// cancelled, or is unknown to the server), or when `limit` passes first.
    pub async fn wait_all(&self, uids: &[u32], limit: Duration) -> Result<(), SearchError> {
        let started = Instant::now();
        let mut pause = Duration::from_millis(20);
        let mut waiting: Vec<u32> = uids.to_vec();
        while !waiting.is_empty() {
            let states = self.states(&waiting).await?;
            for uid in &waiting {
                let Some(s) = states.iter().find(|s| s.uid == *uid) else {
                    return Err(SearchError::Engine(format!(
                        "Meilisearch does not know task {uid}"
                    )));
                };
                match s.status.as_str() {
                    "succeeded" | "enqueued" | "processing" => {}
                    other => {
                        let why = s
                            .error
                            .as_ref()
                            .map(|e| format!("{} ({})", e.message, e.code))
                            .unwrap_or_default();
                        return Err(SearchError::Engine(format!(
                            "Meilisearch did not apply task {uid}: {other} {why}"
                        )));
                    }
                }
            }
            waiting.retain(|uid| {
                states
                    .iter()
                    .any(|s| s.uid == *uid && s.status != "succeeded")
            });
            if waiting.is_empty() {
                break;
            }
            if started.elapsed() > limit {
                return Err(SearchError::Engine(format!(
                    "Meilisearch tasks {waiting:?} were not done after {} s",
                    limit.as_secs()
                )));
            }
            tokio::time::sleep(pause).await;
            pause = (pause * 2).min(Duration::from_millis(500));
        }
        Ok(())
    }
}

/// A rebuild's buffer: NDJSON lines waiting to be sent, and the tasks already sent.
pub struct Bulk {
    /// The index the rebuild fills (a staging engine fills one).
    pub index: IndexName,
    buffer: Mutex<Vec<u8>>,
    sent: Mutex<Vec<u32>>,
}

impl Bulk {
    pub fn new(index: IndexName) -> Self {
        Self {
            index,
            buffer: Mutex::default(),
            sent: Mutex::default(),
        }
    }

    /// Adds documents; returns the payloads to send now (each reached [`PAYLOAD_LIMIT`]).
    pub fn push<T: Serialize>(&self, docs: &[T]) -> Result<Vec<Vec<u8>>, SearchError> {
        let mut full = Vec::new();
        let mut buffer = self.buffer.lock().unwrap_or_else(|p| p.into_inner());
        for doc in docs {
            let mut line = serde_json::to_vec(doc).map_err(err)?;
            line.push(b'\n');
            if !buffer.is_empty() && buffer.len() + line.len() > PAYLOAD_LIMIT {
                full.push(std::mem::take(&mut *buffer));
            }
            buffer.extend_from_slice(&line);
        }
        Ok(full)
    }

    /// What is left to send.
    pub fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.buffer.lock().unwrap_or_else(|p| p.into_inner()))
    }

    pub fn sent(&self, uid: u32) {
        self.sent
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(uid);
    }

    /// The tasks sent so far (and forgets them).
    pub fn take_sent(&self) -> Vec<u32> {
        std::mem::take(&mut *self.sent.lock().unwrap_or_else(|p| p.into_inner()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bulk_buffers_ndjson_lines_and_hands_out_full_payloads() {
        let bulk = Bulk::new(IndexName::Needs);
        let docs = vec![serde_json::json!({"id": "a", "title": "轮椅"}); 3];
        assert!(bulk.push(&docs).unwrap().is_empty());
        let rest = bulk.take();
        let text = String::from_utf8(rest).unwrap();
        assert_eq!(text.lines().count(), 3);
        assert!(text.ends_with('\n'));
        let big = vec![serde_json::json!({"id": "b", "text": "x".repeat(PAYLOAD_LIMIT / 2)}); 3];
        let full = bulk.push(&big).unwrap();
        // Each document is over half the limit: every one starts a new payload.
        assert_eq!(full.len(), 2);
        for payload in &full {
            assert!(payload.len() <= PAYLOAD_LIMIT);
            assert_eq!(payload.iter().filter(|b| **b == b'\n').count(), 1);
        }
        assert!(!bulk.take().is_empty());
    }
}
