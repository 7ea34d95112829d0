//! Offers, and pledges made from them.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::{need_body, World, VILLAGE};
use crate::pledges::act;
use reqwest::Method;
use serde_json::{json, Value};

pub fn offer_body(category: &str, quantity: i64, region: Option<&str>) -> Value {
    json!({"title": "爱心棉被一批", "description": "新棉被，可送货到村", "category": category, "quantity": quantity,
        "unit": "床", "region_code": region, "valid_until": (chrono::Utc::now() + chrono::Duration::days(60)).to_rfc3339(),
        "value_per_unit_fen": 15000})
}

pub async fn publish(w: &World, token: &str, body: &Value) -> String {
    let r = w.app.post("/api/v1/offers", Some(token), body).await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

pub async fn open_need(w: &World, category: &str, quantity: i64) -> String {
    let mut b = need_body("冬季棉被若干", VILLAGE);
    b["category"] = json!(category);
    b["quantity"] = json!(quantity);
    let id = w
        .post_need(&w.household.tokens.access, &b)
        .await
        .json::<Value>()
        .await
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(
        w.review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
            .await
            .status(),
        200
    );
    id
}

pub async fn pledge_from(
    w: &World,
    token: &str,
    need: &str,
    offer: &str,
    quantity: i64,
) -> reqwest::Response {
    w.app
        .request(
            Method::POST,
            &format!("/api/v1/needs/{need}/pledges"),
            Some(token),
        )
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&json!({"quantity": quantity, "offer_id": offer}))
        .send()
        .await
        .unwrap()
}

pub async fn offer(w: &World, id: &str) -> Value {
    w.app
        .get(
            &format!("/api/v1/offers/{id}"),
            Some(&w.enterprise.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap()
}

#[tokio::test]
async fn supporters_publish_offers_with_checked_fields() {
    let w = World::new().await;
    let r = w
        .app
        .post(
            "/api/v1/offers",
            Some(&w.enterprise.tokens.access),
            &offer_body("food_clothing", 300, Some("411224")),
        )
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["public"].as_bool(), v["remaining_quantity"].as_i64()),
        (Some(true), Some(300))
    );
    assert_eq!(v["supporter"], "卢氏县绿源农业有限公司");
    assert_eq!(v["verified"], false);
    assert_eq!(v["region_name"], "河南省 三门峡市 卢氏县");
    let whole_country: Value = w
        .app
        .post(
            "/api/v1/offers",
            Some(&w.donor.tokens.access),
            &offer_body("education", 5, None),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            whole_country["region_code"].as_str(),
            whole_country["supporter"].as_str()
        ),
        (None, Some("陈**"))
    );
    for a in [&w.household, &w.county, &w.admin] {
        expect_problem(
            w.app
                .post(
                    "/api/v1/offers",
                    Some(&a.tokens.access),
                    &offer_body("care", 1, None),
                )
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    expect_problem(
        w.app
            .post("/api/v1/offers", None, &offer_body("care", 1, None))
            .await,
        401,
        "unauthenticated",
    )
    .await;
    let bad = json!({"title": "被", "category": "gold", "quantity": 0, "unit": "", "region_code": "4x",
        "valid_until": "2020-01-01T00:00:00Z", "value_per_unit_fen": -1});
    let p = expect_problem(
        w.app
            .post("/api/v1/offers", Some(&w.donor.tokens.access), &bad)
            .await,
        400,
        "validation_failed",
    )
    .await;
    let fields: Vec<String> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "title",
            "category",
            "quantity",
            "unit",
            "region_code",
            "valid_until",
            "value_per_unit_fen"
        ]
    );
    let p = expect_problem(
        w.app
            .post(
                "/api/v1/offers",
                Some(&w.donor.tokens.access),
                &offer_body("care", 1, Some("419999")),
            )
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        vec![("region_code".into(), "unknown_region".into())]
    );
}

