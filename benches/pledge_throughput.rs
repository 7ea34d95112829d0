//! Benchmark: pledges per second through the API against the same SQL transaction run by `pgbench`
//! with the same number of clients (aim: a ratio of at least 0.5), and all clients on one need (aim:
//! no errors, p99 under 10× p50).
//!
//! Run: `cargo bench --bench pledge_throughput` (needs PostgreSQL at 127.0.0.1:5432 and `pgbench`;
//! it creates and drops its own database). BENCH_SECONDS (default 10), BENCH_CLIENTS (default 16),
//! BENCH_NEEDS (default 200).
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

fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

async fn exec(conn: &mut AsyncPgConnection, sql: &str) -> anyhow::Result<()> {
    diesel_async::RunQueryDsl::execute(diesel::sql_query(sql), conn).await?;
    Ok(())
}

struct Load {
    ok: usize,
    errors: usize,
    elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Load {
    fn pct(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i].as_secs_f64() * 1000.0
    }

    fn tps(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }
}

async fn pledge_load(base: &str, tokens: &[String], needs: &[String], duration: Duration) -> Load {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(tokens.len())
        .build()
        .expect("client");
    let stop = Arc::new(AtomicBool::new(false));
    let start = Instant::now();
    let tasks: Vec<_> = tokens
        .iter()
        .enumerate()
        .map(|(i, token)| {
            let (client, token, stop, needs, base) = (
                client.clone(),
                token.clone(),
                stop.clone(),
                needs.to_vec(),
                base.to_owned(),
            );
            tokio::spawn(async move {
                let (mut lat, mut errors, mut k) = (Vec::new(), 0usize, i);
                while !stop.load(Ordering::Relaxed) {
                    k = (k * 7 + 13) % needs.len().max(1);
                    let t = Instant::now();
                    let r = client
                        .post(format!("{base}/api/v1/needs/{}/pledges", needs[k]))
                        .bearer_auth(&token)
                        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                        .json(&json!({"quantity": 1}))
                        .send()
                        .await;
                    match r {
                        Ok(r) if r.status() == 201 => {
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
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for t in tasks {
        let (l, e) = t.await.expect("task");
        latencies.extend(l);
        errors += e;
    }
    latencies.sort();
    Load {
        ok: latencies.len(),
        errors,
        elapsed: start.elapsed(),
        latencies,
    }
}

/// The transaction the API runs for a pledge, in SQL: the idempotency record, the conditional quantity
/// update, the pledge row, the audit append (advisory lock, last hash, insert) and the stored response.
const PGBENCH_SCRIPT: &str = r#"
\set n random(1, :needs)
\set s random(1, :supporters)
SELECT id AS need FROM bench_needs WHERE n = :n \gset
SELECT id AS supporter FROM bench_supporters WHERE n = :s \gset
INSERT INTO idempotency_keys (user_id, key, request_fingerprint) VALUES (':supporter', gen_random_uuid(), '\x00');
BEGIN;
UPDATE needs SET pledged_quantity = pledged_quantity + 1,
    status = CASE WHEN pledged_quantity + 1 = quantity THEN 'fully_pledged' ELSE status END, updated_at = now()
  WHERE id = ':need' AND status = 'open' AND pledged_quantity + 1 <= quantity RETURNING region_code \gset
INSERT INTO pledges (id, need_id, supporter_id, region_code, quantity, message, expires_at, created_at, updated_at)
  VALUES (gen_random_uuid(), ':need', ':supporter', ':region_code', 1, '', now() + interval '14 days', now(), now());
SELECT pg_advisory_xact_lock(418581342580);
SELECT coalesce((SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1), '\x0000000000000000000000000000000000000000000000000000000000000000'::bytea) AS prev \gset
INSERT INTO audit_events (occurred_at, actor_id, action, subject_type, subject_id, details, prev_hash, hash)
  VALUES (now(), ':supporter', 'pledge.pending_approval', 'pledge', gen_random_uuid(), '{}', ':prev', sha256(':prev'::bytea || 'x'));
COMMIT;
UPDATE idempotency_keys SET response_status = 201, response_body = '\x00', completed_at = now()
  WHERE user_id = ':supporter' AND completed_at IS NULL;
"#;

fn pgbench(
    url: &str,
    clients: usize,
    seconds: u64,
    needs: usize,
    supporters: usize,
) -> anyhow::Result<f64> {
    let dir = tempfile::tempdir()?;
    let script = dir.path().join("pledge.sql");
    std::fs::write(&script, PGBENCH_SCRIPT)?;
    let out = std::process::Command::new("pgbench")
        .args([
            "-n",
            "-c",
            &clients.to_string(),
            "-j",
            "2",
            "-T",
            &seconds.to_string(),
            "-D",
            &format!("needs={needs}"),
            "-D",
        ])
        .arg(format!("supporters={supporters}"))
        .arg("-f")
        .arg(&script)
        .arg(url)
        .output()?;
    let text = String::from_utf8_lossy(&out.stdout);
    let tps = text
        .lines()
        .find(|l| l.starts_with("tps = "))
        .and_then(|l| l.split_whitespace().nth(2))
        .and_then(|v| v.parse::<f64>().ok())
        .ok_or_else(|| {
            anyhow::anyhow!(
                "pgbench said: {text}{}",
                String::from_utf8_lossy(&out.stderr)
            )
        })?;
    let failed = text
        .lines()
        .find(|l| l.contains("number of failed transactions"))
        .unwrap_or("")
        .to_owned();
    println!("pgbench          {tps:>9.0} tx/s  ({failed})");
    Ok(tps)
}

fn main() -> anyhow::Result<()> {
    let seconds = env_or("BENCH_SECONDS", 10) as u64;
    let clients = env_or("BENCH_CLIENTS", 16);
    let need_count = env_or("BENCH_NEEDS", 200);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let name = format!("bangfu_bench_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        bangfu::store::ensure_database(&url).await?;
        let result = run(&url, seconds, clients, need_count).await;
        let mut conn = AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await?;
        exec(
            &mut conn,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
        .await?;
        result
    })
}

async fn run(url: &str, seconds: u64, clients: usize, need_count: usize) -> anyhow::Result<()> {
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
        ("BANGFU_DB_POOL_SIZE", "32".to_owned()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    let config = Config::from_vars(&vars)?;
    bangfu::telemetry::init(&config);
    let pool = bangfu::store::pool(url, config.db_pool_size)?;
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

    // Supporters sign up through the API; needs are made open directly in SQL (setup, not measured).
    let client = reqwest::Client::new();
    let mut tokens = Vec::new();
    for i in 0..clients {
        let email = format!("bench{i}@example.cn");
        let password = "bench-password-2026";
        client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"email": email, "password": password, "display_name": "压测", "role": "donor"}))
            .send()
            .await?;
        let t: Value = client
            .post(format!("{base}/api/v1/auth/login"))
            .json(&json!({"email": email, "password": password}))
            .send()
            .await?
            .json()
            .await?;
        tokens.push(
            t["access_token"]
                .as_str()
                .ok_or_else(|| anyhow::anyhow!("no token"))?
                .to_owned(),
        );
    }
    let mut conn = pool.get().await?;
    exec(&mut conn, "INSERT INTO households (id, head_name, region_code) VALUES ('00000000-0000-0000-0000-000000000001', '压测户', '411224101200')").await?;
    exec(
        &mut conn,
        &format!(
            "INSERT INTO needs (id, household_id, region_code, posted_by, title, category, urgency, quantity, unit, estimated_value_fen, deadline, status, published_at) \
             SELECT gen_random_uuid(), '00000000-0000-0000-0000-000000000001', '411224101200', (SELECT id FROM users LIMIT 1), '压测需求 ' || g, 'other', 'normal', 1000000, '件', 0, now() + interval '300 days', 'open', now() \
             FROM generate_series(1, {need_count}) g"
        ),
    )
    .await?;
    exec(
        &mut conn,
        "CREATE TABLE bench_needs AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM needs",
    )
    .await?;
    exec(&mut conn, "CREATE TABLE bench_supporters AS SELECT row_number() OVER (ORDER BY id) AS n, id FROM users WHERE role = 'donor'").await?;
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    let needs: Vec<String> = diesel_async::RunQueryDsl::load::<Id>(
        diesel::sql_query("SELECT id::text AS id FROM bench_needs ORDER BY n"),
        &mut conn,
    )
    .await?
    .into_iter()
    .map(|r| r.id)
    .collect();
    drop(conn);

    println!(
        "cores: {}, clients: {clients}, needs: {need_count}, {seconds} s per run",
        std::thread::available_parallelism()?.get()
    );
    let duration = Duration::from_secs(seconds);
    pledge_load(&base, &tokens, &needs, Duration::from_secs(1)).await;
    let many = pledge_load(&base, &tokens, &needs, duration).await;
    println!(
        "API, many needs  {:>9.0} pledges/s  p50 {:.2} ms  p99 {:.2} ms  ({} errors)",
        many.tps(),
        many.pct(0.5),
        many.pct(0.99),
        many.errors
    );
    let sql_tps = pgbench(url, clients, seconds, need_count, clients)?;
    println!("ratio API / SQL: {:.2}", many.tps() / sql_tps);
    let one = pledge_load(&base, &tokens, &needs[..1], duration).await;
    println!(
        "API, one need    {:>9.0} pledges/s  p50 {:.2} ms  p99 {:.2} ms  p99/p50 {:.1}  ({} errors)",
        one.tps(),
        one.pct(0.5),
        one.pct(0.99),
        one.pct(0.99) / one.pct(0.5).max(0.001),
        one.errors
    );
    handle.stop(true).await;
    Ok(())
}
