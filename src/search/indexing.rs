//! Keeping the index in step with PostgreSQL. Every change to a need enqueues an index job in the
//! change's own transaction (the store does it, so no caller can forget). Workers handle index jobs
//! in batches under a transaction-level advisory lock, reading each need's current state when they
//! send it: an older state can never overwrite a newer one, and with several `serve` processes on
//! one database each change is indexed once.

use super::document::need_document;
use super::Engine;
use crate::jobs::{JobContext, JobError};
use crate::store::needs::Need;
use crate::store::{jobs as job_store, regions, Conn};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde_json::{json, Value};
use std::collections::HashSet;
use uuid::Uuid;

pub const INDEX_NEEDS: &str = "search.index_needs";
/// Key of the advisory lock that serialises writes to the needs index ("search" in ASCII).
const LOCK_KEY: i64 = 0x7365_6172_6368;

/// Called by the store in every transaction that changes a need.
pub async fn enqueue_need(conn: &mut Conn, need_id: Uuid) -> QueryResult<()> {
    job_store::enqueue(
        conn,
        &job_store::NewJob {
            kind: INDEX_NEEDS,
            payload: json!({ "id": need_id }),
            run_at: chrono::Utc::now(),
            max_attempts: 1000,
        },
    )
    .await
    .map(|_| ())
}

/// Writes the current state of `ids` to the engine: documents for public needs, deletions for the rest.
pub async fn sync_needs(
    conn: &mut Conn,
    engine: &Engine,
    ids: &[Uuid],
) -> Result<(usize, usize), String> {
    let rows: Vec<Need> = crate::schema::needs::table
        .filter(crate::schema::needs::id.eq_any(ids))
        .select(Need::as_select())
        .load(conn)
        .await
        .map_err(|e| e.to_string())?;
    let region_map = regions::ancestry_map(conn, rows.iter().map(|n| n.region_code.as_str()))
        .await
        .map_err(|e| e.to_string())?;
    let mut docs = Vec::new();
    let mut gone: Vec<String> = Vec::new();
    let found: HashSet<Uuid> = rows.iter().map(|n| n.id).collect();
    for n in &rows {
        match need_document(n, &region_map) {
            Some(d) => docs.push(d),
            None => gone.push(n.id.to_string()),
        }
    }
    gone.extend(
        ids.iter()
            .filter(|id| !found.contains(id))
            .map(Uuid::to_string),
    );
    let (upserted, deleted) = (docs.len(), gone.len());
    if !docs.is_empty() {
        engine.upsert_needs(docs).await.map_err(|e| e.to_string())?;
    }
    if !gone.is_empty() {
        engine.delete_needs(gone).await.map_err(|e| e.to_string())?;
    }
    Ok((upserted, deleted))
}

/// The batch handler of [`INDEX_NEEDS`] jobs.
pub async fn index_needs(
    engine: Engine,
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
            diesel::sql_query(format!("SELECT pg_advisory_xact_lock({LOCK_KEY})"))
                .execute(conn)
                .await?;
            Ok(sync_needs(conn, &engine, &ids).await)
        })
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    result.map(|_| ()).map_err(JobError::Retry)
}

/// Rebuilds the needs index from PostgreSQL (every public need written, everything else removed).
pub async fn reindex(conn: &mut Conn, engine: &Engine) -> anyhow::Result<usize> {
    let indexed: Vec<String> = engine.need_ids().await?;
    let public: Vec<Uuid> = crate::schema::needs::table
        .filter(crate::schema::needs::status.eq_any(["open", "fully_pledged", "fulfilled"]))
        .select(crate::schema::needs::id)
        .load(conn)
        .await?;
    let keep: HashSet<String> = public.iter().map(Uuid::to_string).collect();
    let stale: Vec<String> = indexed
        .into_iter()
        .filter(|id| !keep.contains(id))
        .collect();
    if !stale.is_empty() {
        engine.delete_needs(stale).await?;
    }
    for chunk in public.chunks(1000) {
        sync_needs(conn, engine, chunk)
            .await
            .map_err(|e| anyhow::anyhow!(e))?;
    }
    Ok(public.len())
}

/// How the index differs from PostgreSQL's published needs.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Drift {
    /// Published needs the index lacks.
    pub missing: Vec<String>,
    /// Documents of needs that are not published (any more).
    pub extra: Vec<String>,
    /// Documents written from an older version of the need.
    pub stale: Vec<String>,
}

impl Drift {
    pub fn is_empty(&self) -> bool {
        self.missing.is_empty() && self.extra.is_empty() && self.stale.is_empty()
    }
}

/// Compares ids and versions (the need's last change) between PostgreSQL and the index.
pub async fn check(conn: &mut Conn, engine: &Engine) -> anyhow::Result<Drift> {
    let indexed: std::collections::HashMap<String, i64> =
        engine.need_versions().await?.into_iter().collect();
    let public: Vec<(Uuid, chrono::DateTime<chrono::Utc>)> = crate::schema::needs::table
        .filter(crate::schema::needs::status.eq_any(["open", "fully_pledged", "fulfilled"]))
        .select((crate::schema::needs::id, crate::schema::needs::updated_at))
        .load(conn)
        .await?;
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

/// Queues an index job for every need (public ones are written, the others removed): a reindex that
/// the workers of running servers carry out.
pub async fn enqueue_all(conn: &mut Conn) -> anyhow::Result<usize> {
    let ids: Vec<Uuid> = crate::schema::needs::table
        .select(crate::schema::needs::id)
        .load(conn)
        .await?;
    for id in &ids {
        enqueue_need(conn, *id).await?;
    }
    Ok(ids.len())
}

/// At start: when the index is empty but PostgreSQL has published needs (a new data directory, an
/// index started anew after a schema change, a fresh Meilisearch), queue every need for indexing.
pub async fn refill_if_empty(conn: &mut Conn, engine: &Engine) -> anyhow::Result<Option<usize>> {
    let probe = super::query::NeedQuery {
        text: String::new(),
        categories: vec![],
        urgencies: vec![],
        statuses: vec![],
        region: None,
        has_remaining: None,
        sort: super::query::Sort::Relevance,
        offset: 0,
        limit: 1,
    };
    if engine.search_needs(probe).await?.total > 0 {
        return Ok(None);
    }
    let published: i64 = crate::schema::needs::table
        .filter(crate::schema::needs::status.eq_any(["open", "fully_pledged", "fulfilled"]))
        .count()
        .get_result(conn)
        .await?;
    if published == 0 {
        return Ok(None);
    }
    Ok(Some(enqueue_all(conn).await?))
}
