//! Keeping the indexes in step with PostgreSQL. Every change to a need, an offer, a product or a job
//! posting enqueues an index
//! job in the change's own transaction (the store does it, so no caller can forget). Workers handle
//! index jobs in batches under a transaction-level advisory lock, reading each row's current state
//! when they send it: an older state can never overwrite a newer one, and with several `serve`
//! processes on one database each change is indexed once. An engine that applies writes later
//! (Meilisearch) hands back task uids; they are recorded in the same transaction and checked by the
//! `search.tasks` job (`jobs/search.rs`), off the hot path.
//!
//! That is the Meilisearch side, where every process shares one index. The embedded engine keeps
//! an index per process, so a claimed job would reach one process only: there the same changes
//! arrive through the search change feed (`feed.rs`), each process following it for its own
//! index, and index jobs are done without work ([`feed_carries_it`]).

use super::query::{IndexName, SearchQuery};
pub use super::sync::{sync, Synced};
use super::Engine;
use crate::jobs::{JobContext, JobError};
use crate::store::search_tasks::{self, NewSearchTask};
use crate::store::{index_jobs, job_search, jobs as job_store, search_rows, Conn};
use chrono::Utc;
use diesel::prelude::*;
use diesel_async::AsyncConnection;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

// The kinds and the enqueueing are storage (the store queues index jobs itself); kept here under
// their old names for the indexing side's callers.
pub use crate::store::index_jobs::{
    enqueue_job_posting, enqueue_need, enqueue_offer, enqueue_product,
};
pub use crate::store::jobs::kind::{INDEX_JOBS, INDEX_NEEDS, INDEX_OFFERS, INDEX_PRODUCTS};
/// Key of the advisory lock that serialises index writes ("search" in ASCII); one per index.
const LOCK_KEY: i64 = 0x7365_6172_6368;

fn lock_key(index: IndexName) -> i64 {
    match index {
        IndexName::Needs => LOCK_KEY,
        IndexName::Offers => LOCK_KEY + 1,
        IndexName::Products => LOCK_KEY + 2,
        IndexName::Jobs => LOCK_KEY + 3,
    }
}

/// The job kind that indexes `index`.
pub fn job_kind(index: IndexName) -> &'static str {
    match index {
        IndexName::Needs => INDEX_NEEDS,
        IndexName::Offers => INDEX_OFFERS,
        IndexName::Products => INDEX_PRODUCTS,
        IndexName::Jobs => INDEX_JOBS,
    }
}

async fn enqueue(conn: &mut Conn, index: IndexName, id: Uuid) -> QueryResult<()> {
    match index {
        IndexName::Needs => enqueue_need(conn, id).await,
        IndexName::Offers => enqueue_offer(conn, id).await,
        IndexName::Products => enqueue_product(conn, id).await,
        IndexName::Jobs => enqueue_job_posting(conn, id).await,
    }
}

