//! A supporter's contribution with purchases beside pledges, and product text masked for the public.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::need_body;
use crate::products_fixture::{id_of, json_of, walnuts, Market, VILLAGE};
use crate::products_more::sell;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn supporters_see_pledges_and_purchases_in_their_contribution() {
    let m = Market::new().await;
    let walnuts_id = m.listed(100).await;
    // The household asks for 10 bags (1,000 yuan), the county approves, the donor pledges 4.
    let mut body = need_body("春耕化肥十袋", VILLAGE);
    body["quantity"] = json!(10);
    body["unit"] = json!("袋");
    body["estimated_value_fen"] = json!(100_000);
    let need = id_of(
        m.app
            .post("/api/v1/needs", Some(&m.household.tokens.access), &body)
            .await,
    )
    .await;
    let r = m
        .app
        .post(
            &format!("/api/v1/needs/{need}/review"),
            Some(&m.county.tokens.access),
            &json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let donor = m.donor.tokens.access.clone();
    let r = m
        .app
        .request(
            Method::POST,
            &format!("/api/v1/needs/{need}/pledges"),
            Some(&donor),
        )
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&json!({"quantity": 4, "message": "春耕用"}))
        .send()
        .await
        .unwrap();
    let pledge = json_of(r, 201).await;
    // Then buys walnuts twice: 3 kg paid, 1 kg still waiting for payment.
    let hh = m.household.tokens.access.as_str();
    let paid = sell(&m, (&donor, hh), &walnuts_id, 3, &["paid"]).await;
    let placed = sell(&m, (&donor, hh), &walnuts_id, 1, &[]).await;

    let v = json_of(
        m.app.get("/api/v1/me/contribution", Some(&donor)).await,
        200,
    )
    .await;
    assert_eq!(v["total"], 3);
    let items = v["items"].as_array().unwrap();
    let kinds: Vec<(&str, &str)> = items
        .iter()
        .map(|i| (i["kind"].as_str().unwrap(), i["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("purchase", placed.as_str()),
            ("purchase", paid.as_str()),
            ("pledge", pledge["id"].as_str().unwrap())
        ],
        "newest first"
    );
    assert_eq!(items[1]["title"], "卢氏薄皮核桃");
    assert_eq!(
        (items[1]["quantity"].as_i64(), items[1]["unit"].as_str()),
        (Some(3), Some("千克"))
    );
    assert_eq!(items[1]["value_fen"], 9000);
    assert_eq!(items[1]["status"], "paid");
    assert_eq!(items[2]["title"], "春耕化肥十袋");
    assert_eq!(
        items[2]["value_fen"], 40_000,
        "its share of the need's estimated value"
    );
    assert_eq!(items[2]["status"], "pending_approval");
    assert_eq!(items[2]["region_code"], VILLAGE);
    assert_eq!(
        v["summary"],
        json!({"pledges": 1, "pledged_quantity": 4, "purchases": 1, "purchases_fen": 9000, "hires": 0,
            "matches": 0, "matched_fen": 0})
    );
    let page = json_of(
        m.app
            .get("/api/v1/me/contribution?per_page=1&page=3", Some(&donor))
            .await,
        200,
    )
    .await;
    assert_eq!(page["items"][0]["kind"], "pledge");
    // Another supporter's record is its own.
    let other = json_of(
        m.app
            .get("/api/v1/me/contribution", Some(&m.donor2.tokens.access))
            .await,
        200,
    )
    .await;
    assert_eq!(other["total"], 0);
    // Households, officials and admins keep no contribution record.
    for token in [
        &m.household.tokens.access,
        &m.county.tokens.access,
        &m.admin.tokens.access,
    ] {
        expect_problem(
            m.app.get("/api/v1/me/contribution", Some(token)).await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(
        m.app.get("/api/v1/me/contribution", None).await.status(),
        401
    );
}

#[tokio::test]
async fn product_text_names_are_masked_for_the_public() {
    let m = Market::new().await;
    let mut body = walnuts();
    body["description"] = json!("联系人：王小明，自家山上的核桃，晒干后手工挑选。");
    let seller = m.household.tokens.access.clone();
    let id = id_of(m.create(&seller, &body).await).await;
    let r = m
        .certify(&m.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    assert_eq!(r.status(), 200);
    // The seller and its county's officials read what was written.
    for token in [&seller, &m.county.tokens.access] {
        let v = json_of(m.product(Some(token), &id).await, 200).await;
        assert!(v["description"].as_str().unwrap().contains("王小明"));
    }
    // Everyone else sees the name masked.
    for token in [None, Some(m.donor.tokens.access.as_str())] {
        let v = json_of(m.product(token, &id).await, 200).await;
        let d = v["description"].as_str().unwrap();
        assert!(!d.contains("王小明") && d.contains("自家山上的核桃"), "{d}");
    }
}
