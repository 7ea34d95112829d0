//! Benchmark: matching at 100,000 needs and 10,000 offers on the configured engine (the embedded
//! one unless `MEILI_URL` is set): p50/p95 of `GET /needs/{id}/matches`, `GET /offers/{id}/matches`
//! and a 200-need dry-run `POST /offers/{id}/allocate`.
//!
//! Run: `cargo bench --bench matching` (needs PostgreSQL at 127.0.0.1:5432; creates and drops its
//! own database). BENCH_NEEDS (default 100000), BENCH_OFFERS (10000), BENCH_ROUNDS (50).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bangfu::config::Config;
use bangfu::search::query::IndexName;
use bangfu::startup::{Application, Options};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const SERVER: &str = "postgres://postgres@127.0.0.1:5432";

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    if v.is_empty() {
        return 0.0;
    }
    let i = ((v.len() as f64 * p).ceil() as usize).clamp(1, v.len()) - 1;
    v[i].as_secs_f64() * 1000.0
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    let (needs, offers, rounds) = (
        env("BENCH_NEEDS", 100_000),
        env("BENCH_OFFERS", 10_000),
        env("BENCH_ROUNDS", 50),
    );
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let name = format!("bangfu_bench_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        bangfu::store::ensure_database(&url).await?;
        let result = run(&url, needs, offers, rounds).await;
        let mut conn = AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await?;
        diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await?;
        result
    })
}

/// 10,000 offers by the demo's enterprise, charity and donor, over Lushi's county, townships and
/// villages and the whole country, in every category, written straight to PostgreSQL. Each offers an
/// item the demo's needs ask for, in a unit that meets theirs, so matching has real pairs to find.
const OFFERS_SQL: &str = "
WITH areas AS (SELECT array_agg(code ORDER BY code) AS a FROM regions WHERE code LIKE '411224%'),
owners AS (SELECT array_agg(id ORDER BY email) AS o FROM users
           WHERE email IN ('enterprise@demo.bangfu.cn', 'charity@demo.bangfu.cn', 'donor@demo.bangfu.cn')),
kinds AS (SELECT ARRAY['food_clothing','education','medical','housing','drinking_water','production','employment','care','other'] AS c,
                 ARRAY['冬季棉衣棉被','书包文具','胰岛素和血糖试纸','门窗更换','大容量储水桶','核桃树苗','电焊技能培训','轮椅助行器','老人手机'] AS t,
                 ARRAY['套','套','盒','扇','个','株','人次','台','部'] AS u)
INSERT INTO offers (id, owner_id, title, description, category, quantity, unit, service_area_code, valid_until, value_per_unit_fen)
SELECT gen_random_uuid(), o[1 + i % 3], t[1 + i % 9] || ' ' || i, '爱心捐赠，可以送到村委会', c[1 + i % 9], 20 + (i * 7) % 500, u[1 + i % 9],
       CASE WHEN i % 10 = 0 THEN NULL ELSE a[1 + (i * 31) % array_length(a, 1)] END,
       now() + interval '120 days', 10000
FROM generate_series(1, $1) AS i, areas, owners, kinds";

/// One county-wide offer per category, large enough to fill 200 needs (of the needs that ask for its
/// item): what the allocation is timed on.
const BIG_OFFERS_SQL: &str = "
INSERT INTO offers (id, owner_id, title, description, category, quantity, unit, service_area_code, valid_until)
SELECT gen_random_uuid(), u.id, '全县统一捐赠' || t, '按紧急程度分配', c, 1000000, unit, '411224', now() + interval '120 days'
FROM users u, unnest(ARRAY['food_clothing','education','medical','housing','drinking_water','production','employment','care','other'],
                     ARRAY['冬季棉衣棉被','书包文具','胰岛素和血糖试纸','门窗更换','大容量储水桶','核桃树苗','电焊技能培训','轮椅助行器','老人手机'],
                     ARRAY['套','套','盒','扇','个','株','人次','台','部']) AS k(c, t, unit)
WHERE u.email = 'enterprise@demo.bangfu.cn'";

