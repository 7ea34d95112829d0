//! The honour roll and supporters' pages: confirmed help only, masking and opting in and out, and
//! a supporter page's figures checked exactly on crafted pledges.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use crate::pledges::{act, id_of, open_need_of, pledge};
use crate::stories_fixture::{confirmed_pledge, json_of};
use chrono::Datelike;
use reqwest::Method;
use serde_json::{json, Value};

async fn sql(w: &World, q: &str) {
    let mut conn = w.app.conn().await;
    diesel_async::RunQueryDsl::execute(diesel::sql_query(q), &mut conn)
        .await
        .unwrap();
}

async fn roll(w: &World, query: &str) -> Value {
    json_of(
        w.app
            .get(&format!("/api/v1/honour-roll?{query}"), None)
            .await,
        200,
    )
    .await
}

async fn set_honour(w: &World, token: &str, body: Value) -> reqwest::Response {
    w.app
        .request(Method::PATCH, "/api/v1/me/honour", Some(token))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_roll_counts_confirmed_help_only() {
    let w = World::new().await;
    // The donor: one unit of a 10-unit, 800-yuan need, confirmed: 80 yuan.
    confirmed_pledge(&w).await;
    // The enterprise: a big pledge, approved but never confirmed.
    let need = open_need_of(&w, 100).await;
    let big = id_of(pledge(&w, &w.enterprise.tokens.access, &need, 90).await).await;
    assert_eq!(
        act(
            &w,
            Some(&w.county.tokens.access),
            &big,
            "approve",
            json!({})
        )
        .await
        .status(),
        200
    );
    let year = chrono::Utc::now().year();
    let v = roll(&w, &format!("region=411224&year={year}")).await;
    assert_eq!(v["total"], 1, "{v}");
    let first = &v["items"][0];
    assert_eq!(first["id"], w.donor.id.to_string());
    assert_eq!(first["value_delivered_fen"], 8_000);
    // One household: "fewer than 5" (domain::disclosure).
    assert!(first["households_helped"].is_null(), "{first}");
    assert_eq!(first["confirmed_pledges"], 1);
    // Once the enterprise's help is confirmed it counts, and ranks first by value.
    sql(&w, &format!("UPDATE pledges SET status = 'confirmed', confirmed_at = now(), rating = 5 WHERE id = '{big}'")).await;
    let v = roll(&w, &format!("region=411224&year={year}")).await;
    assert_eq!(v["total"], 2);
    assert_eq!(v["items"][0]["id"], w.enterprise.id.to_string());
    assert_eq!(v["items"][0]["value_delivered_fen"], 72_000);
    assert_eq!(v["items"][0]["name"], "卢氏县绿源农业有限公司");
    // One rating: its average would be the household's own rating.
    assert!(v["items"][0]["rating_average"].is_null());
    assert_eq!(v["items"][0]["rating_count"], 1);
    assert_eq!(v["items"][1]["id"], w.donor.id.to_string());
    // Other regions and other years hold nobody.
    assert_eq!(
        roll(&w, &format!("region=411221&year={year}")).await["total"],
        0
    );
    assert_eq!(
        roll(&w, &format!("region=411224&year={}", year - 1)).await["total"],
        0
    );
    // Paging.
    let v = roll(&w, &format!("region=41&year={year}&per_page=1&page=2")).await;
    assert_eq!(
        (v["total"].as_i64(), v["items"][0]["id"].as_str()),
        (Some(2), Some(w.donor.id.to_string().as_str()))
    );
    expect_problem(
        w.app.get("/api/v1/honour-roll?region=4112x", None).await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        w.app.get("/api/v1/honour-roll?year=1800", None).await,
        400,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn individuals_are_masked_unless_they_opt_in_and_anyone_may_opt_out() {
    let w = World::new().await;
    confirmed_pledge(&w).await;
    let year = chrono::Utc::now().year();
    let path = format!("region=411224&year={year}");
    let donor = w.donor.tokens.access.as_str();
    let name = roll(&w, &path).await["items"][0]["name"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(name.starts_with("爱心人士 · "), "{name}");
    assert!(!name.contains('陈'));
    let page = json_of(
        w.app
            .get(&format!("/api/v1/supporters/{}", w.donor.id), None)
            .await,
        200,
    )
    .await;
    assert_eq!(page["name"], name.as_str());
    let s = json_of(w.app.get("/api/v1/me/honour", Some(donor)).await, 200).await;
    assert_eq!(s, json!({"show_name": false, "listed": true}));
    // Opting in to its name.
    let s = json_of(set_honour(&w, donor, json!({"show_name": true})).await, 200).await;
    assert_eq!(s, json!({"show_name": true, "listed": true}));
    assert_eq!(roll(&w, &path).await["items"][0]["name"], "陈女士");
    // Opting out: absent from the roll, no public page.
    json_of(set_honour(&w, donor, json!({"listed": false})).await, 200).await;
    assert_eq!(roll(&w, &path).await["total"], 0);
    expect_problem(
        w.app
            .get(&format!("/api/v1/supporters/{}", w.donor.id), None)
            .await,
        404,
        "not_found",
    )
    .await;
    let s = json_of(w.app.get("/api/v1/me/honour", Some(donor)).await, 200).await;
    assert_eq!(s, json!({"show_name": true, "listed": false}));
    // Households, officials and anonymous callers have no honour settings; their ids no page.
    expect_problem(
        set_honour(&w, &w.household.tokens.access, json!({"listed": false})).await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        w.app
            .get("/api/v1/me/honour", Some(&w.county.tokens.access))
            .await,
        403,
        "forbidden",
    )
    .await;
    let anonymous = w
        .app
        .request(Method::PATCH, "/api/v1/me/honour", None)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_problem(anonymous, 401, "unauthenticated").await;
    for id in [w.household.id, w.county.id, uuid::Uuid::new_v4()] {
        expect_problem(
            w.app.get(&format!("/api/v1/supporters/{id}"), None).await,
            404,
            "not_found",
        )
        .await;
    }
    // An organization shows its name whatever it chose; a supporter with no confirmed help yet has
    // a page with zeros.
    let page = json_of(
        w.app
            .get(&format!("/api/v1/supporters/{}", w.enterprise.id), None)
            .await,
        200,
    )
    .await;
    assert_eq!(page["name"], "卢氏县绿源农业有限公司");
    assert_eq!(page["value_delivered_fen"], 0);
    assert!(page["fulfilment_rate"].is_null());
}

#[tokio::test]
async fn a_supporters_page_figures_are_exact() {
    let w = World::new().await;
    // Seven pledges of the donor on one need of 10 units worth 800 yuan (80 yuan a unit).
    let need = open_need_of(&w, 10).await;
    let mut p = Vec::new();
    for q in [1, 2, 1, 1, 1, 1, 1] {
        p.push(id_of(pledge(&w, &w.donor.tokens.access, &need, q).await).await);
    }
    let set = |i: usize, s: &str| format!("UPDATE pledges SET {s} WHERE id = '{}'", p[i]);
    // Confirmed 2 h, 6 h and 4 h after approval; rated 5, 3 and not rated.
    sql(&w, &set(0, "status = 'confirmed', receipt_code = '123456', decided_at = now() - interval '10 hours', confirmed_at = now() - interval '8 hours', rating = 5")).await;
    sql(&w, &set(1, "status = 'confirmed', receipt_code = '123456', decided_at = now() - interval '30 hours', confirmed_at = now() - interval '24 hours', rating = 3")).await;
    sql(&w, &set(2, "status = 'confirmed', receipt_code = '123456', decided_at = now() - interval '5 hours', confirmed_at = now() - interval '1 hours'")).await;
    // Approved, then expired: counts as approved, not as fulfilled.
    sql(
        &w,
        &set(
            3,
            "status = 'expired', decided_at = now() - interval '50 hours'",
        ),
    )
    .await;
    // Cancelled before any approval; rejected; still pending: none counts.
    sql(&w, &set(4, "status = 'cancelled'")).await;
    sql(
        &w,
        &set(
            5,
            "status = 'rejected', decided_at = now(), rejection_reason = '重复'",
        ),
    )
    .await;
    let page = json_of(
        w.app
            .get(&format!("/api/v1/supporters/{}", w.donor.id), None)
            .await,
        200,
    )
    .await;
    assert_eq!(page["approved_pledges"], 4, "{page}");
    assert_eq!(page["confirmed_pledges"], 3);
    assert_eq!(page["fulfilment_rate"], 0.75);
    // Three deliveries, two ratings, one household: all fewer than 5, so null.
    assert!(page["median_hours_to_deliver"].is_null());
    assert_eq!(page["value_delivered_fen"], 32_000);
    assert!(page["households_helped"].is_null());
    assert!(page["rating_average"].is_null());
    assert_eq!(page["rating_count"], 2);
    assert_eq!(
        page["rating_distribution"],
        json!([null, null, null, null, null])
    );
    // The page names no household and no need.
    let text = page.to_string();
    assert!(
        !text.contains(&w.household_id) && !text.contains(&need),
        "{text}"
    );
}

#[tokio::test]
async fn a_rating_average_is_published_from_five_ratings_on() {
    let w = World::new().await;
    let need = open_need_of(&w, 10).await;
    let mut p = Vec::new();
    for _ in 0..5 {
        p.push(id_of(pledge(&w, &w.donor.tokens.access, &need, 1).await).await);
    }
    let confirm = |id: &str, rating: i32| {
        format!(
            "UPDATE pledges SET status = 'confirmed', receipt_code = '123456',
             decided_at = now() - interval '3 hours', confirmed_at = now() - interval '1 hours',
             rating = {rating} WHERE id = '{id}'"
        )
    };
    let year = chrono::Utc::now().year();
    let path = format!("region=411224&year={year}");
    async fn page(w: &World) -> Value {
        let url = format!("/api/v1/supporters/{}", w.donor.id);
        json_of(w.app.get(&url, None).await, 200).await
    }
    // One rating of 2: neither the roll nor the page lets it be read off.
    sql(&w, &confirm(&p[0], 2)).await;
    let v = roll(&w, &path).await;
    assert!(v["items"][0]["rating_average"].is_null(), "{v}");
    assert_eq!(v["items"][0]["rating_count"], 1);
    let s = page(&w).await;
    assert!(s["rating_average"].is_null(), "{s}");
    assert_eq!(
        s["rating_distribution"],
        json!([null, null, null, null, null])
    );
    assert!(s["median_hours_to_deliver"].is_null());
    // Five ratings (2, 5, 5, 4, 5): the average and the median are published; the small cells of
    // the distribution stay hidden, with enough others that the total tells nothing.
    for (id, r) in p[1..].iter().zip([5, 5, 4, 5]) {
        sql(&w, &confirm(id, r)).await;
    }
    let v = roll(&w, &path).await;
    assert_eq!(v["items"][0]["rating_average"], 4.2, "{v}");
    assert_eq!(v["items"][0]["rating_count"], 5);
    let s = page(&w).await;
    assert_eq!(s["rating_average"], 4.2, "{s}");
    assert_eq!(s["median_hours_to_deliver"], 2.0);
    assert_eq!(s["rating_distribution"], json!([0, null, 0, null, null]));
    // Still one household: its count stays "fewer than 5".
    assert!(s["households_helped"].is_null());
}
