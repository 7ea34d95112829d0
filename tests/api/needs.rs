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

#[tokio::test]
async fn withdrawal_rules() {
    let w = World::new().await;
    let pending = w.pending_need("轮椅一台").await;
    let r = w
        .app
        .post(
            &format!("/api/v1/needs/{pending}/withdraw"),
            Some(&w.household.tokens.access),
            &json!({"reason": "已自行解决"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "withdrawn");
    expect_problem(
        w.app
            .post(
                &format!("/api/v1/needs/{pending}/withdraw"),
                Some(&w.household.tokens.access),
                &json!({}),
            )
            .await,
        409,
        "invalid_transition",
    )
    .await;
    // An official withdraws an open need, with no body at all.
    let open = w.open_need("化肥两袋").await;
    let r = w
        .app
        .request(
            Method::POST,
            &format!("/api/v1/needs/{open}/withdraw"),
            Some(&w.township.tokens.access),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A need with active pledges cannot be withdrawn.
    let pledged = w.open_need("棉被三床").await;
    let mut conn = w.app.conn().await;
    diesel::sql_query(format!(
        "UPDATE needs SET pledged_quantity = 1 WHERE id = '{pledged}'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    expect_problem(
        w.app
            .post(
                &format!("/api/v1/needs/{pledged}/withdraw"),
                Some(&w.household.tokens.access),
                &json!({}),
            )
            .await,
        409,
        "need_has_pledges",
    )
    .await;
}

#[tokio::test]
async fn the_review_queue_is_scoped_oldest_first_and_flagged() {
    let w = World::new().await;
    let first = w.pending_need("轮椅一台").await;
    // A near-copy in the same category: a likely duplicate.
    let dup = w.pending_need("轮椅一台 急需").await;
    let mut pricey = need_body("护理床和制氧机", VILLAGE);
    pricey["estimated_value_fen"] = json!(2_000_000);
    let pricey: Value = w
        .post_need(&w.household.tokens.access, &pricey)
        .await
        .json()
        .await
        .unwrap();
    let mut luxury = need_body("孩子上网课需要iPhone手机", VILLAGE);
    luxury["category"] = json!("education");
    let luxury: Value = w
        .post_need(&w.household.tokens.access, &luxury)
        .await
        .json()
        .await
        .unwrap();
    // The other household is not monitored; the neighbouring county's queue never shows these.
    let unmonitored: Value = w
        .post_need(
            &w.other_household.tokens.access,
            &need_body("屋顶漏雨需要修缮", OTHER_VILLAGE),
        )
        .await
        .json()
        .await
        .unwrap();

    let q: Value = w
        .app
        .get(
            "/api/v1/review/needs?per_page=10",
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(q["total"], 5);
    let ids: Vec<&str> = q["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["need"]["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            first.as_str(),
            dup.as_str(),
            pricey["id"].as_str().unwrap(),
            luxury["id"].as_str().unwrap(),
            unmonitored["id"].as_str().unwrap()
        ]
    );
    let flags = |i: usize| -> Vec<String> {
        q["items"][i]["flags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert!(
        flags(1).contains(&"likely_duplicate".to_owned()),
        "{:?}",
        flags(1)
    );
    assert!(
        flags(2).contains(&"value_above_ceiling".to_owned()),
        "{:?}",
        flags(2)
    );
    assert_eq!(flags(3), ["luxury_wording"]);
    assert_eq!(flags(4), ["household_not_monitored"]);
    // Paging.
    let p2: Value = w
        .app
        .get(
            "/api/v1/review/needs?page=2&per_page=2",
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p2["items"][0]["need"]["id"], pricey["id"]);
    // Scope: the Duguan township official sees Duguan's needs only; the neighbour sees none.
    let t: Value = w
        .app
        .get("/api/v1/review/needs", Some(&w.township.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(t["total"], 4);
    let n: Value = w
        .app
        .get("/api/v1/review/needs", Some(&w.neighbour.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(n["total"], 0);
    expect_problem(
        w.app
            .get("/api/v1/review/needs", Some(&w.donor.tokens.access))
            .await,
        403,
        "forbidden",
    )
    .await;
    // The flags go into the record with the decision.
    assert_eq!(
        w.review(
            &w.county.tokens.access,
            luxury["id"].as_str().unwrap(),
            json!({"decision": "reject", "reason": "不属于基本需求"})
        )
        .await
        .status(),
        200
    );
    let mut conn = w.app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct F {
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        flags: Value,
    }
    let f: F = diesel::sql_query("SELECT flags FROM need_reviews")
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(f.flags[0]["code"], "luxury_wording");
}

#[tokio::test]
async fn officials_list_their_jurisdictions_needs_with_filters() {
    let w = World::new().await;
    w.open_need("轮椅一台").await;
    w.pending_need("化肥两袋").await;
    let mut edu = need_body("孩子学费", VILLAGE);
    edu["category"] = json!("education");
    w.post_need(&w.household.tokens.access, &edu).await;
    let get = |path: &'static str, token: String| {
        let app = &w.app;
        async move { app.get(path, Some(&token)).await }
    };
    let all: Value = get("/api/v1/needs", w.county.tokens.access.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 3);
    let open: Value = get("/api/v1/needs?status=open", w.county.tokens.access.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(open["total"], 1);
    let care: Value = get(
        "/api/v1/needs?category=care,medical&status=pending_review,open",
        w.county.tokens.access.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(care["total"], 2);
    let narrow: Value = get(
        "/api/v1/needs?region=411224101200",
        w.county.tokens.access.clone(),
    )
    .await
    .json()
    .await
    .unwrap();
    assert_eq!(narrow["total"], 3);
    let none: Value = get("/api/v1/needs", w.other_township.tokens.access.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["total"], 0);
    expect_problem(
        get(
            "/api/v1/needs?region=411221",
            w.county.tokens.access.clone(),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        get("/api/v1/needs?status=lost", w.county.tokens.access.clone()).await,
        400,
        "validation_failed",
    )
    .await;
    expect_problem(
        get("/api/v1/needs", w.donor.tokens.access.clone()).await,
        403,
        "forbidden",
    )
    .await;
    let admin: Value = get("/api/v1/needs", w.admin.tokens.access.clone())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(admin["total"], 3);
}

#[tokio::test]
async fn needs_past_their_deadline_expire_through_a_job() {
    let w = World::new().await;
    let open = w.open_need("轮椅一台").await;
    let pending = w.pending_need("化肥两袋").await;
    let future = w.open_need("棉被三床").await;
    let mut conn = w.app.conn().await;
    diesel::sql_query(format!("UPDATE needs SET deadline = now() - interval '1 minute' WHERE id IN ('{open}', '{pending}')"))
        .execute(&mut conn)
        .await
        .unwrap();
    bangfu::jobs::enqueue(&mut conn, bangfu::jobs::needs::EXPIRE, Value::Null)
        .await
        .unwrap();
    let runner = bangfu::jobs::Runner::new(w.app.pool.clone(), bangfu::jobs::Registry::standard());
    assert!(runner
        .run_once_of(bangfu::jobs::needs::EXPIRE)
        .await
        .unwrap());
    for (id, status) in [(&open, "expired"), (&pending, "expired"), (&future, "open")] {
        let v: Value = w
            .app
            .get(
                &format!("/api/v1/needs/{id}"),
                Some(&w.county.tokens.access),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["status"], status, "{id}");
    }
    // Expired needs are no longer public.
    expect_problem(
        w.app.get(&format!("/api/v1/needs/{open}"), None).await,
        404,
        "not_found",
    )
    .await;
    let events = bangfu::store::audit::for_subject(&mut conn, "need", open.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(events.last().unwrap().action, "need.expired");
}

#[tokio::test]
async fn every_change_is_an_audit_event_with_its_actor() {
    let w = World::new().await;
    let id = w.pending_need("轮椅一台").await;
    w.review(
        &w.county.tokens.access,
        &id,
        json!({"decision": "reject", "reason": "请补充材料"}),
    )
    .await;
    w.app
        .request(
            Method::PATCH,
            &format!("/api/v1/needs/{id}"),
            Some(&w.household.tokens.access),
        )
        .json(&json!({"title": "轮椅一台（已补充材料）"}))
        .send()
        .await
        .unwrap();
    w.review(
        &w.township.tokens.access,
        &id,
        json!({"decision": "approve"}),
    )
    .await;
    w.app
        .post(
            &format!("/api/v1/needs/{id}/withdraw"),
            Some(&w.household.tokens.access),
            &json!({}),
        )
        .await;
    let mut conn = w.app.conn().await;
    let events = bangfu::store::audit::for_subject(&mut conn, "need", id.parse().unwrap())
        .await
        .unwrap();
    let seen: Vec<(String, Option<uuid::Uuid>)> = events
        .iter()
        .map(|e| (e.action.clone(), e.actor_id))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("need.posted".to_owned(), Some(w.household.id)),
            ("need.rejected".to_owned(), Some(w.county.id)),
            ("need.resubmitted".to_owned(), Some(w.household.id)),
            ("need.approved".to_owned(), Some(w.township.id)),
            ("need.withdrawn".to_owned(), Some(w.household.id)),
        ]
    );
    assert_eq!(events[1].details["reason"], "请补充材料");
    assert_eq!(
        (
            events[1].details["role"].as_str(),
            events[1].details["from"].as_str(),
            events[1].details["to"].as_str()
        ),
        (Some("official"), Some("pending_review"), Some("rejected"))
    );
    assert_eq!(events[4].details["from"], "open");
    let v: Value = w
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
}

#[tokio::test]
async fn no_public_response_carries_personal_data() {
    let w = World::new().await;
    let mut ids = vec![
        w.open_need("轮椅一台").await,
        w.pending_need("化肥两袋").await,
    ];
    let rejected = w.pending_need("棉被三床").await;
    w.review(
        &w.county.tokens.access,
        &rejected,
        json!({"decision": "reject", "reason": "请补充材料"}),
    )
    .await;
    ids.push(rejected);
    let secrets = [
        HEAD_NAME,
        ID_NUMBER,
        PHONE,
        "41**************30",
        w.household_id.as_str(),
        w.household.email.as_str(),
    ];
    let mut bodies = Vec::new();
    for id in &ids {
        for token in [
            None,
            Some(w.donor.tokens.access.as_str()),
            Some(w.enterprise.tokens.access.as_str()),
            Some(w.neighbour.tokens.access.as_str()),
        ] {
            bodies.push(
                w.app
                    .get(&format!("/api/v1/needs/{id}"), token)
                    .await
                    .text()
                    .await
                    .unwrap(),
            );
        }
    }
    for path in [
        "/api/v1/regions/411224101200",
        "/api/v1/regions?parent=411224101",
        "/api/v1/audit/verify",
        "/metrics",
    ] {
        bodies.push(w.app.get(path, None).await.text().await.unwrap());
    }
    bodies.push(
        w.app
            .get("/api/v1/review/needs", Some(&w.neighbour.tokens.access))
            .await
            .text()
            .await
            .unwrap(),
    );
    bodies.push(
        w.app
            .get("/api/v1/needs", Some(&w.neighbour.tokens.access))
            .await
            .text()
            .await
            .unwrap(),
    );
    for body in &bodies {
        for s in secrets {
            assert!(!body.contains(s), "a public response carries {s}: {body}");
        }
    }
    // The serialized public view of each need, as any document built from it would be.
    let mut conn = w.app.conn().await;
    for id in &ids {
        let need = bangfu::store::needs::find(&mut conn, id.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        let view = bangfu::api::needs::views::view_one(&mut conn, need, false)
            .await
            .unwrap();
        let doc = serde_json::to_string(&view).unwrap();
        for s in secrets {
            assert!(!doc.contains(s), "the need document carries {s}: {doc}");
        }
    }
}
