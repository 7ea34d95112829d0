//! When a search finds nothing, the answer suggests queries that would find something with the
//! same filters (words dropped, or a synonym), each checked against the engine.

use crate::needs_fixture::{need_body, World, VILLAGE};
use crate::offers::{offer_body, publish};
use serde_json::{json, Value};

async fn approved(w: &World, title: &str, category: &str) -> String {
    let mut b = need_body(title, VILLAGE);
    b["category"] = json!(category);
    b["description"] = json!("家里困难，请好心人帮忙。");
    let r = w.post_need(&w.household.tokens.access, &b).await;
    assert_eq!(r.status(), 201);
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

async fn get(w: &World, path: &str) -> Value {
    let r = w.app.get(path, None).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

/// Every suggestion of an answer finds what it says, with the same filters.
async fn check_suggestions(w: &World, base: &str, filters: &str, v: &Value) {
    for s in v["suggestions"].as_array().unwrap() {
        let q = s["q"].as_str().unwrap();
        let again = get(w, &format!("{base}?q={q}{filters}")).await;
        assert_eq!(again["total"], s["hits"], "{s}");
        assert!(s["hits"].as_u64().unwrap() > 0, "{s}");
    }
}

fn queries(v: &Value) -> Vec<&str> {
    v["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["q"].as_str().unwrap())
        .collect()
}

const NEEDS: &str = "/api/v1/needs/search";

#[tokio::test]
async fn a_need_search_that_finds_nothing_suggests_fewer_words() {
    let w = World::with_workers().await;
    let chair = approved(&w, "急需电动轮椅一台", "care").await;
    approved(&w, "适配助听器", "care").await;
    w.eventually_total(&format!("{NEEDS}?q=助听器"), 1).await;
    let v = w.eventually_total(&format!("{NEEDS}?q=轮椅"), 1).await;
    assert_eq!(v["hits"][0]["id"], chair.as_str());
    assert_eq!(v["suggestions"], json!([]), "found: nothing to suggest");

    // One word too many, and it comes first.
    let v = get(&w, &format!("{NEEDS}?q=篮球 轮椅")).await;
    assert_eq!(v["total"], 0);
    assert_eq!(
        v["suggestions"],
        json!([{"q": "轮椅", "hits": 1, "kind": "fewer_words"}])
    );

    // Two words that each find something, and one that does not: at most three suggestions,
    // each verified.
    let v = get(&w, &format!("{NEEDS}?q=篮球 轮椅 助听器")).await;
    if v["total"] == 0 {
        let qs = queries(&v);
        assert!(qs.contains(&"轮椅") && qs.contains(&"助听器"), "{v}");
        assert!(qs.len() <= 3);
        assert!(!qs.iter().any(|q| q.contains("篮球")), "{v}");
        check_suggestions(&w, NEEDS, "", &v).await;
    }

    // The same filters: no wheelchair among education needs, so nothing to suggest.
    let v = get(&w, &format!("{NEEDS}?q=篮球 轮椅&category=education")).await;
    assert_eq!(v["total"], 0);
    assert_eq!(v["suggestions"], json!([]));
    let v = get(
        &w,
        &format!("{NEEDS}?q=篮球 轮椅&category=care&region=411224"),
    )
    .await;
    assert_eq!(queries(&v), ["轮椅"]);
    check_suggestions(&w, NEEDS, "&category=care&region=411224", &v).await;

    // Nothing asked, nothing suggested; nothing anywhere, nothing suggested.
    let v = get(&w, &format!("{NEEDS}?category=education")).await;
    assert_eq!(v["total"], 0);
    assert_eq!(v["suggestions"], json!([]));
    let v = get(&w, &format!("{NEEDS}?q=篮球 足球")).await;
    assert_eq!(v["suggestions"], json!([]));
}

#[tokio::test]
async fn a_synonym_is_suggested_when_the_words_find_nothing() {
    let w = World::with_workers().await;
    approved(&w, "冬季棉衣两件", "food_clothing").await;
    w.eventually_total(&format!("{NEEDS}?q=棉衣"), 1).await;
    // `winter clothes` is a synonym of 棉衣 as a whole; its words alone find nothing.
    let v = get(&w, &format!("{NEEDS}?q=winter clothes")).await;
    if v["total"] == 0 {
        let first = &v["suggestions"][0];
        assert_eq!(first["kind"], "synonym", "{v}");
        assert_eq!(first["q"], "棉衣");
        assert_eq!(first["hits"], 1);
        check_suggestions(&w, NEEDS, "", &v).await;
    } else {
        // An engine that knows multi-word synonyms finds the need itself.
        assert_eq!(v["suggestions"], json!([]));
    }
}

#[tokio::test]
async fn a_word_typed_with_a_wrong_character_of_the_same_sound_is_suggested() {
    let w = World::with_workers().await;
    approved(&w, "护理床一张", "care").await;
    approved(&w, "成人纸尿裤", "care").await;
    w.eventually_total(&format!("{NEEDS}?q=护理床"), 1).await;
    w.eventually_total(&format!("{NEEDS}?q=纸尿裤"), 1).await;
    for (typed, meant) in [("护里床", "护理床"), ("纸尿库", "纸尿裤")] {
        let v = get(&w, &format!("{NEEDS}?q={typed}")).await;
        assert_eq!(v["total"], 0, "{typed}: {v}");
        let first = &v["suggestions"][0];
        assert_eq!(first["kind"], "sounds_like", "{typed}: {v}");
        assert_eq!(first["q"], meant);
        assert_eq!(first["hits"], 1);
        check_suggestions(&w, NEEDS, "", &v).await;
    }
}

#[tokio::test]
async fn an_offer_search_that_finds_nothing_suggests_too() {
    let w = World::with_workers().await;
    let mut b = offer_body("care", 1, None);
    b["title"] = json!("二手轮椅一台");
    b["description"] = json!("九成新，可送到村里");
    publish(&w, &w.donor.tokens.access, &b).await;
    let path = "/api/v1/offers/search";
    let v = w.eventually_total(&format!("{path}?q=轮椅"), 1).await;
    assert_eq!(v["suggestions"], json!([]));
    let v = get(&w, &format!("{path}?q=篮球 轮椅")).await;
    assert_eq!(v["total"], 0);
    assert_eq!(
        v["suggestions"],
        json!([{"q": "轮椅", "hits": 1, "kind": "fewer_words"}])
    );
    let v = get(&w, &format!("{path}?q=篮球 轮椅&category=education")).await;
    assert_eq!(v["suggestions"], json!([]));
}
