//! Index jobs: the follow-ups that bring a search index up to date with a changed row. The store
//! enqueues one in every transaction that changes a need, an offer, a product or a job posting; a
//! document waiting in the queue is queued once however often it changed (coalescing), and a
//! rebuild drops the jobs it makes obsolete.

use super::jobs::{enqueue, kind, NewJob};
use crate::domain::job::JobState;
use crate::schema::jobs;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::{json, Value};
use uuid::Uuid;

use super::Conn;

/// Index job kinds are this prefix and the index's name (`search.index_needs`).
const INDEX_KIND_PREFIX: &str = "search.index_";

/// An index job sent again after the engine refused its document `refused` times: the worker sends
/// such a row in a task of its own (see `search/tasks.rs`).
pub async fn enqueue_refused(
    conn: &mut Conn,
    kind: &str,
    id: &str,
    refused: i32,
) -> QueryResult<()> {
    enqueue_index(conn, kind, json!({ "id": id, "refused": refused })).await
}

/// Records work that failed outside a job run (a search engine refusing a document after its job
/// was done) as a failed job, so that it shows in the failed-jobs view and can be retried there.
pub async fn insert_failed(
    conn: &mut Conn,
    kind: &str,
    payload: Value,
    error: &str,
) -> QueryResult<i64> {
    let now = Utc::now();
    diesel::insert_into(jobs::table)
        .values((
            jobs::kind.eq(kind),
            jobs::payload.eq(payload),
            jobs::state.eq(JobState::Failed),
            jobs::attempts.eq(1),
            jobs::max_attempts.eq(1000),
            jobs::run_at.eq(now),
            jobs::last_error.eq(error),
            jobs::finished_at.eq(now),
        ))
        .returning(jobs::id)
        .get_result(conn)
        .await
}

/// Marks done the unclaimed index jobs of `kind` for `ids`: a rebuild calls it in the transaction
/// that then reads those rows, before reading them, so every change these jobs stand for is
/// committed and in what the rebuild writes. Jobs that commit later, or that a worker holds, stay.
pub async fn drop_obsolete_index_jobs(
    conn: &mut Conn,
    kind: &str,
    ids: &[Uuid],
) -> QueryResult<usize> {
    let payloads: Vec<Value> = ids.iter().map(|id| json!({ "id": id })).collect();
    let obsolete: Vec<i64> = jobs::table
        .filter(jobs::kind.eq(kind))
        .filter(jobs::payload.eq_any(&payloads))
        .filter(jobs::state.eq(JobState::Queued))
        .select(jobs::id)
        .for_update()
        .skip_locked()
        .load(conn)
        .await?;
    diesel::update(jobs::table.filter(jobs::id.eq_any(&obsolete)))
        .set((
            jobs::state.eq(JobState::Done),
            jobs::finished_at.eq(Utc::now()),
            jobs::last_error.eq("obsolete: the rebuild wrote this document"),
        ))
        .execute(conn)
        .await
}

/// The row ids (`payload.id`) of jobs of `kind` asked for since `since`: what a rebuild must write again
/// after swapping its staging index in, since those changes may have gone to the old index only.
pub async fn ids_enqueued_since(
    conn: &mut Conn,
    kind: &str,
    since: DateTime<Utc>,
) -> QueryResult<Vec<String>> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Nullable, Text};
    let ids: Vec<Option<String>> = jobs::table
        .filter(jobs::kind.eq(kind))
        .filter(jobs::enqueued_at.ge(since))
        .select(sql::<Nullable<Text>>("payload->>'id'"))
        .distinct()
        .load(conn)
        .await?;
    Ok(ids.into_iter().flatten().collect())
}

/// An index job. Index jobs retry for a long time: an engine outage must not lose them.
///
/// A document with an index job still waiting joins it rather than adding another, so a backlog
/// holds each document once however often it changed. The waiting job is locked until the caller's
/// transaction commits, so no worker reads the row before this change is visible. A job a worker
/// already claimed (locked) is skipped: it may have read the row before this change, so a new job
/// follows it.
///
/// The change also goes to the search feed (`search_feed.rs`), in the same transaction: every
/// process with the embedded engine applies it to its own index.
async fn enqueue_index(conn: &mut Conn, kind: &str, payload: Value) -> QueryResult<()> {
    if let (Some(index), Some(id)) = (
        kind.strip_prefix(INDEX_KIND_PREFIX),
        payload["id"].as_str().and_then(|s| s.parse::<Uuid>().ok()),
    ) {
        super::search_feed::record(conn, index, id).await?;
    }
    let waiting: Option<i64> = jobs::table
        .filter(jobs::kind.eq(kind))
        .filter(jobs::payload.eq(&payload))
        .filter(jobs::state.eq(JobState::Queued))
        .select(jobs::id)
        .order(jobs::id)
        .limit(1)
        .for_update()
        .skip_locked()
        .get_result(conn)
        .await
        .optional()?;
    if let Some(id) = waiting {
        return diesel::update(jobs::table.find(id))
            .set(
                jobs::enqueued_at.eq(diesel::dsl::sql::<diesel::sql_types::Timestamptz>(
                    "clock_timestamp()",
                )),
            )
            .execute(conn)
            .await
            .map(|_| ());
    }
    enqueue(
        conn,
        &NewJob {
            kind,
            payload,
            run_at: Utc::now(),
            max_attempts: 1000,
        },
    )
    .await
    .map(|_| ())
}

/// Called by the store in every transaction that changes a need, so no caller can forget it.
pub async fn enqueue_need(conn: &mut Conn, need_id: Uuid) -> QueryResult<()> {
    enqueue_index(conn, kind::INDEX_NEEDS, json!({ "id": need_id })).await
}

/// Called by the store in every transaction that changes an offer (or its organization's mark).
pub async fn enqueue_offer(conn: &mut Conn, offer_id: Uuid) -> QueryResult<()> {
    enqueue_index(conn, kind::INDEX_OFFERS, json!({ "id": offer_id })).await
}

/// Called by the store in every transaction that changes a product (status, content or stock).
pub async fn enqueue_product(conn: &mut Conn, product_id: Uuid) -> QueryResult<()> {
    enqueue_index(conn, kind::INDEX_PRODUCTS, json!({ "id": product_id })).await
}

/// Called by the store in every transaction that changes a job posting (status, content or hires).
pub async fn enqueue_job_posting(conn: &mut Conn, job_id: Uuid) -> QueryResult<()> {
    enqueue_index(conn, kind::INDEX_JOBS, json!({ "id": job_id })).await
}
