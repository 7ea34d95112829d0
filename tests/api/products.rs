//! Products: who may put one up, every field checked at once, who sees it before and after
//! certification, who certifies (the seller's county, two people), and what edits do.

use crate::helpers::app::expect_problem;
use crate::products_fixture::{id_of, json_of, walnuts, Market};
use serde_json::{json, Value};

#[tokio::test]
async fn every_field_violation_comes_in_one_answer_and_sellers_are_households_and_organizations() {
    let m = Market::new().await;
    let bad = json!({"title": "核", "description": "电话 13812345678", "category": "cars", "unit": "",
        "price_fen": 0, "stock": -1, "region_code": "41"});
    let p = expect_problem(
        m.create(&m.household.tokens.access, &bad).await,
        400,
        "validation_failed",
    )
    .await;
    let fields: Vec<String> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    for f in [
        "title",
        "description",
        "category",
        "unit",
        "price_fen",
        "stock",
        "region_code",
    ] {
        assert!(fields.contains(&f.to_owned()), "{f} in {fields:?}");
    }
    // Organizations state how many households they help.
    let p = expect_problem(
        m.create(&m.enterprise.tokens.access, &walnuts()).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("households_helped".to_owned(), "required".to_owned())]
    );
    // A household's produce comes from its own county.
    let mut elsewhere = walnuts();
    elsewhere["region_code"] = json!("411221");
    let p = expect_problem(
        m.create(&m.household.tokens.access, &elsewhere).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("region_code".to_owned(), "region_mismatch".to_owned())]
    );
    // Donors, admins and anonymous callers do not sell.
    for token in [&m.donor.tokens.access, &m.admin.tokens.access] {
        expect_problem(m.create(token, &walnuts()).await, 403, "forbidden").await;
    }
    assert_eq!(
        m.app
            .post("/api/v1/products", None, &walnuts())
            .await
            .status(),
        401
    );
    // The household and the enterprise do.
    let v = json_of(m.create(&m.household.tokens.access, &walnuts()).await, 201).await;
    assert_eq!(v["status"], "pending_certification");
    assert_eq!(v["households_helped"], 1);
    assert_eq!(v["county_code"], "411224");
    assert_eq!(v["seller_kind"], "household");
    assert!(v["seller"].as_str().unwrap().starts_with("某户"), "{v}");
    let mut b = walnuts();
    b["households_helped"] = json!(36);
    b["region_code"] = json!("411224");
    let v = json_of(m.create(&m.enterprise.tokens.access, &b).await, 201).await;
    assert_eq!(v["seller_kind"], "enterprise");
    assert_eq!(v["seller"], "卢氏县绿源农业有限公司");
}

