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

#[tokio::test]
async fn a_committed_job_wakes_an_idle_worker_without_waiting_for_the_poll() {
    let db = TestDb::new().await;
    let pool = db.pool();
    let ran = Arc::new(tokio::sync::Notify::new());
    let r = ran.clone();
    // The poll would only look again in an hour: only the notification can wake the worker.
    let runner = Runner::new(
        pool.clone(),
        Registry::default().register("test.wake", move |_ctx, _payload| {
            let r = r.clone();
            async move {
                r.notify_one();
                Ok(())
            }
        }),
    )
    .poll_interval(std::time::Duration::from_secs(3600));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let tasks = runner.spawn(1, stopped);
    // The worker finds nothing and sleeps; the listener subscribes meanwhile.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mut conn = pool.get().await.unwrap();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        enqueue(conn, "test.wake", json!({})).await
    })
    .await
    .unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(20), ran.notified())
        .await
        .expect("the committed job woke no worker");
    stop.send(true).unwrap();
    for t in tasks {
        t.await.unwrap();
    }
}

/// A document Meilisearch refuses comes to light: the worker records the task, the `search.tasks`
/// job reads its outcome and marks the row's index job failed with Meilisearch's message, in the
/// admin's failed-jobs view. Runs against a live Meilisearch (`MEILI_URL`); skipped otherwise.
#[tokio::test]
async fn a_document_meilisearch_refuses_ends_as_a_failed_job_with_the_engines_message() {
    use crate::helpers::TestApp;
    use crate::needs_fixture::World;
    use bangfu::search::indexing::{self, INDEX_NEEDS};
    use bangfu::search::query::IndexName;
    let url = match std::env::var("MEILI_URL") {
        Ok(u) if !u.is_empty() => u,
        _ => {
            eprintln!("Meilisearch task outcomes: SKIPPED (MEILI_URL is not set)");
            return;
        }
    };
    let key = std::env::var("MEILI_MASTER_KEY").unwrap_or_default();
    let prefix = format!("test_{}_", uuid::Uuid::new_v4().simple());
    let mut builder = TestApp::builder()
        .var("MEILI_URL", &url)
        .var("MEILI_INDEX_PREFIX", &prefix);
    if !key.is_empty() {
        builder = builder.var("MEILI_MASTER_KEY", &key);
    }
    let w = World::with_app(builder.spawn().await).await;
    // Make Meilisearch refuse the next needs: their index now wants another primary key, which
    // Bangfu's documents lack (or, depending on the version, the `primaryKey=id` Bangfu sends
    // conflicts with it). Either way the task fails as an `invalid_request`.
    let http = reqwest::Client::new();
    let auth = |r: reqwest::RequestBuilder| {
        if key.is_empty() {
            r
        } else {
            r.bearer_auth(&key)
        }
    };
    let uid = format!("{prefix}needs");
    let wait = |task: serde_json::Value| {
        let (http, url, key) = (http.clone(), url.clone(), key.clone());
        async move {
            let task_uid = task["taskUid"].as_u64().unwrap();
            for _ in 0..200 {
                let mut r = http.get(format!("{url}/tasks/{task_uid}"));
                if !key.is_empty() {
                    r = r.bearer_auth(&key);
                }
                let t: serde_json::Value = r.send().await.unwrap().json().await.unwrap();
                if t["status"] != "enqueued" && t["status"] != "processing" {
                    return;
                }
                tokio::time::sleep(std::time::Duration::from_millis(50)).await;
            }
            panic!("Meilisearch task {task_uid} never finished");
        }
    };
    let deleted = auth(http.delete(format!("{url}/indexes/{uid}")))
        .send()
        .await
        .unwrap();
    wait(deleted.json().await.unwrap()).await;
    let created = auth(http.post(format!("{url}/indexes")))
        .json(&json!({"uid": uid, "primaryKey": "uid"}))
        .send()
        .await
        .unwrap();
    wait(created.json().await.unwrap()).await;

    let need = w.open_need("需要一台电动轮椅").await;
    let engine = w.app.search.clone();
    let indexer = engine.clone();
    let registry = bangfu::jobs::search::register(Registry::default(), Some(engine))
        .register_batch(INDEX_NEEDS, move |ctx, payloads| {
            indexing::index_batch(indexer.clone(), IndexName::Needs, ctx, payloads)
        });
    let runner = Runner::new(w.app.pool.clone(), registry);
    while runner.run_once_of(INDEX_NEEDS).await.unwrap() {}
    let mut conn = w.app.conn().await;
    assert!(
        bangfu::store::search_tasks::count(&mut conn).await.unwrap() >= 1,
        "the worker recorded its task"
    );
    // The check runs a second after the batch, and again while Meilisearch is still busy.
    let started = std::time::Instant::now();
    let failed = loop {
        runner
            .run_once_of(bangfu::jobs::search::TASKS)
            .await
            .unwrap();
        let r = w
            .app
            .get(
                "/api/v1/admin/jobs?state=failed",
                Some(&w.admin.tokens.access),
            )
            .await;
        assert_eq!(r.status(), 200);
        let v: serde_json::Value = r.json().await.unwrap();
        let hit = v["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|j| j["kind"] == INDEX_NEEDS && j["subject"]["id"] == need.as_str())
            .cloned();
        if let Some(job) = hit {
            break job;
        }
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "no failed job for the refused need: {v}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    };
    let message = failed["last_error"].as_str().unwrap();
    assert!(
        message.contains("the search engine refused task") && message.contains("("),
        "{message}"
    );
    assert_eq!(
        bangfu::store::search_tasks::count(&mut conn).await.unwrap(),
        0
    );
}
