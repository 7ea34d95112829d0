//! What officials see of needs: the review queue and their jurisdiction's lists.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::{need_body, World, OTHER_VILLAGE, VILLAGE};
use diesel_async::RunQueryDsl;
use serde_json::{json, Value};

#[tokio::test]
async fn the_review_queue_is_scoped_oldest_first_and_flagged() {
    let w = World::new().await;
    let first = w.pending_need("轮椅一台").await;
    // A near-copy in the same category: a likely duplicate.
    let dup = w.pending_need("轮椅一台 急需").await;
    let mut pricey = need_body("护理床和制氧机", VILLAGE);
    pricey["estimated_value_fen"] = json!(2_000_000);
    let pricey: Value = w
        .post_need(&w.household.tokens.access, &pricey)
        .await
        .json()
        .await
        .unwrap();
    let mut luxury = need_body("孩子上网课需要iPhone手机", VILLAGE);
    luxury["category"] = json!("education");
    let luxury: Value = w
        .post_need(&w.household.tokens.access, &luxury)
        .await
        .json()
        .await
        .unwrap();
    // The other household is not monitored; the neighbouring county's queue never shows these.
    let unmonitored: Value = w
        .post_need(
            &w.other_household.tokens.access,
            &need_body("屋顶漏雨需要修缮", OTHER_VILLAGE),
        )
        .await
        .json()
        .await
        .unwrap();

    let q: Value = w
        .app
        .get(
            "/api/v1/review/needs?per_page=10",
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(q["total"], 5);
    let ids: Vec<&str> = q["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["need"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            first.as_str(),
            dup.as_str(),
            pricey["id"].as_str().unwrap(),
            luxury["id"].as_str().unwrap(),
            unmonitored["id"].as_str().unwrap()
        ]
    );
    let flags = |i: usize| -> Vec<String> {
        q["items"][i]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        flags(1).contains(&"likely_duplicate".to_owned()),
        "{:?}",
        flags(1)
    );
    assert!(
        flags(2).contains(&"value_above_ceiling".to_owned()),
        "{:?}",
        flags(2)
    );
    assert_eq!(flags(3), ["luxury_wording"]);
    assert_eq!(flags(4), ["household_not_monitored"]);
    // Paging.
    let p2: Value = w
        .app
        .get(
            "/api/v1/review/needs?page=2&per_page=2",
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p2["items"][0]["need"]["id"], pricey["id"]);
    // Scope: the Duguan township official sees Duguan's needs only; the neighbour sees none.
    let t: Value = w
        .app
        .get("/api/v1/review/needs", Some(&w.township.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["total"], 4);
    let n: Value = w
        .app
        .get("/api/v1/review/needs", Some(&w.neighbour.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(n["total"], 0);
    expect_problem(
        w.app
            .get("/api/v1/review/needs", Some(&w.donor.tokens.access))
            .await,
        403,
        "forbidden",
    )
    .await;
    // The flags go into the record with the decision.
    assert_eq!(
        w.review(
            &w.county.tokens.access,
            luxury["id"].as_str().unwrap(),
            json!({"decision": "reject", "reason": "不属于基本需求"})
        )
        .await
        .status(),
        200
    );
    let mut conn = w.app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct F {
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        flags: Value,
    }
    let f: F = diesel::sql_query("SELECT flags FROM need_reviews")
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(f.flags[0]["code"], "luxury_wording");
}

#[tokio::test]
async fn officials_list_their_jurisdictions_needs_with_filters() {
    let w = World::new().await;
    w.open_need("轮椅一台").await;
    w.pending_need("化肥两袋").await;
    let mut edu = need_body("孩子学费", VILLAGE);
    edu["category"] = json!("education");
    w.post_need(&w.household.tokens.access, &edu).await;
    let get = |path: &'static str, token: String| {
        let app = &w.app;
        async move { app.get(path, Some(&token)).await }
    };
    let all: Value = get("/api/v1/needs", w.county.tokens.access.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 3);
    let open: Value = get("/api/v1/needs?status=open", w.county.tokens.access.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open["total"], 1);
    let care: Value = get(
        "/api/v1/needs?category=care,medical&status=pending_review,open",
        w.county.tokens.access.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(care["total"], 2);
    let narrow: Value = get(
        "/api/v1/needs?region=411224101200",
        w.county.tokens.access.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(narrow["total"], 3);
    let none: Value = get("/api/v1/needs", w.other_township.tokens.access.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["total"], 0);
    expect_problem(
        get(
            "/api/v1/needs?region=411221",
            w.county.tokens.access.clone(),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        get("/api/v1/needs?status=lost", w.county.tokens.access.clone()).await,
        400,
        "validation_failed",
    )
    .await;
    expect_problem(
        get("/api/v1/needs", w.donor.tokens.access.clone()).await,
        403,
        "forbidden",
    )
    .await;
    let admin: Value = get("/api/v1/needs", w.admin.tokens.access.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(admin["total"], 3);
}