/// The batch handler of index jobs for `index`. Rows the engine refused before (`refused` in the
/// payload) are sent each in a task of its own, so one bad document cannot hold the others back.
pub async fn index_batch(
    engine: Engine,
    index: IndexName,
    ctx: JobContext,
    payloads: Vec<Value>,
) -> Result<(), JobError> {
    let mut refused: HashMap<Uuid, i32> = HashMap::new();
    let mut ids: Vec<Uuid> = Vec::new();
    for p in &payloads {
        let Some(id) = p["id"].as_str().and_then(|s| s.parse::<Uuid>().ok()) else {
            continue;
        };
        match p["refused"].as_i64().unwrap_or(0) {
            0 => ids.push(id),
            n => {
                let e = refused.entry(id).or_default();
                *e = (*e).max(n.clamp(1, i64::from(i32::MAX)) as i32);
            }
        }
    }
    ids.retain(|id| !refused.contains_key(id));
    ids.sort();
    ids.dedup();
    let mut groups: Vec<(Vec<Uuid>, i32)> = Vec::new();
    if !ids.is_empty() {
        groups.push((ids, 0));
    }
    let mut alone: Vec<(Uuid, i32)> = refused.into_iter().collect();
    alone.sort();
    groups.extend(alone.into_iter().map(|(id, n)| (vec![id], n)));
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let result = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            search_rows::lock(conn, lock_key(index)).await?;
            let mut sent = Vec::new();
            for (ids, refusals) in &groups {
                match sync(conn, &engine, index, ids).await {
                    Ok(synced) => {
                        sent.extend(
                            synced
                                .tasks
                                .into_iter()
                                .map(|(uid, carried)| NewSearchTask {
                                    task_uid: i64::from(uid),
                                    index_name: index.as_str(),
                                    ids: Value::from(carried),
                                    refusals: *refusals,
                                }),
                        )
                    }
                    Err(e) => return Ok(Err(e)),
                }
            }
            if !sent.is_empty() {
                search_tasks::record(conn, &sent).await?;
                // Checked a little later (Meilisearch needs a moment), once for many batches.
                if !job_store::is_queued(conn, job_store::kind::SEARCH_TASKS).await? {
                    let at = Utc::now() + chrono::Duration::milliseconds(TASK_CHECK_DELAY_MS);
                    job_store::enqueue_at(conn, job_store::kind::SEARCH_TASKS, Value::Null, at)
                        .await?;
                }
            }
            Ok(Ok(()))
        })
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    result.map_err(JobError::Retry)
}

/// The handler of index jobs with the embedded engine: nothing to do, the search change feed
/// (written in the same transaction as the job) brings the change to every process's index.
pub async fn feed_carries_it(_ctx: JobContext, _payloads: Vec<Value>) -> Result<(), JobError> {
    Ok(())
}

/// How long after sending a task its outcome is first looked at.
pub const TASK_CHECK_DELAY_MS: i64 = 1000;

/// Ids of the rows that belong in `index` now (published needs; active, valid offers with quantity
/// left; listed products; open job postings before their closing date), each with its last change.
async fn public_rows(
    conn: &mut Conn,
    index: IndexName,
) -> QueryResult<Vec<(Uuid, chrono::DateTime<Utc>)>> {
    match index {
        IndexName::Needs => search_rows::public_need_versions(conn).await,
        IndexName::Offers => search_rows::public_offer_versions(conn, Utc::now()).await,
        IndexName::Products => search_rows::public_product_versions(conn).await,
        IndexName::Jobs => job_search::open_versions(conn, Utc::now()).await,
    }
}

/// Rows read from PostgreSQL at a time during a rebuild.
const REBUILD_CHUNK: usize = 1000;

/// Rebuilds an index from PostgreSQL without downtime. Meilisearch fills a staging index (large
/// NDJSON payloads, waited for), swaps it in, and then writes again the rows that changed meanwhile
/// (their index jobs may have gone to the old index); the embedded engine replaces documents chunk
/// by chunk, then deletes what is not public. Each chunk is read and written under the index's
/// advisory lock, like the workers' batches, so a rebuild never overwrites a newer state.
pub async fn reindex(conn: &mut Conn, engine: &Engine, index: IndexName) -> anyhow::Result<usize> {
    // A margin for transactions that began before the rebuild and committed during it.
    let started = Utc::now() - chrono::Duration::seconds(60);
    let public: Vec<Uuid> = public_rows(conn, index)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let staged = engine.staging(index).await?;
    let target = staged.as_ref().unwrap_or(engine);
    if staged.is_none() {
        let keep: HashSet<String> = public.iter().map(Uuid::to_string).collect();
        let stale: Vec<String> = engine
            .versions(index)
            .await?
            .into_iter()
            .map(|(id, _)| id)
            .filter(|id| !keep.contains(id))
            .collect();
        if !stale.is_empty() {
            engine.delete(index, stale).await?;
        }
    }
    for chunk in public.chunks(REBUILD_CHUNK) {
        conn.transaction::<_, anyhow::Error, _>(async |conn| {
            search_rows::lock(conn, lock_key(index)).await?;
            if staged.is_none() {
                // Writing to the live index: the chunk's waiting index jobs would write the same
                // documents again. A staging index is not live until it is swapped in, so its
                // rebuild leaves them for the live index.
                index_jobs::drop_obsolete_index_jobs(conn, job_kind(index), chunk).await?;
            }
            sync(conn, target, index, chunk)
                .await
                .map_err(|e| anyhow::anyhow!(e))?;
            Ok(())
        })
        .await?;
    }
    if let Some(staged) = &staged {
        // Meilisearch refused part of the rebuild: the live index stays as it was.
        staged.flush().await?;
        engine.swap_in(index).await?;
        let changed = index_jobs::ids_enqueued_since(conn, job_kind(index), started).await?;
        for id in changed.iter().filter_map(|s| s.parse::<Uuid>().ok()) {
            enqueue(conn, index, id).await?;
        }
    }
    Ok(public.len())
}

