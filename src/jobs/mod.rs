//! Background jobs drained from the job table (the outbox). A job kind maps to a handler in a
//! [`Registry`]; workers claim one ready job at a time with `FOR UPDATE SKIP LOCKED`, run it while
//! holding the row lock, and then mark it done, schedule a retry with exponential backoff, or mark it
//! failed (a permanent error, or attempts used up). A worker that dies mid-job releases its lock with
//! its connection, so the job runs again: handlers must be idempotent.
//!
//! Idle workers wake when a job is committed: producers `NOTIFY` in the enqueueing transaction
//! (`store/jobs.rs`) and one connection per process `LISTEN`s ([`Runner::spawn`]). The poll stays as
//! a fallback (jobs due later, a lost listener connection).

pub mod accountability;
pub mod job_postings;
pub mod mail;
pub mod maintenance;
pub mod needs;
pub mod offers;
pub mod orders;
pub mod pledges;
pub mod projects;
pub mod retention;
pub mod search;

use crate::clock::{self, Clock};
use crate::store::{jobs as store, Pool};
use chrono::Utc;
use diesel_async::AsyncConnection;
use futures_util::future::BoxFuture;
use serde_json::Value;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;

#[derive(Debug, thiserror::Error)]
pub enum JobError {
    /// Worth trying again later (a server down, a timeout).
    #[error("{0}")]
    Retry(String),
    /// Will never succeed (bad payload, a permanent refusal): stop and keep it for people to see.
    #[error("{0}")]
    Permanent(String),
}

#[derive(Clone)]
pub struct JobContext {
    pub pool: Pool,
    /// Deadline jobs read the time here, so tests can move it.
    pub clock: Arc<dyn Clock>,
}

type Handler =
    Arc<dyn Fn(JobContext, Value) -> BoxFuture<'static, Result<(), JobError>> + Send + Sync>;

type BatchHandler =
    Arc<dyn Fn(JobContext, Vec<Value>) -> BoxFuture<'static, Result<(), JobError>> + Send + Sync>;

/// Jobs of a batch kind are claimed up to this many at a time and handled in one call.
pub const BATCH_SIZE: i64 = 100;

#[derive(Clone, Default)]
pub struct Registry {
    handlers: HashMap<String, Handler>,
    batch_handlers: HashMap<String, BatchHandler>,
}

impl Registry {
    pub fn register<F, Fut>(mut self, kind: &str, f: F) -> Self
    where
        F: Fn(JobContext, Value) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.handlers.insert(
            kind.to_owned(),
            Arc::new(move |ctx, payload| Box::pin(f(ctx, payload))),
        );
        self
    }

    /// A kind whose ready jobs are handled together (search index writes: one engine call for many).
    pub fn register_batch<F, Fut>(mut self, kind: &str, f: F) -> Self
    where
        F: Fn(JobContext, Vec<Value>) -> Fut + Send + Sync + 'static,
        Fut: std::future::Future<Output = Result<(), JobError>> + Send + 'static,
    {
        self.batch_handlers.insert(
            kind.to_owned(),
            Arc::new(move |ctx, payloads| Box::pin(f(ctx, payloads))),
        );
        self
    }

    /// The jobs Bangfu itself runs.
    pub fn standard() -> Self {
        Self::default()
            .register(maintenance::PURGE, maintenance::purge)
            .register(needs::EXPIRE, needs::expire)
            .register(offers::EXPIRE, offers::expire)
            .register(mail::REMINDERS, mail::reminders)
            .register(mail::DIGEST, mail::digest)
            .register(pledges::EXPIRE, pledges::expire)
            .register(pledges::ESCALATE, pledges::escalate)
            .register(orders::EXPIRE, orders::expire)
            .register(orders::ERASE, orders::erase)
            .register(job_postings::EXPIRE, job_postings::expire)
            .register(retention::REMIND, retention::remind)
            .register(projects::FAIL, projects::fail)
            .register(projects::LAPSE, projects::lapse)
    }
}

