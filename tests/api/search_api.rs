//! Search through the API: the outbox keeps the index in step with PostgreSQL.

use crate::helpers::app::expect_problem;
use crate::helpers::TestApp;
use crate::needs_fixture::{need_body, World, HEAD_NAME, ID_NUMBER, PHONE, VILLAGE};
use bangfu::search::query::IndexName;
use serde_json::{json, Value};
use std::time::Duration;

async fn search(w: &World, query: &str) -> Value {
    w.app
        .get(&format!("/api/v1/needs/search?{query}"), None)
        .await
        .json()
        .await
        .unwrap()
}

/// Waits (bounded) until the search answers `total` for `query`.
async fn eventually(w: &World, query: &str, total: u64) -> Value {
    w.eventually_total(&format!("/api/v1/needs/search?{query}"), total)
        .await
}

#[tokio::test]
async fn approved_needs_become_searchable_and_leave_when_withdrawn() {
    let w = World::with_workers().await;
    let mut b = need_body("需要一台电动轮椅", VILLAGE);
    b["category"] = json!("care");
    let id = w
        .post_need(&w.household.tokens.access, &b)
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // Pending: not searchable.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(search(&w, "q=轮椅").await["total"], 0);
    w.review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    let v = eventually(&w, "q=轮椅", 1).await;
    assert_eq!(v["hits"][0]["id"], id.as_str());
    assert_eq!(v["hits"][0]["region"]["path"][2]["name"], "卢氏县");
    assert_eq!(v["facets"]["category"]["care"], 1);
    // A synonym, a region prefix, and the drill-down facet one level below.
    eventually(&w, "q=助行器", 1).await;
    let v = eventually(&w, "region=411224", 1).await;
    assert_eq!(v["facets"]["region"]["411224101"], 1);
    assert_eq!(v["region_names"]["411224101"], "杜关镇");
    eventually(&w, "region=411221", 0).await;
    // Personal data cannot be found.
    for secret in [HEAD_NAME, ID_NUMBER, PHONE] {
        assert_eq!(
            search(&w, &format!("q={secret}")).await["total"],
            0,
            "{secret}"
        );
    }
    // Withdrawn: gone from the index.
    w.app
        .post(
            &format!("/api/v1/needs/{id}/withdraw"),
            Some(&w.household.tokens.access),
            &json!({}),
        )
        .await;
    eventually(&w, "q=轮椅", 0).await;
}

#[tokio::test]
async fn bad_queries_are_problems() {
    let w = World::with_workers().await;
    for (q, field) in [
        ("category=luxury", "category"),
        ("urgency=now", "urgency"),
        ("status=pending_review", "status"),
        ("sort=price", "sort"),
        ("page=101&per_page=100", "page"),
    ] {
        let p = expect_problem(
            w.app.get(&format!("/api/v1/needs/search?{q}"), None).await,
            400,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field_codes()[0].0, field, "{q}");
    }
    expect_problem(
        w.app.get("/api/v1/needs/search?region=41x", None).await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        w.app.get("/api/v1/needs/search?per_page=101", None).await,
        400,
        "validation_failed",
    )
    .await;
    let long = "轮".repeat(5000);
    assert_eq!(
        w.app
            .get(&format!("/api/v1/needs/search?q={long}"), None)
            .await
            .status(),
        200
    );
    for odd in ["%22", "%5C", "*", "AND%20OR", "%F0%9F%98%80", "()"] {
        assert_eq!(
            w.app
                .get(&format!("/api/v1/needs/search?q={odd}"), None)
                .await
                .status(),
            200,
            "{odd}"
        );
    }
}

#[tokio::test]
async fn concurrent_changes_end_with_the_newest_state_in_the_index() {
    let w = World::with_workers().await;
    let mut b = need_body("冬季棉被五床", VILLAGE);
    b["quantity"] = json!(5);
    let id = w
        .post_need(&w.household.tokens.access, &b)
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    w.review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    eventually(&w, "q=棉被&has_remaining=true", 1).await;
    let pledges = (0..5).map(|_| crate::pledges::pledge(&w, &w.donor.tokens.access, &id, 1));
    let statuses: Vec<u16> = futures_util::future::join_all(pledges)
        .await
        .iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    // The index ends where PostgreSQL is: fully pledged, nothing remaining.
    let v = eventually(&w, "q=棉被&status=fully_pledged", 1).await;
    assert_eq!(v["facets"]["status"]["fully_pledged"], 1);
    eventually(&w, "q=棉被&has_remaining=true", 0).await;
}

