//! Benchmark: peak memory of the server under 200 parallel registrations. Each argon2id hash takes
//! about 19 MiB, so without a bound 200 at once would need close to 4 GiB; `BANGFU_ARGON2_MAX_CONCURRENT`
//! (default 4 × cores) caps them and the rest wait (up to `BANGFU_ARGON2_QUEUE_WAIT_MS`) or get 503.
//!
//! Run: `cargo bench --bench argon2_memory` (needs PostgreSQL at 127.0.0.1:5432; it creates and drops
//! its own database). It starts the real `bangfu serve` as a child process and reads the child's
//! peak resident set (`VmHWM` in /proc/<pid>/status), so the load generator's memory is not counted.
//! Settings: BENCH_REGISTRATIONS (default 200), BENCH_ARGON2_MAX_CONCURRENT (default: the server's).

use diesel_async::{AsyncConnection, AsyncPgConnection};
use serde_json::json;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SERVER: &str = "postgres://postgres@127.0.0.1:5432";

fn status_kib(pid: u32, field: &str) -> anyhow::Result<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status"))?;
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .ok_or_else(|| anyhow::anyhow!("no {field} in /proc/{pid}/status"))
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::var("BENCH_REGISTRATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let name = format!("bangfu_bench_{}", uuid::Uuid::new_v4().simple());
        let url = format!("{SERVER}/{name}");
        let result = run(&url, n).await;
        let mut conn = AsyncPgConnection::establish(&format!("{SERVER}/postgres")).await?;
        let drop = diesel::sql_query(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"));
        diesel_async::RunQueryDsl::execute(drop, &mut conn).await?;
        result
    })
}

async fn run(url: &str, n: usize) -> anyhow::Result<()> {
    let data_dir = tempfile::tempdir()?;
    let port = std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bangfu"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", url)
        .env("BANGFU_DATA_DIR", data_dir.path())
        .env("BANGFU_BIND", format!("127.0.0.1:{port}"))
        .env("BANGFU_LOG", "warn")
        .env("BANGFU_JOB_WORKERS", "0")
        .env("BANGFU_REGISTER_MAX_PER_ADDRESS", "1000000")
        // Queue rather than refuse: the figure is the memory of every registration going through.
        .env("BANGFU_ARGON2_QUEUE_WAIT_MS", "600000")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    // glibc's per-thread arenas keep freed hash buffers; MALLOC_ARENA_MAX shows how much of the
    // peak is the allocator's retention rather than hashes running at once.
    if let Ok(m) = std::env::var("MALLOC_ARENA_MAX") {
        cmd.env("MALLOC_ARENA_MAX", m);
    }
    if let Ok(m) = std::env::var("BENCH_ARGON2_MAX_CONCURRENT") {
        cmd.env("BANGFU_ARGON2_MAX_CONCURRENT", m);
    }
    let server = Server(cmd.spawn()?);
    let pid = server.0.id();
    let base = format!("http://127.0.0.1:{port}");
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(n)
        .build()?;
    let start = Instant::now();
    while client.get(format!("{base}/readyz")).send().await.is_err() {
        anyhow::ensure!(
            start.elapsed() < Duration::from_secs(120),
            "the server did not start"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let idle = status_kib(pid, "VmRSS:")?;
    let startup_peak = status_kib(pid, "VmHWM:")?;
    // Start-up (the embedded search index) has its own peak; reset the mark so the figure below is
    // the registrations' (writing 5 to clear_refs resets VmHWM, Linux 4.0+).
    std::fs::write(format!("/proc/{pid}/clear_refs"), "5")?;

    let started = Instant::now();
    let tasks: Vec<_> = (0..n)
        .map(|i| {
            let (client, base) = (client.clone(), base.clone());
            tokio::spawn(async move {
                client
                    .post(format!("{base}/api/v1/auth/register"))
                    .json(&json!({"email": format!("bench{i}@example.cn"), "password": "bench-password-2026",
                        "display_name": "bench", "role": "donor"}))
                    .send()
                    .await
                    .map(|r| r.status().as_u16())
                    .unwrap_or(0)
            })
        })
        .collect();
    let mut by_status = std::collections::BTreeMap::new();
    for t in tasks {
        *by_status.entry(t.await?).or_insert(0usize) += 1;
    }
    let elapsed = started.elapsed();
    let peak = status_kib(pid, "VmHWM:")?;
    println!(
        "cores: {}, {n} parallel registrations in {:.1} s, answers {by_status:?}",
        std::thread::available_parallelism()?.get(),
        elapsed.as_secs_f64()
    );
    println!(
        "server RSS idle {:.0} MiB (start-up peak {:.0} MiB); peak during the registrations (VmHWM) {:.0} MiB",
        idle as f64 / 1024.0,
        startup_peak as f64 / 1024.0,
        peak as f64 / 1024.0
    );
    Ok(())
}
