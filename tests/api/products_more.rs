//! Stock edits that do not overwrite what orders took, the seller's and the certifiers' lists, the
//! public sales figures, and the supporters' contribution record with purchases.

use crate::helpers::app::expect_problem;
use crate::products_fixture::{id_of, json_of, walnuts, Market, VILLAGE};
use serde_json::{json, Value};

#[tokio::test]
async fn a_stock_edit_never_overwrites_units_an_order_took() {
    let m = Market::new().await;
    let id = m.listed(20).await;
    let seller = m.household.tokens.access.as_str();
    // The seller read 20; a donor orders 3 meanwhile.
    let order = json_of(m.order(&m.donor.tokens.access, &id, 3).await, 201).await;
    assert_eq!(order["status"], "placed");
    let p = expect_problem(
        m.patch(seller, &id, &json!({"stock": 50, "expected_stock": 20}))
            .await,
        409,
        "stock_changed",
    )
    .await;
    assert_eq!(p.body["stock"], 17);
    assert_eq!(m.stock(&id).await, 17, "nothing was overwritten");
    // With the value read again, the edit goes through and the product stays listed.
    let v = json_of(
        m.patch(seller, &id, &json!({"stock": 50, "expected_stock": 17}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (v["stock"].as_i64(), v["status"].as_str()),
        (Some(50), Some("listed"))
    );
    // A new stock names the stock it replaces; a new product names none.
    let p = expect_problem(
        m.patch(seller, &id, &json!({"stock": 10})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("expected_stock".to_owned(), "required".to_owned())]
    );
    let p = expect_problem(
        m.patch(seller, &id, &json!({"expected_stock": 50})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("expected_stock".to_owned(), "not_allowed".to_owned())]
    );
    let mut b = walnuts();
    b["expected_stock"] = json!(5);
    expect_problem(m.create(seller, &b).await, 400, "unknown_field").await;
    // The order cancelled gives its units back; the seller's next edit names the new value.
    let order_id = order["id"].as_str().unwrap();
    let r = m
        .act(&m.donor.tokens.access, order_id, "cancel", json!({}))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(m.stock(&id).await, 53);
    expect_problem(
        m.patch(seller, &id, &json!({"stock": 0, "expected_stock": 50}))
            .await,
        409,
        "stock_changed",
    )
    .await;
}

#[tokio::test]
async fn sellers_list_their_products_and_officials_their_certification_queue() {
    let m = Market::new().await;
    let listed = m.listed(20).await;
    let pending = id_of(m.create(&m.household.tokens.access, &walnuts()).await).await;
    let rejected = id_of(m.create(&m.household.tokens.access, &walnuts()).await).await;
    let r = m
        .certify(
            &m.county.tokens.access,
            &rejected,
            json!({"decision": "reject", "reason": "请补充产地证明"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let mut org = walnuts();
    org["households_helped"] = json!(12);
    org["region_code"] = json!("411224");
    let by_org = id_of(m.create(&m.enterprise.tokens.access, &org).await).await;
    // Listed for the household by the county official: not in that official's queue.
    let mut for_household = walnuts();
    for_household["household_id"] = json!(m.household_id);
    let by_official = id_of(m.create(&m.county.tokens.access, &for_household).await).await;

    // The seller's own products, every status, newest first.
    let mine = json_of(
        m.app
            .get("/api/v1/me/products", Some(&m.household.tokens.access))
            .await,
        200,
    )
    .await;
    assert_eq!(mine["total"], 4);
    let ids: Vec<&str> = mine["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [by_official.as_str(), &rejected, &pending, &listed]);
    assert!(mine["items"][1]["private"]["rejection_reason"].is_string());
    let page = json_of(
        m.app
            .get(
                "/api/v1/me/products?per_page=1&page=2",
                Some(&m.household.tokens.access),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(
        (page["total"].as_i64(), page["items"][0]["id"].as_str()),
        (Some(4), Some(rejected.as_str()))
    );
    let none = json_of(
        m.app
            .get("/api/v1/me/products", Some(&m.donor.tokens.access))
            .await,
        200,
    )
    .await;
    assert_eq!(none["total"], 0);
    assert_eq!(m.app.get("/api/v1/me/products", None).await.status(), 401);

    // The county's queue: pending products of its county, oldest first, minus its own listing.
    let queue = |token: String| {
        let app = &m.app;
        async move { json_of(app.get("/api/v1/review/products", Some(&token)).await, 200).await }
    };
    let ids_of = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let q = queue(m.county.tokens.access.clone()).await;
    assert_eq!(ids_of(&q), [pending.clone(), by_org.clone()]);
    assert_eq!(q["total"], 2);
    let q = queue(m.county2.tokens.access.clone()).await;
    assert_eq!(
        ids_of(&q),
        [pending.clone(), by_org.clone(), by_official.clone()]
    );
    let city = m.app.official(&m.admin, "4112").await;
    assert_eq!(queue(city.tokens.access.clone()).await["total"], 3);
    // A township's officials and another county's do not certify here.
    assert_eq!(queue(m.township.tokens.access.clone()).await["total"], 0);
    assert_eq!(queue(m.neighbour.tokens.access.clone()).await["total"], 0);
    for token in [
        &m.donor.tokens.access,
        &m.household.tokens.access,
        &m.admin.tokens.access,
    ] {
        expect_problem(
            m.app.get("/api/v1/review/products", Some(token)).await,
            403,
            "forbidden",
        )
        .await;
    }
    // Certified: out of the queue.
    let r = m
        .certify(
            &m.county.tokens.access,
            &pending,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        ids_of(&queue(m.county.tokens.access.clone()).await),
        [by_org]
    );
}

/// The buyer orders; the seller records payment and shipping, the buyer receives or cancels.
pub async fn sell(
    m: &Market,
    (buyer, seller): (&str, &str),
    product: &str,
    quantity: i64,
    moves: &[&str],
) -> String {
    let order = json_of(m.order(buyer, product, quantity).await, 201).await;
    let id = order["id"].as_str().unwrap().to_owned();
    for step in moves {
        let (who, body) = match *step {
            "receive" => (buyer, json!({"rating": 5})),
            "cancel" => (buyer, json!({})),
            _ => (seller, json!({})),
        };
        let r = m.act(who, &id, step, body).await;
        assert_eq!(r.status(), 200, "{step}: {}", r.text().await.unwrap());
    }
    id
}

#[tokio::test]
async fn sales_figures_count_paid_orders_by_county_and_category() {
    let m = Market::new().await;
    let walnuts_id = m.listed(100).await;
    let mut mushrooms = walnuts();
    mushrooms["title"] = json!("卢氏段木香菇");
    mushrooms["category"] = json!("mushrooms");
    mushrooms["unit"] = json!("斤");
    mushrooms["price_fen"] = json!(4500);
    mushrooms["households_helped"] = json!(36);
    mushrooms["region_code"] = json!("411224");
    let mushrooms_id = id_of(m.create(&m.enterprise.tokens.access, &mushrooms).await).await;
    let r = m
        .certify(
            &m.county.tokens.access,
            &mushrooms_id,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let (d1, d2) = (
        m.donor.tokens.access.as_str(),
        m.donor2.tokens.access.as_str(),
    );
    let (hh, ent) = (
        m.household.tokens.access.as_str(),
        m.enterprise.tokens.access.as_str(),
    );
    // Counted: paid, shipped, received. Not counted: placed, cancelled.
    sell(&m, (d1, hh), &walnuts_id, 3, &["paid"]).await;
    sell(&m, (d2, hh), &walnuts_id, 2, &["paid", "ship"]).await;
    sell(&m, (d2, hh), &walnuts_id, 7, &[]).await;
    sell(
        &m,
        (d1, ent),
        &mushrooms_id,
        4,
        &["paid", "ship", "receive"],
    )
    .await;
    sell(&m, (d2, ent), &mushrooms_id, 9, &["cancel"]).await;

    let v = json_of(
        m.app.get("/api/v1/stats/sales?region=411224", None).await,
        200,
    )
    .await;
    assert_eq!(v["region_code"], "411224");
    assert_eq!(
        v["rows"],
        json!([
            {"county_code": "411224", "county_name": "卢氏县", "category": "mushrooms",
             "orders": 1, "quantity": 4, "amount_fen": 18000, "households_helped": 36},
            {"county_code": "411224", "county_name": "卢氏县", "category": "nuts",
             "orders": 2, "quantity": 5, "amount_fen": 15000, "households_helped": 1},
        ])
    );
    assert_eq!(
        v["totals"],
        json!({"orders": 3, "quantity": 9, "amount_fen": 33000, "households_helped": 37})
    );
    // The region is a subtree: the city and the country include Lushi, a neighbour does not.
    for region in ["?region=4112", ""] {
        let v = json_of(
            m.app
                .get(&format!("/api/v1/stats/sales{region}"), None)
                .await,
            200,
        )
        .await;
        assert_eq!(v["totals"]["amount_fen"], 33000, "{region}");
    }
    let v = json_of(
        m.app.get("/api/v1/stats/sales?region=411221", None).await,
        200,
    )
    .await;
    assert_eq!(v["rows"], json!([]));
    assert_eq!(v["totals"]["orders"], 0);
    // A village's figures: the household's walnuts only (the enterprise's are of the county).
    let v = json_of(
        m.app
            .get(&format!("/api/v1/stats/sales?region={VILLAGE}"), None)
            .await,
        200,
    )
    .await;
    assert_eq!(v["totals"]["orders"], 2);
    // No buyer, seller or delivery detail in public figures.
    let text = v.to_string();
    assert!(!text.contains("13700001111") && !text.contains(&m.household_id));
    expect_problem(
        m.app.get("/api/v1/stats/sales?region=4x", None).await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        m.app.get("/api/v1/stats/sales?region=419999", None).await,
        404,
        "region_not_found",
    )
    .await;
}
