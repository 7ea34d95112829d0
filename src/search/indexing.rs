//! Keeping the index in step with PostgreSQL. Every change to a need enqueues an index job in the
//! change's own transaction (the store does it, so no caller can forget). Workers handle index jobs
//! in batches under a transaction-level advisory lock, reading each need's current state when they
//! send it: an older state can never overwrite a newer one, and with several `serve` processes on
//! one database each change is indexed once.

use super::document::need_document;
use super::Engine;
use crate::domain::RegionCode;
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
    let mut codes: Vec<RegionCode> = Vec::new();
    for n in &rows {
        for c in RegionCode::from_trusted(n.region_code.clone()).ancestry() {
            if !codes.contains(&c) {
                codes.push(c);
            }
        }
    }
    let region_map = regions::find_many(conn, &codes)
        .await
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|r| (r.code.clone(), r))
        .collect();
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

/// Differences between PostgreSQL's public needs and the index: (missing from the index, in the index
/// but not public).
pub async fn check(conn: &mut Conn, engine: &Engine) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let indexed: HashSet<String> = engine.need_ids().await?.into_iter().collect();
    let public: HashSet<String> = crate::schema::needs::table
        .filter(crate::schema::needs::status.eq_any(["open", "fully_pledged", "fulfilled"]))
        .select(crate::schema::needs::id)
        .load::<Uuid>(conn)
        .await?
        .into_iter()
        .map(|u| u.to_string())
        .collect();
    let mut missing: Vec<String> = public.difference(&indexed).cloned().collect();
    let mut extra: Vec<String> = indexed.difference(&public).cloned().collect();
    missing.sort();
    extra.sort();
    Ok((missing, extra))
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
