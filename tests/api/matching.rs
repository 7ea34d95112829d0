//! Matching both ways, and spreading one offer over many needs.

use crate::helpers::app::Account;
use crate::needs_fixture::{deadline_in, need_body, World, OTHER_VILLAGE, VILLAGE};
use crate::offers::{offer_body, pledge_from, publish};
use crate::pledges::pledge;
use reqwest::Method;
use serde_json::{json, Value};

const SAME_TOWNSHIP_VILLAGE: &str = "411224101201"; // 龙王庙村, 杜关镇
const MIANCHI_VILLAGE: &str = "411221100001"; // 渑池县

/// Posts a need as `household` and has `official` approve it (unless `approve` is false).
#[allow(clippy::too_many_arguments)]
pub async fn need(
    w: &World,
    household: &Account,
    official: &Account,
    village: &str,
    title: &str,
    urgency: &str,
    deadline_days: i64,
    quantity: i64,
    approve: bool,
) -> String {
    let mut b = need_body(title, village);
    b["category"] = json!("food_clothing");
    b["unit"] = json!("床");
    b["urgency"] = json!(urgency);
    b["deadline"] = json!(deadline_in(deadline_days));
    b["quantity"] = json!(quantity);
    b["estimated_value_fen"] = json!(10_000 * quantity);
    let r = w.post_need(&household.tokens.access, &b).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    if approve {
        let r = w
            .review(&official.tokens.access, &id, json!({"decision": "approve"}))
            .await;
        assert_eq!(r.status(), 200);
    }
    id
}

pub fn quilts(quantity: i64, area: Option<&str>) -> Value {
    let mut b = offer_body("food_clothing", quantity, area);
    b["title"] = json!("冬季棉被捐赠");
    b
}

pub async fn get(w: &World, path: &str, token: Option<&str>) -> Value {
    let r = w.app.get(path, token).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

pub async fn allocate(
    w: &World,
    token: &str,
    offer: &str,
    body: Value,
    key: Option<&str>,
) -> reqwest::Response {
    let mut req = w.app.request(
        Method::POST,
        &format!("/api/v1/offers/{offer}/allocate"),
        Some(token).filter(|t| !t.is_empty()),
    );
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    req.json(&body).send().await.unwrap()
}

#[tokio::test]
async fn offers_for_a_need_rank_nearest_first_and_never_outside_the_area() {
    let w = World::with_workers().await;
    let e = &w.enterprise.tokens.access;
    let n = need(
        &w,
        &w.household,
        &w.county,
        VILLAGE,
        "冬季棉被两床",
        "urgent",
        30,
        2,
        true,
    )
    .await;
    let village = publish(&w, e, &quilts(10, Some(VILLAGE))).await;
    let township = publish(&w, e, &quilts(10, Some("411224101"))).await;
    let county = publish(&w, e, &quilts(10, Some("411224"))).await;
    let nation = publish(&w, e, &quilts(10, None)).await;
    publish(&w, e, &quilts(10, Some("411221"))).await;
    let mut books = offer_body("education", 10, Some("411224"));
    books["title"] = json!("冬季棉被捐赠");
    publish(&w, e, &books).await;
    let lapsing = publish(&w, e, &quilts(10, Some(VILLAGE))).await;
    // One used up by another need.
    let used = publish(&w, e, &quilts(1, Some(VILLAGE))).await;
    let other = need(
        &w,
        &w.household,
        &w.county,
        VILLAGE,
        "冬季棉被一床",
        "normal",
        60,
        1,
        true,
    )
    .await;
    assert_eq!(pledge_from(&w, e, &other, &used, 1).await.status(), 201);
    w.eventually_total("/api/v1/offers/search", 7).await;
    let mut conn = w.app.conn().await;
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE offers SET valid_until = now() - interval '1 second' WHERE id = '{lapsing}'"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    let v = get(
        &w,
        &format!("/api/v1/needs/{n}/matches"),
        Some(&w.donor.tokens.access),
    )
    .await;
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["offer"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            village.as_str(),
            township.as_str(),
            county.as_str(),
            nation.as_str()
        ],
        "{v:#}"
    );
    assert_eq!(v["total"], 4);
    let first = &v["items"][0];
    let reasons: Vec<&str> = first["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    for r in [
        "text_match",
        "same_village",
        "covers_full_quantity",
        "urgent",
        "deadline_within_30_days",
    ] {
        assert!(reasons.contains(&r), "{reasons:?}");
    }
    let scores: Vec<f64> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["score"].as_f64().unwrap())
        .collect();
    assert!(scores.windows(2).all(|s| s[0] > s[1]), "{scores:?}");
    // The same data, the same answer; and paging cuts the same list.
    let again = get(
        &w,
        &format!("/api/v1/needs/{n}/matches"),
        Some(&w.county.tokens.access),
    )
    .await;
    assert_eq!(again["items"], v["items"]);
    let page2 = get(
        &w,
        &format!("/api/v1/needs/{n}/matches?page=2&per_page=3"),
        Some(&w.donor.tokens.access),
    )
    .await;
    assert_eq!(page2["items"][0]["offer"]["id"], nation.as_str());
}

