//! Benchmark: throughput and latency of `GET /api/v1/me` (JWT check + one indexed lookup, plus the
//! jurisdiction for officials) against `GET /healthz` (no work), on the same machine and server.
//!
//! Run: `cargo bench --bench me_throughput` (needs PostgreSQL at 127.0.0.1:5432; it creates and drops
//! its own database). Settings: BENCH_SECONDS (default 10 per endpoint), BENCH_CONCURRENCY (default 32).
//! The load generator runs in the same process as the server, so both share the machine's cores:
//! compare the two endpoints with each other, not with other machines.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bangfu::config::Config;
use bangfu::startup::{Application, Options};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const SERVER: &str = "postgres://postgres@127.0.0.1:5432";

struct Report {
    requests: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Report {
    fn percentile(&self, p: f64) -> Duration {
        if self.latencies.is_empty() {
            return Duration::ZERO;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i]
    }
}

async fn load(
    url: String,
    token: Option<String>,
    concurrency: usize,
    duration: Duration,
) -> Report {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency)
        .build()
        .expect("client");
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let tasks: Vec<_> = (0..concurrency)
        .map(|_| {
            let (client, url, token, stop) =
                (client.clone(), url.clone(), token.clone(), stop.clone());
            tokio::spawn(async move {
                let mut lat = Vec::new();
                let mut errors = 0;
                while !stop.load(Ordering::Relaxed) {
                    let t = Instant::now();
                    let mut req = client.get(&url);
                    if let Some(tok) = &token {
                        req = req.bearer_auth(tok);
                    }
                    match req.send().await {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            lat.push(t.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                (lat, errors)
            })
        })
        .collect();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let mut latencies = Vec::new();
    let mut errors = 0;
    for t in tasks {
        let (l, e) = t.await.expect("task");
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed();
    latencies.sort();
    Report {
        requests: latencies.len(),
        errors,
        elapsed,
        latencies,
    }
}

fn print(name: &str, r: &Report) {
    println!(
        "{name:<16} {:>9.0} req/s  p50 {:>7.2} ms  p99 {:>7.2} ms  ({} requests, {} errors, {:.1} s)",
        r.requests as f64 / r.elapsed.as_secs_f64(),
        r.percentile(0.50).as_secs_f64() * 1000.0,
        r.percentile(0.99).as_secs_f64() * 1000.0,
        r.requests,
        r.errors,
        r.elapsed.as_secs_f64()
    );
}

fn main() -> anyhow::Result<()> {
    let seconds: u64 = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(10);
    let concurrency: usize = std::env::var("BENCH_CONCURRENCY")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let name = format!("bangfu_bench_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        bangfu::store::ensure_database(&url).await?;
        let result = run(&url, seconds, concurrency).await;
        let mut conn = AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await?;
        let drop = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        diesel_async::RunQueryDsl::execute(drop, &mut conn).await?;
        result
    })
}

async fn run(url: &str, seconds: u64, concurrency: usize) -> anyhow::Result<()> {
    bangfu::store::migrate(url).await?;
    let data_dir = tempfile::tempdir()?;
    let vars: HashMap<String, String> = [
        ("DATABASE_URL", url.to_owned()),
        ("BANGFU_BIND", "127.0.0.1:0".to_owned()),
        ("BANGFU_DATA_DIR", data_dir.path().display().to_string()),
        (
            "BANGFU_JWT_SECRET",
            "bench-secret-bench-secret-bench-secret-00".to_owned(),
        ),
        ("BANGFU_LOG", "warn".to_owned()),
        ("BANGFU_JOB_WORKERS", "0".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = Config::from_vars(&vars)?;
    bangfu::telemetry::init(&config);
    let pool = bangfu::store::pool(url, config.db_pool_size)?;
    let app = Application::build(
        config,
        pool,
        Options {
            handle_signals: false,
            ..Options::default()
        },
    )
    .await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let handle = app.server_handle();
    tokio::spawn(app.run_until_stopped());

    let client = reqwest::Client::new();
    let email = "bench@example.cn";
    let password = "bench-password-2026";
    let r = client
        .post(format!("{base}/api/v1/auth/register"))
        .json(&json!({"email": email, "password": password, "display_name": "bench", "role": "donor"}))
        .send()
        .await?;
    anyhow::ensure!(r.status() == 201, "register: {}", r.status());
    let tokens: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(&json!({"email": email, "password": password}))
        .send()
        .await?
        .json()
        .await?;
    let token = tokens["access_token"]
        .as_str()
        .ok_or_else(|| anyhow::anyhow!("no token"))?
        .to_owned();

    println!(
        "cores: {}, concurrency: {concurrency}, {seconds} s per endpoint",
        std::thread::available_parallelism()?.get()
    );
    let duration = Duration::from_secs(seconds);
    // Warm up both paths (connections, prepared statements).
    load(
        format!("{base}/healthz"),
        None,
        concurrency,
        Duration::from_secs(1),
    )
    .await;
    load(
        format!("{base}/api/v1/me"),
        Some(token.clone()),
        concurrency,
        Duration::from_secs(1),
    )
    .await;
    let health = load(format!("{base}/healthz"), None, concurrency, duration).await;
    print("GET /healthz", &health);
    let me = load(
        format!("{base}/api/v1/me"),
        Some(token),
        concurrency,
        duration,
    )
    .await;
    print("GET /api/v1/me", &me);
    println!(
        "GET /me reaches {:.0}% of /healthz throughput",
        100.0 * (me.requests as f64 / me.elapsed.as_secs_f64())
            / (health.requests as f64 / health.elapsed.as_secs_f64())
    );
    handle.stop(true).await;
    Ok(())
}
