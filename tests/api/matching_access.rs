//! Allocation racing other donors, and who may match, allocate and verify.

use crate::helpers::app::{expect_problem, Account};
use crate::matching::{allocate, get, need, quilts};
use crate::needs_fixture::{World, VILLAGE};
use crate::offers::publish;
use crate::pledges::pledge;
use serde_json::{json, Value};

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