#[tokio::test]
async fn check_finds_drift_and_reindex_repairs_it() {
    // Workers off: approvals reach the outbox but not the index, which is drift to find.
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
    let drift = bangfu::search::indexing::check(&mut conn, &engine, IndexName::Needs)
        .await
        .unwrap();
    assert_eq!(
        (drift.missing.len(), drift.extra.len(), drift.stale.len()),
        (2, 0, 0)
    );
    assert!(drift.missing.contains(&a));
    assert_eq!(
        bangfu::search::indexing::reindex(&mut conn, &engine, IndexName::Needs)
            .await
            .unwrap(),
        2
    );
    assert!(
        bangfu::search::indexing::check(&mut conn, &engine, IndexName::Needs)
            .await
            .unwrap()
            .is_empty()
    );
    // A pledge changes one need; a withdrawal unpublishes the other; the index hears of neither.
    assert_eq!(
        crate::pledges::pledge(&w, &w.donor.tokens.access, &b, 1)
            .await
            .status(),
        201
    );
    w.app
        .post(
            &format!("/api/v1/needs/{a}/withdraw"),
            Some(&w.household.tokens.access),
            &json!({}),
        )
        .await;
    let drift = bangfu::search::indexing::check(&mut conn, &engine, IndexName::Needs)
        .await
        .unwrap();
    assert_eq!(
        (drift.extra, drift.stale),
        (vec![a.clone()], vec![b.clone()])
    );
    bangfu::search::indexing::reindex(&mut conn, &engine, IndexName::Needs)
        .await
        .unwrap();
    assert!(
        bangfu::search::indexing::check(&mut conn, &engine, IndexName::Needs)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn an_empty_index_is_refilled_at_start() {
    // Needs published while no server ran (the seed writes straight to PostgreSQL) ...
    let db_app = TestApp::spawn().await;
    let mut conn = db_app.conn().await;
    bangfu::seed::demo_sized(
        &mut conn,
        bangfu::seed::DemoSize {
            households: 5,
            needs: 30,
        },
    )
    .await
    .unwrap();
    diesel_async::RunQueryDsl::execute(diesel::sql_query("DELETE FROM jobs"), &mut conn)
        .await
        .unwrap();
    let published: i64 = {
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        bangfu::schema::needs::table
            .filter(bangfu::schema::needs::status.eq_any(["open", "fully_pledged", "fulfilled"]))
            .count()
            .get_result(&mut conn)
            .await
            .unwrap()
    };
    assert!(published > 0);
    // ... are found by a server that starts with an empty index over the same database.
    let engine_dir = tempfile::tempdir().unwrap();
    let mut vars = std::collections::HashMap::new();
    vars.insert("DATABASE_URL".to_owned(), db_app.db.url.clone());
    vars.insert("BANGFU_BIND".to_owned(), "127.0.0.1:0".to_owned());
    vars.insert(
        "BANGFU_DATA_DIR".to_owned(),
        engine_dir.path().display().to_string(),
    );
    vars.insert(
        "BANGFU_JWT_SECRET".to_owned(),
        crate::helpers::app::JWT_SECRET.to_owned(),
    );
    vars.insert("BANGFU_JOB_WORKERS".to_owned(), "1".to_owned());
    let config = bangfu::config::Config::from_vars(&vars).unwrap();
    let app = bangfu::startup::Application::build(
        config,
        db_app.pool.clone(),
        bangfu::startup::Options {
            handle_signals: false,
            http_workers: Some(1),
            ..Default::default()
        },
    )
    .await
    .unwrap();
    let base = format!("http://127.0.0.1:{}", app.port());
    let handle = app.server_handle();
    tokio::spawn(app.run_until_stopped());
    let mut total = 0;
    for _ in 0..100 {
        let v: Value = reqwest::get(format!("{base}/api/v1/needs/search"))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        total = v["total"].as_i64().unwrap_or(0);
        if total == published {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(total, published);
    handle.stop(false).await;
}

#[tokio::test]
async fn a_need_approved_on_a_server_without_workers_is_found_through_the_feed() {
    // No job workers: with the embedded engine the server follows the search change feed for its
    // own index, and the index job is done without work by whichever worker claims it.
    let w = World::new().await;
    let id = w.open_need("需要一台电动轮椅").await;
    let v = eventually(&w, "q=轮椅", 1).await;
    assert_eq!(v["hits"][0]["id"], id.as_str());
    let mut conn = w.app.conn().await;
    let waiting: i64 = {
        use bangfu::schema::jobs;
        use diesel::prelude::*;
        use diesel_async::RunQueryDsl;
        jobs::table
            .filter(jobs::kind.eq(bangfu::search::indexing::INDEX_NEEDS))
            .filter(jobs::state.eq("queued"))
            .filter(jobs::payload.retrieve_as_text("id").eq(&id))
            .count()
            .get_result(&mut conn)
            .await
            .unwrap()
    };
    assert!(waiting >= 1, "{waiting}");
    let registry = bangfu::jobs::Registry::default().register_batch(
        bangfu::search::indexing::INDEX_NEEDS,
        bangfu::search::indexing::feed_carries_it,
    );
    let runner = bangfu::jobs::Runner::new(w.app.pool.clone(), registry);
    while runner
        .run_once_of(bangfu::search::indexing::INDEX_NEEDS)
        .await
        .unwrap()
    {}
    let v = eventually(&w, "q=轮椅", 1).await;
    assert_eq!(v["hits"][0]["id"], id.as_str());
}
