//! Matching both ways, and spreading one offer over many needs.

use crate::helpers::app::{expect_problem, Account};
use crate::needs_fixture::{deadline_in, need_body, World, OTHER_VILLAGE, VILLAGE};
use crate::offers::{offer_body, pledge_from, publish};
use crate::pledges::pledge;
use reqwest::Method;
use serde_json::{json, Value};

const SAME_TOWNSHIP_VILLAGE: &str = "411224101201"; // 龙王庙村, 杜关镇
const MIANCHI_VILLAGE: &str = "411221100001"; // 渑池县

/// Posts a need as `household` and has `official` approve it (unless `approve` is false).
#[allow(clippy::too_many_arguments)]
async fn need(
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

fn quilts(quantity: i64, area: Option<&str>) -> Value {
    let mut b = offer_body("food_clothing", quantity, area);
    b["title"] = json!("冬季棉被捐赠");
    b
}

async fn get(w: &World, path: &str, token: Option<&str>) -> Value {
    let r = w.app.get(path, token).await;
    assert_eq!(r.status(), 200, "{path}");
    r.json().await.unwrap()
}

async fn allocate(
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

#[tokio::test]
async fn an_allocation_plans_by_urgency_then_commits_all_at_once() {
    let w = World::with_workers().await;
    let county = &w.county;
    let third = w.app.household(SAME_TOWNSHIP_VILLAGE).await;
    let neighbour_hh = w.app.household(MIANCHI_VILLAGE).await;
    let a = need(
        &w,
        &w.household,
        county,
        VILLAGE,
        "冬季棉被三床",
        "critical",
        10,
        3,
        true,
    )
    .await;
    let b = need(
        &w,
        &w.household,
        county,
        VILLAGE,
        "棉被四床过冬",
        "urgent",
        5,
        4,
        true,
    )
    .await;
    let c = need(
        &w,
        &third,
        county,
        SAME_TOWNSHIP_VILLAGE,
        "老人过冬棉被",
        "normal",
        3,
        5,
        true,
    )
    .await;
    let d = need(
        &w,
        &w.other_household,
        county,
        OTHER_VILLAGE,
        "冬季棉被两床",
        "critical",
        30,
        2,
        true,
    )
    .await;
    need(
        &w,
        &neighbour_hh,
        &w.neighbour,
        MIANCHI_VILLAGE,
        "冬季棉被",
        "critical",
        5,
        2,
        true,
    )
    .await;
    // An allocation serves the needs the engine finds: wait until it has them.
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 5)
        .await;
    let e = &w.enterprise.tokens.access;
    let offer = publish(&w, e, &quilts(10, Some("411224"))).await;
    let plan = |v: &Value| -> Vec<(String, i64)> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|i| {
                (
                    i["need_id"].as_str().unwrap().to_owned(),
                    i["quantity"].as_i64().unwrap(),
                )
            })
            .collect()
    };
    let r = allocate(
        &w,
        e,
        &offer,
        json!({"max_needs": 10, "dry_run": true}),
        None,
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        plan(&v),
        [
            (a.clone(), 3),
            (d.clone(), 2),
            (b.clone(), 4),
            (c.clone(), 1)
        ],
        "{v:#}"
    );
    assert_eq!(
        (
            v["allocated"].as_i64(),
            v["offer_available"].as_i64(),
            v["offer_remaining"].as_i64()
        ),
        (Some(10), Some(10), Some(0))
    );
    assert_eq!(
        (
            v["items"][0]["unit"].as_str(),
            v["items"][0]["unit_fit"].as_str()
        ),
        (Some("床"), Some("same"))
    );
    assert_eq!(
        v["items"][0]["region_name"],
        "河南省 三门峡市 卢氏县 杜关镇 杜关村村委会"
    );
    let v: Value = allocate(
        &w,
        e,
        &offer,
        json!({"max_needs": 2, "dry_run": true}),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(plan(&v), [(a.clone(), 3), (d.clone(), 2)]);
    let v: Value = allocate(
        &w,
        e,
        &offer,
        json!({"max_needs": 10, "dry_run": true, "region_code": "411224100"}),
        None,
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(plan(&v), [(d.clone(), 2)]);
    // A dry run wrote nothing.
    let o = get(&w, &format!("/api/v1/offers/{offer}"), Some(e)).await;
    assert_eq!(o["pledged_quantity"], 0);
    // Bad input, and a commit needs an Idempotency-Key.
    let p = expect_problem(
        allocate(
            &w,
            e,
            &offer,
            json!({"max_needs": 0, "region_code": "411221", "dry_run": true}),
            None,
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [
            ("max_needs".to_owned(), "out_of_range".to_owned()),
            ("region_code".to_owned(), "outside_service_area".to_owned())
        ]
    );
    expect_problem(
        allocate(
            &w,
            e,
            &offer,
            json!({"max_needs": 2, "dry_run": true, "extra": 1}),
            None,
        )
        .await,
        400,
        "unknown_field",
    )
    .await;
    expect_problem(
        allocate(&w, e, &offer, json!({"max_needs": 10}), None).await,
        400,
        "idempotency_key_missing",
    )
    .await;
    // Commit: every pledge of the plan, pending approval; a replay returns the same allocation.
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"max_needs": 10, "message": "卢氏县绿源农业捐赠"});
    let r = allocate(&w, e, &offer, body.clone(), Some(&key)).await;
    assert_eq!(r.status(), 201);
    let committed: Value = r.json().await.unwrap();
    assert_eq!(
        plan(&committed),
        [
            (a.clone(), 3),
            (d.clone(), 2),
            (b.clone(), 4),
            (c.clone(), 1)
        ]
    );
    let replay: Value = allocate(&w, e, &offer, body, Some(&key))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(replay, committed);
    assert_eq!(
        (
            committed["offer_available"].as_i64(),
            committed["offer_remaining"].as_i64()
        ),
        (Some(10), Some(0)),
        "the offer's real remaining quantity after the commit"
    );
    let o = get(&w, &format!("/api/v1/offers/{offer}"), Some(e)).await;
    assert_eq!(
        (o["pledged_quantity"].as_i64(), o["public"].as_bool()),
        (Some(10), Some(false))
    );
    for item in committed["items"].as_array().unwrap() {
        let p = get(
            &w,
            &format!("/api/v1/pledges/{}", item["pledge_id"].as_str().unwrap()),
            Some(e),
        )
        .await;
        assert_eq!(
            (p["status"].as_str(), p["quantity"].as_i64()),
            (Some("pending_approval"), item["quantity"].as_i64())
        );
        assert_eq!(p["offer_id"], offer.as_str());
    }
    // The officials find them in their queues, one per need.
    let queue = get(&w, "/api/v1/review/pledges", Some(&w.county.tokens.access)).await;
    assert_eq!(queue["total"], 4);
    let duguan = get(
        &w,
        "/api/v1/review/pledges",
        Some(&w.township.tokens.access),
    )
    .await;
    assert_eq!(duguan["total"], 3, "杜关镇: a, b and c");
    // Used up: nothing more to allocate.
    expect_problem(
        allocate(
            &w,
            e,
            &offer,
            json!({"max_needs": 10}),
            Some(&uuid::Uuid::new_v4().to_string()),
        )
        .await,
        409,
        "offer_not_active",
    )
    .await;
}

