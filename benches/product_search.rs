//! Benchmark: product search at 100,000 listed products on the configured engine (the embedded one
//! unless `MEILI_URL` is set): `GET /products/search` latency (p50, p95) for a mix of queries (words,
//! synonyms, pinyin, filters, facets, every sort), beside the engine's own latency for the same
//! queries, and the rebuild of the products index. Issue 18's aim: API p95 < 50 ms on the embedded
//! engine.
//!
//! Run: `cargo bench --bench product_search` (needs PostgreSQL at 127.0.0.1:5432; creates and drops
//! its own database). BENCH_PRODUCTS (default 100000), BENCH_ROUNDS (default 30).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use bangfu::config::Config;
use bangfu::search::query::{IndexName, SearchQuery, Sort};
use bangfu::startup::{Application, Options};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use std::collections::HashMap;
use std::time::{Duration, Instant};

const SERVER: &str = "postgres://postgres@127.0.0.1:5432";

/// (API query string, the same query for the engine)
fn queries() -> Vec<(&'static str, SearchQuery)> {
    let q = |text: &str| SearchQuery {
        text: text.into(),
        ..SearchQuery::default()
    };
    let lushi = || Some("411224".to_owned());
    vec![
        ("q=香菇", q("香菇")),
        ("q=冬菇", q("冬菇")),
        ("q=xianggu", q("xianggu")),
        (
            "q=核桃&region=411224",
            SearchQuery {
                region: lushi(),
                ..q("核桃")
            },
        ),
        (
            "q=连翘&category=herbs",
            SearchQuery {
                categories: vec!["herbs".into()],
                ..q("连翘")
            },
        ),
        (
            "q=蜂蜜&sort=price_asc",
            SearchQuery {
                sort: Sort::PriceAsc,
                ..q("蜂蜜")
            },
        ),
        ("q=卢氏 核桃 油", q("卢氏 核桃 油")),
        (
            "category=mushrooms&sort=newest",
            SearchQuery {
                categories: vec!["mushrooms".into()],
                sort: Sort::Newest,
                ..q("")
            },
        ),
        (
            "region=411224&sort=households_helped",
            SearchQuery {
                region: lushi(),
                sort: Sort::HouseholdsHelped,
                ..q("")
            },
        ),
        (
            "sort=price_desc",
            SearchQuery {
                sort: Sort::PriceDesc,
                ..q("")
            },
        ),
    ]
}

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    if v.is_empty() {
        return 0.0;
    }
    v[((v.len() as f64 - 1.0) * p).round() as usize].as_secs_f64() * 1000.0
}

fn env(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

fn main() -> anyhow::Result<()> {
    let (products, rounds) = (env("BENCH_PRODUCTS", 100_000), env("BENCH_ROUNDS", 30));
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let name = format!("bangfu_bench_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        bangfu::store::ensure_database(&url).await?;
        let result = run(&url, products, rounds).await;
        let mut conn = AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await?;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)")),
            &mut conn,
        )
        .await?;
        result
    })
}

/// Listed products of the demo's households: Lushi's produce in many wordings, prices, stocks,
/// households helped and listing times, made in one statement.
const PRODUCTS_SQL: &str = "
WITH sellers AS (
    SELECT u.id AS uid, h.id AS hid, h.region_code, row_number() OVER (ORDER BY u.id) - 1 AS n
    FROM users u JOIN households h ON h.id = u.household_id),
k AS (SELECT count(*) AS k FROM sellers),
official AS (SELECT id FROM users WHERE role = 'official' ORDER BY id LIMIT 1)
INSERT INTO products (id, seller_id, household_id, listed_by, county_code, region_code, title,
    description, category, unit, price_fen, stock, households_helped, status, certified_by,
    certified_at, created_at, updated_at)
SELECT gen_random_uuid(), s.uid, s.hid, s.uid, left(s.region_code, 6), s.region_code,
    (ARRAY['卢氏', '野生', '农家', '山区', '有机', '精选', '新鲜'])[1 + g % 7]
      || (ARRAY['香菇', '冬菇', '黑木耳', '薄皮核桃', '山核桃', '核桃油', '连翘', '连翘茶', '土蜂蜜',
                '小米', '玉米糁', '柿饼'])[1 + (g / 7) % 12]
      || (ARRAY['', '礼盒', '干货', '散装', '特级'])[1 + (g / 84) % 5],
    (ARRAY['贫困户自家种植，手工挑选。', '山里采摘，晒干后包装。', '合作社统一收购，带动农户增收。'])[1 + g % 3],
    (ARRAY['mushrooms', 'mushrooms', 'mushrooms', 'nuts', 'nuts', 'nuts', 'herbs', 'herbs', 'other',
           'grain', 'grain', 'fruit_vegetables'])[1 + (g / 7) % 12],
    '斤', 500 + (g * 37) % 20000, (g * 13) % 300, 1 + (g * 7) % 60, 'listed', o.id,
    now() - make_interval(secs => g), now(), now()
