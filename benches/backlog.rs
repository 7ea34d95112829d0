//! Benchmark: search while the index backlog drains, and the server's RSS at BENCH_NEEDS needs
//! (default 100,000). It seeds the demo at that size (as `bangfu seed demo --households 10000
//! --needs 100000` does; the seed queues an index job per need), then starts the built `bangfu serve`
//! as a child process on an empty data directory. With the embedded engine the index jobs are done
//! without work (the change feed carries every change) and the server, a new follower of the feed,
//! builds its index from PostgreSQL; with Meilisearch (`MEILI_URL`) its workers drain the jobs.
//! Meanwhile BENCH_CLIENTS (default 16) clients search without pause; every BENCH_SAMPLE_SECS
//! (default 10) it prints the index jobs still queued, the public needs search does not find yet,
//! search throughput, p50/p95 and RSS, and goes on BENCH_AFTER_SECS (default 30) after both are zero
//! for the quiet figures.
//!
//! Run: `cargo bench --bench backlog` (needs PostgreSQL at 127.0.0.1:5432; creates and drops its own
//! database). Stages are timed on stderr.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "support/search_queries.rs"]
mod search_queries;
#[path = "support/serve.rs"]
mod serve;
#[path = "support/soak_load.rs"]
#[allow(dead_code)]
mod soak_load;
#[path = "support/throughput.rs"]
#[allow(dead_code)]
mod throughput;

use soak_load::{pct, Kind, Plan};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use throughput::{env_or, with_database};

fn main() -> anyhow::Result<()> {
    let needs = env_or("BENCH_NEEDS", 100_000);
    with_database(async |url| run(&url, needs).await)
}

