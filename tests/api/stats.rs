//! `GET /stats` from outside: the figures, what they hide so that no household can be singled out,
//! and their cache.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::{need_body, World, HEAD_NAME, ID_NUMBER, PHONE, VILLAGE};
use crate::pledges::{act, id_of, open_need_of, pledge};
use serde_json::{json, Value};

const COUNTY: &str = "411224";
const TOWNSHIP: &str = "411224101";

async fn stats(w: &World, region: &str) -> Value {
    let r = w
        .app
        .get(&format!("/api/v1/stats?region={region}"), None)
        .await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

async fn metric(w: &World, line: &str) -> f64 {
    let text = w.app.get("/metrics", None).await.text().await.unwrap();
    text.lines()
        .find_map(|l| l.strip_prefix(line)?.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {line} in /metrics"))
}

#[tokio::test]
async fn public_figures_by_region() {
    let w = World::new().await;
    let n = open_need_of(&w, 10).await;
    for _ in 0..6 {
        let supporter = &w.enterprise;
        let p = id_of(pledge(&w, &supporter.tokens.access, &n, 1).await).await;
        let code: Value = act(&w, Some(&w.county.tokens.access), &p, "approve", json!({}))
            .await
            .json()
            .await
            .unwrap();
        let code = code["receipt_code"].as_str().unwrap().to_owned();
        act(
            &w,
            Some(&supporter.tokens.access),
            &p,
            "deliver",
            json!({"note": "送到", "receipt_code": code}),
        )
        .await;
    }
    id_of(pledge(&w, &w.donor.tokens.access, &n, 2).await).await;
    w.app
        .post(
            "/api/v1/complaints",
            Some(&w.donor.tokens.access),
            &json!({"subject_type": "need", "subject_id": n, "body": "请核实这个需求"}),
        )
        .await;
    let s = stats(&w, COUNTY).await;
    // Flows are sums of public pledges; counts under five are null.
    assert_eq!(s["region"], COUNTY);
    assert_eq!(s["public_needs_only"], false);
    assert_eq!(s["needs_by_status"], json!({"open": null}));
    assert_eq!(s["needs_by_category"], json!({"food_clothing": null}));
    assert_eq!(s["pledged"]["quantity"], 8);
    assert_eq!(s["confirmed"]["quantity"], 6);
    assert_eq!(s["confirmed"]["estimated_value_fen"], 6 * 80_000 / 10);
    assert_eq!(s["supporters"], Value::Null);
    assert_eq!(s["complaints_filed"], Value::Null);
    // Six confirmations make a median; one need's first pledge does not.
    assert!(s["median_hours_approval_to_confirmation"].is_number());
    assert_eq!(s["median_hours_publication_to_first_pledge"], Value::Null);
    assert_eq!(
        s["organizations"][0]["organization"],
        "卢氏县绿源农业有限公司"
    );
    assert_eq!(s["organizations"][0]["fulfilment_rate"], 1.0);
    let text = s.to_string();
    for secret in [HEAD_NAME, ID_NUMBER, PHONE, w.household_id.as_str()] {
        assert!(!text.contains(secret));
    }
    // Another county: nothing. The whole country: the same numbers. Bad regions: problems.
    assert_eq!(stats(&w, "411221").await["pledged"]["quantity"], 0);
    let all: Value = w.app.get("/api/v1/stats", None).await.json().await.unwrap();
    assert_eq!(all["region"], Value::Null);
    assert_eq!(all["confirmed"]["quantity"], 6);
    expect_problem(
        w.app.get("/api/v1/stats?region=4x", None).await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        w.app.get("/api/v1/stats?region=419999", None).await,
        404,
        "region_not_found",
    )
    .await;
}

async fn posted(w: &World, title: &str, category: &str) -> String {
    let mut b = need_body(title, VILLAGE);
    b["category"] = json!(category);
    let r = w.post_need(&w.household.tokens.access, &b).await;
    assert_eq!(r.status(), 201, "{title}");
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// Hidden cells of a table whose total is known must hold five or more, in at least two cells.
fn assert_no_cell_derivable(table: &Value, total: i64) {
    let cells = table.as_object().unwrap();
    let visible: i64 = cells.values().filter_map(Value::as_i64).sum();
    let hidden = cells.values().filter(|v| v.is_null()).count();
    assert!(
        hidden == 0 || (hidden >= 2 && total - visible >= 5),
        "{table} with total {total}"
    );
}

#[tokio::test]
async fn small_counts_and_the_cells_that_would_reveal_them_are_hidden() {
    let w = World::new().await;
    // Six open needs, five waiting for review, and one rejected need: the rejected household must
    // not be countable, neither directly nor as the total minus the other statuses.
    for i in 0..6 {
        let id = posted(&w, &format!("过冬的棉被第{i}床"), "food_clothing").await;
        let r = w
            .review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
            .await;
        assert_eq!(r.status(), 200);
    }
    for i in 0..5 {
        posted(&w, &format!("孩子上学的书包{i}"), "education").await;
    }
    let rejected = posted(&w, "修缮漏雨的屋顶", "housing").await;
    let r = w
        .review(
            &w.county.tokens.access,
            &rejected,
            json!({"decision": "reject", "reason": "请补充照片"}),
        )
        .await;
    assert_eq!(r.status(), 200);

    let county = stats(&w, COUNTY).await;
    // rejected (1) is hidden, and with it the smallest other status (pending_review, 5).
    assert_eq!(
        county["needs_by_status"],
        json!({"open": 6, "pending_review": null, "rejected": null})
    );
    // housing (1) is hidden, and with it education (5).
    assert_eq!(
        county["needs_by_category"],
        json!({"food_clothing": 6, "education": null, "housing": null})
    );
    assert_no_cell_derivable(&county["needs_by_status"], 12);
    assert_no_cell_derivable(&county["needs_by_category"], 12);

    // Below county level only public needs count: subtracting a township from its county cannot
    // locate the rejected need, and complaints are left out.
    for region in [TOWNSHIP, VILLAGE] {
        let s = stats(&w, region).await;
        assert_eq!(s["public_needs_only"], true, "{region}");
        assert_eq!(s["needs_by_status"], json!({"open": 6}), "{region}");
        assert_eq!(
            s["needs_by_category"],
            json!({"food_clothing": 6}),
            "{region}"
        );
        assert_eq!(s["complaints_filed"], Value::Null);
        assert_eq!(s["median_hours_to_resolve_complaints"], Value::Null);
    }
    // The 12-digit padded form is the same region.
    assert_eq!(
        stats(&w, "411224101000").await["needs_by_status"],
        json!({"open": 6})
    );
}

#[tokio::test]
async fn figures_are_cached_for_a_minute_and_the_cache_is_bounded_to_real_regions() {
    let w = World::new().await;
    let hits = r#"bangfu_stats_cache_lookups{result="hit"}"#;
    let misses = r#"bangfu_stats_cache_lookups{result="miss"}"#;
    let entries = "bangfu_stats_cache_entries";
    assert_eq!(metric(&w, entries).await, 0.0);

    let first = stats(&w, COUNTY).await;
    assert_eq!(metric(&w, misses).await, 1.0);
    assert_eq!(metric(&w, hits).await, 0.0);
    // The data changes, but within the window the same answer comes back without a computation.
    for i in 0..5 {
        posted(&w, &format!("冬季取暖的煤{i}"), "food_clothing").await;
    }
    let r = w
        .app
        .get(&format!("/api/v1/stats?region={COUNTY}"), None)
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["cache-control"].to_str().unwrap(),
        "public, max-age=60"
    );
    let second: Value = r.json().await.unwrap();
    assert_eq!(second, first);
    assert_eq!(second["needs_by_status"], json!({}));
    assert_eq!(metric(&w, hits).await, 1.0);
    assert_eq!(metric(&w, misses).await, 1.0);
    // The padded form of the code shares the entry.
    assert_eq!(stats(&w, "411224000000").await, first);
    assert_eq!(metric(&w, hits).await, 2.0);

    // Another region is its own entry, and sees the new needs.
    let township = stats(&w, TOWNSHIP).await;
    assert!(township["as_of"].is_string());
    assert_eq!(metric(&w, entries).await, 2.0);
    let county_wide = stats(&w, "4112").await;
    assert_eq!(county_wide["needs_by_status"], json!({"pending_review": 5}));
    assert_eq!(metric(&w, entries).await, 3.0);

    // Bad and unknown codes make no entry: only real regions are cached.
    for (q, status) in [("4x", 400), ("419999", 404), ("41122410120099", 400)] {
        let r = w.app.get(&format!("/api/v1/stats?region={q}"), None).await;
        assert_eq!(r.status(), status, "{q}");
    }
    assert_eq!(metric(&w, entries).await, 3.0);
}
