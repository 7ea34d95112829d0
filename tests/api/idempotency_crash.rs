//! Idempotency keys across a crash (SIGKILL of the real binary): the key, the work and the answer
//! share one transaction, so a pledge that committed is replayed and one that did not is done by the
//! retry, and no key is left "in flight".

use crate::helpers::app::JWT_SECRET;
use crate::needs_fixture::World;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde_json::{json, Value};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
}

async fn start(db_url: &str) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .env("DATABASE_URL", db_url)
        .env("BANGFU_DATA_DIR", dir.path())
        .env("BANGFU_JWT_SECRET", JWT_SECRET)
        .env("BANGFU_BIND", format!("127.0.0.1:{port}"))
        .env("BANGFU_JOB_WORKERS", "0")
        .env("BANGFU_LOG", "warn")
        .arg("serve")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    let start = Instant::now();
    while reqwest::get(format!("{base}/readyz"))
        .await
        .map(|r| r.status() != 200)
        .unwrap_or(true)
    {
        assert!(start.elapsed() < Duration::from_secs(60), "not ready");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Server {
        child,
        base,
        _dir: dir,
    }
}

impl Server {
    fn kill(&mut self) {
        self.child.kill().unwrap(); // SIGKILL
        self.child.wait().unwrap();
    }
}

async fn pledge(base: &str, token: &str, need: &str, key: &str) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{base}/api/v1/needs/{need}/pledges"))
        .bearer_auth(token)
        .header("Idempotency-Key", key)
        .json(&json!({"quantity": 1, "message": "一点心意"}))
        .send()
        .await
        .unwrap()
}

async fn pledges_on(w: &World, need: &str) -> i64 {
    let v: Value = w
        .app
        .get(
            &format!("/api/v1/needs/{need}"),
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    v["pledged_quantity"].as_i64().unwrap()
}

#[tokio::test]
async fn a_pledge_killed_before_commit_is_done_by_the_retry_and_a_committed_one_is_replayed() {
    let w = World::new().await;
    let need = w.open_need("急需电动轮椅一台").await;
    let token = w.donor.tokens.access.clone();
    let mut server = start(&w.app.db.url).await;

    // 1. Killed mid-request: the test holds the need's row lock, so the pledge's transaction (key
    // already claimed) waits inside; the server dies there.
    let key = uuid::Uuid::new_v4().to_string();
    let mut blocker = diesel_async::AsyncPgConnection::establish(&w.app.db.url)
        .await
        .unwrap();
    diesel::sql_query("BEGIN")
        .execute(&mut blocker)
        .await
        .unwrap();
    diesel::sql_query(format!(
        "SELECT id FROM needs WHERE id = '{need}' FOR UPDATE"
    ))
    .execute(&mut blocker)
    .await
    .unwrap();
    let in_flight = tokio::spawn({
        let (base, token, need, key) = (
            server.base.clone(),
            token.clone(),
            need.clone(),
            key.clone(),
        );
        async move { pledge(&base, &token, &need, &key).await.status() }
    });
    tokio::time::sleep(Duration::from_millis(800)).await;
    server.kill();
    let _ = in_flight.await; // the connection was cut: the client never saw an answer
    diesel::sql_query("COMMIT")
        .execute(&mut blocker)
        .await
        .unwrap();
    assert_eq!(pledges_on(&w, &need).await, 0, "nothing committed");

    let mut server = start(&w.app.db.url).await;
    let r = pledge(&server.base, &token, &need, &key).await;
    assert_eq!(
        r.status(),
        201,
        "the retry is not stuck in flight: it does the work"
    );
    assert!(r.headers().get("idempotent-replayed").is_none());
    let first: Value = r.json().await.unwrap();
    assert_eq!(pledges_on(&w, &need).await, 1);

    // 2. Committed, then the server dies: the answer was stored with the pledge, so a retry after
    // the restart replays it and pledges nothing more.
    server.kill();
    let server = start(&w.app.db.url).await;
    let r = pledge(&server.base, &token, &need, &key).await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    let replay: Value = r.json().await.unwrap();
    assert_eq!(replay["id"], first["id"]);
    assert_eq!(pledges_on(&w, &need).await, 1, "pledged once");
    let mut server = server;
    server.kill();
}

#[tokio::test]
async fn a_household_profile_key_keeps_no_personal_data_and_replays_the_profile() {
    let w = World::new().await;
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"head_name": "赵桂芳", "region_code": "411224101200", "phone": "13698765432", "size": 3});
    let send = || {
        w.app
            .request(
                reqwest::Method::POST,
                "/api/v1/households",
                Some(&w.county.tokens.access),
            )
            .header("Idempotency-Key", &key)
            .json(&body)
            .send()
    };
    let r = send().await.unwrap();
    assert_eq!(r.status(), 201);
    let created: Value = r.json().await.unwrap();
    assert_eq!(created["head_name"], "赵桂芳");
    let mut conn = w.app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct Stored {
        #[diesel(sql_type = diesel::sql_types::Text)]
        body: String,
    }
    let stored: Vec<Stored> = diesel::sql_query(
        "SELECT convert_from(response_body, 'UTF8') AS body FROM idempotency_keys WHERE response_body IS NOT NULL",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert!(!stored.is_empty());
    for s in &stored {
        assert!(
            !s.body.contains("赵桂芳") && !s.body.contains("13698765432"),
            "{}",
            s.body
        );
    }
    let r = send().await.unwrap();
    assert_eq!(r.status(), 201);
    assert_eq!(r.headers()["idempotent-replayed"], "true");
    let replay: Value = r.json().await.unwrap();
    assert_eq!(replay, created, "the replay renders the same profile");
}
