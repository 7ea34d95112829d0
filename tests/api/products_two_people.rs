//! Certification of products under the rule of two people: never the official who listed the
//! product for the household, registered the household, or verified the organization; and only
//! officials of the seller's county.

use crate::helpers::app::expect_problem;
use crate::products_fixture::{id_of, json_of, walnuts, Market, VILLAGE};
use serde_json::{json, Value};

#[tokio::test]
async fn two_people_the_official_who_listed_or_registered_the_seller_does_not_certify() {
    let m = Market::new().await;
    // A village's official lists the household's walnuts for it (the household sells them).
    let mut b = walnuts();
    b["household_id"] = json!(m.household_id);
    let id = id_of(m.create(&m.county.tokens.access, &b).await).await;
    let approve = json!({"decision": "approve"});
    let p = expect_problem(
        m.certify(&m.county.tokens.access, &id, approve.clone())
            .await,
        403,
        "second_official_required",
    )
    .await;
    assert!(p.body["detail"]
        .as_str()
        .unwrap()
        .contains("another official"));
    let v = json_of(m.product(Some(&m.household.tokens.access), &id).await, 200).await;
    assert_eq!(v["is_mine"], true, "the household is the seller");
    assert_eq!(
        json_of(
            m.certify(&m.county2.tokens.access, &id, approve.clone())
                .await,
            200
        )
        .await["status"],
        "listed"
    );
    // An official outside the household's village may not list for it; a household without an
    // account cannot sell.
    expect_problem(
        m.create(&m.neighbour.tokens.access, &b).await,
        400,
        "validation_failed",
    )
    .await;
    let r = m
        .app
        .post(
            "/api/v1/households",
            Some(&m.county.tokens.access),
            &json!({"head_name": "李大山", "region_code": VILLAGE, "size": 2}),
        )
        .await;
    let without = json_of(r, 201).await["id"].as_str().unwrap().to_owned();
    b["household_id"] = json!(without);
    let p = expect_problem(
        m.create(&m.county.tokens.access, &b).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [(
            "household_id".to_owned(),
            "household_without_account".to_owned()
        )]
    );
    // The official who registered the household's profile does not certify its products.
    m.sql(&format!(
        "UPDATE households SET created_by = '{}' WHERE id = '{}'",
        m.county2.id, m.household_id
    ))
    .await;
    let own = id_of(m.create(&m.household.tokens.access, &walnuts()).await).await;
    expect_problem(
        m.certify(&m.county2.tokens.access, &own, approve.clone())
            .await,
        403,
        "second_official_required",
    )
    .await;
    assert_eq!(
        m.certify(&m.county.tokens.access, &own, approve.clone())
            .await
            .status(),
        200
    );
    // Nor does the official who verified an organization certify its products.
    let org: Value = m
        .app
        .get("/api/v1/me", Some(&m.enterprise.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    let org_id = org["organization"]["id"].as_str().unwrap().to_owned();
    let r = m
        .app
        .post(
            &format!("/api/v1/admin/organizations/{org_id}/verify"),
            Some(&m.county.tokens.access),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    let mut e = walnuts();
    e["households_helped"] = json!(12);
    let theirs = id_of(m.create(&m.enterprise.tokens.access, &e).await).await;
    expect_problem(
        m.certify(&m.county.tokens.access, &theirs, approve.clone())
            .await,
        403,
        "second_official_required",
    )
    .await;
    assert_eq!(
        m.certify(&m.county2.tokens.access, &theirs, approve)
            .await
            .status(),
        200
    );
    // An organization of another county is certified by its own county, not Lushi's.
    let other = m.app.enterprise(crate::helpers::app::CREDIT_CODES[1]).await;
    let elsewhere = id_of(m.create(&other.tokens.access, &e).await).await;
    expect_problem(
        m.certify(
            &m.county.tokens.access,
            &elsewhere,
            json!({"decision": "approve"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
}
