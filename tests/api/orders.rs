//! Orders: the whole way from placed to received, who may make each move (a matrix), the stock
//! taken and given back, Idempotency-Key replays, and what officials see (no delivery details).

use crate::helpers::app::expect_problem;
use crate::products_fixture::{
    id_of, json_of, order_body, Market, DELIVERY_ADDRESS, DELIVERY_PHONE,
};
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn an_order_goes_from_placed_to_received_and_every_move_is_audited() {
    let m = Market::new().await;
    let product = m.listed(50).await;
    let v = json_of(m.order(&m.donor.tokens.access, &product, 3).await, 201).await;
    assert_eq!(v["status"], "placed");
    assert_eq!(
        (v["total_fen"].as_i64(), v["unit_price_fen"].as_i64()),
        (Some(9000), Some(3000))
    );
    assert_eq!(v["delivery"]["phone"], DELIVERY_PHONE);
    assert!(v["expires_at"].is_string());
    let id = v["id"].as_str().unwrap().to_owned();
    assert_eq!(m.stock(&product).await, 47);
    let (buyer, seller) = (&m.donor.tokens.access, &m.household.tokens.access);
    let v = json_of(m.act(seller, &id, "paid", json!({})).await, 200).await;
    assert_eq!(v["status"], "paid");
    let v = json_of(
        m.act(seller, &id, "ship", json!({"tracking_ref": "SF1234567890"}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (v["status"].as_str(), v["tracking_ref"].as_str()),
        (Some("shipped"), Some("SF1234567890"))
    );
    assert!(
        v["expires_at"].is_null(),
        "a shipped order no longer expires"
    );
    expect_problem(
        m.act(buyer, &id, "receive", json!({"rating": 6})).await,
        400,
        "validation_failed",
    )
    .await;
    let v = json_of(
        m.act(
            buyer,
            &id,
            "receive",
            json!({"rating": 5, "review": "核桃很香"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (v["status"].as_str(), v["rating"].as_i64()),
        (Some("received"), Some(5))
    );
    assert!(v["closed_at"].is_string());
    assert_eq!(
        m.stock(&product).await,
        47,
        "a received order keeps its units"
    );
    // The lists: the buyer's orders and the seller's sales.
    let mine = json_of(m.app.get("/api/v1/me/orders", Some(buyer)).await, 200).await;
    assert_eq!(
        (
            mine["total"].as_i64(),
            mine["items"][0]["product_title"].as_str()
        ),
        (Some(1), Some("卢氏薄皮核桃"))
    );
    let sales = json_of(
        m.app
            .get("/api/v1/me/sales?status=received", Some(seller))
            .await,
        200,
    )
    .await;
    assert_eq!(sales["items"][0]["delivery"]["address"], DELIVERY_ADDRESS);
    assert_eq!(
        json_of(
            m.app
                .get("/api/v1/me/sales?status=placed", Some(seller))
                .await,
            200
        )
        .await["total"],
        0
    );
    expect_problem(
        m.app
            .get("/api/v1/me/orders?status=lost", Some(buyer))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        json_of(m.app.get("/api/v1/me/orders", Some(seller)).await, 200).await["total"],
        0
    );
    // Four moves on the chain, none with the delivery details.
    let events = audit_of(&m, &id).await;
    assert_eq!(events.len(), 4, "{events:?}");
    assert!(
        events
            .iter()
            .all(|e| !e.contains(DELIVERY_PHONE) && !e.contains("陈晓明")),
        "{events:?}"
    );
}

pub async fn audit_of(m: &Market, id: &str) -> Vec<String> {
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        e: String,
    }
    let mut conn = m.app.conn().await;
    let rows: Vec<Row> = diesel_async::RunQueryDsl::load(
        diesel::sql_query(format!(
            "SELECT action || ' ' || details::text AS e FROM audit_events WHERE subject_id = '{id}' ORDER BY id"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    rows.into_iter().map(|r| r.e).collect()
}

#[tokio::test]
async fn who_may_make_which_move_a_matrix() {
    let m = Market::new().await;
    let product = m.listed(50).await;
    let (buyer, seller, other) = (
        &m.donor.tokens.access,
        &m.household.tokens.access,
        &m.donor2.tokens.access,
    );
    let (county, township, neighbour, admin) = (
        &m.county.tokens.access,
        &m.township.tokens.access,
        &m.neighbour.tokens.access,
        &m.admin.tokens.access,
    );
    let id = id_of(m.order(buyer, &product, 2).await).await;
    // (who, action, expected status) on a placed order; nothing here changes it.
    let refused: Vec<(&str, &str, u16, &str)> = vec![
        (buyer, "paid", 403, "forbidden"),
        (county, "paid", 403, "forbidden"),
        (township, "cancel", 403, "forbidden"),
        (neighbour, "paid", 404, "not_found"),
        (other, "cancel", 404, "not_found"),
        (admin, "cancel", 404, "not_found"),
        (seller, "receive", 403, "forbidden"),
        (buyer, "receive", 409, "invalid_transition"),
        (seller, "ship", 409, "invalid_transition"),
    ];
    for (token, action, status, code) in &refused {
        expect_problem(m.act(token, &id, action, json!({})).await, *status, code).await;
    }
    // Who reads it.
    for (token, status) in [
        (buyer, 200),
        (seller, 200),
        (county, 200),
        (township, 200),
        (neighbour, 404),
        (other, 404),
        (admin, 404),
    ] {
        assert_eq!(
            m.app
                .get(&format!("/api/v1/orders/{id}"), Some(token))
                .await
                .status(),
            status
        );
    }
    assert_eq!(
        m.app
            .get(&format!("/api/v1/orders/{id}"), None)
            .await
            .status(),
        401
    );
    // The buyer cancels before payment; not after.
    let v = json_of(
        m.act(buyer, &id, "cancel", json!({"reason": "买重了"}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (v["status"].as_str(), v["cancel_reason"].as_str()),
        (Some("cancelled"), Some("买重了"))
    );
    assert_eq!(
        m.stock(&product).await,
        50,
        "cancelling gives the stock back"
    );
    expect_problem(
        m.act(seller, &id, "paid", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    let id = id_of(m.order(buyer, &product, 4).await).await;
    assert_eq!(m.act(seller, &id, "paid", json!({})).await.status(), 200);
    expect_problem(
        m.act(buyer, &id, "cancel", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    // The seller may still cancel a paid order (refunding outside the platform), not a shipped one.
    assert_eq!(
        json_of(m.act(seller, &id, "cancel", json!({})).await, 200).await["status"],
        "cancelled"
    );
    assert_eq!(m.stock(&product).await, 50);
    let id = id_of(m.order(buyer, &product, 1).await).await;
    m.act(seller, &id, "paid", json!({})).await;
    m.act(seller, &id, "ship", json!({})).await;
    expect_problem(
        m.act(seller, &id, "cancel", json!({})).await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        m.act(other, &id, "receive", json!({})).await,
        404,
        "not_found",
    )
    .await;
    assert_eq!(m.act(buyer, &id, "receive", json!({})).await.status(), 200);
    // The seller does not buy its own product; a product not listed is not on sale.
    expect_problem(m.order(seller, &product, 1).await, 403, "forbidden").await;
    let pending = id_of(m.create(seller, &crate::products_fixture::walnuts()).await).await;
    expect_problem(m.order(buyer, &pending, 1).await, 404, "not_found").await;
    expect_problem(
        m.order(county, &pending, 1).await,
        409,
        "product_not_listed",
    )
    .await;
    m.app
        .post(
            &format!("/api/v1/products/{product}/delist"),
            Some(seller),
            &json!({}),
        )
        .await;
    let p = expect_problem(m.order(buyer, &product, 1).await, 404, "not_found").await;
    assert_eq!(
        p.code(),
        "not_found",
        "a delisted product is no longer public"
    );
}

#[tokio::test]
async fn officials_see_orders_without_delivery_details() {
    let m = Market::new().await;
    let product = m.listed(10).await;
    let id = id_of(m.order(&m.donor.tokens.access, &product, 2).await).await;
    for token in [&m.county.tokens.access, &m.township.tokens.access] {
        let r = m
            .app
            .get(&format!("/api/v1/orders/{id}"), Some(token))
            .await;
        let text = r.text().await.unwrap();
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["status"], "placed");
        assert!(
            v.get("delivery").is_none() && v.get("note").is_none(),
            "{v}"
        );
        assert!(
            !text.contains(DELIVERY_PHONE) && !text.contains("花园路") && !text.contains("陈晓明")
        );
    }
    for token in [&m.donor.tokens.access, &m.household.tokens.access] {
        let v = json_of(
            m.app
                .get(&format!("/api/v1/orders/{id}"), Some(token))
                .await,
            200,
        )
        .await;
        assert_eq!(v["delivery"]["name"], "陈晓明");
        assert_eq!(v["note"], "请用纸箱包装");
    }
}

#[tokio::test]
async fn an_order_needs_an_idempotency_key_and_a_replay_returns_the_same_order() {
    let m = Market::new().await;
    let product = m.listed(10).await;
    let buyer = &m.donor.tokens.access;
    let r = m
        .app
        .post(
            &format!("/api/v1/products/{product}/orders"),
            Some(buyer),
            &order_body(1),
        )
        .await;
    expect_problem(r, 400, "idempotency_key_missing").await;
    let key = uuid::Uuid::new_v4().to_string();
    let first = json_of(m.order_with_key(buyer, &product, 2, &key).await, 201).await;
    let again = m.order_with_key(buyer, &product, 2, &key).await;
    assert_eq!(
        again
            .headers()
            .get("idempotent-replayed")
            .map(|h| h.to_str().unwrap()),
        Some("true")
    );
    let again = json_of(again, 201).await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(
        again["delivery"]["phone"], DELIVERY_PHONE,
        "rendered afresh for its buyer"
    );
    assert_eq!(m.stock(&product).await, 8, "the replay took nothing");
    expect_problem(
        m.order_with_key(buyer, &product, 3, &key).await,
        422,
        "idempotency_key_reused",
    )
    .await;
    // The key's row keeps the order's id only, never the delivery details.
    let mut conn = m.app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n: N = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query(format!(
            "SELECT count(*) AS n FROM idempotency_keys WHERE convert_from(response_body, 'UTF8') LIKE '%{DELIVERY_PHONE}%'"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(n.n, 0);
    // Too much: 409 with what is left; bad fields all at once.
    let p = expect_problem(m.order(buyer, &product, 9).await, 409, "insufficient_stock").await;
    assert_eq!(p.body["stock"], 8);
    let r = m
        .app
        .request(
            Method::POST,
            &format!("/api/v1/products/{product}/orders"),
            Some(buyer),
        )
        .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
        .json(&json!({"quantity": 0, "delivery": {"name": "", "phone": "x", "address": "近"}}))
        .send()
        .await
        .unwrap();
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(p.field_codes().len(), 4, "{:?}", p.field_codes());
}
