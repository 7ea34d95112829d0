//! What the throughput benchmarks share: a database of their own, a server on port 0, supporters
//! signed up through the API, a closed loop of clients over HTTP, and `pgbench` running the same SQL
//! transaction for the ratio.

use bangfu::config::Config;
use bangfu::startup::{Application, Options};
use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const SERVER: &str = "postgres://postgres@127.0.0.1:5432";

pub fn env_or(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

pub async fn exec(conn: &mut AsyncPgConnection, sql: &str) -> anyhow::Result<()> {
    diesel_async::RunQueryDsl::execute(diesel::sql_query(sql), conn).await?;
    Ok(())
}

#[derive(diesel::QueryableByName)]
struct Id {
    #[diesel(sql_type = diesel::sql_types::Text)]
    id: String,
}

/// The `id` column of a query, as text.
pub async fn ids(conn: &mut AsyncPgConnection, sql: &str) -> anyhow::Result<Vec<String>> {
    Ok(
        diesel_async::RunQueryDsl::load::<Id>(diesel::sql_query(sql), conn)
            .await?
            .into_iter()
            .map(|r| r.id)
            .collect(),
    )
}

/// Runs `body` against a database made for it, dropped afterwards whatever happened.
pub fn with_database<F>(body: F) -> anyhow::Result<()>
where
    F: AsyncFnOnce(String) -> anyhow::Result<()>,
{
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let name = format!("bangfu_bench_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        bangfu::store::ensure_database(&url).await?;
        bangfu::store::migrate(&url).await?;
        let result = body(url).await;
        let mut conn = AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await?;
        exec(
            &mut conn,
            &format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
        )
        .await?;
        result
    })
}

pub struct Server {
    pub base: String,
    pub pool: bangfu::store::Pool,
    pub handle: actix_web::dev::ServerHandle,
    _data_dir: tempfile::TempDir,
}

/// The server on port 0, without job workers (follow-ups stay queued, as under a burst).
pub async fn start(url: &str) -> anyhow::Result<Server> {
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
        // Every client signs up from the same address.
        ("BANGFU_REGISTER_MAX_PER_ADDRESS", "100000".to_owned()),
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
    Ok(Server {
        base,
        pool,
        handle,
        _data_dir: data_dir,
    })
}

/// Signs up `count` accounts of `role` through the API, marks their email verified (the link's
/// work, not measured) and returns their access tokens.
pub async fn sign_up(server: &Server, role: &str, count: usize) -> anyhow::Result<Vec<String>> {
    sign_up_at(&server.base, &server.pool, role, count).await
}

/// [`sign_up`] through the server at `base` (another process), marking them verified through `pool`.
pub async fn sign_up_at(
    base: &str,
    pool: &bangfu::store::Pool,
    role: &str,
    count: usize,
) -> anyhow::Result<Vec<String>> {
    let client = reqwest::Client::new();
    let mut tokens = Vec::new();
    for i in 0..count {
        let email = format!("bench-{role}-{i}@example.cn");
        let password = "bench-password-2026";
        client
            .post(format!("{base}/api/v1/auth/register"))
            .json(&json!({"email": email, "password": password, "display_name": "压测", "role": role}))
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
                .ok_or_else(|| anyhow::anyhow!("no token: {t}"))?
                .to_owned(),
        );
    }
    let mut conn = pool.get().await?;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(
            "UPDATE users SET email_verified_at = now() WHERE email_verified_at IS NULL",
        ),
        &mut conn,
    )
    .await?;
    Ok(tokens)
}

pub struct Load {
    pub ok: usize,
    pub errors: usize,
    pub first_error: Option<String>,
    pub elapsed: Duration,
    latencies: Vec<Duration>,
}

impl Load {
    pub fn pct(&self, p: f64) -> f64 {
        if self.latencies.is_empty() {
            return 0.0;
        }
        let i = ((self.latencies.len() as f64 - 1.0) * p).round() as usize;
        self.latencies[i].as_secs_f64() * 1000.0
    }

    pub fn tps(&self) -> f64 {
        self.ok as f64 / self.elapsed.as_secs_f64()
    }

    pub fn line(&self, what: &str) -> String {
        format!(
            "{what:<18}{:>9.0} /s  p50 {:.2} ms  p99 {:.2} ms  p99/p50 {:.1}  ({} errors{})",
            self.tps(),
            self.pct(0.5),
            self.pct(0.99),
            self.pct(0.99) / self.pct(0.5).max(0.001),
            self.errors,
            self.first_error
                .as_deref()
                .map(|e| format!(", first: {e}"))
                .unwrap_or_default()
        )
    }
}

/// One client per token, each posting `path(k)` with `body` and a fresh Idempotency-Key in a closed
/// loop for `duration`; a 201 counts.
pub async fn post_load(
    base: &str,
    tokens: &[String],
    paths: &[String],
    body: Value,
    duration: Duration,
) -> Load {
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
            let (client, token, stop, paths, base, body) = (
                client.clone(),
                token.clone(),
                stop.clone(),
                paths.to_vec(),
                base.to_owned(),
                body.clone(),
            );
            tokio::spawn(async move {
                let (mut lat, mut errors, mut first, mut k) = (Vec::new(), 0usize, None, i);
                while !stop.load(Ordering::Relaxed) {
                    k = (k * 7 + 13) % paths.len().max(1);
                    let t = Instant::now();
                    let r = client
                        .post(format!("{base}{}", paths[k]))
                        .bearer_auth(&token)
                        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
                        .json(&body)
                        .send()
                        .await;
                    match r {
                        Ok(r) if r.status() == 201 => {
                            let _ = r.bytes().await;
                            lat.push(t.elapsed());
                        }
                        Ok(r) => {
                            errors += 1;
                            if first.is_none() {
                                first = Some(format!(
                                    "{} {}",
                                    r.status(),
                                    r.text().await.unwrap_or_default()
                                ));
                            }
                        }
                        Err(e) => {
                            errors += 1;
                            first.get_or_insert(e.to_string());
                        }
                    }
                }
                (lat, errors, first)
            })
        })
        .collect();
    tokio::time::sleep(duration).await;
    stop.store(true, Ordering::Relaxed);
    let (mut latencies, mut errors, mut first_error) = (Vec::new(), 0, None);
    for t in tasks {
        let (l, e, f) = t.await.expect("task");
        latencies.extend(l);
        errors += e;
        first_error = first_error.or(f);
    }
    latencies.sort();
    Load {
        ok: latencies.len(),
        errors,
        first_error,
        elapsed: start.elapsed(),
        latencies,
    }
}

/// Runs `script` with `pgbench` (`clients` connections, `-D` variables) and returns its tx/s.
pub fn pgbench(
    url: &str,
    clients: usize,
    seconds: u64,
    defines: &[(&str, usize)],
    script: &str,
) -> anyhow::Result<f64> {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("transaction.sql");
    std::fs::write(&path, script)?;
    let mut cmd = std::process::Command::new("pgbench");
    cmd.args(["-n", "-c", &clients.to_string(), "-j", "2", "-T"])
        .arg(seconds.to_string());
    for (name, value) in defines {
        cmd.arg("-D").arg(format!("{name}={value}"));
    }
    let out = cmd.arg("-f").arg(&path).arg(url).output()?;
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
    println!("pgbench           {tps:>9.0} tx/s  ({failed})");
    Ok(tps)
}
