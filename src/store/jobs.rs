//! The job table (outbox). Producers call [`enqueue`] inside the transaction of the change that causes
//! the follow-up; workers claim ready jobs with `FOR UPDATE SKIP LOCKED` so that two workers never run
//! the same job, and a job whose worker died is simply picked up again. A job that is ready at once
//! also sends a `NOTIFY` on [`CHANNEL`] in the same transaction, so idle workers wake when it commits
//! (PostgreSQL delivers notifications on commit only, and drops them on rollback).

use crate::domain::job::JobState;
use crate::schema::jobs;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::Value;

use super::Conn;

/// Every job kind Bangfu's own code enqueues, in one place (workers register handlers under them).
pub mod kind {
    pub const INDEX_NEEDS: &str = "search.index_needs";
    pub const INDEX_OFFERS: &str = "search.index_offers";
    pub const INDEX_PRODUCTS: &str = "search.index_products";
    pub const INDEX_JOBS: &str = "search.index_jobs";
    pub const NEEDS_EXPIRE: &str = "needs.expire";
    pub const OFFERS_EXPIRE: &str = "offers.expire";
    pub const PLEDGES_EXPIRE: &str = "pledges.expire";
    pub const COMPLAINTS_ESCALATE: &str = "complaints.escalate";
    pub const MAINTENANCE_PURGE: &str = "maintenance.purge";
    pub const ORDERS_EXPIRE: &str = "orders.expire";
    pub const ORDERS_ERASE_DELIVERY: &str = "orders.erase_delivery";
    /// Closes open job postings past their date (`jobs/job_postings.rs`).
    pub const JOB_POSTINGS_EXPIRE: &str = "job_postings.expire";
    /// Tells officials of retention checks that fell due (jobs, 就业扶贫).
    pub const JOB_RETENTION_REMIND: &str = "job_retention.remind";
    /// Fails open crowdfunding projects past their deadline short of their target.
    pub const PROJECTS_FAIL: &str = "projects.fail";
    /// Lapses project pledges with nothing received 14 days after they were made.
    pub const PROJECT_PLEDGES_LAPSE: &str = "project_pledges.lapse";
    /// Checks the outcome of search engine tasks (see `search/tasks.rs`).
    pub const SEARCH_TASKS: &str = "search.tasks";
    /// Rebuilds the search indexes in a running server (`bangfu reindex` while `serve` holds the
    /// embedded index).
    pub const SEARCH_REINDEX: &str = "search.reindex";
    /// Prunes the search change feed (`store/search_feed.rs`).
    pub const SEARCH_FEED_PRUNE: &str = "search.feed_prune";
}

/// The channel job producers notify and workers listen on.
pub const CHANNEL: &str = "bangfu_jobs";

/// Subscribes `conn` to the jobs channel (its notifications arrive through
/// `AsyncPgConnection::notifications_stream`).
pub async fn listen(conn: &mut Conn) -> QueryResult<()> {
    diesel::sql_query(format!("LISTEN {CHANNEL}"))
        .execute(conn)
        .await
        .map(|_| ())
}

/// Wakes listening workers when the caller's transaction commits (outside a transaction: now).
pub async fn notify(conn: &mut Conn, kind: &str) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_notify($1, $2)")
        .bind::<diesel::sql_types::Text, _>(CHANNEL)
        .bind::<diesel::sql_types::Text, _>(kind)
        .execute(conn)
        .await
        .map(|_| ())
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jobs)]
pub struct Job {
    pub id: i64,
    pub kind: String,
    pub payload: Value,
    pub state: JobState,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = jobs)]
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub payload: Value,
    pub run_at: DateTime<Utc>,
    pub max_attempts: i32,
}

pub async fn enqueue(conn: &mut Conn, new: &NewJob<'_>) -> QueryResult<i64> {
    let id = diesel::insert_into(jobs::table)
        .values(new)
        .returning(jobs::id)
        .get_result(conn)
        .await?;
    if new.run_at <= Utc::now() {
        notify(conn, new.kind).await?;
    }
    Ok(id)
}

/// A job to run once `run_at` has come.
pub async fn enqueue_at(
    conn: &mut Conn,
    kind: &str,
    payload: Value,
    run_at: DateTime<Utc>,
) -> QueryResult<i64> {
    enqueue(
        conn,
        &NewJob {
            kind,
            payload,
            run_at,
            max_attempts: 12,
        },
    )
    .await
}

