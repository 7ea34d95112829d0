//! Rows of an allocation plan: taken out before a commit, checked again by the server, the answer's
//! real remaining quantity; and only the owner allocates (a matrix over dry runs, commits and chosen
//! rows).

use crate::helpers::app::expect_problem;
use crate::matching_units::{allocate, get, ids, need, offer, N};
use crate::needs_fixture::World;
use crate::offers::publish;
use serde_json::{json, Value};

#[tokio::test]
async fn rows_taken_out_of_a_plan_are_left_alone_and_the_answer_says_what_remains() {
    let w = World::with_workers().await;
    let quilt = |title, quantity, urgency| N {
        title,
        description: "老人过冬没有厚棉被。",
        category: "food_clothing",
        unit: "床",
        quantity,
        urgency,
    };
    let a = need(&w, quilt("冬季棉被三床", 3, "critical")).await;
    let b = need(&w, quilt("棉被四床", 4, "urgent")).await;
    let c = need(&w, quilt("过冬棉被五床", 5, "normal")).await;
    let other = need(
        &w,
        N {
            title: "需要助行器",
            description: "腿脚残疾，行走需要助行器。",
            category: "care",
            unit: "个",
            quantity: 1,
            urgency: "critical",
        },
    )
    .await;
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 4)
        .await;
    let e = &w.enterprise.tokens.access;
    let o = publish(
        &w,
        e,
        &offer("冬季棉被捐赠", "新棉被", "food_clothing", 10, "床"),
    )
    .await;
    w.eventually_total("/api/v1/offers/search", 1).await;
    let plan: Value = allocate(&w, e, &o, json!({"max_needs": 10, "dry_run": true}), false)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        ids(&plan, "items", ""),
        [a.clone(), b.clone(), c.clone()],
        "{plan:#}"
    );
    assert_eq!(plan["offer_remaining"], 0);
    // A need that is no match of the offer cannot be slipped in.
    let p = expect_problem(
        allocate(
            &w,
            e,
            &o,
            json!({"max_needs": 10, "need_ids": [a, other]}),
            true,
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("need_ids[1]".to_owned(), "not_a_match".to_owned())]
    );
    expect_problem(
        allocate(
            &w,
            e,
            &o,
            json!({"max_needs": 10, "need_ids": [], "dry_run": true}),
            false,
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    // b taken out of the plan: the preview and the commit serve a and c only.
    let kept = json!({"max_needs": 10, "need_ids": [c, a], "dry_run": true});
    let preview: Value = allocate(&w, e, &o, kept, false).await.json().await.unwrap();
    assert_eq!(ids(&preview, "items", ""), [a.clone(), c.clone()]);
    let r = allocate(
        &w,
        e,
        &o,
        json!({"max_needs": 10, "need_ids": [c, a]}),
        true,
    )
    .await;
    assert_eq!(r.status(), 201);
    let done: Value = r.json().await.unwrap();
    let rows: Vec<i64> = done["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["quantity"].as_i64().unwrap())
        .collect();
    assert_eq!(rows, [3, 5]);
    assert_eq!(
        (
            done["offer_available"].as_i64(),
            done["offer_remaining"].as_i64()
        ),
        (Some(10), Some(2))
    );
    assert_eq!(
        get(&w, &format!("/api/v1/needs/{b}")).await["pledged_quantity"],
        0
    );
    assert_eq!(
        get(&w, &format!("/api/v1/offers/{o}")).await["remaining_quantity"],
        2
    );
    // The rest goes to b; the answer says none is left, as it is.
    let r = allocate(&w, e, &o, json!({"max_needs": 10}), true).await;
    assert_eq!(r.status(), 201);
    let done: Value = r.json().await.unwrap();
    assert_eq!(ids(&done, "items", ""), [b.as_str()]);
    assert_eq!(
        (done["allocated"].as_i64(), done["offer_remaining"].as_i64()),
        (Some(2), Some(0))
    );
}

#[tokio::test]
async fn only_the_owner_commits_an_allocation_with_or_without_chosen_rows() {
    let w = World::with_workers().await;
    let a = need(
        &w,
        N {
            title: "冬季棉被两床",
            description: "老人过冬没有厚棉被。",
            category: "food_clothing",
            unit: "床",
            quantity: 2,
            urgency: "urgent",
        },
    )
    .await;
    w.eventually_total("/api/v1/needs/search?has_remaining=true", 1)
        .await;
    let e = &w.enterprise.tokens.access;
    let o = publish(
        &w,
        e,
        &offer("冬季棉被捐赠", "新棉被", "food_clothing", 10, "床"),
    )
    .await;
    let another = w.app.enterprise("91411224MA45BF0Q7T").await;
    let bodies = [
        json!({"max_needs": 5, "dry_run": true}),
        json!({"max_needs": 5}),
        json!({"max_needs": 5, "need_ids": [a]}),
    ];
    for body in &bodies {
        expect_problem(
            allocate(&w, "", &o, body.clone(), true).await,
            401,
            "unauthenticated",
        )
        .await;
        for who in [
            &w.donor,
            &another,
            &w.household,
            &w.county,
            &w.township,
            &w.neighbour,
            &w.admin,
        ] {
            expect_problem(
                allocate(&w, &who.tokens.access, &o, body.clone(), true).await,
                403,
                "forbidden",
            )
            .await;
        }
    }
    assert_eq!(
        get(&w, &format!("/api/v1/needs/{a}")).await["pledged_quantity"],
        0
    );
    let r = allocate(&w, e, &o, bodies[2].clone(), true).await;
    assert_eq!(r.status(), 201);
    assert_eq!(r.json::<Value>().await.unwrap()["offer_remaining"], 8);
}
