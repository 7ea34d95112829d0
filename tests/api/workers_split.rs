//! Serving and working apart (issue 21): a server started without workers leaves jobs alone, worker
//! sets of other "processes" on the same database run each job once, and `bangfu work` runs beside
//! the embedded engine (it opens no index: serving processes follow the search change feed; the
//! three-process test is `multi_process.rs`).

use crate::helpers::{TestApp, TestDb};
use bangfu::domain::job::JobState;
use bangfu::jobs::{enqueue, Registry};
use bangfu::store::jobs as store;
use bangfu::workers::{self, Schedule};
use serde_json::json;
use std::process::Command;
use std::sync::{Arc, Mutex};
use std::time::Duration;

#[tokio::test]
async fn a_server_without_workers_leaves_jobs_to_worker_processes_which_run_each_once() {
    let app = TestApp::spawn().await; // BANGFU_JOB_WORKERS=0: no workers, no schedules
    let mut conn = app.pool.get().await.unwrap();
    for i in 0..40 {
        enqueue(&mut conn, "test.split", json!({ "i": i }))
            .await
            .unwrap();
    }
    tokio::time::sleep(Duration::from_millis(800)).await;
    let counts = store::count_by_state(&mut conn).await.unwrap();
    assert_eq!(counts, vec![(JobState::Queued, 40)], "nobody ran them");

    // Two `bangfu work` processes, two workers each, on the same database.
    let runs = Arc::new(Mutex::new(Vec::<i64>::new()));
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let mut tasks = Vec::new();
    for _ in 0..2 {
        let r = runs.clone();
        let registry = Registry::default().register("test.split", move |_ctx, payload| {
            let r = r.clone();
            async move {
                r.lock().unwrap().push(payload["i"].as_i64().unwrap_or(-1));
                Ok(())
            }
        });
        let every = Schedule::default();
        tasks.extend(workers::spawn(
            &app.pool,
            registry,
            2,
            Some(&app.search),
            every,
            stopped.clone(),
        ));
    }
    for _ in 0..200 {
        if runs.lock().unwrap().len() >= 40 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.send(true).unwrap();
    for t in tasks {
        t.await.unwrap();
    }
    let mut seen = runs.lock().unwrap().clone();
    seen.sort();
    assert_eq!(seen, (0..40).collect::<Vec<_>>(), "each job ran once");
}

#[tokio::test]
async fn work_runs_beside_the_embedded_engine_without_an_index_and_prunes_the_feed() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    // A feed row nobody follows: with no follower the prune job deletes it.
    {
        let pool = db.pool();
        let mut conn = pool.get().await.unwrap();
        bangfu::store::index_jobs::enqueue_need(&mut conn, uuid::Uuid::new_v4())
            .await
            .unwrap();
        assert_eq!(bangfu::store::search_feed::len(&mut conn).await.unwrap(), 1);
    }
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", &db.url)
        .env("BANGFU_DATA_DIR", dir.path())
        .env("BANGFU_JOB_WORKERS", "1")
        .env("BANGFU_LOG", "warn")
        .arg("work")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let pool = db.pool();
    let mut conn = pool.get().await.unwrap();
    // It runs (the feed row goes once every older transaction of the cluster has ended, which
    // other databases' transactions can delay: not awaited here).
    tokio::time::sleep(Duration::from_millis(1500)).await;
    if let Some(status) = child.try_wait().unwrap() {
        panic!("`work` stopped: {status}");
    }
    let _ = &mut conn;
    // Its index job was done without work, and no index was opened in its data directory.
    assert!(!dir.path().join("search").exists());
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
