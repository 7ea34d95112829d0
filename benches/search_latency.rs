//! Benchmark: search at 100,000 needs on the configured engine (the embedded one unless `MEILI_URL`
//! is set): `GET /needs/search` latency against the engine's own latency for the same queries,
//! `bangfu reindex` throughput, and the time from approving a need (publishing an offer) to finding it.
//!
//! With `MEILI_URL` it also prints the ratios issue 16 asks for: reindex documents/s against
//! Meilisearch's own ingest of the same documents as one NDJSON payload (aim ≥ 0.8), and API search
//! p95 against the same query, filter and facets sent straight to Meilisearch (aim ≤ 1.25).
//! `meili_direct.rs` holds those direct measurements.
//!
//! Run: `cargo bench --bench search_latency` (needs PostgreSQL at 127.0.0.1:5432; creates and drops
//! its own database). BENCH_NEEDS (default 100000), BENCH_ROUNDS (default 30), BENCH_APPROVALS (20).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bangfu::config::Config;
use bangfu::search::query::IndexName;
use bangfu::startup::{Application, Options};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

#[path = "support/meili_direct.rs"]
mod meili_direct;

const SERVER: &str = "postgres://postgres@127.0.0.1:5432";

#[path = "support/search_queries.rs"]
mod search_queries;
use search_queries::queries;

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    if v.is_empty() {
        return 0.0;
    }
    v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

/// A progress line on stderr: seconds since the run started, and the stage reached.
fn stage(started: Instant, what: &str) {
    eprintln!("[{:>7.1} s] {what}", started.elapsed().as_secs_f64());
}

fn main() -> anyhow::Result<()> {
    let needs: usize = std::env::var("BENCH_NEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(100_000);
    let rounds: usize = std::env::var("BENCH_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(30);
    let approvals: usize = std::env::var("BENCH_APPROVALS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let name = format!("bangfu_bench_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        bangfu::store::ensure_database(&url).await?;
        let result = run(&url, needs, rounds, approvals).await;
        let mut conn = AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await?;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")),
            &mut conn,
        )
        .await?;
        result
    })
}