#[tokio::test]
async fn owners_edit_and_withdraw_others_only_read() {
    let w = World::new().await;
    let id = publish(
        &w,
        &w.enterprise.tokens.access,
        &offer_body("food_clothing", 10, Some("411224")),
    )
    .await;
    let patch = |token: &str, body: Value| {
        let w = &w;
        let (token, id) = (token.to_owned(), id.clone());
        async move {
            w.app
                .request(Method::PATCH, &format!("/api/v1/offers/{id}"), Some(&token))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    assert_eq!(
        patch(&w.enterprise.tokens.access, json!({"quantity": 20}))
            .await
            .status(),
        200
    );
    expect_problem(
        patch(&w.donor.tokens.access, json!({"quantity": 30})).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        patch(&w.enterprise.tokens.access, json!({"category": "care"})).await,
        400,
        "validation_failed",
    )
    .await;
    // Anyone reads a public offer.
    assert_eq!(
        w.app
            .get(&format!("/api/v1/offers/{id}"), None)
            .await
            .status(),
        200
    );
    expect_problem(
        w.app
            .post(
                &format!("/api/v1/offers/{id}/withdraw"),
                Some(&w.donor.tokens.access),
                &json!({}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        w.app
            .post(
                &format!("/api/v1/offers/{id}/withdraw"),
                Some(&w.enterprise.tokens.access),
                &json!({})
            )
            .await
            .status(),
        200
    );
    // Withdrawn: only its owner still sees it.
    expect_problem(
        w.app.get(&format!("/api/v1/offers/{id}"), None).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        w.app
            .get(
                &format!("/api/v1/offers/{id}"),
                Some(&w.donor.tokens.access),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(offer(&w, &id).await["status"], "withdrawn");
    expect_problem(
        w.app
            .post(
                &format!("/api/v1/offers/{id}/withdraw"),
                Some(&w.enterprise.tokens.access),
                &json!({}),
            )
            .await,
        409,
        "invalid_transition",
    )
    .await;
    let mine: Value = w
        .app
        .get("/api/v1/me/offers", Some(&w.enterprise.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 1);
}

#[tokio::test]
async fn pledges_from_an_offer_take_and_give_back_its_quantity() {
    let w = World::new().await;
    let o = publish(
        &w,
        &w.enterprise.tokens.access,
        &offer_body("food_clothing", 5, Some("411224")),
    )
    .await;
    let n = open_need(&w, "food_clothing", 10).await;
    let p = pledge_from(&w, &w.enterprise.tokens.access, &n, &o, 3).await;
    assert_eq!(p.status(), 201);
    let pid = p.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_eq!(offer(&w, &o).await["remaining_quantity"], 2);
    let r = pledge_from(&w, &w.enterprise.tokens.access, &n, &o, 3).await;
    let prob = expect_problem(r, 409, "offer_insufficient").await;
    assert_eq!(prob.body["offer_remaining_quantity"], 2);
    // The need's quantity was not taken by the refused pledge.
    let nv: Value = w
        .app
        .get(&format!("/api/v1/needs/{n}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(nv["pledged_quantity"], 3);
    assert_eq!(
        act(
            &w,
            Some(&w.enterprise.tokens.access),
            &pid,
            "cancel",
            json!({})
        )
        .await
        .status(),
        200
    );
    assert_eq!(offer(&w, &o).await["remaining_quantity"], 5);
    // Someone else's offer, another category, another area.
    let r = pledge_from(&w, &w.donor.tokens.access, &n, &o, 1).await;
    assert_eq!(
        expect_problem(r, 400, "validation_failed")
            .await
            .field_codes()[0]
            .1,
        "unknown_offer"
    );
    let care = open_need(&w, "care", 2).await;
    let r = pledge_from(&w, &w.enterprise.tokens.access, &care, &o, 1).await;
    assert_eq!(
        expect_problem(r, 400, "validation_failed")
            .await
            .field_codes()[0]
            .1,
        "category_mismatch"
    );
    let far = publish(
        &w,
        &w.enterprise.tokens.access,
        &offer_body("food_clothing", 5, Some("411221")),
    )
    .await;
    let r = pledge_from(&w, &w.enterprise.tokens.access, &n, &far, 1).await;
    assert_eq!(
        expect_problem(r, 400, "validation_failed")
            .await
            .field_codes()[0]
            .1,
        "outside_service_area"
    );
}