#[tokio::test]
async fn who_sees_a_product_before_and_after_certification() {
    let m = Market::new().await;
    let id = id_of(m.create(&m.household.tokens.access, &walnuts()).await).await;
    let path = |t: Option<&str>| (t.map(str::to_owned), id.clone());
    let cases: Vec<(Option<&str>, u16, u16)> = vec![
        (Some(&m.household.tokens.access), 200, 200),
        (Some(&m.county.tokens.access), 200, 200),
        (Some(&m.township.tokens.access), 200, 200),
        (Some(&m.admin.tokens.access), 200, 200),
        (Some(&m.neighbour.tokens.access), 404, 200),
        (Some(&m.donor.tokens.access), 404, 200),
        (Some(&m.enterprise.tokens.access), 404, 200),
        (None, 404, 200),
    ];
    for (token, pending, _) in &cases {
        let (t, id) = path(*token);
        assert_eq!(
            m.product(t.as_deref(), &id).await.status(),
            *pending,
            "{token:?}"
        );
    }
    let r = m
        .certify(&m.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    let v = json_of(r, 200).await;
    assert_eq!(v["status"], "listed");
    for (token, _, listed) in &cases {
        let v = json_of(m.product(*token, &id).await, *listed).await;
        // Ids and the certifier are for the seller, officials in scope and admins.
        let private = [
            &m.household.tokens.access,
            &m.county.tokens.access,
            &m.township.tokens.access,
            &m.admin.tokens.access,
        ]
        .iter()
        .any(|t| Some(t.as_str()) == *token);
        assert_eq!(v.get("private").is_some(), private, "{token:?}: {v}");
        assert!(
            !v.to_string().contains(&m.household_id),
            "no household id in any view"
        );
    }
}

#[tokio::test]
async fn the_sellers_county_certifies_and_a_rejection_says_why() {
    let m = Market::new().await;
    let id = id_of(m.create(&m.household.tokens.access, &walnuts()).await).await;
    let approve = json!({"decision": "approve"});
    // The matrix: the seller may not, a township official may see but not certify (403), a
    // neighbouring county's official and donors do not see it (404).
    expect_problem(
        m.certify(&m.household.tokens.access, &id, approve.clone())
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        m.certify(&m.township.tokens.access, &id, approve.clone())
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        m.certify(&m.admin.tokens.access, &id, approve.clone())
            .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        m.certify(&m.neighbour.tokens.access, &id, approve.clone())
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        m.certify(&m.donor.tokens.access, &id, approve.clone())
            .await,
        404,
        "not_found",
    )
    .await;
    let p = expect_problem(
        m.certify(&m.county.tokens.access, &id, json!({"decision": "reject"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("reason".to_owned(), "required".to_owned())]
    );
    expect_problem(
        m.certify(&m.county.tokens.access, &id, json!({"decision": "maybe"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    let v = json_of(
        m.certify(
            &m.county.tokens.access,
            &id,
            json!({"decision": "reject", "reason": "请补充产地证明"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["status"], "rejected");
    assert_eq!(v["private"]["rejection_reason"], "请补充产地证明");
    // Decided once: a second decision is a conflict.
    expect_problem(
        m.certify(&m.county2.tokens.access, &id, approve.clone())
            .await,
        409,
        "invalid_transition",
    )
    .await;
    // Editing a rejected product resubmits it; the city's officials may certify too.
    let v = json_of(
        m.patch(
            &m.household.tokens.access,
            &id,
            &json!({"description": "附产地证明：杜关村委会"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["status"], "pending_certification");
    let city = m.app.official(&m.admin, "4112").await;
    let v = json_of(m.certify(&city.tokens.access, &id, approve).await, 200).await;
    assert_eq!(v["status"], "listed");
    assert!(v["certified_at"].is_string());
}

#[tokio::test]
async fn editing_what_was_certified_recertifies_and_stock_does_not() {
    let m = Market::new().await;
    let id = m.listed(20).await;
    let seller = &m.household.tokens.access;
    let v = json_of(
        m.patch(seller, &id, &json!({"stock": 80, "expected_stock": 20}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (v["status"].as_str(), v["stock"].as_i64()),
        (Some("listed"), Some(80))
    );
    for (patch, field) in [
        (json!({"title": "卢氏薄皮核桃 特级"}), "title"),
        (json!({"price_fen": 3500}), "price_fen"),
        (json!({"description": "今年新果"}), "description"),
    ] {
        let v = json_of(m.patch(seller, &id, &patch).await, 200).await;
        assert_eq!(v["status"], "pending_certification", "{field}");
        assert_eq!(
            m.product(None, &id).await.status(),
            404,
            "not public while recertified"
        );
        assert_eq!(
            m.certify(&m.county.tokens.access, &id, json!({"decision": "approve"}))
                .await
                .status(),
            200
        );
    }
    // Nobody else edits it; bad fields all at once.
    expect_problem(
        m.patch(
            &m.county.tokens.access,
            &id,
            &json!({"stock": 1, "expected_stock": 80}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        m.patch(
            &m.donor.tokens.access,
            &id,
            &json!({"stock": 1, "expected_stock": 80}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let p = expect_problem(
        m.patch(
            seller,
            &id,
            &json!({"stock": -5, "expected_stock": 80, "price_fen": 0}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes().len(), 2);
    // Delisting: the seller only, once.
    expect_problem(
        m.app
            .post(
                &format!("/api/v1/products/{id}/delist"),
                Some(&m.county.tokens.access),
                &json!({}),
            )
            .await,
        403,
        "forbidden",
    )
    .await;
    let v = json_of(
        m.app
            .post(
                &format!("/api/v1/products/{id}/delist"),
                Some(seller),
                &json!({}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(v["status"], "delisted");
    expect_problem(
        m.app
            .post(
                &format!("/api/v1/products/{id}/delist"),
                Some(seller),
                &json!({}),
            )
            .await,
        409,
        "invalid_transition",
    )
    .await;
    assert_eq!(
        m.product(Some(&m.donor.tokens.access), &id).await.status(),
        404
    );
    // Every move is on the audit chain.
    let mut conn = m.app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let n: N = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query(format!(
            "SELECT count(*) AS n FROM audit_events WHERE subject_id = '{id}'"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(
        n.n,
        1 + 1 + 1 + 3 * 2 + 1,
        "submitted, listed, restocked, 3 × (edited, listed), delisted"
    );
    let v: Value = m
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true, "{v}");
}