/// Enqueueing is storage ([`store::enqueue_now`]); re-exported under its old name for callers here.
pub use crate::store::jobs::enqueue_now as enqueue;

/// Delay before attempt `attempts + 1`: 5 s doubling per attempt, capped at one hour, with jitter so
/// that jobs failing together do not retry together.
pub fn backoff(attempts: i32) -> Duration {
    let base = 5u64.saturating_mul(1u64 << attempts.clamp(0, 20)).min(3600);
    let jitter = rand::random::<u64>() % (base / 4 + 1);
    Duration::from_secs(base + jitter)
}

#[derive(Clone)]
pub struct Runner {
    pool: Pool,
    registry: Arc<Registry>,
    poll_interval: Duration,
    clock: Arc<dyn Clock>,
    /// Woken by the listener on every committed job.
    wake: Arc<Notify>,
}

impl Runner {
    pub fn new(pool: Pool, registry: Registry) -> Self {
        Self {
            pool,
            registry: Arc::new(registry),
            poll_interval: Duration::from_millis(500),
            clock: clock::system(),
            wake: Arc::new(Notify::new()),
        }
    }

    pub fn clock(mut self, clock: Arc<dyn Clock>) -> Self {
        self.clock = clock;
        self
    }

    pub fn poll_interval(mut self, d: Duration) -> Self {
        self.poll_interval = d;
        self
    }

    /// Claims and runs one ready job. Returns whether there was one.
    pub async fn run_once(&self) -> anyhow::Result<bool> {
        self.run_next(None).await
    }

    /// Claims and runs one ready job of `kind` only (tests, and tools that drain one queue).
    pub async fn run_once_of(&self, kind: &str) -> anyhow::Result<bool> {
        self.run_next(Some(kind)).await
    }

    async fn run_next(&self, only: Option<&str>) -> anyhow::Result<bool> {
        let mut conn = self.pool.get().await?;
        let registry = self.registry.clone();
        let ctx = JobContext {
            pool: self.pool.clone(),
            clock: self.clock.clone(),
        };
        let ran = conn
            .transaction::<_, diesel::result::Error, _>(async |conn| {
                let now = Utc::now();
                let claimed = match only {
                    None => store::claim_ready(conn, now).await?,
                    Some(kind) => store::claim_ready_of_kind(conn, now, kind, 1).await?.pop(),
                };
                let Some(job) = claimed else {
                    return Ok(false);
                };
                let mut batch = vec![job];
                if registry.batch_handlers.contains_key(&batch[0].kind) {
                    let kind = batch[0].kind.clone();
                    batch.extend(store::claim_ready_of_kind(conn, now, &kind, BATCH_SIZE - 1).await?);
                }
                let result = if let Some(handler) = registry.batch_handlers.get(&batch[0].kind) {
                    handler(ctx, batch.iter().map(|j| j.payload.clone()).collect()).await
                } else if let Some(handler) = registry.handlers.get(&batch[0].kind) {
                    handler(ctx, batch[0].payload.clone()).await
                } else {
                    Err(JobError::Permanent(format!("no handler for job kind `{}`", batch[0].kind)))
                };
                let now = Utc::now();
                for job in &batch {
                    let attempts = job.attempts + 1;
                    match &result {
                        Ok(()) => store::mark_done(conn, job.id, attempts, now).await?,
                        Err(JobError::Retry(e)) if attempts < job.max_attempts => {
                            let delay = chrono::Duration::from_std(backoff(job.attempts)).unwrap_or_default();
                            tracing::warn!(job_id = job.id, kind = %job.kind, attempts, error = %e, "job failed; will retry");
                            store::mark_retry(conn, job.id, attempts, now + delay, e).await?
                        }
                        Err(e) => {
                            tracing::error!(job_id = job.id, kind = %job.kind, attempts, error = %e, "job failed for good");
                            store::mark_failed(conn, job.id, attempts, now, &e.to_string()).await?
                        }
                    }
                }
                Ok(true)
            })
            .await?;
        Ok(ran)
    }

