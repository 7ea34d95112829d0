//! Offers through the search API: published offers are found by words and by the regions they
//! serve; withdrawn, exhausted and lapsed ones leave the index.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use crate::offers::{offer_body, open_need, pledge_from, publish};
use bangfu::search::query::IndexName;
use serde_json::{json, Value};
use std::time::Duration;

async fn search(w: &World, query: &str) -> Value {
    w.app
        .get(&format!("/api/v1/offers/search?{query}"), None)
        .await
        .json()
        .await
        .unwrap()
}

async fn eventually(w: &World, query: &str, total: u64) -> Value {
    w.eventually_total(&format!("/api/v1/offers/search?{query}"), total)
        .await
}

fn titled(title: &str, category: &str, quantity: i64, region: Option<&str>) -> Value {
    let mut b = offer_body(category, quantity, region);
    b["title"] = json!(title);
    b
}

#[tokio::test]
async fn offers_are_found_by_words_and_the_regions_they_serve() {
    let w = World::with_workers().await;
    let e = &w.enterprise.tokens.access;
    let bags = publish(
        &w,
        e,
        &titled("爱心书包三百个", "education", 300, Some("411224")),
    )
    .await;
    publish(
        &w,
        &w.donor.tokens.access,
        &titled("二手轮椅一台", "care", 1, None),
    )
    .await;
    publish(
        &w,
        e,
        &titled("渑池县冬季棉被", "food_clothing", 20, Some("411221")),
    )
    .await;
    let v = eventually(&w, "q=书包", 1).await;
    let hit = &v["hits"][0];
    assert_eq!(hit["id"], bags.as_str());
    assert_eq!(hit["remaining_quantity"], 300);
    assert_eq!(
        hit["verified"], false,
        "an unverified organization is shown as such"
    );
    assert!(hit["supporter"].as_str().unwrap().len() > 3);
    // A village of Lushi is served by the county's offer and the nationwide one, not by Mianchi's.
    let v = eventually(&w, "region=411224101200", 2).await;
    let titles: Vec<&str> = v["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["title"].as_str().unwrap())
        .collect();
    assert!(
        titles.contains(&"爱心书包三百个") && titles.contains(&"二手轮椅一台"),
        "{titles:?}"
    );
    // The three offers are indexed by the workers in their own time: wait for the third.
    eventually(&w, "region=411221", 2).await;
    let v = search(&w, "").await;
    assert_eq!(v["total"], 3);
    assert_eq!(v["facets"]["verified"]["false"], 3);
    assert_eq!(v["facets"]["category"]["education"], 1);
    assert_eq!(v["region_names"]["41"], "河南省");
    let v = search(&w, "sort=remaining&per_page=1").await;
    assert_eq!(v["hits"][0]["id"], bags.as_str());
    assert_eq!(v["hits"].as_array().unwrap().len(), 1);
    // Someone's private name is never the supporter shown: individuals are masked.
    let v = search(&w, "q=轮椅").await;
    assert!(v["hits"][0]["supporter"].as_str().unwrap().ends_with("**"));
}

#[tokio::test]
async fn withdrawn_exhausted_and_lapsed_offers_leave_the_index() {
    let w = World::with_workers().await;
    let e = &w.enterprise.tokens.access;
    let withdrawn = publish(
        &w,
        e,
        &titled("爱心棉被十床", "food_clothing", 10, Some("411224")),
    )
    .await;
    let exhausted = publish(
        &w,
        e,
        &titled("爱心棉被两床", "food_clothing", 2, Some("411224")),
    )
    .await;
    let lapsing = publish(
        &w,
        e,
        &titled("爱心棉被五床", "food_clothing", 5, Some("411224")),
    )
    .await;
    eventually(&w, "q=棉被", 3).await;
    let r = w
        .app
        .post(
            &format!("/api/v1/offers/{withdrawn}/withdraw"),
            Some(e),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let need = open_need(&w, "food_clothing", 5).await;
    assert_eq!(pledge_from(&w, e, &need, &exhausted, 2).await.status(), 201);
    let v = eventually(&w, "q=棉被", 1).await;
    assert_eq!(v["hits"][0]["id"], lapsing.as_str());
    // Its validity passes: search stops finding it at once, and the expiry job takes it out of
    // the index.
    let mut conn = w.app.conn().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE offers SET valid_until = now() - interval '1 second' WHERE id = '{lapsing}'"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    // (This UPDATE bypasses the store, so the index still holds the old validity: the hit is
    // dropped when read back from PostgreSQL.)
    assert_eq!(search(&w, "q=棉被").await["hits"], json!([]));
    let runner = bangfu::jobs::Runner::new(w.app.pool.clone(), bangfu::jobs::Registry::standard());
    bangfu::jobs::enqueue(&mut conn, bangfu::jobs::offers::EXPIRE, json!({}))
        .await
        .unwrap();
    while runner
        .run_once_of(bangfu::jobs::offers::EXPIRE)
        .await
        .unwrap()
    {}
    let mut drift = None;
    for _ in 0..100 {
        let d = bangfu::search::indexing::check(&mut conn, &w.app.search, IndexName::Offers)
            .await
            .unwrap();
        if d.is_empty() {
            drift = Some(d);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(
        drift.is_some(),
        "the offers index ends equal to PostgreSQL's public offers"
    );
    let versions = w.app.search.versions(IndexName::Offers).await.unwrap();
    assert!(versions.is_empty(), "{versions:?}");
    assert_eq!(search(&w, "q=棉被").await["total"], 0);
    let r = w
        .app
        .get(&format!("/api/v1/offers/{lapsing}"), Some(e))
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "expired");
}

#[tokio::test]
async fn bad_offer_queries_are_problems() {
    let w = World::new().await;
    for (q, field) in [
        ("category=luxury", "category"),
        ("sort=urgency", "sort"),
        ("sort=deadline", "sort"),
        ("page=101&per_page=100", "page"),
    ] {
        let p = expect_problem(
            w.app.get(&format!("/api/v1/offers/search?{q}"), None).await,
            400,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field_codes()[0].0, field, "{q}");
    }
    expect_problem(
        w.app
            .get("/api/v1/offers/search?region=4112245", None)
            .await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        w.app
            .get("/api/v1/offers/search?verified=maybe", None)
            .await,
        400,
        "bad_query",
    )
    .await;
    let long = "书".repeat(5000);
    for q in [
        format!("q={long}"),
        "q=%22%5C*()".to_owned(),
        "q=AND%20OR%20NOT".to_owned(),
    ] {
        let r = w.app.get(&format!("/api/v1/offers/search?{q}"), None).await;
        assert_eq!(r.status(), 200, "{q}");
    }
}