/// Adds a job, ready now, in the caller's transaction: workers see it only when that commits.
pub async fn enqueue_now(conn: &mut Conn, kind: &str, payload: Value) -> QueryResult<i64> {
    enqueue(
        conn,
        &NewJob {
            kind,
            payload,
            run_at: Utc::now(),
            max_attempts: 12,
        },
    )
    .await
}

/// Claims the oldest ready job, locking its row until the surrounding transaction ends.
pub async fn claim_ready(conn: &mut Conn, now: DateTime<Utc>) -> QueryResult<Option<Job>> {
    jobs::table
        .filter(jobs::state.eq(JobState::Queued))
        .filter(jobs::run_at.le(now))
        .order((jobs::run_at, jobs::id))
        .select(Job::as_select())
        .for_update()
        .skip_locked()
        .first(conn)
        .await
        .optional()
}

/// More ready jobs of one kind, for batch handlers.
pub async fn claim_ready_of_kind(
    conn: &mut Conn,
    now: DateTime<Utc>,
    kind: &str,
    limit: i64,
) -> QueryResult<Vec<Job>> {
    jobs::table
        .filter(jobs::state.eq(JobState::Queued))
        .filter(jobs::kind.eq(kind))
        .filter(jobs::run_at.le(now))
        .order((jobs::run_at, jobs::id))
        .limit(limit)
        .select(Job::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

pub async fn mark_done(
    conn: &mut Conn,
    id: i64,
    attempts: i32,
    now: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(jobs::table.find(id))
        .set((
            jobs::state.eq(JobState::Done),
            jobs::attempts.eq(attempts),
            jobs::finished_at.eq(now),
            jobs::last_error.eq(None::<String>),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn mark_retry(
    conn: &mut Conn,
    id: i64,
    attempts: i32,
    run_at: DateTime<Utc>,
    error: &str,
) -> QueryResult<()> {
    diesel::update(jobs::table.find(id))
        .set((
            jobs::attempts.eq(attempts),
            jobs::run_at.eq(run_at),
            jobs::last_error.eq(error),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn mark_failed(
    conn: &mut Conn,
    id: i64,
    attempts: i32,
    now: DateTime<Utc>,
    error: &str,
) -> QueryResult<()> {
    diesel::update(jobs::table.find(id))
        .set((
            jobs::state.eq(JobState::Failed),
            jobs::attempts.eq(attempts),
            jobs::finished_at.eq(now),
            jobs::last_error.eq(error),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<Job>> {
    jobs::table
        .find(id)
        .select(Job::as_select())
        .first(conn)
        .await
        .optional()
}

/// Jobs per state, for `/metrics`.
pub async fn count_by_state(conn: &mut Conn) -> QueryResult<Vec<(JobState, i64)>> {
    jobs::table
        .group_by(jobs::state)
        .select((jobs::state, diesel::dsl::count_star()))
        .load(conn)
        .await
}

/// Whether a job of this kind is already waiting (periodic jobs enqueue themselves only once).
pub async fn is_queued(conn: &mut Conn, kind: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        jobs::table
            .filter(jobs::kind.eq(kind))
            .filter(jobs::state.eq(JobState::Queued)),
    ))
    .get_result(conn)
    .await
}

/// Deletes finished jobs older than `before`, keeping failed ones for people to look at.
pub async fn purge_done(conn: &mut Conn, before: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(
        jobs::table
            .filter(jobs::state.eq(JobState::Done))
            .filter(jobs::finished_at.lt(before)),
    )
    .execute(conn)
    .await
}

/// Jobs in `state` (or all), newest first.
pub async fn list(
    conn: &mut Conn,
    state: Option<JobState>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Job>, i64)> {
    let filtered = || {
        let mut q = jobs::table.into_boxed();
        if let Some(s) = state {
            q = q.filter(jobs::state.eq(s));
        }
        q
    };
    let total = filtered().count().get_result(conn).await?;
    let rows = filtered()
        .order(jobs::id.desc())
        .offset(offset)
        .limit(limit)
        .select(Job::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Puts a failed job back in the queue with a fresh set of attempts; `None` if it is not failed.
pub async fn retry_failed(
    conn: &mut Conn,
    id: i64,
    now: DateTime<Utc>,
) -> QueryResult<Option<Job>> {
    let job = diesel::update(
        jobs::table
            .find(id)
            .filter(jobs::state.eq(JobState::Failed)),
    )
    .set((
        jobs::state.eq(JobState::Queued),
        jobs::attempts.eq(0),
        jobs::run_at.eq(now),
        jobs::finished_at.eq(None::<DateTime<Utc>>),
    ))
    .returning(Job::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    if let Some(job) = &job {
        notify(conn, &job.kind).await?;
    }
    Ok(job)
}
