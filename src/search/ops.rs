//! `bangfu reindex` and `bangfu search check`, also while `bangfu serve` runs on the embedded engine:
//! the check reads the index without its writer lock (`readonly.rs`); a rebuild that needs the lock
//! a server holds is done by that server (a `search.reindex` job) while the command waits.

use super::query::IndexName;
use super::{indexing, readonly};
use crate::config::Config;
use crate::domain::job::JobState;
use crate::store::jobs::{self, NewJob};
use crate::store::Conn;

/// Rebuilds every index, here or (when a server holds the embedded index) by that server.
pub async fn reindex(config: &Config, conn: &mut Conn) -> anyhow::Result<()> {
    if config.meili_url.is_none() && readonly::writer_busy(&search_dir(config)) {
        return reindex_by_server(conn).await;
    }
    let engine = crate::search::open(config).await?;
    for index in IndexName::ALL {
        let started = std::time::Instant::now();
        let n = indexing::reindex(conn, &engine, index).await?;
        let secs = started.elapsed().as_secs_f64();
        println!(
            "reindexed {n} {} in {secs:.1} s ({:.0} documents/s) into the {} engine",
            index.as_str(),
            n as f64 / secs.max(0.001),
            engine.name()
        );
    }
    Ok(())
}

/// Compares every index with PostgreSQL; an error listing the differences.
pub async fn check(config: &Config, conn: &mut Conn) -> anyhow::Result<()> {
    // The embedded index is read without its writer lock (a server may hold it).
    let engine = match config.meili_url {
        Some(_) => Some(crate::search::open(config).await?),
        None => None,
    };
    let mut differences = Vec::new();
    for index in IndexName::ALL {
        let indexed = match &engine {
            Some(engine) => engine.versions(index).await?,
            None => readonly::versions(&search_dir(config), index)?,
        };
        let drift = indexing::check_versions(conn, index, indexed).await?;
        let kind = index.as_str().trim_end_matches('s');
        for id in &drift.missing {
            println!("missing from the index: {kind} {id}");
        }
        for id in &drift.extra {
            println!("in the index but not public: {kind} {id}");
        }
        for id in &drift.stale {
            println!("indexed from an older version: {kind} {id}");
        }
        if !drift.is_empty() {
            differences.push(format!(
                "{}: {} missing, {} extra, {} stale",
                index.as_str(),
                drift.missing.len(),
                drift.extra.len(),
                drift.stale.len()
            ));
        }
    }
    if !differences.is_empty() {
        anyhow::bail!(
            "the index differs from PostgreSQL: {} (run `bangfu reindex`)",
            differences.join("; ")
        );
    }
    println!("the index matches PostgreSQL");
    Ok(())
}

/// The embedded engine's directory.
fn search_dir(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("search")
}

/// How long `bangfu reindex` waits for a running server to carry out its rebuild.
const REINDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

/// A running server holds the embedded index: queue a `search.reindex` job (its workers wake on the
/// commit) and wait until it is done. Whoever can run this already has the database, so the job
/// table is the channel: no endpoint, no extra secret.
async fn reindex_by_server(conn: &mut Conn) -> anyhow::Result<()> {
    let started = std::time::Instant::now();
    let id = jobs::enqueue(
        conn,
        &NewJob {
            kind: jobs::kind::SEARCH_REINDEX,
            payload: serde_json::Value::Null,
            run_at: chrono::Utc::now(),
            max_attempts: 3,
        },
    )
    .await?;
    println!("a running server holds the search index: asked it to rebuild (job {id}); waiting");
    let mut reported = 0;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let job = jobs::find(conn, id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("job {id} disappeared"))?;
        match job.state {
            JobState::Done => {
                println!(
                    "the running server rebuilt the search index in {:.1} s (job {id})",
                    started.elapsed().as_secs_f64()
                );
                return Ok(());
            }
            JobState::Failed => anyhow::bail!(
                "the running server could not rebuild the search index (job {id}): {}",
                job.last_error.unwrap_or_default()
            ),
            _ if job.attempts > reported && job.last_error.is_some() => {
                reported = job.attempts;
                println!(
                    "attempt {} failed ({}); the server retries",
                    job.attempts,
                    job.last_error.as_deref().unwrap_or_default()
                );
            }
            _ => {}
        }
        if started.elapsed() > REINDEX_WAIT {
            anyhow::bail!("job {id} is not done after {} s: does the server that holds the index run job workers (BANGFU_JOB_WORKERS)? The job stays queued", REINDEX_WAIT.as_secs());
        }
    }
}
