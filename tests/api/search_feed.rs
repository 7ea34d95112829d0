//! The search change feed (`store/search_feed.rs`, `search/feed.rs`): a change whose transaction
//! commits after a later one is still delivered, a follower resumes from its cursor, and pruning
//! keeps what live followers have not passed, and a rebuild request reaches every follower.

use crate::helpers::TestDb;
use bangfu::search::feed::Follower;
use bangfu::search::Engine;
use bangfu::store::{index_jobs, search_feed};
use diesel_async::{AsyncConnection, AsyncPgConnection, RunQueryDsl};
use std::sync::Arc;
use uuid::Uuid;

async fn raw(conn: &mut AsyncPgConnection, sql: &str) {
    diesel::sql_query(sql).execute(conn).await.unwrap();
}

fn engine(dir: &std::path::Path) -> Engine {
    let settings = bangfu::search::settings::SearchSettings::bundled().unwrap();
    Arc::new(bangfu::search::embedded::EmbeddedSearch::open(dir, settings).unwrap())
}

#[tokio::test]
async fn a_change_that_commits_after_a_later_one_is_still_delivered() {
    let db = TestDb::new().await;
    let mut early = AsyncPgConnection::establish(&db.url).await.unwrap();
    let mut late = AsyncPgConnection::establish(&db.url).await.unwrap();
    let mut reader = AsyncPgConnection::establish(&db.url).await.unwrap();
    let mut cursor = search_feed::horizon(&mut reader).await.unwrap();
    let (first, second) = (Uuid::new_v4(), Uuid::new_v4());
    // The early transaction takes its sequence number first and commits last.
    raw(&mut early, "BEGIN").await;
    index_jobs::enqueue_need(&mut early, first).await.unwrap();
    raw(&mut late, "BEGIN").await;
    index_jobs::enqueue_need(&mut late, second).await.unwrap();
    raw(&mut late, "COMMIT").await;

    let (horizon, seen) = search_feed::read(&mut reader, cursor).await.unwrap();
    let later = seen.iter().find(|c| c.doc_id == second).expect("visible");
    assert!(seen.iter().all(|c| c.doc_id != first), "not committed yet");
    // The late row is delivered at once (eagerly), but the cursor stays below the open transaction.
    assert!(horizon <= later.xid, "{horizon} {}", later.xid);
    cursor = horizon.max(cursor);

    raw(&mut early, "COMMIT").await;
    let (_, seen) = search_feed::read(&mut reader, cursor).await.unwrap();
    let earlier = seen.iter().find(|c| c.doc_id == first).expect("delivered");
    // A follower reading `seq > last seen seq` would have skipped it.
    assert!(earlier.seq < later.seq);
}