#[tokio::test]
async fn an_allocation_racing_other_donors_stays_within_every_quantity_and_is_all_or_nothing() {
    // With workers: an allocation serves the needs the engine matched.
    let w = World::with_workers().await;
    let county = &w.county;
    let mut needs = Vec::new();
    for (i, urgency) in ["critical", "urgent", "normal", "critical", "urgent"]
        .iter()
        .enumerate()
    {
        needs.push(
            need(
                &w,
                &w.household,
                county,
                VILLAGE,
                &format!("冬季棉被十床 {i}"),
                urgency,
                10 + i as i64,
                10,
                true,
            )
            .await,
        );
    }
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 5)
        .await;
    let e = w.enterprise.tokens.access.clone();
    let offer = publish(&w, &e, &quilts(50, Some("411224"))).await;
    let donors: Vec<Account> = futures_util::future::join_all((0..5).map(|_| w.app.donor())).await;
    for round in 0..5 {
        let key = uuid::Uuid::new_v4().to_string();
        let allocation = allocate(&w, &e, &offer, json!({"max_needs": 5}), Some(&key));
        let others = (0..20).map(|i| {
            let donor = &donors[i % donors.len()];
            pledge(
                &w,
                &donor.tokens.access,
                &needs[(i + round) % needs.len()],
                2,
            )
        });
        let (r, _) = tokio::join!(allocation, futures_util::future::join_all(others));
        let status = r.status().as_u16();
        let v: Value = r.json().await.unwrap();
        let mut conn = w.app.conn().await;
        let from_offer: Vec<(uuid::Uuid, i32)> = {
            use bangfu::schema::pledges;
            use diesel::prelude::*;
            use diesel_async::RunQueryDsl;
            pledges::table
                .filter(pledges::offer_id.eq(offer.parse::<uuid::Uuid>().unwrap()))
                .filter(pledges::status.ne("cancelled"))
                .select((pledges::id, pledges::quantity))
                .load(&mut conn)
                .await
                .unwrap()
        };
        if status == 201 {
            let items = v["items"].as_array().unwrap();
            assert_eq!(
                from_offer.len(),
                items.len(),
                "all of the plan, round {round}"
            );
            for i in items {
                let id: uuid::Uuid = i["pledge_id"].as_str().unwrap().parse().unwrap();
                assert!(from_offer.contains(&(id, i["quantity"].as_i64().unwrap() as i32)));
            }
            assert!(v["allocated"].as_i64().unwrap() <= 50);
            // Cancel it all so the next round races again.
            for i in items {
                let r = w
                    .app
                    .post(
                        &format!(
                            "/api/v1/pledges/{}/cancel",
                            i["pledge_id"].as_str().unwrap()
                        ),
                        Some(&e),
                        &json!({}),
                    )
                    .await;
                assert_eq!(r.status(), 200);
            }
        } else {
            assert!(from_offer.is_empty(), "none of it: {status} {v}");
        }
        // Every need's pledged quantity is the sum of its active pledges, and within its quantity.
        let rows: Vec<(i32, i32, i64)> = {
            use diesel_async::RunQueryDsl;
            #[derive(diesel::QueryableByName)]
            struct Row {
                #[diesel(sql_type = diesel::sql_types::Integer)]
                quantity: i32,
                #[diesel(sql_type = diesel::sql_types::Integer)]
                pledged_quantity: i32,
                #[diesel(sql_type = diesel::sql_types::BigInt)]
                active: i64,
            }
            diesel::sql_query(
                "SELECT n.quantity, n.pledged_quantity, COALESCE((SELECT sum(p.quantity) FROM pledges p WHERE p.need_id = n.id \
                 AND p.status IN ('pending_approval', 'approved', 'delivered', 'confirmed')), 0)::bigint AS active FROM needs n",
            )
            .load::<Row>(&mut conn)
            .await
            .unwrap()
            .into_iter()
            .map(|r| (r.quantity, r.pledged_quantity, r.active))
            .collect()
        };
        for (q, pledged, active) in rows {
            assert!(
                pledged <= q && i64::from(pledged) == active,
                "{q} {pledged} {active}"
            );
        }
    }
}