#[tokio::test]
async fn needs_for_an_offer_rank_by_urgency_and_deadline() {
    let w = World::with_workers().await;
    let (hh, other, county) = (&w.household, &w.other_household, &w.county);
    let neighbour_hh = w.app.household(MIANCHI_VILLAGE).await;
    let third = w.app.household(SAME_TOWNSHIP_VILLAGE).await;
    let a = need(&w, hh, county, VILLAGE, "冬季棉被", "critical", 5, 1, true).await;
    let b = need(
        &w,
        other,
        county,
        OTHER_VILLAGE,
        "冬季棉被",
        "urgent",
        5,
        1,
        true,
    )
    .await;
    let c = need(
        &w,
        &third,
        county,
        SAME_TOWNSHIP_VILLAGE,
        "冬季棉被",
        "normal",
        20,
        1,
        true,
    )
    .await;
    let d = need(&w, hh, county, VILLAGE, "冬季棉被", "normal", 90, 1, true).await;
    need(
        &w,
        &neighbour_hh,
        &w.neighbour,
        MIANCHI_VILLAGE,
        "冬季棉被",
        "critical",
        5,
        1,
        true,
    )
    .await;
    need(&w, hh, county, VILLAGE, "冬季棉被", "critical", 5, 1, false).await;
    let full = need(
        &w,
        other,
        county,
        OTHER_VILLAGE,
        "冬季棉被",
        "critical",
        5,
        1,
        true,
    )
    .await;
    assert_eq!(
        pledge(&w, &w.donor.tokens.access, &full, 1).await.status(),
        201
    );
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 5)
        .await;
    let offer = publish(
        &w,
        &w.enterprise.tokens.access,
        &quilts(100, Some("411224")),
    )
    .await;
    let v = get(
        &w,
        &format!("/api/v1/offers/{offer}/matches"),
        Some(&w.household.tokens.access),
    )
    .await;
    let ids: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["need"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [a.as_str(), b.as_str(), c.as_str(), d.as_str()],
        "{v:#}"
    );
    let reasons = |i: usize| -> Vec<String> {
        v["items"][i]["reasons"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r.as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        reasons(0).contains(&"critical".to_owned())
            && reasons(0).contains(&"deadline_within_7_days".to_owned())
    );
    assert!(reasons(0).contains(&"same_county".to_owned()));
    assert!(reasons(2).contains(&"deadline_within_30_days".to_owned()));
    // Matches never show personal data.
    let text = v.to_string();
    assert!(
        !text.contains(crate::needs_fixture::HEAD_NAME)
            && !text.contains(crate::needs_fixture::PHONE)
    );
}