FROM generate_series(1, $1) g CROSS JOIN k CROSS JOIN official o
JOIN sellers s ON s.n = g % k.k";

async fn run(url: &str, products: usize, rounds: usize) -> anyhow::Result<()> {
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
        let prefix = format!("bench_{}_", uuid::Uuid::new_v4().simple());
        vars.insert("MEILI_INDEX_PREFIX".into(), prefix);
        if let Ok(k) = std::env::var("MEILI_MASTER_KEY") {
            vars.insert("MEILI_MASTER_KEY".into(), k);
        }
    }
    let config = Config::from_vars(&vars)?;
    bangfu::telemetry::init(&config);
    let pool = bangfu::store::pool(url, 16)?;

    let started = Instant::now();
    {
        let mut conn = pool.get().await?;
        let size = bangfu::seed::DemoSize {
            households: 200,
            needs: 200,
        };
        bangfu::seed::demo_sized(&mut conn, size).await?;
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query(PRODUCTS_SQL)
                .bind::<diesel::sql_types::Integer, _>(i32::try_from(products)?),
            &mut conn,
        )
        .await?;
        diesel_async::RunQueryDsl::execute(diesel::sql_query("DELETE FROM jobs"), &mut conn)
            .await?;
    }
    println!(
        "seeded {products} listed products in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let engine = bangfu::search::open(&config).await?;
    {
        let mut conn = pool.get().await?;
        let started = Instant::now();
        let n = bangfu::search::indexing::reindex(&mut conn, &engine, IndexName::Products).await?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "reindex ({}): {n} listed products in {secs:.1} s = {:.0} documents/s",
            engine.name(),
            n as f64 / secs
        );
    }
    let mut direct: HashMap<&str, Vec<Duration>> = HashMap::new();
    for _ in 0..rounds {
        for (name, q) in queries() {
            let t = Instant::now();
            engine.search_products(q).await?;
            direct.entry(name).or_default().push(t.elapsed());
        }
    }
    drop(engine);

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
    tokio::spawn(app.run_until_stopped());
    let client = reqwest::Client::new();
    let mut api: HashMap<&str, Vec<Duration>> = HashMap::new();
    let mut totals: HashMap<&str, u64> = HashMap::new();
    for _ in 0..rounds {
        for (name, _) in queries() {
            let t = Instant::now();
            let r = client
                .get(format!("{base}/api/v1/products/search?{name}"))
                .send()
                .await?;
            anyhow::ensure!(r.status() == 200, "{name}: {}", r.status());
            let v: serde_json::Value = r.json().await?;
            api.entry(name).or_default().push(t.elapsed());
            totals.insert(name, v["total"].as_u64().unwrap_or(0));
        }
    }
    println!(
        "{:<40} {:>8} {:>9} {:>9} {:>9} {:>9}",
        "query", "hits", "API p50", "API p95", "engine50", "engine95"
    );
    let (mut all_api, mut all_direct) = (Vec::new(), Vec::new());
    for (name, _) in queries() {
        let a = api.remove(name).unwrap_or_default();
        let d = direct.remove(name).unwrap_or_default();
        println!(
            "{name:<40} {:>8} {:>7.2}ms {:>7.2}ms {:>7.2}ms {:>7.2}ms",
            totals.get(name).copied().unwrap_or(0),
            pct(a.clone(), 0.5),
            pct(a.clone(), 0.95),
            pct(d.clone(), 0.5),
            pct(d.clone(), 0.95),
        );
        all_api.extend(a);
        all_direct.extend(d);
    }
    println!(
        "all queries ({products} products): API p50 {:.2} ms, p95 {:.2} ms (aim p95 < 50 ms); \
         engine p50 {:.2} ms, p95 {:.2} ms",
        pct(all_api.clone(), 0.5),
        pct(all_api, 0.95),
        pct(all_direct.clone(), 0.5),
        pct(all_direct, 0.95)
    );
    Ok(())
}