async fn run(url: &str, needs: usize, offers: usize, rounds: usize) -> anyhow::Result<()> {
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
    if let Ok(m) = std::env::var("MEILI_URL") {
        vars.insert("MEILI_URL".into(), m);
    }
    let config = Config::from_vars(&vars)?;
    bangfu::telemetry::init(&config);
    let pool = bangfu::store::pool(url, 16)?;
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
        diesel::sql_query(OFFERS_SQL.replace("$1", &offers.to_string()))
            .execute(&mut conn)
            .await?;
        diesel::sql_query(BIG_OFFERS_SQL).execute(&mut conn).await?;
        diesel::sql_query("DELETE FROM jobs")
            .execute(&mut conn)
            .await?;
    }
    println!(
        "seeded {needs} needs and {offers} offers in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    {
        let engine = bangfu::search::open(&config).await?;
        let mut conn = pool.get().await?;
        for index in [IndexName::Needs, IndexName::Offers] {
            let n = bangfu::search::indexing::reindex(&mut conn, &engine, index).await?;
            println!("indexed {n} public {} ({})", index.as_str(), engine.name());
        }
    }
    // Samples: open needs across the county, and the enterprise's offers.
    let (need_ids, offer_ids, big_offers): (Vec<uuid::Uuid>, Vec<uuid::Uuid>, Vec<uuid::Uuid>) = {
        use bangfu::schema::{needs as n, offers as o, users as u};
        use diesel::{ExpressionMethods, JoinOnDsl, QueryDsl};
        let mut conn = pool.get().await?;
        let need_ids = n::table
            .filter(n::status.eq("open"))
            .order(n::id)
            .select(n::id)
            .limit(rounds as i64)
            .load(&mut conn)
            .await?;
        let offer_ids = o::table
            .inner_join(u::table.on(u::id.eq(o::owner_id)))
            .filter(u::email.eq("enterprise@demo.bangfu.cn"))
            .filter(o::quantity.lt(1_000_000))
            .order(o::id)
            .select(o::id)
            .limit(rounds as i64)
            .load(&mut conn)
            .await?;
        let big_offers = o::table
            .filter(o::quantity.eq(1_000_000))
            .order(o::id)
            .select(o::id)
            .load(&mut conn)
            .await?;
        (need_ids, offer_ids, big_offers)
    };
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
    let client = reqwest::Client::new();
    let login: Value = client
        .post(format!("{base}/api/v1/auth/login"))
        .json(
            &json!({"email": "enterprise@demo.bangfu.cn", "password": bangfu::seed::DEMO_PASSWORD}),
        )
        .send()
        .await?
        .json()
        .await?;
    let token = login["access_token"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let mut results: Vec<(&str, Vec<Duration>, usize)> = Vec::new();
    for (label, paths) in [
        (
            "GET /needs/{id}/matches",
            need_ids
                .iter()
                .map(|id| format!("/api/v1/needs/{id}/matches"))
                .collect::<Vec<_>>(),
        ),
        (
            "GET /offers/{id}/matches",
            offer_ids
                .iter()
                .map(|id| format!("/api/v1/offers/{id}/matches"))
                .collect(),
        ),
    ] {
        let mut times = Vec::new();
        let mut found = 0;
        for path in &paths {
            let t = Instant::now();
            let r = client
                .get(format!("{base}{path}"))
                .bearer_auth(&token)
                .send()
                .await?;
            anyhow::ensure!(r.status() == 200, "{path}: {}", r.status());
            let v: Value = r.json().await?;
            times.push(t.elapsed());
            found += v["total"].as_u64().unwrap_or(0) as usize;
        }
        results.push((label, times, found / paths.len().max(1)));
    }
    let mut times = Vec::new();
    let mut planned = 0;
    for id in big_offers.iter().cycle().take(rounds) {
        let t = Instant::now();
        let r = client
            .post(format!("{base}/api/v1/offers/{id}/allocate"))
            .bearer_auth(&token)
            .json(&json!({"max_needs": 200, "dry_run": true}))
            .send()
            .await?;
        anyhow::ensure!(r.status() == 200, "allocate {id}: {}", r.status());
        let v: Value = r.json().await?;
        times.push(t.elapsed());
        planned += v["items"].as_array().map_or(0, Vec::len);
    }
    results.push((
        "POST /offers/{id}/allocate (dry run, 200 needs)",
        times,
        planned / rounds.max(1),
    ));
    println!(
        "{:<50} {:>9} {:>9} {:>12}",
        "operation", "p50", "p95", "avg results"
    );
    for (label, times, avg) in results {
        println!(
            "{label:<50} {:>7.1}ms {:>7.1}ms {avg:>12}",
            pct(times.clone(), 0.5),
            pct(times, 0.95)
        );
    }
    handle.stop(true).await;
    Ok(())
}
