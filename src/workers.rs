//! The job side of a process: what every process does on start (re-key ID digests, refill an empty
//! Meilisearch index), the job kinds it handles, and its workers with their schedules. `bangfu serve`
//! runs this beside the HTTP server, `bangfu serve --no-workers` leaves it out, and `bangfu work`
//! runs it alone, so operators can scale the two apart. Each job runs once whichever process
//! claims it (`FOR UPDATE SKIP LOCKED`); schedules enqueue a kind only when none is waiting.
//!
//! Both ways work with either engine. With the embedded engine every serving process keeps its own
//! index and follows the search change feed for it (`search/feed.rs`, started by `startup.rs`,
//! workers or not); index jobs are done without work there, and `bangfu work` opens no index.

use crate::config::Config;
use crate::jobs::{self, Registry, Runner};
use crate::search::indexing;
use crate::search::query::IndexName;
use crate::search::Engine;
use crate::store::Pool;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How often the periodic jobs are enqueued.
#[derive(Debug, Clone, Copy)]
pub struct Schedule {
    /// The maintenance purge, reminders, digests, escalations.
    pub maintenance_every: Duration,
    /// Deadlines: needs, offers, pledges, orders, job postings, projects.
    pub expiry_every: Duration,
}

impl Default for Schedule {
    fn default() -> Self {
        Self {
            maintenance_every: Duration::from_secs(3600),
            expiry_every: Duration::from_secs(60),
        }
    }
}

/// Whether index changes reach the index through jobs (Meilisearch, one index every process
/// shares) rather than the search change feed (the embedded engine, an index per process).
pub fn index_jobs_write(config: &Config) -> bool {
    config.meili_url.is_some()
}

/// What every process does once on start: ID digests written before they were keyed are re-keyed
/// (the key is not in SQL), and an empty Meilisearch index is refilled from PostgreSQL (queued;
/// the embedded engine's follower rebuilds its own index).
pub async fn prepare(config: &Config, pool: &Pool, engine: Option<&Engine>) -> anyhow::Result<()> {
    let mut conn = pool.get().await?;
    let key = crate::domain::id_number::IdDigestKey::new(config.id_digest_key.expose().as_bytes());
    let rekeyed = crate::store::household_ids::rekey_unkeyed(&mut conn, &key).await?;
    if rekeyed > 0 {
        tracing::info!(rows = rekeyed, "household ID digests re-keyed");
    }
    let Some(engine) = engine.filter(|_| index_jobs_write(config)) else {
        return Ok(());
    };
    for index in IndexName::ALL {
        if let Some(n) = indexing::refill_if_empty(&mut conn, engine, index).await? {
            tracing::info!(
                rows = n,
                index = index.as_str(),
                engine = engine.name(),
                "a search index was empty: queued every row for indexing"
            );
        }
    }
    Ok(())
}

/// Every job kind this process handles, added to `jobs` (the standard kinds, or a test's).
/// `engine` is `None` in `bangfu work` beside the embedded engine (no index of its own); with the
/// embedded engine, index jobs and rebuilds go to every process through the change feed.
pub fn register(
    config: &Config,
    engine: Option<&Engine>,
    mut jobs: Registry,
) -> anyhow::Result<Registry> {
    jobs = jobs::accountability::register(jobs, config)?;
    for index in IndexName::ALL {
        let kind = indexing::job_kind(index);
        jobs = match engine.filter(|_| index_jobs_write(config)) {
            Some(engine) => {
                let indexer = engine.clone();
                jobs.register_batch(kind, move |ctx, payloads| {
                    indexing::index_batch(indexer.clone(), index, ctx, payloads)
                })
            }
            None => jobs.register_batch(kind, indexing::feed_carries_it),
        };
    }
    jobs = jobs::search::register(jobs, engine.filter(|_| index_jobs_write(config)).cloned());
    let mailer = Arc::new(crate::mail::Mailer::from_config(config)?);
    tracing::info!(mail = %mailer.describe(), "mail");
    let config = Arc::new(config.clone());
    Ok(jobs.register(crate::mail::SEND, move |ctx, payload| {
        crate::mail::deliver(mailer.clone(), config.clone(), ctx, payload)
    }))
}

/// Starts `workers` workers (none: nothing at all) and the schedules of the periodic jobs; they stop
/// after their current job once `stopped` turns true.
pub fn spawn(
    pool: &Pool,
    registry: Registry,
    workers: usize,
    engine: Option<&Engine>,
    every: Schedule,
    stopped: watch::Receiver<bool>,
) -> Vec<JoinHandle<()>> {
    let runner = Runner::new(pool.clone(), registry);
    let mut tasks = runner.spawn(workers, stopped.clone());
    if workers == 0 {
        return tasks;
    }
    let (maintenance, expiry) = (every.maintenance_every, every.expiry_every);
    let periodic = [
        (jobs::maintenance::PURGE, maintenance),
        (jobs::needs::EXPIRE, expiry),
        (jobs::offers::EXPIRE, expiry),
        (jobs::mail::REMINDERS, maintenance),
        (jobs::mail::DIGEST, maintenance),
        (jobs::pledges::EXPIRE, expiry),
        (jobs::pledges::ESCALATE, maintenance),
    ]
    .into_iter()
    .chain(jobs::accountability::schedules(maintenance))
    .chain(jobs::orders::schedules(expiry, maintenance))
    .chain([(jobs::job_postings::EXPIRE, expiry)])
    .chain(jobs::retention::schedules(maintenance))
    .chain(jobs::projects::schedules(expiry))
    .chain([(jobs::search::FEED_PRUNE, expiry)])
    // Engine tasks are checked after each batch; this catches any left behind.
    .chain(
        engine
            .filter(|e| e.name() != "embedded")
            .map(|_| (jobs::search::TASKS, expiry)),
    );
    for (kind, every) in periodic {
        tasks.push(jobs::schedule(pool.clone(), kind, every, stopped.clone()));
    }
    tasks
}

/// `bangfu work`: the workers alone, without the HTTP server, until SIGINT or SIGTERM; then each
/// worker finishes its current job. With the embedded engine it opens no index: index changes reach
/// the serving processes' indexes through the search change feed, not through its jobs.
pub async fn run(config: Config, pool: Pool) -> anyhow::Result<()> {
    if config.job_workers == 0 {
        anyhow::bail!("BANGFU_JOB_WORKERS is 0: `work` would do nothing");
    }
    let engine = if index_jobs_write(&config) {
        Some(crate::search::open(&config).await?)
    } else {
        None
    };
    prepare(&config, &pool, engine.as_ref()).await?;
    let registry = register(&config, engine.as_ref(), Registry::standard())?;
    let (stop, stopped) = watch::channel(false);
    let tasks = spawn(
        &pool,
        registry,
        config.job_workers,
        engine.as_ref(),
        Schedule::default(),
        stopped,
    );
    tracing::info!(
        workers = config.job_workers,
        "Bangfu is working (no HTTP server)"
    );
    shutdown_signal().await;
    let _ = stop.send(true);
    for t in tasks {
        let _ = t.await;
    }
    tracing::info!("stopped");
    Ok(())
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
