//! Weights of another size are served in whole units of both sides: an offer of 公斤 gives a need
//! counted in 斤 two for one, the pledge carries both quantities, the offer's remaining counts in its
//! own unit, and a pledge that ends gives back what it took of the offer.

use crate::matching_units::{allocate, get, need, offer, N};
use crate::needs_fixture::World;
use crate::offers::publish;
use crate::pledges::act;
use serde_json::{json, Value};

fn food<'a>(title: &'a str, unit: &'a str, quantity: i64, urgency: &'a str) -> N<'a> {
    N {
        title,
        description: "口粮不够吃到秋收。",
        category: "food_clothing",
        unit,
        quantity,
        urgency,
    }
}

async fn offer_remaining(w: &World, id: &str) -> Value {
    get(w, &format!("/api/v1/offers/{id}")).await["remaining_quantity"].clone()
}

async fn pledge_from_offer(w: &World, need: &str, offer: &str, quantity: i64) -> reqwest::Response {
    w.app
        .request(
            reqwest::Method::POST,
            &format!("/api/v1/needs/{need}/pledges"),
            Some(&w.enterprise.tokens.access),
        )
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&json!({"quantity": quantity, "offer_id": offer, "message": "一点心意"}))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn kilograms_offered_serve_jin_needed_in_whole_units_of_both() {
    let w = World::with_workers().await;
    // 41 斤: whole 公斤 cover 40 of them; the odd 斤 is left for another supporter.
    let jin = need(&w, food("大米四十一斤", "斤", 41, "critical")).await;
    let kg = need(&w, food("大米五公斤", "公斤", 5, "urgent")).await;
    let money = need(&w, food("大米购置费", "元", 300, "critical")).await;
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 3)
        .await;
    let e = &w.enterprise.tokens.access;
    let rice = publish(
        &w,
        e,
        &offer(
            "爱心大米",
            "东北大米，可送到村",
            "food_clothing",
            22,
            "公斤",
        ),
    )
    .await;
    w.eventually_total("/api/v1/offers/search", 1).await;

    let plan: Value = allocate(
        &w,
        e,
        &rice,
        json!({"max_needs": 10, "dry_run": true}),
        false,
    )
    .await
    .json()
    .await
    .unwrap();
    let rows: Vec<(String, i64, i64)> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["need_id"].as_str().unwrap().to_owned(),
                i["quantity"].as_i64().unwrap(),
                i["offer_quantity"].as_i64().unwrap(),
            )
        })
        .collect();
    // Critical first: 40 斤 (20 公斤), then the 公斤 need gets the 2 公斤 left; never the money.
    assert_eq!(
        rows,
        [(jin.clone(), 40, 20), (kg.clone(), 2, 2)],
        "{plan:#}"
    );
    assert_eq!(plan["items"][0]["unit"], "斤");
    assert_eq!(plan["items"][0]["unit_fit"], "converted");
    assert_eq!(plan["allocated"], 22);
    assert_eq!(plan["offer_remaining"], 0);

    // Commit only the 斤 row: the offer keeps 2 公斤, in its own unit.
    let r = allocate(
        &w,
        e,
        &rice,
        json!({"max_needs": 10, "need_ids": [jin]}),
        true,
    )
    .await;
    assert_eq!(r.status(), 201);
    let done: Value = r.json().await.unwrap();
    assert_eq!(done["offer_remaining"], 2, "{done:#}");
    assert_eq!(offer_remaining(&w, &rice).await, 2);
    let pledge_id = done["items"][0]["pledge_id"].as_str().unwrap().to_owned();
    let p: Value = w
        .app
        .get(&format!("/api/v1/pledges/{pledge_id}"), Some(e))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (p["quantity"].clone(), p["offer_quantity"].clone()),
        (json!(40), json!(20)),
        "{p:#}"
    );
    assert_eq!(
        get(&w, &format!("/api/v1/needs/{jin}")).await["pledged_quantity"],
        40
    );
    for n in [&kg, &money] {
        assert_eq!(
            get(&w, &format!("/api/v1/needs/{n}")).await["pledged_quantity"],
            0
        );
    }

    // Rejected, the pledge gives back 20 公斤 to the offer and 40 斤 to the need.
    let r = act(
        &w,
        Some(&w.county.tokens.access),
        &pledge_id,
        "reject",
        json!({"reason": "不符合"}),
    )
    .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    assert_eq!(offer_remaining(&w, &rice).await, 22);
    assert_eq!(
        get(&w, &format!("/api/v1/needs/{jin}")).await["pledged_quantity"],
        0
    );

    // A pledge straight from the offer: whole 公斤 only, never to money.
    let r = pledge_from_offer(&w, &jin, &rice, 3).await;
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "quantity", "{body:#}");
    assert_eq!(body["errors"][0]["code"], "not_whole_in_offer_unit");
    let r = pledge_from_offer(&w, &money, &rice, 100).await;
    assert_eq!(r.status(), 400);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errors"][0]["code"], "unit_mismatch", "{body:#}");
    let r = pledge_from_offer(&w, &jin, &rice, 44).await;
    assert_eq!(
        r.status(),
        409,
        "44 斤 is 22 公斤, more than the need lacks"
    );
    let r = pledge_from_offer(&w, &jin, &rice, 10).await;
    assert_eq!(r.status(), 201);
    let p: Value = r.json().await.unwrap();
    assert_eq!(
        (p["quantity"].clone(), p["offer_quantity"].clone()),
        (json!(10), json!(5))
    );
    assert_eq!(offer_remaining(&w, &rice).await, 17);
}

#[tokio::test]
async fn jin_offered_serve_kilograms_needed_two_for_one() {
    let w = World::with_workers().await;
    let kg = need(&w, food("面粉十公斤", "公斤", 10, "urgent")).await;
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 1)
        .await;
    let e = &w.enterprise.tokens.access;
    let flour = publish(
        &w,
        e,
        &offer("爱心面粉", "优质面粉，可送到村", "food_clothing", 7, "斤"),
    )
    .await;
    w.eventually_total("/api/v1/offers/search", 1).await;
    let r = allocate(&w, e, &flour, json!({"max_needs": 10}), true).await;
    assert_eq!(r.status(), 201);
    let done: Value = r.json().await.unwrap();
    // 7 斤 give 3 公斤 (6 斤); one 斤 stays with the offer.
    assert_eq!(done["items"][0]["need_id"], json!(kg));
    assert_eq!(done["items"][0]["quantity"], 3);
    assert_eq!(done["items"][0]["offer_quantity"], 6);
    assert_eq!(done["offer_remaining"], 1);
    assert_eq!(offer_remaining(&w, &flour).await, 1);
}
