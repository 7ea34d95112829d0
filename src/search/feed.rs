//! Following the search change feed (`store/search_feed.rs`): how index changes reach the embedded
//! engine, whose index lives in each process's data directory. Every `bangfu serve` process with the
//! embedded engine (with or without job workers) runs one [`Follower`] for its own index: it reads
//! the feed in order from its own cursor, reindexes the changed documents from their PostgreSQL rows
//! (`sync.rs`, as index jobs do for Meilisearch), and saves the cursor only after the index commit
//! that holds them, so a process killed in between applies them again.
//!
//! The follower's id lives in a file in the index's directory: a process restarted on the same data
//! directory continues from its cursor; a new (or deleted) index directory is a new follower, which
//! records the feed's position first, then builds its index from PostgreSQL, then follows from that
//! position. A follower not seen for [`DEAD_AFTER`] no longer holds pruning back; if it comes back
//! it finds its row gone and rebuilds. `bangfu reindex` beside running servers leaves a rebuild
//! request, which every follower answers by rebuilding (`rebuilt_through` in its row), the same way.

use super::indexing;
use super::query::IndexName;
use super::sync::sync;
use super::Engine;
use crate::store::{search_feed, Pool};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::sync::{watch, Notify};
use tokio::task::JoinHandle;
use uuid::Uuid;

/// The file, in the embedded index's directory, that names its follower.
const ID_FILE: &str = "follower";
/// How often the feed is read when no notification came (a lost listener, a missed wake-up).
const POLL: Duration = Duration::from_millis(500);
/// How often a follower with nothing new marks itself seen.
const HEARTBEAT: Duration = Duration::from_secs(30);
/// Followers not seen for this long no longer hold pruning back.
pub const DEAD_AFTER: Duration = Duration::from_secs(600);
/// Documents written to the index at a time.
const CHUNK: usize = 1000;

/// One embedded index following the feed.
pub struct Follower {
    id: Uuid,
    pool: Pool,
    engine: Engine,
    /// Every feed row below this transaction horizon is in the index.
    cursor: i64,
    /// Rows at or above the cursor already applied (eagerly, before their horizon passed).
    applied: HashSet<i64>,
    saved_at: Instant,
    /// The last rebuild request (`bangfu reindex`) this index was rebuilt after.
    rebuilt_through: i64,
}

impl Follower {
    /// Resumes the follower of the index in `dir`, or starts a new one (position first, then a
    /// rebuild from PostgreSQL).
    pub async fn start(pool: Pool, engine: Engine, dir: &Path) -> anyhow::Result<Self> {
        let file = dir.join(ID_FILE);
        let known = std::fs::read_to_string(&file)
            .ok()
            .and_then(|s| s.trim().parse::<Uuid>().ok());
        let mut this = Self {
            id: known.unwrap_or_else(Uuid::new_v4),
            pool,
            engine,
            cursor: 0,
            applied: HashSet::new(),
            saved_at: Instant::now(),
            rebuilt_through: 0,
        };
        let mut conn = this.pool.get().await?;
        let resumed = match known {
            Some(id) => search_feed::saved(&mut conn, id).await?,
            None => None,
        };
        drop(conn);
        match resumed {
            Some(saved) => {
                this.cursor = saved.position;
                this.rebuilt_through = saved.rebuilt_through;
                this.refill_empty().await?;
                tracing::info!(follower = %this.id, "search feed: resuming from the saved cursor");
            }
            None => {
                if known.is_some() {
                    tracing::info!(follower = %this.id, "search feed: away too long, rebuilding");
                }
                this.rebuild().await?;
                std::fs::create_dir_all(dir)?;
                std::fs::write(&file, this.id.to_string())?;
            }
        }
        Ok(this)
    }

    pub fn id(&self) -> Uuid {
        self.id
    }

    /// Records the current position, then builds every index from PostgreSQL: a change that
    /// commits meanwhile is either read by the rebuild or still in the feed above the position.
    async fn rebuild(&mut self) -> anyhow::Result<()> {
        let mut conn = self.pool.get().await?;
        // Every request made so far is answered by this rebuild, which reads PostgreSQL after it.
        let requested = search_feed::latest_rebuild_request(&mut conn).await?;
        let position = search_feed::horizon(&mut conn).await?;
        search_feed::register(&mut conn, self.id, position).await?;
        // Seen while it rebuilds, however long that takes.
        let beat = {
            let (pool, id) = (self.pool.clone(), self.id);
            tokio::spawn(async move {
                loop {
                    tokio::time::sleep(HEARTBEAT).await;
                    if let Ok(mut conn) = pool.get().await {
                        let _ = search_feed::advance(&mut conn, id, position).await;
                    }
                }
            })
        };
        let mut built: anyhow::Result<()> = Ok(());
        for index in IndexName::ALL {
            if let Err(e) = indexing::reindex(&mut conn, &self.engine, index).await {
                built = Err(e);
                break;
            }
        }
        beat.abort();
        built?;
        search_feed::mark_rebuilt(&mut conn, self.id, requested).await?;
        self.rebuilt_through = requested;
        self.cursor = position;
        self.applied.clear();
        tracing::info!(follower = %self.id, "search feed: index built from PostgreSQL");
        Ok(())
    }