/// How an index differs from PostgreSQL's public rows.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Public rows the index lacks.
    pub missing: Vec<String>,
    /// Documents of rows that are not public (any more).
    pub extra: Vec<String>,
    /// Documents written from an older version of the row.
    pub stale: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.stale.is_empty()
    }
}

/// Compares ids and versions (the row's last change) between PostgreSQL and the index.
pub async fn check(conn: &mut Conn, engine: &Engine, index: IndexName) -> anyhow::Result<Drift> {
    check_versions(conn, index, engine.versions(index).await?).await
}

/// [`check`] against ids and versions read elsewhere (the embedded index read without its writer
/// lock, while a server runs: `search/readonly.rs`).
pub async fn check_versions(
    conn: &mut Conn,
    index: IndexName,
    indexed: Vec<(String, i64)>,
) -> anyhow::Result<Drift> {
    let indexed: HashMap<String, i64> = indexed.into_iter().collect();
    let public = public_rows(conn, index).await?;
    let mut drift = Drift::default();
    let mut seen = HashSet::new();
    for (id, updated_at) in public {
        let id = id.to_string();
        match indexed.get(&id) {
            None => drift.missing.push(id.clone()),
            Some(v) if *v != updated_at.timestamp_micros() => drift.stale.push(id.clone()),
            Some(_) => {}
        }
        seen.insert(id);
    }
    drift.extra = indexed
        .into_keys()
        .filter(|id| !seen.contains(id))
        .collect();
    drift.missing.sort();
    drift.extra.sort();
    drift.stale.sort();
    Ok(drift)
}

/// Queues an index job for every row of `index` (public ones are written, the others removed): a
/// reindex that the workers of running servers carry out.
pub async fn enqueue_all(conn: &mut Conn, index: IndexName) -> anyhow::Result<usize> {
    let ids: Vec<Uuid> = match index {
        IndexName::Needs => search_rows::all_need_ids(conn).await?,
        IndexName::Offers => search_rows::all_offer_ids(conn).await?,
        IndexName::Products => search_rows::all_product_ids(conn).await?,
        IndexName::Jobs => job_search::all_ids(conn).await?,
    };
    for id in &ids {
        enqueue(conn, index, *id).await?;
    }
    Ok(ids.len())
}

/// Whether `index` is empty while PostgreSQL has public rows for it (a new data directory, an index
/// started anew after a schema change, a fresh Meilisearch).
pub async fn empty_but_public(
    conn: &mut Conn,
    engine: &Engine,
    index: IndexName,
) -> anyhow::Result<bool> {
    let probe = SearchQuery {
        limit: 1,
        ..SearchQuery::default()
    };
    if engine.search(index, probe).await?.total > 0 {
        return Ok(false);
    }
    Ok(!public_rows(conn, index).await?.is_empty())
}

/// At start (Meilisearch; the embedded engine's follower rebuilds by itself, `feed.rs`): when an
/// index is empty but PostgreSQL has public rows for it, queue every row for indexing.
pub async fn refill_if_empty(
    conn: &mut Conn,
    engine: &Engine,
    index: IndexName,
) -> anyhow::Result<Option<usize>> {
    if !empty_but_public(conn, engine, index).await? {
        return Ok(None);
    }
    Ok(Some(enqueue_all(conn, index).await?))
}