fn stage(started: Instant, what: &str) {
    eprintln!("[{:>6.1} s] {what}", started.elapsed().as_secs_f64());
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

async fn count(pool: &bangfu::store::Pool, sql: &str) -> anyhow::Result<i64> {
    let mut conn = pool.get().await?;
    let c: Count = diesel_async::RunQueryDsl::get_result(diesel::sql_query(sql), &mut conn).await?;
    Ok(c.n)
}

/// How many needs a search for everything finds through the server.
async fn found(http: &reqwest::Client, base: &str) -> anyhow::Result<i64> {
    let v: serde_json::Value = http
        .get(format!("{base}/api/v1/needs/search?per_page=1"))
        .send()
        .await?
        .error_for_status()?
        .json()
        .await?;
    v["total"]
        .as_i64()
        .ok_or_else(|| anyhow::anyhow!("no total in {v}"))
}

const INDEX_JOBS: &str = "SELECT count(*) AS n FROM jobs WHERE kind LIKE 'search.index_%'";
const NEED_JOBS_QUEUED: &str =
    "SELECT count(*) AS n FROM jobs WHERE kind = 'search.index_needs' AND state = 'queued'";

async fn run(url: &str, needs: usize) -> anyhow::Result<()> {
    let clients = env_or("BENCH_CLIENTS", 16).max(1);
    let sample = Duration::from_secs(env_or("BENCH_SAMPLE_SECS", 10).max(1) as u64);
    let after = Duration::from_secs(env_or("BENCH_AFTER_SECS", 30) as u64);
    let t0 = Instant::now();
    let pool = bangfu::store::pool(url, 4)?;
    {
        let mut conn = pool.get().await?;
        bangfu::seed::demo_sized(
            &mut conn,
            bangfu::seed::DemoSize {
                households: (needs / 10).max(10),
                needs,
            },
        )
        .await?;
    }
    let public = count(
        &pool,
        "SELECT count(*) AS n FROM needs WHERE status IN ('open', 'fully_pledged', 'fulfilled')",
    )
    .await?;
    let seeded_jobs = count(&pool, INDEX_JOBS).await?;
    let seeded_need_jobs = count(&pool, NEED_JOBS_QUEUED).await?;
    stage(t0, &format!("seeded {needs} needs ({public} public)"));
    println!(
        "seeded {needs} needs ({public} public) in {:.0} s; index jobs the seed queued: {seeded_jobs} \
         ({seeded_need_jobs} for needs)",
        t0.elapsed().as_secs_f64()
    );

    let logs = tempfile::tempdir()?;
    let mut server = serve::spawn(url, logs.path(), &[])?;
    let http = reqwest::Client::new();
    let start = Instant::now();
    server.ready(&http, Duration::from_secs(1800)).await?;
    let ready_secs = start.elapsed().as_secs_f64();
    let queued = count(&pool, NEED_JOBS_QUEUED).await?;
    let total = count(&pool, INDEX_JOBS).await?;
    stage(t0, "server ready");
    println!(
        "server ready in {ready_secs:.1} s, RSS {:.0} MiB; need index jobs queued: {queued}; index \
         jobs ever queued: {total} ({:.2} per need)",
        server.rss_mib(),
        total as f64 / needs.max(1) as f64
    );

    let plan = Arc::new(Plan {
        bases: vec![server.base.clone()],
        tokens: vec![String::new(); clients],
        queries: search_queries::queries()
            .into_iter()
            .map(|(q, _)| q.to_owned())
            .collect(),
        need_ids: vec![String::new()],
        pledge_need_ids: vec![String::new()],
        mix: (100, 100),
    });
    let window = Arc::new(Mutex::new(soak_load::Window::default()));
    let stop = Arc::new(AtomicBool::new(false));
    let tasks = soak_load::spawn_clients(plan, window.clone(), stop.clone())?;
    println!(
        "{:>6} {:>9} {:>9} {:>9} {:>8} {:>8} {:>8} {:>7}",
        "t s", "queued", "not found", "searches", "req/s", "p50 ms", "p95 ms", "RSS MiB"
    );
    let (mut during, mut quiet) = (Vec::new(), Vec::new());
    let (mut errors, mut drained_at, mut rss_during) = (0usize, None, 0f64);
    let mut last = Instant::now();
    loop {
        tokio::time::sleep(sample).await;
        let w = std::mem::take(&mut *window.lock().expect("window"));
        let secs = last.elapsed().as_secs_f64();
        last = Instant::now();
        let queued = serve::index_backlog(&mut *pool.get().await?).await?;
        let missing = (public - found(&http, &server.base).await?).max(0);
        let left = queued + missing;
        let rss = server.rss_mib();
        let mut lat = w.latencies.get(&Kind::Search).cloned().unwrap_or_default();
        lat.sort();
        errors += w.errors;
        println!(
            "{:>6.0} {queued:>9} {missing:>9} {:>9} {:>8.0} {:>8.2} {:>8.2} {rss:>7.0}",
            start.elapsed().as_secs_f64(),
            lat.len(),
            lat.len() as f64 / secs,
            pct(&lat, 0.5),
            pct(&lat, 0.95),
        );
        for e in w.error_samples {
            println!("  error: {e}");
        }
        match drained_at {
            None => {
                rss_during = rss_during.max(rss);
                during.push((lat, secs));
                if left == 0 {
                    drained_at = Some(Instant::now());
                    stage(t0, "backlog drained");
                }
            }
            Some(at) => {
                quiet.push((lat, secs));
                if at.elapsed() >= after {
                    break;
                }
            }
        }
    }
    stop.store(true, Ordering::Relaxed);
    for t in tasks {
        t.await?;
    }
    let pooled = |rows: &[(Vec<Duration>, f64)]| {
        let mut all: Vec<Duration> = rows.iter().flat_map(|(l, _)| l.clone()).collect();
        all.sort();
        let secs: f64 = rows.iter().map(|(_, s)| s).sum();
        (
            all.len() as f64 / secs.max(0.001),
            pct(&all, 0.5),
            pct(&all, 0.95),
        )
    };
    let (d_rate, d50, d95) = pooled(&during);
    let (q_rate, q50, q95) = pooled(&quiet);
    let drain = drained_at.map(|d| (d - start).as_secs_f64()).unwrap_or(0.0);
    println!(
        "backlog: {} index jobs ever queued for {public} public needs; drained {drain:.0} s after start",
        count(&pool, INDEX_JOBS).await?
    );
    println!("search during the backlog: {d_rate:.0} req/s, p50 {d50:.2} ms, p95 {d95:.2} ms ({clients} clients)");
    println!("search after it:           {q_rate:.0} req/s, p50 {q50:.2} ms, p95 {q95:.2} ms");
    let (anon, file) = server.rss_parts_mib();
    println!(
        "RSS: up to {rss_during:.0} MiB during, {:.0} MiB after ({anon:.0} anonymous, {file:.0} file \
         pages), peak (VmHWM) {:.0} MiB; errors: {errors}; log lines with a panic or ERROR: {}",
        server.rss_mib(),
        server.peak_mib(),
        server.log_problems().len()
    );
    Ok(())
}
