//! Matching gives the right thing: the same item (words, synonyms) in units that meet. School bags
//! never go to travel money counted in 元 nor to board counted in months; winter coats never go to
//! grain. Plans show each row's unit and quantity, rows can be taken out before a commit, and a
//! commit answers the offer's real remaining quantity.

use crate::needs_fixture::{deadline_in, World, VILLAGE};
use crate::offers::publish;
use reqwest::Method;
use serde_json::{json, Value};

pub(crate) struct N<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) category: &'a str,
    pub(crate) unit: &'a str,
    pub(crate) quantity: i64,
    pub(crate) urgency: &'a str,
}

/// A need posted by the household and approved by the county.
pub(crate) async fn need(w: &World, n: N<'_>) -> String {
    let b = json!({"title": n.title, "description": n.description, "category": n.category,
        "quantity": n.quantity, "unit": n.unit, "estimated_value_fen": 10_000 * n.quantity,
        "urgency": n.urgency, "deadline": deadline_in(30), "region_code": VILLAGE});
    let r = w.post_need(&w.household.tokens.access, &b).await;
    assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
    let id = r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = w
        .review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    assert_eq!(r.status(), 200);
    id
}

pub(crate) fn offer(
    title: &str,
    description: &str,
    category: &str,
    quantity: i64,
    unit: &str,
) -> Value {
    json!({"title": title, "description": description, "category": category, "quantity": quantity,
        "unit": unit, "region_code": "411224",
        "valid_until": (chrono::Utc::now() + chrono::Duration::days(60)).to_rfc3339()})
}

pub(crate) async fn allocate(
    w: &World,
    token: &str,
    offer: &str,
    body: Value,
    key: bool,
) -> reqwest::Response {
    let mut req = w.app.request(
        Method::POST,
        &format!("/api/v1/offers/{offer}/allocate"),
        Some(token).filter(|t| !t.is_empty()),
    );
    if key {
        req = req.header("Idempotency-Key", uuid::Uuid::new_v4().to_string());
    }
    req.json(&body).send().await.unwrap()
}

pub(crate) async fn get(w: &World, path: &str) -> Value {
    let r = w.app.get(path, Some(&w.donor.tokens.access)).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

pub(crate) fn ids(v: &Value, list: &str, key: &str) -> Vec<String> {
    v[list]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let id = if key.is_empty() {
                &i["need_id"]
            } else {
                &i[key]["id"]
            };
            id.as_str().unwrap().to_owned()
        })
        .collect()
}

#[tokio::test]
async fn school_bags_go_to_school_bag_needs_never_to_money_or_months() {
    let w = World::with_workers().await;
    let edu = |title, description, unit, quantity, urgency| N {
        title,
        description,
        category: "education",
        unit,
        quantity,
        urgency,
    };
    let fare = need(
        &w,
        edu(
            "大学新生路费和生活费",
            "孩子考上大学，需要路费和第一个月生活费。",
            "元",
            3000,
            "critical",
        ),
    )
    .await;
    let board = need(
        &w,
        edu(
            "寄宿生活费补助",
            "孩子在镇中学寄宿，每周生活费困难。",
            "月",
            6,
            "critical",
        ),
    )
    .await;
    let uniform = need(
        &w,
        edu(
            "冬季校服和棉鞋",
            "孩子冬天上学没有厚衣服和棉鞋。",
            "套",
            2,
            "critical",
        ),
    )
    .await;
    let bags = need(
        &w,
        edu(
            "学习用品和书包",
            "两个孩子上小学，需要书包、文具和课外书。",
            "套",
            2,
            "normal",
        ),
    )
    .await;
    let bag = need(&w, edu("书包一个", "孩子的书包坏了。", "个", 1, "urgent")).await;
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 5)
        .await;
    let e = &w.enterprise.tokens.access;
    let o = publish(
        &w,
        e,
        &offer(
            "爱心书包三百个",
            "新书包，含文具一套",
            "education",
            300,
            "个",
        ),
    )
    .await;
    w.eventually_total("/api/v1/offers/search", 1).await;

    let m = get(&w, &format!("/api/v1/offers/{o}/matches")).await;
    assert_eq!(
        ids(&m, "items", "need"),
        [bag.clone(), bags.clone()],
        "{m:#}"
    );
    assert_eq!(m["items"][0]["matched_terms"], json!(["书包"]));
    assert_eq!(m["items"][0]["unit_fit"], "same");
    assert_eq!(m["items"][1]["unit_fit"], "one_to_one");
    let reasons = m["items"][1]["reasons"].as_array().unwrap();
    assert!(reasons.contains(&json!("text_match")) && reasons.contains(&json!("one_to_one_unit")));
    // The other way round: the bags are offered to bag needs only.
    for (n, expected) in [
        (&bags, 1),
        (&bag, 1),
        (&fare, 0),
        (&board, 0),
        (&uniform, 0),
    ] {
        let v = get(&w, &format!("/api/v1/needs/{n}/matches")).await;
        assert_eq!(v["total"], expected, "{n}: {v:#}");
    }

    // The plan: the urgent bag first, then the normal one, each in its own unit.
    let r = allocate(&w, e, &o, json!({"max_needs": 100, "dry_run": true}), false).await;
    assert_eq!(r.status(), 200);
    let plan: Value = r.json().await.unwrap();
    assert_eq!(
        ids(&plan, "items", ""),
        [bag.clone(), bags.clone()],
        "{plan:#}"
    );
    let rows: Vec<(&str, i64)> = plan["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["unit"].as_str().unwrap(), i["quantity"].as_i64().unwrap()))
        .collect();
    assert_eq!(rows, [("个", 1), ("套", 2)]);
    assert_eq!(plan["items"][0]["matched_terms"], json!(["书包"]));
    assert_eq!(
        (
            plan["offer_unit"].as_str(),
            plan["offer_available"].as_i64(),
            plan["offer_remaining"].as_i64()
        ),
        (Some("个"), Some(300), Some(297))
    );
    // Committed: the money, the months and the uniforms got nothing.
    let r = allocate(&w, e, &o, json!({"max_needs": 100}), true).await;
    assert_eq!(r.status(), 201);
    let done: Value = r.json().await.unwrap();
    assert_eq!(ids(&done, "items", ""), [bag, bags]);
    assert_eq!(done["offer_remaining"], 297);
    for n in [&fare, &board, &uniform] {
        let v = get(&w, &format!("/api/v1/needs/{n}")).await;
        assert_eq!(v["pledged_quantity"], 0, "{n}");
    }
}