async fn run(url: &str, needs: usize, rounds: usize, approvals: usize) -> anyhow::Result<()> {
    bangfu::store::migrate(url).await?;
    let data_dir = tempfile::tempdir()?;
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", url.to_owned()),
        ("BANGFU_BIND", "127.0.0.1:0".to_owned()),
        ("BANGFU_DATA_DIR", data_dir.path().display().to_string()),
        (
            "BANGFU_JWT_SECRET",
            "bench-secret-bench-secret-bench-secret-00".to_owned(),
        ),
        ("BANGFU_LOG", "warn".to_owned()),
        ("BANGFU_JOB_WORKERS", "2".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    // Meilisearch: indexes of this run only (dropped at the end).
    let prefix = format!("bench_{}_", uuid::Uuid::new_v4().simple());
    if let Ok(m) = std::env::var("MEILI_URL") {
        vars.insert("MEILI_URL".into(), m);
        vars.insert("MEILI_INDEX_PREFIX".into(), prefix.clone());
        if let Ok(k) = std::env::var("MEILI_MASTER_KEY") {
            vars.insert("MEILI_MASTER_KEY".into(), k);
        }
    }
    let config = Config::from_vars(&vars)?;
    bangfu::telemetry::init(&config);
    let pool = bangfu::store::pool(url, 16)?;

    let t0 = Instant::now();
    stage(t0, &format!("seeding {needs} needs"));
    let started = Instant::now();
    {
        let mut conn = pool.get().await?;
        bangfu::seed::demo_sized(
            &mut conn,
            bangfu::seed::DemoSize {
                households: (needs / 30).max(10),
                needs,
            },
        )
        .await?;
        stage(t0, "seeded; deleting the index jobs the seed queued");
        // The seed queued an index job per need; the reindex below does that work in bulk.
        diesel_async::RunQueryDsl::execute(diesel::sql_query("DELETE FROM jobs"), &mut conn)
            .await?;
    }
    println!(
        "seeded {needs} needs in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let engine = bangfu::search::open(&config).await?;
    let meili = meili_direct::Direct::from_env(&prefix);
    stage(t0, "reindexing");
    let reindex_rate = {
        let mut conn = pool.get().await?;
        let started = Instant::now();
        let n = bangfu::search::indexing::reindex(&mut conn, &engine, IndexName::Needs).await?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "reindex ({}): {n} public needs in {secs:.1} s = {:.0} documents/s",
            engine.name(),
            n as f64 / secs
        );
        n as f64 / secs
    };
    match &meili {
        Some(m) => {
            let raw = m.ndjson_ingest_rate("needs").await?;
            println!(
                "Meilisearch's own NDJSON ingest of the same documents: {raw:.0} documents/s; \
                 reindex / ingest = {:.2} (aim ≥ 0.8)",
                reindex_rate / raw
            );
        }
        None => println!("Meilisearch comparisons SKIPPED (MEILI_URL is not set)"),
    }
    let mut straight: HashMap<&str, Vec<Duration>> = HashMap::new();
    if let Some(m) = &meili {
        for _ in 0..rounds {
            for (name, q) in queries() {
                let t = Instant::now();
                m.search(IndexName::Needs, &q).await?;
                straight.entry(name).or_default().push(t.elapsed());
            }
        }
    }
    stage(t0, "engine queries");
    let mut direct: HashMap<&str, Vec<Duration>> = HashMap::new();
    for _ in 0..rounds {
        for (name, q) in queries() {
            let t = Instant::now();
            engine.search_needs(q).await?;
            direct.entry(name).or_default().push(t.elapsed());
        }
    }
    drop(engine);
    stage(t0, "starting the server");

    let app = Application::build(
        config,
        pool.clone(),
        Options {
            handle_signals: false,
            ..Options::default()
        },
    )
    .await?;
    let base = format!("http://127.0.0.1:{}", app.port());
    let handle = app.server_handle();
    tokio::spawn(app.run_until_stopped());
    stage(t0, "API queries");
    let client = reqwest::Client::new();
    let mut api: HashMap<&str, Vec<Duration>> = HashMap::new();
    for _ in 0..rounds {
        for (name, _) in queries() {
            let t = Instant::now();
            let r = client
                .get(format!("{base}/api/v1/needs/search?{name}"))
                .send()
                .await?;
            anyhow::ensure!(r.status() == 200, "{name}: {}", r.status());
            let _ = r.bytes().await?;
            api.entry(name).or_default().push(t.elapsed());
        }
    }
    println!(
        "{:<40} {:>9} {:>9} {:>9} {:>9} {:>6}",
        "query", "API p50", "API p95", "engine50", "engine95", "ratio"
    );
    let (mut all_api, mut all_direct) = (Vec::new(), Vec::new());
    for (name, _) in queries() {
        let a = api.remove(name).unwrap_or_default();
        let d = direct.remove(name).unwrap_or_default();
        println!(
            "{name:<40} {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>6.2}",
            pct(a.clone(), 0.5),
            pct(a.clone(), 0.95),
            pct(d.clone(), 0.5),
            pct(d.clone(), 0.95),
            pct(a.clone(), 0.95) / pct(d.clone(), 0.95).max(0.001)
        );
        all_api.extend(a);
        all_direct.extend(d);
    }
    println!(
        "all queries: API p50 {:.2} ms, p95 {:.2} ms; engine p50 {:.2} ms, p95 {:.2} ms",
        pct(all_api.clone(), 0.5),
        pct(all_api.clone(), 0.95),
        pct(all_direct.clone(), 0.5),
        pct(all_direct, 0.95)
    );
    if meili.is_some() {
        let all: Vec<Duration> = straight.into_values().flatten().collect();
        println!(
            "straight to Meilisearch (same query, filter, facets): p50 {:.2} ms, p95 {:.2} ms; \
             API p95 / Meilisearch p95 = {:.2} (aim ≤ 1.25)",
            pct(all.clone(), 0.5),
            pct(all.clone(), 0.95),
            pct(all_api, 0.95) / pct(all, 0.95).max(0.001)
        );
    }

    stage(t0, "approve → findable");
    // Approve → findable, through the outbox.
    let token = |email: &'static str| {
        let client = client.clone();
        let base = base.clone();
        async move {
            let v: Value = client
                .post(format!("{base}/api/v1/auth/login"))
                .json(&json!({"email": email, "password": bangfu::seed::DEMO_PASSWORD}))
                .send()
                .await?
                .json()
                .await?;
            anyhow::Ok(v["access_token"].as_str().unwrap_or_default().to_owned())
        }
    };
    let official = token("official.lushi@demo.bangfu.cn").await?;
    let approvals_started = chrono::Utc::now();
    let household = token("household@demo.bangfu.cn").await?;
    let mut delays = Vec::new();
    for i in 0..approvals {
        let word = format!("benchword{i}x{}", uuid::Uuid::new_v4().simple());
        let v: Value = client
            .post(format!("{base}/api/v1/needs"))
            .bearer_auth(&household)
            .json(&json!({"title": format!("测试需求 {word}"), "category": "other", "quantity": 1, "unit": "件",
                "urgency": "normal", "deadline": (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339(), "region_code": "411224101200"}))
            .send()
            .await?
            .json()
            .await?;
        let id = v["id"].as_str().unwrap_or_default().to_owned();
        let started = Instant::now();
        client
            .post(format!("{base}/api/v1/needs/{id}/review"))
            .bearer_auth(&official)
            .json(&json!({"decision": "approve"}))
            .send()
            .await?;
        loop {
            let r: Value = client
                .get(format!("{base}/api/v1/needs/search?q={word}"))
                .send()
                .await?
                .json()
                .await?;
            if r["total"] == 1 {
                break;
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(30),
                "need {id} never became searchable"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        delays.push(started.elapsed());
    }
    println!(
        "approve → findable: p50 {:.0} ms, p95 {:.0} ms ({approvals} needs; aim p95 < 2 s)",
        pct(delays.clone(), 0.5),
        pct(delays, 0.95)
    );

    // Of which: from the enqueueing transaction to the job's end (waiting for a worker, indexing).
    {
        use bangfu::schema::jobs;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        let mut conn = pool.get().await?;
        let rows: Vec<(
            chrono::DateTime<chrono::Utc>,
            Option<chrono::DateTime<chrono::Utc>>,
        )> = jobs::table
            .filter(jobs::kind.eq(bangfu::search::indexing::INDEX_NEEDS))
            .filter(jobs::created_at.ge(approvals_started))
            .select((jobs::created_at, jobs::finished_at))
            .load(&mut conn)
            .await?;
        let waits: Vec<Duration> = rows
            .into_iter()
            .filter_map(|(c, f)| (f? - c).to_std().ok())
            .collect();
        println!(
            "  index jobs, enqueued → done: p50 {:.0} ms, p95 {:.0} ms ({} jobs)",
            pct(waits.clone(), 0.5),
            pct(waits.clone(), 0.95),
            waits.len()
        );
    }

    stage(t0, "new offer → findable");
    // New offer → findable: offers are public once published.
    let enterprise = token("enterprise@demo.bangfu.cn").await?;
    let mut delays = Vec::new();
    for i in 0..approvals {
        let word = format!("offerword{i}x{}", uuid::Uuid::new_v4().simple());
        let started = Instant::now();
        let r = client
            .post(format!("{base}/api/v1/offers"))
            .bearer_auth(&enterprise)
            .json(&json!({"title": format!("爱心书包 {word}"), "description": "新书包", "category": "education",
                "quantity": 10, "unit": "个", "region_code": "411224",
                "valid_until": (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339()}))
            .send()
            .await?;
        anyhow::ensure!(r.status() == 201, "offer: {}", r.status());
        loop {
            let r: Value = client
                .get(format!("{base}/api/v1/offers/search?q={word}"))
                .send()
                .await?
                .json()
                .await?;
            if r["total"] == 1 {
                break;
            }
            anyhow::ensure!(
                started.elapsed() < Duration::from_secs(30),
                "offer {word} never became searchable"
            );
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        delays.push(started.elapsed());
    }
    println!(
        "new offer → findable: p50 {:.0} ms, p95 {:.0} ms ({approvals} offers)",
        pct(delays.clone(), 0.5),
        pct(delays, 0.95)
    );
    if let Some(m) = &meili {
        m.cleanup().await;
    }
    handle.stop(true).await;
    Ok(())
}
