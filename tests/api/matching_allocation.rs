//! Allocation: a plan by urgency, committed all at once.

use crate::helpers::app::expect_problem;
use crate::matching::{allocate, get, need, quilts};
use crate::needs_fixture::{World, OTHER_VILLAGE, VILLAGE};
use crate::offers::publish;
use serde_json::{json, Value};

const SAME_TOWNSHIP_VILLAGE: &str = "411224101201"; // 龙王庙村, 杜关镇
const MIANCHI_VILLAGE: &str = "411221100001"; // 渑池县

#[tokio::test]
async fn an_allocation_plans_by_urgency_then_commits_all_at_once() {
    let w = World::with_workers().await;
    let county = &w.county;
    let third = w.app.household(SAME_TOWNSHIP_VILLAGE).await;
    let neighbour_hh = w.app.household(MIANCHI_VILLAGE).await;
    let a = need(
        &w,
        &w.household,
        county,
        VILLAGE,
        "冬季棉被三床",
        "critical",
        10,
        3,
        true,
    )
    .await;
    let b = need(
        &w,
        &w.household,
        county,
        VILLAGE,
        "棉被四床过冬",
        "urgent",
        5,
        4,
        true,
    )
    .await;
    let c = need(
        &w,
        &third,
        county,
        SAME_TOWNSHIP_VILLAGE,
        "老人过冬棉被",
        "normal",
        3,
        5,
        true,
    )
    .await;
    let d = need(
        &w,
        &w.other_household,
        county,
        OTHER_VILLAGE,
        "冬季棉被两床",
        "critical",
        30,
        2,
        true,
    )
    .await;
    need(
        &w,
        &neighbour_hh,
        &w.neighbour,
        MIANCHI_VILLAGE,
        "冬季棉被",
        "critical",
        5,
        2,
        true,
    )
    .await;
    // An allocation serves the needs the engine finds: wait until it has them.
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 5)
        .await;
    let e = &w.enterprise.tokens.access;
    let offer = publish(&w, e, &quilts(10, Some("411224"))).await;
    let plan = |v: &Value| -> Vec<(String, i64)> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["need_id"].as_str().unwrap().to_owned(),
                    i["quantity"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let r = allocate(
        &w,
        e,
        &offer,
        json!({"max_needs": 10, "dry_run": true}),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        plan(&v),
        [
            (a.clone(), 3),
            (d.clone(), 2),
            (b.clone(), 4),
            (c.clone(), 1)
        ],
        "{v:#}"
    );
    assert_eq!(
        (
            v["allocated"].as_i64(),
            v["offer_available"].as_i64(),
            v["offer_remaining"].as_i64()
        ),
        (Some(10), Some(10), Some(0))
    );
    assert_eq!(
        (
            v["items"][0]["unit"].as_str(),
            v["items"][0]["unit_fit"].as_str()
        ),
        (Some("床"), Some("same"))
    );
    assert_eq!(
        v["items"][0]["region_name"],
        "河南省 三门峡市 卢氏县 杜关镇 杜关村村委会"
    );
    let v: Value = allocate(
        &w,
        e,
        &offer,
        json!({"max_needs": 2, "dry_run": true}),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(plan(&v), [(a.clone(), 3), (d.clone(), 2)]);
    let v: Value = allocate(
        &w,
        e,
        &offer,
        json!({"max_needs": 10, "dry_run": true, "region_code": "411224100"}),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(plan(&v), [(d.clone(), 2)]);
    // A dry run wrote nothing.
    let o = get(&w, &format!("/api/v1/offers/{offer}"), Some(e)).await;
    assert_eq!(o["pledged_quantity"], 0);
    // Bad input, and a commit needs an Idempotency-Key.
    let p = expect_problem(
        allocate(
            &w,
            e,
            &offer,
            json!({"max_needs": 0, "region_code": "411221", "dry_run": true}),
            None,
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [
            ("max_needs".to_owned(), "out_of_range".to_owned()),
            ("region_code".to_owned(), "outside_service_area".to_owned())
        ]
    );
    expect_problem(
        allocate(
            &w,
            e,
            &offer,
            json!({"max_needs": 2, "dry_run": true, "extra": 1}),
            None,
        )
        .await,
        400,
        "unknown_field",
    )
    .await;
    expect_problem(
        allocate(&w, e, &offer, json!({"max_needs": 10}), None).await,
        400,
        "idempotency_key_missing",
    )
    .await;
    // Commit: every pledge of the plan, pending approval; a replay returns the same allocation.
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"max_needs": 10, "message": "卢氏县绿源农业捐赠"});
    let r = allocate(&w, e, &offer, body.clone(), Some(&key)).await;
    assert_eq!(r.status(), 201);
    let committed: Value = r.json().await.unwrap();
    assert_eq!(
        plan(&committed),
        [
            (a.clone(), 3),
            (d.clone(), 2),
            (b.clone(), 4),
            (c.clone(), 1)
        ]
    );
    let replay: Value = allocate(&w, e, &offer, body, Some(&key))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(replay, committed);
    assert_eq!(
        (
            committed["offer_available"].as_i64(),
            committed["offer_remaining"].as_i64()
        ),
        (Some(10), Some(0)),
        "the offer's real remaining quantity after the commit"
    );
    let o = get(&w, &format!("/api/v1/offers/{offer}"), Some(e)).await;
    assert_eq!(
        (o["pledged_quantity"].as_i64(), o["public"].as_bool()),
        (Some(10), Some(false))
    );
    for item in committed["items"].as_array().unwrap() {
        let p = get(
            &w,
            &format!("/api/v1/pledges/{}", item["pledge_id"].as_str().unwrap()),
            Some(e),
        )
        .await;
        assert_eq!(
            (p["status"].as_str(), p["quantity"].as_i64()),
            (Some("pending_approval"), item["quantity"].as_i64())
        );
        assert_eq!(p["offer_id"], offer.as_str());
    }
    // The officials find them in their queues, one per need.
    let queue = get(&w, "/api/v1/review/pledges", Some(&w.county.tokens.access)).await;
    assert_eq!(queue["total"], 4);
    let duguan = get(
        &w,
        "/api/v1/review/pledges",
        Some(&w.township.tokens.access),
    )
    .await;
    assert_eq!(duguan["total"], 3, "杜关镇: a, b and c");
    // Used up: nothing more to allocate.
    expect_problem(
        allocate(
            &w,
            e,
            &offer,
            json!({"max_needs": 10}),
            Some(&uuid::Uuid::new_v4().to_string()),
        )
        .await,
        409,
        "offer_not_active",
    )
    .await;
}