#[tokio::test]
async fn winter_coats_never_go_to_grain_and_weights_convert() {
    let w = World::with_workers().await;
    let food = |title, description, unit, quantity, urgency| N {
        title,
        description,
        category: "food_clothing",
        unit,
        quantity,
        urgency,
    };
    let grain = need(
        &w,
        food(
            "米面油口粮",
            "家中劳动力因病丧失，口粮困难。",
            "袋",
            8,
            "critical",
        ),
    )
    .await;
    let coats = need(
        &w,
        food(
            "冬季棉被棉衣",
            "家里老人过冬没有厚棉被和棉衣。",
            "套",
            3,
            "normal",
        ),
    )
    .await;
    let rice_jin = need(
        &w,
        food("大米四十斤", "口粮不够吃到秋收。", "斤", 40, "urgent"),
    )
    .await;
    let money = need(
        &w,
        food("棉衣购置费", "想给老人买件棉衣。", "元", 300, "critical"),
    )
    .await;
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 4)
        .await;
    let e = &w.enterprise.tokens.access;
    let coat_offer = publish(
        &w,
        e,
        &offer(
            "冬季棉衣一百件",
            "新棉衣，送到村委会",
            "food_clothing",
            100,
            "件",
        ),
    )
    .await;
    let rice_offer = publish(
        &w,
        e,
        &offer(
            "爱心大米",
            "东北大米，可送到村",
            "food_clothing",
            100,
            "公斤",
        ),
    )
    .await;
    w.eventually_total("/api/v1/offers/search", 2).await;

    let m = get(&w, &format!("/api/v1/offers/{coat_offer}/matches")).await;
    assert_eq!(
        ids(&m, "items", "need"),
        [coats.as_str()],
        "{m:#}: not the grain, not the money"
    );
    let r = allocate(&w, e, &coat_offer, json!({"max_needs": 100}), true).await;
    assert_eq!(r.status(), 201);
    let done: Value = r.json().await.unwrap();
    assert_eq!(ids(&done, "items", ""), [coats.as_str()]);
    assert_eq!(done["offer_remaining"], 97);
    for n in [&grain, &money] {
        assert_eq!(
            get(&w, &format!("/api/v1/needs/{n}")).await["pledged_quantity"],
            0
        );
    }

    // 100 公斤 of rice covers 40 斤 (converted); never the bags of 米面油, whose weight nobody states.
    let m = get(&w, &format!("/api/v1/offers/{rice_offer}/matches")).await;
    assert_eq!(ids(&m, "items", "need"), [rice_jin.as_str()], "{m:#}");
    assert_eq!(m["items"][0]["unit_fit"], "converted");
    let reasons = m["items"][0]["reasons"].as_array().unwrap();
    assert!(
        reasons.contains(&json!("converted_unit"))
            && reasons.contains(&json!("covers_full_quantity"))
    );
    let v = get(&w, &format!("/api/v1/needs/{rice_jin}/matches")).await;
    assert_eq!(ids(&v, "items", "offer"), [rice_offer.as_str()]);
    assert_eq!(
        get(&w, &format!("/api/v1/needs/{grain}/matches")).await["total"],
        0
    );
    // Allocation in whole units of both: tests/api/matching_weights.rs.
}
