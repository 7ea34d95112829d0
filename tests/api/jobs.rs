use crate::helpers::TestDb;
use bangfu::domain::job::JobState;
use bangfu::jobs::{enqueue, JobError, Registry, Runner};
use bangfu::store::jobs as store;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

#[tokio::test]
async fn a_job_enqueued_in_a_rolled_back_transaction_never_exists() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let mut conn = pool.get().await.unwrap();
    let rolled_back = conn
        .transaction::<i64, diesel::result::Error, _>(async |conn| {
            enqueue(conn, "test.noop", json!({})).await?;
            Err(diesel::result::Error::RollbackTransaction)
        })
        .await;
    assert!(rolled_back.is_err());
    let committed = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            enqueue(conn, "test.noop", json!({})).await
        })
        .await
        .unwrap();
    let counts = store::count_by_state(&mut conn).await.unwrap();
    assert_eq!(counts, vec![(JobState::Queued, 1)]);
    assert!(store::find(&mut conn, committed).await.unwrap().is_some());
}

#[tokio::test]
async fn failures_retry_with_backoff_then_succeed() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let calls = Arc::new(AtomicUsize::new(0));
    let c = calls.clone();
    let runner = Runner::new(
        pool.clone(),
        Registry::default().register("test.flaky", move |_ctx, _payload| {
            let c = c.clone();
            async move {
                if c.fetch_add(1, Ordering::SeqCst) < 2 {
                    Err(JobError::Retry("smtp down".into()))
                } else {
                    Ok(())
                }
            }
        }),
    );
    let mut conn = pool.get().await.unwrap();
    let id = enqueue(&mut conn, "test.flaky", json!({"n": 1}))
        .await
        .unwrap();
    assert!(runner.run_once().await.unwrap());
    let job = store::find(&mut conn, id).await.unwrap().unwrap();
    assert_eq!(
        (job.state.as_str(), job.attempts, job.last_error.as_deref()),
        ("queued", 1, Some("smtp down"))
    );
    let delay = (job.run_at - Utc::now()).num_seconds();
    assert!(
        (3..=7).contains(&delay),
        "first retry after about 5 s, got {delay}"
    );
    // Not ready yet: nothing runs.
    assert!(!runner.run_once().await.unwrap());
    // Make it due, twice.
    for expected_attempts in [2, 3] {
        diesel_async::RunQueryDsl::execute(
            diesel::sql_query("UPDATE jobs SET run_at = now() - interval '1 second'"),
            &mut conn,
        )
        .await
        .unwrap();
        assert!(runner.run_once().await.unwrap());
        let job = store::find(&mut conn, id).await.unwrap().unwrap();
        assert_eq!(job.attempts, expected_attempts);
    }
    let job = store::find(&mut conn, id).await.unwrap().unwrap();
    assert_eq!(job.state, JobState::Done);
    assert!(job.last_error.is_none() && job.finished_at.is_some());
    assert_eq!(calls.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn permanent_errors_and_unknown_kinds_fail_and_stay_visible() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let runner = Runner::new(
        pool.clone(),
        Registry::default().register("test.refused", |_c, _p| async {
            Err(JobError::Permanent("550 mailbox unavailable".into()))
        }),
    );
    let mut conn = pool.get().await.unwrap();
    let refused = enqueue(&mut conn, "test.refused", json!({})).await.unwrap();
    let unknown = enqueue(&mut conn, "test.nobody-handles-this", json!({}))
        .await
        .unwrap();
    assert!(runner.run_once().await.unwrap());
    assert!(runner.run_once().await.unwrap());
    let r = store::find(&mut conn, refused).await.unwrap().unwrap();
    assert_eq!(
        (r.state.as_str(), r.last_error.as_deref()),
        ("failed", Some("550 mailbox unavailable"))
    );
    let u = store::find(&mut conn, unknown).await.unwrap().unwrap();
    assert_eq!(u.state, JobState::Failed);
    assert!(u.last_error.unwrap().contains("no handler"));
}

#[tokio::test]
async fn concurrent_workers_run_each_job_exactly_once() {
    let db = TestDb::new().await;
    let pool = bangfu::store::pool(&db.url, 12).unwrap();
    let runs = Arc::new(std::sync::Mutex::new(Vec::<i64>::new()));
    let r = runs.clone();
    let registry = Registry::default().register("test.count", move |_ctx, payload| {
        let r = r.clone();
        async move {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            r.lock().unwrap().push(payload["i"].as_i64().unwrap_or(-1));
            Ok(())
        }
    });
    let mut conn = pool.get().await.unwrap();
    for i in 0..60 {
        enqueue(&mut conn, "test.count", json!({"i": i}))
            .await
            .unwrap();
    }
    let runner =
        Runner::new(pool.clone(), registry).poll_interval(std::time::Duration::from_millis(20));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers = runner.spawn(6, stopped);
    for _ in 0..200 {
        if runs.lock().unwrap().len() >= 60 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    stop.send(true).unwrap();
    for w in workers {
        w.await.unwrap();
    }
    let mut seen = runs.lock().unwrap().clone();
    seen.sort();
    assert_eq!(seen, (0..60).collect::<Vec<_>>(), "each job ran once");
    let counts = store::count_by_state(&mut conn).await.unwrap();
    assert_eq!(counts, vec![(JobState::Done, 60)]);
}

#[tokio::test]
async fn maintenance_purges_expired_tokens() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let mut conn = pool.get().await.unwrap();
    enqueue(
        &mut conn,
        bangfu::jobs::maintenance::PURGE,
        serde_json::Value::Null,
    )
    .await
    .unwrap();
    let runner = Runner::new(pool.clone(), Registry::standard());
    assert!(runner.run_once().await.unwrap());
    assert_eq!(
        store::count_by_state(&mut conn).await.unwrap(),
        vec![(JobState::Done, 1)]
    );
}
