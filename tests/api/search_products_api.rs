//! `GET /api/v1/products/search` over HTTP, anonymous, with the job workers indexing: a product is
//! found once certified, leaves the index when delisted or sent back to certification by a content
//! edit, follows its stock (edits, orders taking and returning it), and bad parameters are one 400.

use crate::helpers::app::expect_problem;
use crate::helpers::TestApp;
use crate::products_fixture::{id_of, json_of, Market, VILLAGE};
use bangfu::search::query::IndexName;
use serde_json::{json, Value};
use std::time::Duration;

async fn market() -> Market {
    Market::with_app(
        TestApp::builder()
            .var("BANGFU_JOB_WORKERS", "2")
            .spawn()
            .await,
    )
    .await
}

async fn search(m: &Market, query: &str) -> Value {
    let r = m
        .app
        .get(&format!("/api/v1/products/search?{query}"), None)
        .await;
    json_of(r, 200).await
}

/// Searches until the answer has `total` hits (bounded): the workers index in their own time.
async fn eventually(m: &Market, query: &str, total: u64) -> Value {
    let mut last = Value::Null;
    for _ in 0..100 {
        last = search(m, query).await;
        if last["total"] == total {
            return last;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("products/search?{query} never reached {total}: {last}");
}

/// A household product, certified by the county.
async fn list(m: &Market, body: Value) -> String {
    let id = id_of(m.create(&m.household.tokens.access, &body).await).await;
    let r = m
        .certify(&m.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    assert_eq!(r.status(), 200);
    id
}

fn product(title: &str, category: &str, price_fen: i64) -> Value {
    json!({"title": title, "description": "自家种的，晒干后手工挑选。", "category": category,
        "unit": "斤", "price_fen": price_fen, "stock": 30, "region_code": VILLAGE})
}

#[tokio::test]
async fn listed_products_only_following_every_change() {
    let m = market().await;
    let seller = &m.household.tokens.access;
    let walnut = m.listed(50).await;
    // Pending and rejected products are never found.
    id_of(
        m.create(seller, &product("卢氏香菇", "mushrooms", 3500))
            .await,
    )
    .await;
    let rejected = id_of(
        m.create(seller, &product("卢氏黑木耳", "mushrooms", 4000))
            .await,
    )
    .await;
    let r = m
        .certify(
            &m.county.tokens.access,
            &rejected,
            json!({"decision": "reject", "reason": "产地不符"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let v = eventually(&m, "q=核桃", 1).await;
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], walnut.as_str());
    assert_eq!(
        (
            hit["title"].as_str(),
            hit["category"].as_str(),
            hit["unit"].as_str()
        ),
        (Some("卢氏薄皮核桃"), Some("nuts"), Some("千克"))
    );
    assert_eq!(
        (hit["price_fen"].as_i64(), hit["stock"].as_i64()),
        (Some(3000), Some(50))
    );
    assert_eq!(hit["region_code"], VILLAGE);
    assert_eq!(hit["households_helped"], 1);
    assert!(hit["thumbnail_url"].is_null());
    assert!(hit["listed_at"].as_str().is_some());
    assert!(hit.get("seller").is_none() && hit.get("private").is_none());
    assert!(
        !v.to_string().contains(&m.household_id),
        "no household id in a public answer"
    );
    assert_eq!(search(&m, "q=香菇").await["total"], 0);
    assert_eq!(search(&m, "q=木耳").await["total"], 0);
    assert_eq!(search(&m, "").await["total"], 1);
    // 山核桃 finds 核桃 (a synonym), and pinyin finds it too.
    assert_eq!(
        search(&m, "q=山核桃").await["hits"][0]["id"],
        walnut.as_str()
    );
    assert_eq!(
        search(&m, "q=hetao").await["hits"][0]["id"],
        walnut.as_str()
    );

    // A stock edit keeps it listed and reaches the index (sold out, then back in stock).
    json_of(
        m.patch(seller, &walnut, &json!({"stock": 0, "expected_stock": 50}))
            .await,
        200,
    )
    .await;
    eventually(&m, "q=核桃&in_stock=false", 1).await;
    json_of(
        m.patch(seller, &walnut, &json!({"stock": 10, "expected_stock": 0}))
            .await,
        200,
    )
    .await;
    eventually(&m, "q=核桃&in_stock=true", 1).await;
    // An order takes the last ten units; its cancellation gives them back.
    let order = json_of(m.order(&m.donor.tokens.access, &walnut, 10).await, 201).await;
    eventually(&m, "q=核桃&in_stock=false", 1).await;
    let order = order["id"].as_str().unwrap();
    json_of(
        m.act(&m.donor.tokens.access, order, "cancel", json!({}))
            .await,
        200,
    )
    .await;
    let v = eventually(&m, "q=核桃&in_stock=true", 1).await;
    assert_eq!(v["hits"][0]["stock"], 10);

    // A content edit sends it back to certification: it leaves the index until certified again.
    let edit = json!({"title": "卢氏薄皮核桃 新货"});
    let v = json_of(m.patch(seller, &walnut, &edit).await, 200).await;
    assert_eq!(v["status"], "pending_certification");
    eventually(&m, "q=核桃", 0).await;
    let r = m
        .certify(
            &m.county2.tokens.access,
            &walnut,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let v = eventually(&m, "q=新货", 1).await;
    assert_eq!(v["hits"][0]["title"], "卢氏薄皮核桃 新货");

    // Delisted: gone, and the index ends equal to PostgreSQL's listed products.
    let r = m
        .app
        .post(
            &format!("/api/v1/products/{walnut}/delist"),
            Some(seller),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    eventually(&m, "", 0).await;
    let mut conn = m.app.conn().await;
    let mut clean = false;
    for _ in 0..100 {
        let d = bangfu::search::indexing::check(&mut conn, &m.app.search, IndexName::Products)
            .await
            .unwrap();
        if d.is_empty() {
            clean = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(clean, "bangfu search check finds no drift in products");
}

#[tokio::test]
async fn facets_sorts_and_filters_over_http() {
    let m = market().await;
    let walnut = m.listed(50).await; // 3000 fen, nuts
    let mushroom = list(&m, product("卢氏香菇", "mushrooms", 3500)).await;
    let honey = list(&m, product("土蜂蜜", "other", 5000)).await;
    let cheap = list(&m, product("干香菇碎", "mushrooms", 1200)).await;
    let v = eventually(&m, "", 4).await;
    assert_eq!(
        v["facets"]["category"],
        json!({"mushrooms": 2, "nuts": 1, "other": 1})
    );
    assert_eq!(v["facets"]["region"], json!({"41": 4}));
    assert_eq!(v["region_names"]["41"], "河南省");
    assert_eq!(
        (v["page"].as_u64(), v["per_page"].as_u64()),
        (Some(1), Some(20))
    );
    assert_eq!(v["suggestions"], json!([]));
    let order = |v: &Value| -> Vec<String> {
        v["hits"]
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let by_price = vec![
        cheap.clone(),
        walnut.clone(),
        mushroom.clone(),
        honey.clone(),
    ];
    assert_eq!(order(&search(&m, "sort=price_asc").await), by_price);
    let mut dearest = by_price.clone();
    dearest.reverse();
    assert_eq!(order(&search(&m, "sort=price_desc").await), dearest);
    let newest = search(&m, "sort=newest").await;
    let listed: Vec<&str> = newest["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["listed_at"].as_str().unwrap())
        .collect();
    assert!(listed.windows(2).all(|w| w[0] >= w[1]), "{listed:?}");
    assert_eq!(order(&newest)[0], cheap, "the last certified first");
    assert_eq!(search(&m, "sort=households_helped").await["total"], 4);
    // Filters and facets by region one level down.
    let v = search(&m, "category=mushrooms&sort=price_asc").await;
    assert_eq!(order(&v), [cheap.clone(), mushroom.clone()]);
    let v = search(&m, "region=411224101").await;
    assert_eq!(v["facets"]["region"], json!({VILLAGE: 4}));
    assert_eq!(search(&m, "region=411221").await["total"], 0);
    let v = search(&m, "q=冬菇&per_page=1&page=2").await;
    assert_eq!(
        (v["total"].as_u64(), v["hits"].as_array().unwrap().len()),
        (Some(2), 1)
    );
    // A word nothing has is dropped from the end (matching strategy `last`).
    let v = search(&m, "q=香菇 拖拉机").await;
    assert_eq!(v["total"], 2, "the last word is dropped: {v}");
}

#[tokio::test]
async fn bad_product_queries_are_one_problem() {
    let m = Market::new().await;
    let p = expect_problem(
        m.app
            .get(
                "/api/v1/products/search?category=luxury&sort=cheapest&per_page=500",
                None,
            )
            .await,
        400,
        "validation_failed",
    )
    .await;
    let fields: Vec<String> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        ["category", "sort", "per_page"],
        "every bad parameter at once"
    );
    for (q, field) in [
        ("sort=urgency", "sort"),
        ("sort=remaining", "sort"),
        ("category=care", "category"),
        ("page=0", "page"),
        ("page=101&per_page=100", "page"),
    ] {
        let p = expect_problem(
            m.app
                .get(&format!("/api/v1/products/search?{q}"), None)
                .await,
            400,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field_codes()[0].0, field, "{q}");
    }
    expect_problem(
        m.app
            .get("/api/v1/products/search?region=4112245", None)
            .await,
        400,
        "invalid_region_code",
    )
    .await;
    // `search` is never taken for a product id.
    let r = m.app.get("/api/v1/products/search", None).await;
    assert_eq!(r.status(), 200);
}

#[tokio::test]
async fn a_hit_shows_the_first_image_as_its_thumbnail() {
    let m = market().await;
    let walnut = m.listed(10).await;
    let seller = m.household.tokens.access.as_str();
    let first = crate::product_images::upload(
        &m,
        &walnut,
        Some(seller),
        &crate::evidence_fixture::jpeg(800, 600),
    )
    .await;
    let first = json_of(first, 201).await;
    let second = crate::product_images::upload(
        &m,
        &walnut,
        Some(seller),
        &crate::evidence_fixture::jpeg(600, 800),
    )
    .await;
    assert_eq!(second.status(), 201);
    // New pictures are certified like new text.
    let r = m
        .certify(
            &m.county.tokens.access,
            &walnut,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let v = eventually(&m, "q=核桃", 1).await;
    let thumb = v["hits"][0]["thumbnail_url"].as_str().expect("a thumbnail");
    assert_eq!(thumb, first["thumbnail_url"].as_str().unwrap());
    let r = m.app.get(thumb, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "image/jpeg");
    // Without images the hit has none.
    let other = list(&m, product("卢氏香菇", "mushrooms", 3500)).await;
    let v = eventually(&m, "q=香菇", 1).await;
    assert_eq!(v["hits"][0]["id"], other.as_str());
    assert!(v["hits"][0]["thumbnail_url"].is_null());
}
