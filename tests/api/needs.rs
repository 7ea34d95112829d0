use crate::helpers::app::expect_problem;
use crate::needs_fixture::{
    deadline_in, need_body, World, HEAD_NAME, ID_NUMBER, OTHER_VILLAGE, PHONE, VILLAGE,
};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn a_household_posts_a_need_that_waits_for_review() {
    let w = World::new().await;
    let r = w
        .post_need(&w.household.tokens.access, &need_body("轮椅一台", VILLAGE))
        .await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "pending_review");
    assert_eq!(v["remaining_quantity"], 1);
    assert_eq!(
        v["region"]["full_name"],
        "河南省 三门峡市 卢氏县 杜关镇 杜关村村委会"
    );
    assert_eq!(v["private"]["household_id"], w.household_id.as_str());
    assert!(v["household_label"]
        .as_str()
        .unwrap()
        .starts_with("某户 · "));
    // Its own list has it.
    let mine: Value = w
        .app
        .get("/api/v1/me/needs", Some(&w.household.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(mine["total"], 1);
    // The region must be the household's own village.
    let r = w
        .post_need(
            &w.household.tokens.access,
            &need_body("轮椅一台", OTHER_VILLAGE),
        )
        .await;
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(
        p.field_codes(),
        vec![("region_code".into(), "region_mismatch".into())]
    );
}

#[tokio::test]
async fn every_field_violation_is_reported_in_one_response() {
    let w = World::new().await;
    let body = json!({"title": "轮椅", "description": "长".repeat(2001), "category": "luxury", "quantity": 0,
        "unit": "一个非常非常长的单位名", "estimated_value_fen": 1_000_000_001i64, "urgency": "asap",
        "deadline": deadline_in(-1), "region_code": "4112241012"});
    let p = expect_problem(
        w.post_need(&w.household.tokens.access, &body).await,
        400,
        "validation_failed",
    )
    .await;
    let fields: Vec<String> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        [
            "title",
            "description",
            "category",
            "quantity",
            "unit",
            "estimated_value_fen",
            "urgency",
            "deadline",
            "region_code"
        ]
    );
    for (deadline, code) in [
        (deadline_in(400), "too_far"),
        ("next week".to_owned(), "invalid_time"),
    ] {
        let mut b = need_body("轮椅一台", VILLAGE);
        b["deadline"] = json!(deadline);
        let p = expect_problem(
            w.post_need(&w.household.tokens.access, &b).await,
            400,
            "validation_failed",
        )
        .await;
        assert_eq!(p.field_codes(), vec![("deadline".into(), code.into())]);
    }
    let p = expect_problem(
        w.post_need(&w.household.tokens.access, &json!({"region_code": VILLAGE}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes().len(),
        6,
        "each missing required field: {:?}",
        p.field_codes()
    );
    let mut b = need_body("轮椅一台", VILLAGE);
    b["quantity"] = json!("one");
    let p = expect_problem(
        w.post_need(&w.household.tokens.access, &b).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        vec![("quantity".into(), "invalid_type".into())]
    );
    b["quantity"] = json!(1);
    b["status"] = json!("open");
    expect_problem(
        w.post_need(&w.household.tokens.access, &b).await,
        400,
        "unknown_field",
    )
    .await;
}

#[tokio::test]
async fn officials_post_for_households_of_their_jurisdiction_only() {
    let w = World::new().await;
    let mut b = need_body("孩子学费", VILLAGE);
    b["household_id"] = json!(w.household_id);
    let r = w.post_need(&w.township.tokens.access, &b).await;
    assert_eq!(r.status(), 201);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["private"]["posted_by"], w.township.id.to_string());
    // The other township's official and the neighbouring county's cannot.
    for official in [&w.other_township, &w.neighbour] {
        let p = expect_problem(
            w.post_need(&official.tokens.access, &b).await,
            400,
            "validation_failed",
        )
        .await;
        assert_eq!(
            p.field_codes(),
            vec![("household_id".into(), "unknown_household".into())]
        );
    }
    let mut no_household = need_body("孩子学费", VILLAGE);
    no_household["household_id"] = Value::Null;
    let p = expect_problem(
        w.post_need(&w.county.tokens.access, &no_household).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        vec![("household_id".into(), "required".into())]
    );
    // A household cannot post for another.
    let mut other = need_body("孩子学费", OTHER_VILLAGE);
    other["household_id"] = json!(w.household_id);
    expect_problem(
        w.post_need(&w.other_household.tokens.access, &other).await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn approval_publishes_and_the_public_view_has_no_personal_data() {
    let w = World::new().await;
    let id = w.pending_need("轮椅一台").await;
    // Before publication it does not exist for the public.
    expect_problem(
        w.app.get(&format!("/api/v1/needs/{id}"), None).await,
        404,
        "not_found",
    )
    .await;
    let r = w
        .review(
            &w.county.tokens.access,
            &id,
            json!({"decision": "approve", "reason": "核实属实"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "open");
    assert!(v["published_at"].is_string());
    for token in [
        None,
        Some(w.donor.tokens.access.as_str()),
        Some(w.neighbour.tokens.access.as_str()),
        Some(w.other_household.tokens.access.as_str()),
    ] {
        let r = w.app.get(&format!("/api/v1/needs/{id}"), token).await;
        assert_eq!(r.status(), 200);
        let text = r.text().await.unwrap();
        for secret in [
            HEAD_NAME,
            ID_NUMBER,
            PHONE,
            "41**************30",
            w.household_id.as_str(),
            "illness",
            "\"size\"",
        ] {
            assert!(!text.contains(secret), "public view leaks {secret}: {text}");
        }
        let v: Value = serde_json::from_str(&text).unwrap();
        assert!(v.get("private").is_none());
        assert_eq!(v["region"]["path"].as_array().unwrap().len(), 5);
        assert_eq!(v["pledged_quantity"], 0);
        assert_eq!(v["remaining_quantity"], 1);
    }
    // The household and its officials still see the private part.
    let own: Value = w
        .app
        .get(
            &format!("/api/v1/needs/{id}"),
            Some(&w.household.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["private"]["household_id"], w.household_id.as_str());
}

#[tokio::test]
async fn rejection_needs_a_reason_the_poster_sees_and_an_edit_resubmits() {
    let w = World::new().await;
    let id = w.pending_need("轮椅一台").await;
    let p = expect_problem(
        w.review(&w.county.tokens.access, &id, json!({"decision": "reject"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes(), vec![("reason".into(), "required".into())]);
    let p = expect_problem(
        w.review(&w.county.tokens.access, &id, json!({"decision": "maybe"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes()[0].1, "invalid_decision");
    let r = w
        .review(
            &w.county.tokens.access,
            &id,
            json!({"decision": "reject", "reason": "请补充医院诊断证明"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let own: Value = w
        .app
        .get(
            &format!("/api/v1/needs/{id}"),
            Some(&w.household.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(own["status"], "rejected");
    assert_eq!(own["private"]["rejection_reason"], "请补充医院诊断证明");
    // Deciding again is a conflict.
    expect_problem(
        w.review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
            .await,
        409,
        "need_already_reviewed",
    )
    .await;
    // Editing resubmits.
    let r = w
        .app
        .request(
            Method::PATCH,
            &format!("/api/v1/needs/{id}"),
            Some(&w.household.tokens.access),
        )
        .json(&json!({"description": "父亲偏瘫，附县医院诊断证明编号 2019-0412。"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["status"], "pending_review");
    assert_eq!(v["private"]["rejection_reason"], Value::Null);
    assert_eq!(
        w.review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
            .await
            .status(),
        200
    );
    // A published need is no longer editable.
    let r = w
        .app
        .request(
            Method::PATCH,
            &format!("/api/v1/needs/{id}"),
            Some(&w.household.tokens.access),
        )
        .json(&json!({"quantity": 2}))
        .send()
        .await
        .unwrap();
    expect_problem(r, 409, "need_not_editable").await;
    // Each decision was recorded with the flags the reviewer saw.
    let mut conn = w.app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct R {
        #[diesel(sql_type = diesel::sql_types::Text)]
        decision: String,
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        flags: Value,
    }
    let rows: Vec<R> =
        diesel::sql_query("SELECT decision, flags FROM need_reviews ORDER BY created_at")
            .load(&mut conn)
            .await
            .unwrap();
    assert_eq!(
        rows.iter().map(|r| r.decision.as_str()).collect::<Vec<_>>(),
        ["reject", "approve"]
    );
    assert!(rows.iter().all(|r| r.flags.is_array()));
}

#[tokio::test]
async fn concurrent_reviews_have_exactly_one_winner() {
    let w = World::new().await;
    for round in 0..5 {
        let id = w.pending_need(&format!("第{round}轮 化肥两袋")).await;
        let (a, b) = tokio::join!(
            w.review(&w.county.tokens.access, &id, json!({"decision": "approve"})),
            w.review(
                &w.township.tokens.access,
                &id,
                json!({"decision": "reject", "reason": "重复申请"})
            )
        );
        let mut statuses = [a.status().as_u16(), b.status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [200, 409], "round {round}");
        let mut conn = w.app.conn().await;
        #[derive(diesel::QueryableByName)]
        struct N {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let n: N = diesel::sql_query(format!(
            "SELECT count(*) AS n FROM need_reviews WHERE need_id = '{id}'"
        ))
        .get_result(&mut conn)
        .await
        .unwrap();
        assert_eq!(n.n, 1);
    }
}