#[tokio::test]
async fn followers_resume_rebuild_when_new_or_pruned_and_pruning_keeps_what_they_need() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let mut conn = pool.get().await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let search = engine(dir.path());
    // A new follower: position first, then a rebuild; its id is kept in the index directory.
    let mut follower = Follower::start(pool.clone(), search.clone(), dir.path())
        .await
        .unwrap();
    let id = follower.id();
    let at = search_feed::position(&mut conn, id).await.unwrap().unwrap();
    index_jobs::enqueue_need(&mut conn, Uuid::new_v4())
        .await
        .unwrap();
    // Live and behind: pruning keeps the row it has not passed.
    let now = chrono::Utc::now();
    let ten_minutes = chrono::Duration::minutes(10);
    search_feed::prune(&mut conn, now - ten_minutes)
        .await
        .unwrap();
    assert_eq!(search_feed::len(&mut conn).await.unwrap(), 1);
    // It applies the row at once (the need does not exist: a deletion), and only once, though
    // its cursor passes it only when every older transaction of the cluster has ended.
    assert_eq!(follower.step().await.unwrap(), 1);
    assert_eq!(follower.step().await.unwrap(), 0);
    let (_, rows) = search_feed::read(&mut conn, 0).await.unwrap();
    let xid = rows[0].xid;
    assert!(xid >= at, "{xid} >= {at}");
    // Once it has passed the row, pruning drops it.
    assert!(search_feed::advance(&mut conn, id, xid + 1).await.unwrap());
    let pruned = search_feed::prune(&mut conn, now - ten_minutes)
        .await
        .unwrap();
    assert_eq!((pruned.followers, pruned.rows), (0, 1));
    // Restarted on the same directory: the same follower, from its cursor.
    let resumed = Follower::start(pool.clone(), search.clone(), dir.path())
        .await
        .unwrap();
    assert_eq!(resumed.id(), id);
    assert!(search_feed::position(&mut conn, id).await.unwrap() >= Some(xid + 1));
    // Not seen for a while: it no longer holds pruning back, and is forgotten.
    let later = chrono::Utc::now() + chrono::Duration::minutes(11);
    let pruned = search_feed::prune(&mut conn, later - ten_minutes)
        .await
        .unwrap();
    assert_eq!(pruned.followers, 1);
    assert_eq!(search_feed::position(&mut conn, id).await.unwrap(), None);
    assert!(!search_feed::advance(&mut conn, id, xid + 2).await.unwrap());
    // Coming back behind the pruned point, it rebuilds and registers again under its id.
    let back = Follower::start(pool.clone(), search.clone(), dir.path())
        .await
        .unwrap();
    assert_eq!(back.id(), id);
    assert!(search_feed::position(&mut conn, id)
        .await
        .unwrap()
        .is_some());
}

async fn rebuilt(conn: &mut bangfu::store::Conn, follower: Uuid) -> i64 {
    search_feed::saved(conn, follower)
        .await
        .unwrap()
        .unwrap()
        .rebuilt_through
}

#[tokio::test]
async fn a_rebuild_request_is_answered_by_every_follower_and_by_one_that_was_down_when_it_starts() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let mut conn = pool.get().await.unwrap();
    let (a_dir, b_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let (a_search, b_search) = (engine(a_dir.path()), engine(b_dir.path()));
    let mut a = Follower::start(pool.clone(), a_search.clone(), a_dir.path())
        .await
        .unwrap();
    let b = Follower::start(pool.clone(), b_search.clone(), b_dir.path())
        .await
        .unwrap();
    let b_id = b.id();
    drop(b);
    // Alive means its listening connection is open (none yet); A's opens.
    let progress = search_feed::rebuild_progress(&mut conn, i64::MAX)
        .await
        .unwrap();
    assert_eq!(progress.alive, 0);
    let mut listener = AsyncPgConnection::establish(&db.url).await.unwrap();
    search_feed::listen(&mut listener, a.id()).await.unwrap();

    let request = search_feed::request_rebuild(&mut conn).await.unwrap();
    let progress = search_feed::rebuild_progress(&mut conn, request)
        .await
        .unwrap();
    assert_eq!((progress.rebuilt, progress.alive), (0, 1));
    assert!(rebuilt(&mut conn, a.id()).await < request);
    a.step().await.unwrap();
    assert_eq!(rebuilt(&mut conn, a.id()).await, request);
    let progress = search_feed::rebuild_progress(&mut conn, request)
        .await
        .unwrap();
    assert_eq!((progress.rebuilt, progress.alive), (1, 1));
    // Answered once: the next step is an ordinary one.
    assert_eq!(a.step().await.unwrap(), 0);
    assert_eq!(rebuilt(&mut conn, a.id()).await, request);

    // B was down: it resumes from its cursor and answers the request at its first step.
    let mut b = Follower::start(pool.clone(), b_search, b_dir.path())
        .await
        .unwrap();
    assert_eq!(b.id(), b_id);
    assert!(rebuilt(&mut conn, b_id).await < request);
    b.step().await.unwrap();
    assert_eq!(rebuilt(&mut conn, b_id).await, request);
    // A follower new after the request has nothing to answer.
    let c_dir = tempfile::tempdir().unwrap();
    let c = Follower::start(pool.clone(), engine(c_dir.path()), c_dir.path())
        .await
        .unwrap();
    assert_eq!(rebuilt(&mut conn, c.id()).await, request);
    drop(listener);
}
