//! Search jobs: checking the outcome of engine tasks (`search.tasks`), a rebuild carried out by a
//! running server (`search.reindex`, queued by `bangfu reindex` when the server holds the embedded
//! index), and pruning the search change feed (`search.feed_prune`).

use super::{JobContext, JobError, Registry};
use crate::search::indexing::{self, job_kind};
use crate::search::query::IndexName;
use crate::search::tasks::{decide, Action, SentTask};
use crate::search::Engine;
use crate::store::jobs::{self as store, kind};
use crate::store::search_tasks;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::{json, Value};
use std::collections::HashMap;

pub use crate::store::jobs::kind::{
    SEARCH_FEED_PRUNE as FEED_PRUNE, SEARCH_REINDEX as REINDEX, SEARCH_TASKS as TASKS,
};

/// Tasks looked at per run.
const TASKS_PER_RUN: i64 = 500;

/// Registers the search jobs. `engine` is the engine index jobs write to (Meilisearch); `None`
/// with the embedded engine, where every process follows the change feed into its own index:
/// there are no tasks to check, and a rebuild is a request every process answers.
pub fn register(registry: Registry, engine: Option<Engine>) -> Registry {
    let registry = registry.register(FEED_PRUNE, |ctx, _payload| prune_feed(ctx));
    let Some(engine) = engine else {
        return registry
            .register(TASKS, |_ctx, _payload| async { Ok::<(), JobError>(()) })
            .register(REINDEX, |ctx, _payload| request_rebuild(ctx));
    };
    let checker = engine.clone();
    registry
        .register(TASKS, move |ctx, _payload| {
            check_tasks(checker.clone(), ctx)
        })
        .register(REINDEX, move |ctx, payload| {
            reindex(engine.clone(), ctx, payload)
        })
}

/// A `search.reindex` job beside the embedded engine (queued by an earlier version of `bangfu
/// reindex`): every process following the feed rebuilds its index.
async fn request_rebuild(ctx: JobContext) -> Result<(), JobError> {
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    crate::store::search_feed::request_rebuild(&mut conn)
        .await
        .map_err(retry)?;
    Ok(())
}

/// Forgets followers of the search change feed not seen for a while and deletes the rows every
/// remaining one has passed (all of them when none follows, as with Meilisearch).
pub async fn prune_feed(ctx: JobContext) -> Result<(), JobError> {
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    let dead = chrono::Duration::from_std(crate::search::feed::DEAD_AFTER).unwrap_or_default();
    let pruned = crate::store::search_feed::prune(&mut conn, Utc::now() - dead)
        .await
        .map_err(retry)?;
    if pruned.followers > 0 {
        tracing::info!(
            followers = pruned.followers,
            "search feed: forgot followers not seen for a while"
        );
    }
    Ok(())
}

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

fn index_named(name: &str) -> Option<IndexName> {
    IndexName::parse(name)
}

/// Reads the states of the oldest recorded tasks and acts on them (see `search/tasks.rs`): applied
/// tasks are forgotten, refused rows are queued again or recorded as failed jobs with the engine's
/// message. Runs again a second later while tasks are still waiting.
pub async fn check_tasks(engine: Engine, ctx: JobContext) -> Result<(), JobError> {
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    let waiting = conn
        .transaction::<_, anyhow::Error, _>(async |conn| {
            let rows = search_tasks::claim_oldest(conn, TASKS_PER_RUN).await?;
            if rows.is_empty() {
                return Ok(0);
            }
            let uids: Vec<u32> = rows
                .iter()
                .filter_map(|r| u32::try_from(r.task_uid).ok())
                .collect();
            let states: HashMap<u32, _> = engine
                .task_states(uids)
                .await?
                .into_iter()
                .map(|s| (s.uid, s))
                .collect();
            let mut done = Vec::new();
            for row in &rows {
                let Some(index) = index_named(&row.index_name) else {
                    done.push(row.id);
                    continue;
                };
                let sent = SentTask {
                    uid: u32::try_from(row.task_uid).unwrap_or(u32::MAX),
                    ids: row.id_list(),
                    refusals: row.refusals,
                };
                match decide(&sent, states.get(&sent.uid)) {
                    Action::Wait => continue,
                    Action::Forget => {}
                    Action::Resend { ids, refusals } => {
                        for id in &ids {
                            crate::store::index_jobs::enqueue_refused(
                                conn,
                                job_kind(index),
                                id,
                                refusals,
                            )
                            .await?;
                        }
                        tracing::warn!(
                            task = sent.uid,
                            index = index.as_str(),
                            rows = ids.len(),
                            "the search engine did not apply a task: its rows are queued again"
                        );
                    }
                    Action::Fail { ids, message } => {
                        for id in &ids {
                            let payload = json!({ "id": id, "refused": sent.refusals + 1 });
                            crate::store::index_jobs::insert_failed(
                                conn,
                                job_kind(index),
                                payload,
                                &message,
                            )
                            .await?;
                        }
                        tracing::error!(
                            task = sent.uid,
                            index = index.as_str(),
                            rows = ids.len(),
                            "the search engine refused a document: marked failed"
                        );
                    }
                }
                done.push(row.id);
            }
            search_tasks::remove(conn, &done).await?;
            Ok(rows.len() - done.len())
        })
        .await
        .map_err(retry)?;
    let left = search_tasks::count(&mut conn).await.map_err(retry)?;
    if waiting > 0 || left > 0 {
        let at = Utc::now() + chrono::Duration::milliseconds(indexing::TASK_CHECK_DELAY_MS);
        store::enqueue_at(&mut conn, kind::SEARCH_TASKS, Value::Null, at)
            .await
            .map_err(retry)?;
    }
    Ok(())
}

/// Rebuilds the indexes named in the payload (`{"index": "needs"}`; all when absent) with this
/// server's engine.
pub async fn reindex(engine: Engine, ctx: JobContext, payload: Value) -> Result<(), JobError> {
    let indexes = match payload["index"].as_str() {
        None => IndexName::ALL.to_vec(),
        Some(name) => vec![index_named(name)
            .ok_or_else(|| JobError::Permanent(format!("no search index `{name}`")))?],
    };
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    for index in indexes {
        let started = std::time::Instant::now();
        let n = indexing::reindex(&mut conn, &engine, index)
            .await
            .map_err(retry)?;
        tracing::info!(
            index = index.as_str(),
            documents = n,
            seconds = started.elapsed().as_secs_f64(),
            engine = engine.name(),
            "reindexed"
        );
    }
    Ok(())
}
