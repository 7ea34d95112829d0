//! The job side of a process: what every process does on start (re-key ID digests, refill an empty
//! search index), the job kinds it handles, and its workers with their schedules. `bangfu serve`
//! runs this beside the HTTP server, `bangfu serve --no-workers` leaves it out, and `bangfu work`
//! runs it alone, so operators can scale the two apart. Each job runs once whichever process
//! claims it (`FOR UPDATE SKIP LOCKED`); schedules enqueue a kind only when none is waiting.

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

/// Why a process without its own index writer cannot serve the embedded engine.
pub const EMBEDDED_NEEDS_WORKERS: &str = "the embedded search engine keeps its index inside the process that serves it and only that process's workers write it: `serve --no-workers` and `work` need MEILI_URL (a Meilisearch every process shares)";

/// What every process does once on start: ID digests written before they were keyed are re-keyed
/// (the key is not in SQL), and an empty search index is refilled from PostgreSQL (queued).
pub async fn prepare(config: &Config, pool: &Pool, engine: &Engine) -> anyhow::Result<()> {
    let mut conn = pool.get().await?;
    let key = crate::domain::id_number::IdDigestKey::new(config.id_digest_key.expose().as_bytes());
    let rekeyed = crate::store::household_ids::rekey_unkeyed(&mut conn, &key).await?;
    if rekeyed > 0 {
        tracing::info!(rows = rekeyed, "household ID digests re-keyed");
    }
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
pub fn register(config: &Config, engine: &Engine, mut jobs: Registry) -> anyhow::Result<Registry> {
    jobs = jobs::accountability::register(jobs, config)?;
    for index in IndexName::ALL {
        let indexer = engine.clone();
        jobs = jobs.register_batch(indexing::job_kind(index), move |ctx, payloads| {
            indexing::index_batch(indexer.clone(), index, ctx, payloads)
        });
    }
    jobs = jobs::search::register(jobs, engine.clone());
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
    engine: &Engine,
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
    // Engine tasks are checked after each batch; this catches any left behind.
    .chain((engine.name() != "embedded").then_some((jobs::search::TASKS, expiry)));
    for (kind, every) in periodic {
        tasks.push(jobs::schedule(pool.clone(), kind, every, stopped.clone()));
    }
    tasks
}

/// `bangfu work`: the workers alone, without the HTTP server, until SIGINT or SIGTERM; then each
/// worker finishes its current job.
pub async fn run(config: Config, pool: Pool) -> anyhow::Result<()> {
    if config.meili_url.is_none() {
        anyhow::bail!(EMBEDDED_NEEDS_WORKERS);
    }
    if config.job_workers == 0 {
        anyhow::bail!("BANGFU_JOB_WORKERS is 0: `work` would do nothing");
    }
    let engine = crate::search::open(&config).await?;
    prepare(&config, &pool, &engine).await?;
    let registry = register(&config, &engine, Registry::standard())?;
    let (stop, stopped) = watch::channel(false);
    let tasks = spawn(
        &pool,
        registry,
        config.job_workers,
        &engine,
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
