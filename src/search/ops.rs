//! `bangfu reindex` and `bangfu search check`, also while `bangfu serve` runs on the embedded engine:
//! the check reads the index without its writer lock (`readonly.rs`); with the embedded engine a
//! rebuild is also asked of every running process (each holds its own index, and this data
//! directory's lock may be held by one of them) through a rebuild request in the database, while
//! the command waits.

use super::query::IndexName;
use super::{indexing, readonly};
use crate::config::Config;
use crate::store::{search_feed, Conn};

/// Rebuilds every index: here, unless a running server holds this data directory's embedded
/// index, and with the embedded engine also in every running process (each holds its own).
pub async fn reindex(config: &Config, conn: &mut Conn) -> anyhow::Result<()> {
    let embedded = config.meili_url.is_none();
    if !(embedded && readonly::writer_busy(&search_dir(config))) {
        reindex_here(config, conn).await?;
    }
    if embedded {
        reindex_by_followers(conn).await?;
    }
    Ok(())
}

async fn reindex_here(config: &Config, conn: &mut Conn) -> anyhow::Result<()> {
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

/// How long `bangfu reindex` waits for the running processes to carry out its rebuild.
const REINDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(600);

/// With the embedded engine every running process keeps its own index: leave a rebuild request
/// (they wake on its commit) and wait until every process alive now has rebuilt after it. Whoever
/// can run this already has the database, so the database is the channel: no endpoint, no extra
/// secret. A process that is down answers the request when it starts.
async fn reindex_by_followers(conn: &mut Conn) -> anyhow::Result<()> {
    let alive = search_feed::rebuild_progress(conn, i64::MAX).await?.alive;
    if alive == 0 {
        return Ok(());
    }
    let started = std::time::Instant::now();
    let id = search_feed::request_rebuild(conn).await?;
    println!(
        "{alive} running process(es) follow the search feed: asked them to rebuild their indexes \
         (request {id}); waiting"
    );
    let mut reported = 0;
    loop {
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        let progress = search_feed::rebuild_progress(conn, id).await?;
        if progress.rebuilt >= progress.alive {
            println!(
                "{} of {} running process(es) rebuilt their search index in {:.1} s",
                progress.rebuilt,
                progress.alive,
                started.elapsed().as_secs_f64()
            );
            return Ok(());
        }
        if progress.rebuilt > reported {
            reported = progress.rebuilt;
            println!("{} of {} rebuilt so far", progress.rebuilt, progress.alive);
        }
        if started.elapsed() > REINDEX_WAIT {
            anyhow::bail!(
                "{} of {} running processes have not rebuilt after {} s; the request stays and \
                 each answers it when it can",
                progress.alive - progress.rebuilt,
                progress.alive,
                REINDEX_WAIT.as_secs()
            );
        }
    }
}