    /// Starts `n` workers that drain jobs until `shutdown` turns true; each finishes its current job.
    /// With workers, one task also listens for committed jobs and wakes idle workers.
    pub fn spawn(&self, n: usize, shutdown: watch::Receiver<bool>) -> Vec<JoinHandle<()>> {
        let mut tasks: Vec<JoinHandle<()>> = Vec::with_capacity(n + 1);
        if n > 0 {
            tasks.push(listen(
                self.pool.clone(),
                self.wake.clone(),
                shutdown.clone(),
            ));
        }
        tasks.extend((0..n).map(|i| {
                let runner = self.clone();
                let mut shutdown = shutdown.clone();
                tokio::spawn(async move {
                    loop {
                        if *shutdown.borrow() {
                            break;
                        }
                        // Registered before looking for work, so a job committed meanwhile wakes it.
                        let notified = runner.wake.notified();
                        tokio::pin!(notified);
                        notified.as_mut().enable();
                        let idle = match runner.run_once().await {
                            Ok(true) => false,
                            Ok(false) => true,
                            Err(e) => {
                                tracing::warn!(worker = i, error = %e, "job worker could not reach the database");
                                true
                            }
                        };
                        if idle {
                            tokio::select! {
                                _ = tokio::time::sleep(runner.poll_interval) => {}
                                _ = &mut notified => {}
                                _ = shutdown.changed() => {}
                            }
                        }
                    }
                })
            }));
        tasks
    }
}

/// Listens on the jobs channel with a connection of its own (taken out of the pool) and wakes the
/// idle workers on every notification; after an error it reconnects a few seconds later.
fn listen(pool: Pool, wake: Arc<Notify>, mut shutdown: watch::Receiver<bool>) -> JoinHandle<()> {
    use futures_util::StreamExt;
    tokio::spawn(async move {
        loop {
            let listened: anyhow::Result<()> = async {
                let mut conn = deadpool::managed::Object::take(pool.get().await?);
                store::listen(&mut conn).await?;
                // Jobs committed while nobody listened.
                wake.notify_waiters();
                let mut notifications = std::pin::pin!(conn.notifications_stream());
                loop {
                    tokio::select! {
                        n = notifications.next() => match n {
                            Some(Ok(_)) => wake.notify_waiters(),
                            Some(Err(e)) => return Err(e.into()),
                            None => return Ok(()),
                        },
                        _ = shutdown.changed() => return Ok(()),
                    }
                }
            }
            .await;
            if *shutdown.borrow() {
                break;
            }
            if let Err(e) = listened {
                tracing::warn!(error = %e, "job listener lost its connection; workers poll meanwhile");
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                _ = shutdown.changed() => break,
            }
        }
    })
}

/// Enqueues a job of `kind` every `every` unless one is already waiting: periodic work goes through
/// the same table, so only one worker of many runs it at a time and a failure is retried.
pub fn schedule(
    pool: Pool,
    kind: &'static str,
    every: Duration,
    mut shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        loop {
            if let Ok(mut conn) = pool.get().await {
                if let Ok(false) = store::is_queued(&mut conn, kind).await {
                    if let Err(e) = enqueue(&mut conn, kind, Value::Null).await {
                        tracing::warn!(kind, error = %e, "could not schedule a periodic job");
                    }
                }
            }
            tokio::select! {
                _ = tokio::time::sleep(every) => {}
                _ = shutdown.changed() => break,
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        assert!((5..=6).contains(&backoff(0).as_secs()));
        assert!((10..=12).contains(&backoff(1).as_secs()));
        assert!((40..=50).contains(&backoff(3).as_secs()));
        assert!(backoff(30).as_secs() <= 3600 + 900);
    }
}
