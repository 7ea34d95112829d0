//! A backlog holds each document once: index jobs for a document that already waits join the waiting
//! job; a job a worker holds is followed by a new one; a rebuild drops the waiting jobs of what it
//! wrote.

use crate::needs_fixture::World;
use bangfu::domain::job::JobState;
use bangfu::schema::jobs;
use bangfu::search::query::IndexName;
use bangfu::store::index_jobs::enqueue_need;
use bangfu::store::jobs::kind;
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde_json::json;
use uuid::Uuid;

async fn queued(conn: &mut bangfu::store::Conn, need: &str) -> Vec<i64> {
    jobs::table
        .filter(jobs::kind.eq(kind::INDEX_NEEDS))
        .filter(jobs::payload.eq(json!({ "id": need })))
        .filter(jobs::state.eq(JobState::Queued))
        .select(jobs::id)
        .order(jobs::id)
        .load(conn)
        .await
        .unwrap()
}

#[tokio::test]
async fn changes_to_a_waiting_document_join_its_job() {
    let w = World::new().await;
    let need = w.open_need("轮椅一台").await;
    let id: Uuid = need.parse().unwrap();
    let mut conn = w.app.conn().await;
    // Posting and approving the need changed it twice; one job waits for it.
    let before = queued(&mut conn, &need).await;
    assert_eq!(before.len(), 1);
    let asked_before: chrono::DateTime<chrono::Utc> = jobs::table
        .find(before[0])
        .select(jobs::enqueued_at)
        .get_result(&mut conn)
        .await
        .unwrap();
    for _ in 0..5 {
        enqueue_need(&mut conn, id).await.unwrap();
    }
    assert_eq!(queued(&mut conn, &need).await, before);
    let asked_after: chrono::DateTime<chrono::Utc> = jobs::table
        .find(before[0])
        .select(jobs::enqueued_at)
        .get_result(&mut conn)
        .await
        .unwrap();
    assert!(asked_after > asked_before);
    // Another document gets a job of its own.
    let other = w.open_need("化肥两袋").await;
    assert_eq!(queued(&mut conn, &other).await.len(), 1);
}

#[tokio::test]
async fn a_job_a_worker_holds_is_followed_by_a_new_one() {
    let w = World::new().await;
    let need = w.open_need("轮椅一台").await;
    let id: Uuid = need.parse().unwrap();
    let waiting = {
        let mut conn = w.app.conn().await;
        queued(&mut conn, &need).await
    };
    // A worker claims the job (its row lock is held by an open transaction) ...
    let mut worker = w.app.conn().await;
    let (claimed_tx, claimed_rx) = tokio::sync::oneshot::channel();
    let (release_tx, release_rx) = tokio::sync::oneshot::channel::<()>();
    let held = tokio::spawn(async move {
        worker
            .transaction::<_, diesel::result::Error, _>(async |conn| {
                let _: Vec<i64> = jobs::table
                    .filter(jobs::id.eq_any(&waiting))
                    .select(jobs::id)
                    .for_update()
                    .load(conn)
                    .await?;
                claimed_tx.send(()).unwrap();
                release_rx.await.unwrap();
                Ok(())
            })
            .await
            .unwrap();
    });
    claimed_rx.await.unwrap();
    // ... so a change meanwhile may be newer than what it read: a second job follows.
    let mut conn = w.app.conn().await;
    enqueue_need(&mut conn, id).await.unwrap();
    assert_eq!(queued(&mut conn, &need).await.len(), 2);
    release_tx.send(()).unwrap();
    held.await.unwrap();
    // A change made in a transaction that has not committed keeps the job from workers until it
    // does: they skip the locked row.
    let mut writer = w.app.conn().await;
    writer
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            enqueue_need(conn, id).await?;
            let mut other = w.app.conn().await;
            let free: Vec<i64> = jobs::table
                .filter(jobs::kind.eq(kind::INDEX_NEEDS))
                .filter(jobs::state.eq(JobState::Queued))
                .select(jobs::id)
                .for_update()
                .skip_locked()
                .load(&mut other)
                .await?;
            assert!(
                !free.contains(&queued(conn, &need).await[0]),
                "the job a change joined is locked until that change commits"
            );
            Ok(())
        })
        .await
        .unwrap();
}

#[tokio::test]
async fn a_rebuild_drops_the_waiting_jobs_of_what_it_wrote() {
    let w = World::new().await;
    let a = w.open_need("轮椅一台").await;
    let b = w.open_need("化肥两袋").await;
    let dir = tempfile::tempdir().unwrap();
    let engine: bangfu::search::Engine = std::sync::Arc::new(
        bangfu::search::embedded::EmbeddedSearch::open(
            dir.path(),
            bangfu::search::settings::SearchSettings::bundled().unwrap(),
        )
        .unwrap(),
    );
    let mut conn = w.app.conn().await;
    assert_eq!(queued(&mut conn, &a).await.len(), 1);
    assert_eq!(queued(&mut conn, &b).await.len(), 1);
    bangfu::search::indexing::reindex(&mut conn, &engine, IndexName::Needs)
        .await
        .unwrap();
    assert!(queued(&mut conn, &a).await.is_empty());
    assert!(queued(&mut conn, &b).await.is_empty());
    assert!(
        bangfu::search::indexing::check(&mut conn, &engine, IndexName::Needs)
            .await
            .unwrap()
            .is_empty()
    );
    // A change after the rebuild is queued again.
    enqueue_need(&mut conn, a.parse().unwrap()).await.unwrap();
    assert_eq!(queued(&mut conn, &a).await.len(), 1);
}
