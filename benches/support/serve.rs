//! `bangfu serve` as child processes of a benchmark (the built binary), so that the figures are the
//! server's own: its resident set is read from /proc/<pid>/status and the load generator's memory is
//! not counted. Every process has its own data directory (its embedded index) and the same secrets.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// Secrets every process shares, so a token or an ID digest made by one holds in the others.
const SECRETS: [(&str, &str); 3] = [
    (
        "BANGFU_JWT_SECRET",
        "bench-secret-bench-secret-bench-secret-00",
    ),
    (
        "BANGFU_ID_DIGEST_KEY",
        "bench-digest-bench-digest-bench-digest-00",
    ),
    (
        "BANGFU_UNSUBSCRIBE_SECRET",
        "bench-unsub-bench-unsub-bench-unsub-0000",
    ),
];

pub struct Process {
    pub base: String,
    pub pid: u32,
    pub log: PathBuf,
    child: Child,
    _data_dir: tempfile::TempDir,
}

impl Drop for Process {
    fn drop(&mut self) {
        // SIGTERM first (a clean stop), then SIGKILL if it takes too long.
        // SAFETY: kill(2) on our own child's pid.
        unsafe {
            libc::kill(self.pid as i32, libc::SIGTERM);
        }
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    let l = std::net::TcpListener::bind("127.0.0.1:0")?;
    Ok(l.local_addr()?.port())
}

/// Starts `bangfu serve` on `url` with an empty data directory and `extra` settings; its log goes to
/// a file in `logs`. Returns once the process has started (see [`Process::ready`]).
pub fn spawn(
    url: &str,
    logs: &std::path::Path,
    extra: &[(&str, String)],
) -> anyhow::Result<Process> {
    let data_dir = tempfile::tempdir()?;
    let port = free_port()?;
    let log = logs.join(format!("serve-{port}.log"));
    let file = std::fs::File::create(&log)?;
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bangfu"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", url)
        .env("BANGFU_DATA_DIR", data_dir.path())
        .env("BANGFU_BIND", format!("127.0.0.1:{port}"))
        .env("BANGFU_LOG", "warn")
        // Every client signs up from the same address.
        .env("BANGFU_REGISTER_MAX_PER_ADDRESS", "1000000");
    for (k, v) in SECRETS {
        cmd.env(k, v);
    }
    for (k, v) in extra {
        cmd.env(k, v);
    }
    // glibc's allocator settings (MALLOC_ARENA_MAX, MALLOC_MMAP_THRESHOLD_, …) reach the server,
    // so their effect on its memory can be measured.
    for (k, v) in std::env::vars().filter(|(k, _)| k.starts_with("MALLOC_")) {
        cmd.env(k, v);
    }
    let child = cmd
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(file)
        .spawn()?;
    Ok(Process {
        base: format!("http://127.0.0.1:{port}"),
        pid: child.id(),
        log,
        child,
        _data_dir: data_dir,
    })
}

impl Process {
    /// Waits until `/readyz` answers 200.
    pub async fn ready(
        &mut self,
        client: &reqwest::Client,
        within: Duration,
    ) -> anyhow::Result<()> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait()? {
                anyhow::bail!(
                    "bangfu serve exited at start ({status}); see {}",
                    self.log.display()
                );
            }
            let r = client.get(format!("{}/readyz", self.base)).send().await;
            if matches!(r, Ok(ref r) if r.status() == 200) {
                return Ok(());
            }
            anyhow::ensure!(
                start.elapsed() < within,
                "bangfu serve was not ready within {within:?}; see {}",
                self.log.display()
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Resident set, MiB.
    pub fn rss_mib(&self) -> f64 {
        status_kib(self.pid, "VmRSS:").unwrap_or(0) as f64 / 1024.0
    }

    /// The resident set's parts, MiB: anonymous memory (the heap: what the process holds) and
    /// file pages (the embedded index's memory-mapped files, which the kernel can drop and read
    /// again).
    pub fn rss_parts_mib(&self) -> (f64, f64) {
        let mib = |field| status_kib(self.pid, field).unwrap_or(0) as f64 / 1024.0;
        (mib("RssAnon:"), mib("RssFile:"))
    }

    /// Peak resident set since start, MiB.
    pub fn peak_mib(&self) -> f64 {
        status_kib(self.pid, "VmHWM:").unwrap_or(0) as f64 / 1024.0
    }

    /// Lines of the log that show a panic or an error.
    pub fn log_problems(&self) -> Vec<String> {
        std::fs::read_to_string(&self.log)
            .unwrap_or_default()
            .lines()
            .filter(|l| l.contains("panicked") || l.contains("ERROR"))
            .map(str::to_owned)
            .collect()
    }
}

fn status_kib(pid: u32, field: &str) -> Option<u64> {
    let text = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    text.lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Index jobs not yet done (queued, including those a worker holds).
pub async fn index_backlog(conn: &mut bangfu::store::Conn) -> anyhow::Result<i64> {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let c: Count = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query(
            "SELECT count(*) AS n FROM jobs WHERE kind LIKE 'search.index_%' AND state = 'queued'",
        ),
        conn,
    )
    .await?;
    Ok(c.n)
}
