//! Moves outside the pledge state table change nothing; wrong receipt codes are refused then locked.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use crate::pledges::{act, id_of, open_need_of, pledge};
use serde_json::{json, Value};

#[tokio::test]
async fn transitions_outside_the_table_change_nothing() {
    let w = World::new().await;
    let n = open_need_of(&w, 3).await;
    let p = id_of(pledge(&w, &w.donor.tokens.access, &n, 1).await).await;
    let donor = Some(w.donor.tokens.access.as_str());
    let hh = Some(w.household.tokens.access.as_str());
    let official = Some(w.county.tokens.access.as_str());
    expect_problem(
        act(&w, hh, &p, "confirm", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        act(&w, donor, &p, "deliver", json!({"note": "送到"})).await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        act(&w, donor, &p, "approve", json!({})).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        act(&w, official, &p, "approve", json!({})).await.status(),
        200
    );
    expect_problem(
        act(&w, official, &p, "approve", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        act(&w, official, &p, "deliver", json!({"note": "送到"})).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        act(&w, donor, &p, "deliver", json!({"note": "送到"}))
            .await
            .status(),
        200
    );
    expect_problem(
        act(&w, donor, &p, "cancel", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        act(&w, donor, &p, "confirm", json!({})).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        act(&w, hh, &p, "confirm", json!({"rating": 6})).await,
        400,
        "validation_failed",
    )
    .await;
    // Another official than the approver confirms (two people).
    let second = Some(w.township.tokens.access.as_str());
    assert_eq!(
        act(&w, second, &p, "confirm", json!({})).await.status(),
        200
    );
    expect_problem(
        act(&w, hh, &p, "confirm", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    let events: Value = w
        .app
        .get(&format!("/api/v1/pledges/{p}/events"), official)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        events["items"].as_array().unwrap().len(),
        4,
        "refused moves leave no event"
    );
    assert_eq!(events["total"], 4);
}

#[tokio::test]
async fn wrong_receipt_codes_are_refused_then_locked() {
    let w = World::new().await;
    let n = open_need_of(&w, 3).await;
    let p = id_of(pledge(&w, &w.donor.tokens.access, &n, 1).await).await;
    let approved: Value = act(&w, Some(&w.county.tokens.access), &p, "approve", json!({}))
        .await
        .json()
        .await
        .unwrap();
    let code = approved["receipt_code"].as_str().unwrap().to_owned();
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let donor = Some(w.donor.tokens.access.as_str());
    for left in (1..5).rev() {
        let r = act(
            &w,
            donor,
            &p,
            "deliver",
            json!({"note": "送到", "receipt_code": wrong}),
        )
        .await;
        let prob = expect_problem(r, 422, "wrong_receipt_code").await;
        assert_eq!(prob.body["attempts_left"], left);
    }
    let r = act(
        &w,
        donor,
        &p,
        "deliver",
        json!({"note": "送到", "receipt_code": wrong}),
    )
    .await;
    assert!(r.headers().contains_key("retry-after"));
    expect_problem(r, 423, "receipt_code_locked").await;
    // Even the right code is refused while locked.
    expect_problem(
        act(
            &w,
            donor,
            &p,
            "deliver",
            json!({"note": "送到", "receipt_code": code}),
        )
        .await,
        423,
        "receipt_code_locked",
    )
    .await;
    expect_problem(
        act(
            &w,
            donor,
            &p,
            "deliver",
            json!({"note": "送到", "receipt_code": "12ab"}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    // Delivering without the code still works; the household confirms later.
    let r = act(&w, donor, &p, "deliver", json!({"note": "送到"})).await;
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "delivered");
}