#[tokio::test]
async fn who_may_match_allocate_and_verify() {
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
    let pending = need(
        &w,
        &w.household,
        &w.county,
        VILLAGE,
        "冬季棉被一床",
        "urgent",
        30,
        1,
        false,
    )
    .await;
    let offer = publish(&w, e, &quilts(10, Some("411224"))).await;
    // Matches: anyone signed in who may see the object.
    expect_problem(
        w.app.get(&format!("/api/v1/needs/{n}/matches"), None).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_problem(
        w.app
            .get(&format!("/api/v1/offers/{offer}/matches"), None)
            .await,
        401,
        "unauthenticated",
    )
    .await;
    for a in [
        &w.donor,
        &w.enterprise,
        &w.household,
        &w.county,
        &w.neighbour,
        &w.admin,
    ] {
        assert_eq!(
            w.app
                .get(
                    &format!("/api/v1/needs/{n}/matches"),
                    Some(&a.tokens.access)
                )
                .await
                .status(),
            200
        );
        assert_eq!(
            w.app
                .get(
                    &format!("/api/v1/offers/{offer}/matches"),
                    Some(&a.tokens.access)
                )
                .await
                .status(),
            200
        );
    }
    // A need under review: hidden from others, not open for its household.
    expect_problem(
        w.app
            .get(
                &format!("/api/v1/needs/{pending}/matches"),
                Some(&w.donor.tokens.access),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        w.app
            .get(
                &format!("/api/v1/needs/{pending}/matches"),
                Some(&w.household.tokens.access),
            )
            .await,
        409,
        "need_not_open",
    )
    .await;
    // Allocation: the owner only.
    let dry = json!({"max_needs": 5, "dry_run": true});
    expect_problem(
        allocate(&w, "", &offer, dry.clone(), None).await,
        401,
        "unauthenticated",
    )
    .await;
    for a in [&w.donor, &w.household, &w.county, &w.admin] {
        expect_problem(
            allocate(&w, &a.tokens.access, &offer, dry.clone(), None).await,
            403,
            "forbidden",
        )
        .await;
    }
    assert_eq!(
        allocate(&w, e, &offer, dry.clone(), None).await.status(),
        200
    );
    // Withdrawn: its owner still sees it, but it matches and allocates nothing.
    let withdrawn = publish(&w, e, &quilts(10, Some("411224"))).await;
    w.app
        .post(
            &format!("/api/v1/offers/{withdrawn}/withdraw"),
            Some(e),
            &json!({}),
        )
        .await;
    expect_problem(
        allocate(&w, e, &withdrawn, dry.clone(), None).await,
        409,
        "offer_not_active",
    )
    .await;
    expect_problem(
        w.app
            .get(&format!("/api/v1/offers/{withdrawn}/matches"), Some(e))
            .await,
        409,
        "offer_not_active",
    )
    .await;
    expect_problem(
        w.app
            .get(
                &format!("/api/v1/offers/{withdrawn}/matches"),
                Some(&w.donor.tokens.access),
            )
            .await,
        404,
        "not_found",
    )
    .await;
    // Verification: admins and officials of the county of registration (the credit code's 3rd–8th
    // characters); others do not see the organization or may not act.
    let lushi = w.app.enterprise("91411224MA45BF0Q7T").await;
    let org = lushi.body["organization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let shenzhen = w.enterprise.body["organization"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let app = &w.app;
    let verify = |a: &Account, org: &str| {
        let token = a.tokens.access.clone();
        let path = format!("/api/v1/admin/organizations/{org}/verify");
        async move { app.post(&path, Some(&token), &json!({})).await }
    };
    for a in [&w.donor, &w.enterprise, &w.household] {
        expect_problem(verify(a, &org).await, 403, "forbidden").await;
    }
    for a in [&w.neighbour, &w.township] {
        expect_problem(verify(a, &org).await, 404, "not_found").await;
    }
    expect_problem(verify(&w.county, &shenzhen).await, 404, "not_found").await;
    let listed = get(
        &w,
        "/api/v1/admin/organizations?verified=false",
        Some(&w.county.tokens.access),
    )
    .await;
    let ids: Vec<&str> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [org.as_str()],
        "the county sees the organizations registered in it"
    );
    let none = get(
        &w,
        "/api/v1/admin/organizations",
        Some(&w.neighbour.tokens.access),
    )
    .await;
    assert_eq!(none["total"], 0);
    let all = get(
        &w,
        "/api/v1/admin/organizations",
        Some(&w.admin.tokens.access),
    )
    .await;
    assert_eq!(all["total"], 2);
    expect_problem(
        w.app.get("/api/v1/admin/organizations", Some(e)).await,
        403,
        "forbidden",
    )
    .await;
    let lushi_offer = publish(&w, &lushi.tokens.access, &quilts(10, Some("411224"))).await;
    let r = verify(&w.county, &org).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (
            v["verified"].as_bool(),
            v["registered_region_code"].as_str()
        ),
        (Some(true), Some("411224"))
    );
    assert_eq!(
        verify(&w.admin, &org).await.status(),
        200,
        "verifying again changes nothing"
    );
    assert_eq!(verify(&w.admin, &shenzhen).await.status(), 200);
    assert_eq!(
        get(&w, &format!("/api/v1/offers/{lushi_offer}"), None).await["verified"],
        true
    );
    w.eventually_total("/api/v1/offers/search?verified=true", 2)
        .await;
    let m = get(
        &w,
        &format!("/api/v1/needs/{n}/matches"),
        Some(&w.donor.tokens.access),
    )
    .await;
    assert!(m["items"][0]["reasons"]
        .as_array()
        .unwrap()
        .contains(&json!("verified_supporter")));
}