    /// An index found empty while PostgreSQL has public rows for it (started anew after a schema
    /// change) is rebuilt.
    async fn refill_empty(&mut self) -> anyhow::Result<()> {
        let mut conn = self.pool.get().await?;
        for index in IndexName::ALL {
            if indexing::empty_but_public(&mut conn, &self.engine, index).await? {
                indexing::reindex(&mut conn, &self.engine, index).await?;
            }
        }
        Ok(())
    }

    /// Applies what the feed holds beyond the cursor and saves the new cursor. Returns how many
    /// documents were written.
    pub async fn step(&mut self) -> anyhow::Result<usize> {
        let mut conn = self.pool.get().await?;
        if search_feed::latest_rebuild_request(&mut conn).await? > self.rebuilt_through {
            drop(conn);
            tracing::info!(follower = %self.id, "search feed: a rebuild was requested, rebuilding");
            self.rebuild().await?;
            return Ok(0);
        }
        let (horizon, changes) = search_feed::read(&mut conn, self.cursor).await?;
        let next = horizon.max(self.cursor);
        tracing::debug!(
            horizon,
            cursor = self.cursor,
            changes = changes.len(),
            "search feed: read"
        );
        let mut todo: BTreeMap<&str, BTreeSet<Uuid>> = BTreeMap::new();
        for c in changes.iter().filter(|c| !self.applied.contains(&c.seq)) {
            todo.entry(c.index_name.as_str())
                .or_default()
                .insert(c.doc_id);
        }
        let mut written = 0;
        for (name, ids) in &todo {
            let Some(index) = IndexName::parse(name) else {
                continue;
            };
            let ids: Vec<Uuid> = ids.iter().copied().collect();
            for chunk in ids.chunks(CHUNK) {
                sync(&mut conn, &self.engine, index, chunk)
                    .await
                    .map_err(|e| anyhow::anyhow!(e))?;
                written += chunk.len();
            }
        }
        if written > 0 {
            tracing::debug!(follower = %self.id, documents = written, "search feed: applied");
        }
        // Every index commit is done: the cursor may pass these rows now.
        self.applied = changes
            .iter()
            .filter(|c| c.xid >= next)
            .map(|c| c.seq)
            .collect();
        if next != self.cursor || self.saved_at.elapsed() >= HEARTBEAT {
            if !search_feed::advance(&mut conn, self.id, next).await? {
                drop(conn);
                tracing::warn!(follower = %self.id, "search feed: this follower was pruned, rebuilding");
                self.rebuild().await?;
                return Ok(written);
            }
            self.cursor = next;
            self.saved_at = Instant::now();
        }
        Ok(written)
    }
}

/// The embedded engine's directory in the data directory (where the follower's id file lives).
pub fn index_dir(data_dir: &Path) -> PathBuf {
    data_dir.join("search")
}

/// Follows the feed for `engine`'s index in `dir` until `stopped` turns true: woken by
/// `LISTEN`/`NOTIFY` on every committed change, and polling as a fallback.
pub fn spawn(
    pool: Pool,
    engine: Engine,
    dir: PathBuf,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut follower = loop {
            match Follower::start(pool.clone(), engine.clone(), &dir).await {
                Ok(f) => break f,
                Err(e) => {
                    tracing::warn!(error = %e, "search feed: cannot start following; retrying");
                    tokio::select! {
                        _ = tokio::time::sleep(Duration::from_secs(2)) => {}
                        _ = stopped.changed() => return,
                    }
                }
            }
        };
        let wake = Arc::new(Notify::new());
        let listener = listen(pool, follower.id(), wake.clone(), stopped.clone());
        loop {
            if *stopped.borrow() {
                break;
            }
            let notified = wake.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Err(e) = follower.step().await {
                tracing::warn!(error = %e, "search feed: could not apply changes; retrying");
            }
            tokio::select! {
                _ = tokio::time::sleep(POLL) => {}
                _ = &mut notified => {}
                _ = stopped.changed() => {}
            }
        }
        let _ = listener.await;
    })
}

/// Listens on the feed's channel with a connection of its own and wakes the follower on every
/// notification; after an error it reconnects a few seconds later (the poll covers the gap).
fn listen(
    pool: Pool,
    follower: Uuid,
    wake: Arc<Notify>,
    mut stopped: watch::Receiver<bool>,
) -> JoinHandle<()> {
    use futures_util::StreamExt;
    tokio::spawn(async move {
        loop {
            let listened: anyhow::Result<()> = async {
                let mut conn = deadpool::managed::Object::take(pool.get().await?);
                search_feed::listen(&mut conn, follower).await?;
                wake.notify_one();
                let mut notifications = std::pin::pin!(conn.notifications_stream());
                loop {
                    tokio::select! {
                        n = notifications.next() => match n {
                            Some(Ok(_)) => wake.notify_one(),
                            Some(Err(e)) => return Err(e.into()),
                            None => return Ok(()),
                        },
                        _ = stopped.changed() => return Ok(()),
                    }
                }
            }
            .await;
            if *stopped.borrow() {
                break;
            }
            if let Err(e) = listened {
                tracing::warn!(error = %e, "search feed listener lost its connection; polling meanwhile");
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(5)) => {}
                _ = stopped.changed() => break,
            }
        }
    })
}
