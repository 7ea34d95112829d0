//! Keeping the indexes in step with PostgreSQL. Every change to a need or an offer enqueues an index
//! job in the change's own transaction (the store does it, so no caller can forget). Workers handle
//! index jobs in batches under a transaction-level advisory lock, reading each row's current state
//! when they send it: an older state can never overwrite a newer one, and with several `serve`
//! processes on one database each change is indexed once.

use super::document::{need_document, offer_document};
use super::query::{IndexName, SearchQuery};
use super::Engine;
use crate::jobs::{JobContext, JobError};
use crate::store::needs::Need;
use crate::store::offers::Offer;
use crate::store::users::{supporters, Supporter};
use crate::store::{regions, search_rows, Conn};
use chrono::Utc;
use diesel::prelude::*;
use diesel_async::AsyncConnection;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use uuid::Uuid;

// The kinds and the enqueueing are storage (the store queues index jobs itself); kept here under
// their old names for the indexing side's callers.
pub use crate::store::jobs::kind::{INDEX_NEEDS, INDEX_OFFERS};
pub use crate::store::jobs::{enqueue_need, enqueue_offer};
/// Key of the advisory lock that serialises index writes ("search" in ASCII); one per index.
const LOCK_KEY: i64 = 0x7365_6172_6368;

fn lock_key(index: IndexName) -> i64 {
    match index {
        IndexName::Needs => LOCK_KEY,
        IndexName::Offers => LOCK_KEY + 1,
    }
}

/// The job kind that indexes `index`.
pub fn job_kind(index: IndexName) -> &'static str {
    match index {
        IndexName::Needs => INDEX_NEEDS,
        IndexName::Offers => INDEX_OFFERS,
    }
}

async fn enqueue(conn: &mut Conn, index: IndexName, id: Uuid) -> QueryResult<()> {
    match index {
        IndexName::Needs => enqueue_need(conn, id).await,
        IndexName::Offers => enqueue_offer(conn, id).await,
    }
}

/// Writes the current state of `ids` to the engine: documents for public rows, deletions for the rest.
pub async fn sync(
    conn: &mut Conn,
    engine: &Engine,
    index: IndexName,
    ids: &[Uuid],
) -> Result<(usize, usize), String> {
    let e = |e: diesel::result::Error| e.to_string();
    let mut found = HashSet::new();
    let mut gone: Vec<String> = Vec::new();
    let upserted = match index {
        IndexName::Needs => {
            let rows: Vec<Need> = search_rows::needs_by_ids(conn, ids).await.map_err(e)?;
            let region_map =
                regions::ancestry_map(conn, rows.iter().map(|n| n.region_code.as_str()))
                    .await
                    .map_err(e)?;
            let mut docs = Vec::new();
            for n in &rows {
                found.insert(n.id);
                match need_document(n, &region_map) {
                    Some(d) => docs.push(d),
                    None => gone.push(n.id.to_string()),
                }
            }
            let count = docs.len();
            if !docs.is_empty() {
                engine.upsert_needs(docs).await.map_err(|e| e.to_string())?;
            }
            count
        }
        IndexName::Offers => {
            let rows: Vec<Offer> = search_rows::offers_by_ids(conn, ids).await.map_err(e)?;
            let owners: Vec<Uuid> = rows.iter().map(|o| o.owner_id).collect();
            let who = supporters(conn, &owners).await.map_err(e)?;
            let region_map = regions::ancestry_map(
                conn,
                rows.iter().filter_map(|o| o.service_area_code.as_deref()),
            )
            .await
            .map_err(e)?;
            let now = Utc::now();
            let unknown = Supporter {
                name: String::new(),
                verified: false,
            };
            let mut docs = Vec::new();
            for o in &rows {
                found.insert(o.id);
                let supporter = who.get(&o.owner_id).unwrap_or(&unknown);
                match offer_document(o, supporter, &region_map, now) {
                    Some(d) => docs.push(d),
                    None => gone.push(o.id.to_string()),
                }
            }
            let count = docs.len();
            if !docs.is_empty() {
                engine
                    .upsert_offers(docs)
                    .await
                    .map_err(|e| e.to_string())?;
            }
            count
        }
    };
    gone.extend(
        ids.iter()
            .filter(|id| !found.contains(id))
            .map(Uuid::to_string),
    );
    let deleted = gone.len();
    if !gone.is_empty() {
        engine
            .delete(index, gone)
            .await
            .map_err(|e| e.to_string())?;
    }
    Ok((upserted, deleted))
}

/// The batch handler of index jobs for `index`.
pub async fn index_batch(
    engine: Engine,
    index: IndexName,
    ctx: JobContext,
    payloads: Vec<Value>,
) -> Result<(), JobError> {
    let mut ids: Vec<Uuid> = payloads
        .iter()
        .filter_map(|p| p["id"].as_str().and_then(|s| s.parse().ok()))
        .collect();
    ids.sort();
    ids.dedup();
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let result = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            search_rows::lock(conn, lock_key(index)).await?;
            Ok(sync(conn, &engine, index, &ids).await)
        })
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    result.map(|_| ()).map_err(JobError::Retry)
}

/// Ids of the rows that belong in `index` now (published needs; active, valid offers with quantity
/// left), each with its last change.
async fn public_rows(
    conn: &mut Conn,
    index: IndexName,
) -> QueryResult<Vec<(Uuid, chrono::DateTime<Utc>)>> {
    match index {
        IndexName::Needs => search_rows::public_need_versions(conn).await,
        IndexName::Offers => search_rows::public_offer_versions(conn, Utc::now()).await,
    }
}

/// Rebuilds an index from PostgreSQL without downtime. Meilisearch fills a staging index and swaps
/// it in; the embedded engine replaces documents batch by batch, then deletes what is not public.
pub async fn reindex(conn: &mut Conn, engine: &Engine, index: IndexName) -> anyhow::Result<usize> {
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
    for chunk in public.chunks(1000) {
        sync(conn, target, index, chunk)
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    if staged.is_some() {
        engine.swap_in(index).await?;
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
    let indexed: HashMap<String, i64> = engine.versions(index).await?.into_iter().collect();
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
    };
    for id in &ids {
        enqueue(conn, index, *id).await?;
    }
    Ok(ids.len())
}

/// At start: when an index is empty but PostgreSQL has public rows for it (a new data directory, an
/// index started anew after a schema change, a fresh Meilisearch), queue every row for indexing.
pub async fn refill_if_empty(
    conn: &mut Conn,
    engine: &Engine,
    index: IndexName,
) -> anyhow::Result<Option<usize>> {
    let probe = SearchQuery {
        limit: 1,
        ..SearchQuery::default()
    };
    if engine.search(index, probe).await?.total > 0 {
        return Ok(None);
    }
    if public_rows(conn, index).await?.is_empty() {
        return Ok(None);
    }
    Ok(Some(enqueue_all(conn, index).await?))
}
