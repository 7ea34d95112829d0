//! Complaints about pledges, and officials' lists of their jurisdiction's pledges.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use crate::pledges::open_need_of;
use bangfu::clock::ManualClock;
use bangfu::jobs::{enqueue, Registry, Runner};
use serde_json::{json, Value};
use std::sync::Arc;

#[tokio::test]
async fn complaints_are_answered_close_to_home_and_escalate_when_ignored() {
    let w = World::new().await;
    let n = open_need_of(&w, 3).await;
    let r = w
        .app
        .post("/api/v1/complaints", Some(&w.donor.tokens.access), &json!({"subject_type": "need", "subject_id": n, "body": "这户的情况与实际不符，请核实"}))
        .await;
    assert_eq!(r.status(), 201);
    let c: Value = r.json().await.unwrap();
    let cid = c["id"].as_str().unwrap().to_owned();
    // The township official sees it; the county official not yet; the neighbour never.
    let queue = |token: String| {
        let w = &w;
        async move {
            w.app
                .get("/api/v1/review/complaints", Some(&token))
                .await
                .json::<Value>()
                .await
                .unwrap()["total"]
                .as_i64()
                .unwrap()
        }
    };
    assert_eq!(queue(w.township.tokens.access.clone()).await, 1);
    assert_eq!(queue(w.county.tokens.access.clone()).await, 0);
    assert_eq!(queue(w.neighbour.tokens.access.clone()).await, 0);
    let resolve = |token: String| {
        let w = &w;
        let cid = cid.clone();
        async move {
            w.app
                .post(
                    &format!("/api/v1/complaints/{cid}/resolve"),
                    Some(&token),
                    &json!({"response": "已入户核实，情况属实"}),
                )
                .await
        }
    };
    expect_problem(
        resolve(w.county.tokens.access.clone()).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        resolve(w.neighbour.tokens.access.clone()).await,
        404,
        "not_found",
    )
    .await;
    // A week passes unanswered: the county sees it too.
    let clock = ManualClock::new(chrono::Utc::now() + chrono::Duration::days(8));
    let runner = Runner::new(w.app.pool.clone(), Registry::standard()).clock(Arc::new(clock));
    let mut conn = w.app.conn().await;
    enqueue(&mut conn, bangfu::jobs::pledges::ESCALATE, Value::Null)
        .await
        .unwrap();
    assert!(runner
        .run_once_of(bangfu::jobs::pledges::ESCALATE)
        .await
        .unwrap());
    // The county official who approved the need does not answer it (two people): another does.
    let county2 = w.app.official(&w.admin, "411224").await;
    assert_eq!(queue(w.county.tokens.access.clone()).await, 0);
    assert_eq!(queue(county2.tokens.access.clone()).await, 1);
    let r = resolve(county2.tokens.access.clone()).await;
    assert_eq!(r.status(), 200);
    expect_problem(
        resolve(w.township.tokens.access.clone()).await,
        409,
        "invalid_transition",
    )
    .await;
    // The complainant reads the answer.
    let mine: Value = w
        .app
        .get(
            &format!("/api/v1/complaints/{cid}"),
            Some(&w.donor.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (mine["status"].as_str(), mine["response"].as_str()),
        (Some("resolved"), Some("已入户核实，情况属实"))
    );
    assert_eq!(mine["escalation_level"], 1);
    expect_problem(
        w.app
            .get(
                &format!("/api/v1/complaints/{cid}"),
                Some(&w.enterprise.tokens.access),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    // Complaints about things one cannot see do not exist.
    let pending = w.pending_need("化肥两袋").await;
    let r = w
        .app
        .post(
            "/api/v1/complaints",
            Some(&w.donor.tokens.access),
            &json!({"subject_type": "need", "subject_id": pending, "body": "看不到的需求"}),
        )
        .await;
    expect_problem(r, 404, "not_found").await;
    let r = w
        .app
        .post(
            "/api/v1/complaints",
            Some(&w.donor.tokens.access),
            &json!({"subject_type": "user", "subject_id": pending, "body": "不对"}),
        )
        .await;
    expect_problem(r, 400, "validation_failed").await;
}

#[tokio::test]
async fn officials_list_the_pledges_of_their_jurisdiction() {
    let w = crate::needs_fixture::World::new().await;
    let need = crate::pledges::open_need_of(&w, 5).await;
    for q in [1, 2] {
        assert_eq!(
            crate::pledges::pledge(&w, &w.donor.tokens.access, &need, q)
                .await
                .status(),
            201
        );
    }
    let list = |token: String, query: &'static str| {
        let app = &w.app;
        async move {
            app.get(&format!("/api/v1/pledges{query}"), Some(&token))
                .await
        }
    };
    let v: serde_json::Value = list(w.county.tokens.access.clone(), "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 2);
    assert!(
        v["items"][0].get("receipt_code").is_none(),
        "lists carry no receipt codes"
    );
    let v: serde_json::Value = list(w.admin.tokens.access.clone(), "?status=pending_approval")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 2);
    let v: serde_json::Value = list(w.neighbour.tokens.access.clone(), "")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 0, "another county sees none");
    let v: serde_json::Value = list(w.county.tokens.access.clone(), "?status=confirmed")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["total"], 0);
    crate::helpers::app::expect_problem(
        list(w.donor.tokens.access.clone(), "").await,
        403,
        "forbidden",
    )
    .await;
    crate::helpers::app::expect_problem(
        list(w.county.tokens.access.clone(), "?status=lost").await,
        400,
        "validation_failed",
    )
    .await;
}
