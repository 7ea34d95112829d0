//! Campaigns: who opens them, their fields, who pledges matching funds and until when, the list.

use crate::campaigns_fixture::{at, campaign_body, json_of, Drive};
use crate::helpers::app::{expect_problem, CREDIT_CODES};
use serde_json::json;

#[tokio::test]
async fn admins_and_city_officials_open_campaigns_and_no_one_else() {
    let d = Drive::new().await;
    let app = d.app();
    let body = campaign_body(&["411224101", "411224"]);
    // The admin, anywhere.
    let key = uuid::Uuid::new_v4().to_string();
    let post_keyed = || {
        app.request(
            reqwest::Method::POST,
            "/api/v1/campaigns",
            Some(&d.w.admin.tokens.access),
        )
        .header("Idempotency-Key", key.clone())
        .json(&body)
        .send()
    };
    let c = json_of(post_keyed().await.unwrap(), 201).await;
    assert_eq!(c["phase"], "current");
    assert_eq!(c["name"], "扶贫日爱心周");
    assert_eq!(
        c["regions"][0],
        json!({"code": "411224101", "name": "杜关镇"})
    );
    assert_eq!(c["regions"][1], json!({"code": "411224", "name": "卢氏县"}));
    assert_eq!(c["categories"], json!([]));
    assert_eq!(c["totals"]["funds"], 0);
    assert_eq!(c["funds"], json!([]));
    // The same key and body: the stored answer, no second campaign.
    let again = json_of(post_keyed().await.unwrap(), 201).await;
    assert_eq!(again["id"], c["id"]);
    let list = json_of(app.get("/api/v1/campaigns", None).await, 200).await;
    assert_eq!(list["total"], 1);
    // A city official, inside its city.
    let r = app
        .post("/api/v1/campaigns", Some(&d.city.tokens.access), &body)
        .await;
    json_of(r, 201).await;
    // A city official, outside its city: 403.
    let outside = campaign_body(&["411224", "4101"]);
    let r = app
        .post("/api/v1/campaigns", Some(&d.city.tokens.access), &outside)
        .await;
    expect_problem(r, 403, "forbidden").await;
    // County and township officials, supporters and households: 403; anonymous: 401.
    for token in [
        &d.w.county.tokens.access,
        &d.w.township.tokens.access,
        &d.w.donor.tokens.access,
        &d.ent.tokens.access,
        &d.w.household.tokens.access,
    ] {
        let r = app.post("/api/v1/campaigns", Some(token), &body).await;
        expect_problem(r, 403, "forbidden").await;
    }
    let r = app.post("/api/v1/campaigns", None, &body).await;
    assert_eq!(r.status(), 401);
    // A county official is refused even with invalid fields (its right is checked first).
    let r = app
        .post(
            "/api/v1/campaigns",
            Some(&d.w.county.tokens.access),
            &json!({"name": "x"}),
        )
        .await;
    expect_problem(r, 403, "forbidden").await;
    let list = json_of(app.get("/api/v1/campaigns", None).await, 200).await;
    assert_eq!(list["total"], 2);
}

#[tokio::test]
async fn every_invalid_field_is_reported_in_one_answer() {
    let d = Drive::new().await;
    let app = d.app();
    let admin = &d.w.admin.tokens.access;
    let body = json!({"name": "x", "starts_at": at(48.0), "ends_at": at(24.0), "regions": [],
        "categories": ["medical", "toys"]});
    let p = expect_problem(
        app.post("/api/v1/campaigns", Some(admin), &body).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [
            ("name".to_owned(), "length".to_owned()),
            ("ends_at".to_owned(), "before_start".to_owned()),
            ("regions".to_owned(), "required".to_owned()),
            ("categories".to_owned(), "unknown_category".to_owned()),
        ]
    );
    // Missing times, a bad region code, a period that ended, a period too long.
    let body = json!({"name": "扶贫日", "regions": ["12345", "411224", "411224"], "categories": ["care", "care"]});
    let p = expect_problem(
        app.post("/api/v1/campaigns", Some(admin), &body).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [
            ("starts_at".to_owned(), "required".to_owned()),
            ("ends_at".to_owned(), "required".to_owned()),
            ("regions".to_owned(), "invalid_region_code".to_owned()),
            ("regions".to_owned(), "duplicate".to_owned()),
            ("categories".to_owned(), "duplicate".to_owned()),
        ]
    );
    let body = json!({"name": "扶贫日", "starts_at": at(-48.0), "ends_at": at(-24.0), "regions": ["411224"]});
    let p = expect_problem(
        app.post("/api/v1/campaigns", Some(admin), &body).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("ends_at".to_owned(), "in_past".to_owned())]
    );
    let body = json!({"name": "扶贫日", "starts_at": at(0.0), "ends_at": at(24.0 * 400.0), "regions": ["411224"]});
    let p = expect_problem(
        app.post("/api/v1/campaigns", Some(admin), &body).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("ends_at".to_owned(), "too_long".to_owned())]
    );
    // A well-formed code naming no region.
    let body = campaign_body(&["419999"]);
    let p = expect_problem(
        app.post("/api/v1/campaigns", Some(admin), &body).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("regions".to_owned(), "unknown_region".to_owned())]
    );
    // An unknown field.
    let mut body = campaign_body(&["411224"]);
    body["budget"] = json!(1);
    let r = app.post("/api/v1/campaigns", Some(admin), &body).await;
    assert_eq!(r.status(), 400);
    let list = json_of(app.get("/api/v1/campaigns", None).await, 200).await;
    assert_eq!(list["total"], 0);
}

#[tokio::test]
async fn verified_enterprises_pledge_funds_until_the_campaign_ends() {
    let d = Drive::new().await;
    let app = d.app();
    let c = d.campaign(campaign_body(&["411224"])).await;
    let f = json_of(
        d.fund_as(&d.ent.tokens.access, &c, "1", 10_000_000).await,
        201,
    )
    .await;
    assert_eq!(
        (f["ratio"].as_str(), f["ratio_percent"].as_i64()),
        (Some("1"), Some(100))
    );
    assert_eq!(
        (f["cap_fen"].as_i64(), f["drawn_fen"].as_i64()),
        (Some(10_000_000), Some(0))
    );
    assert_eq!(f["organization_name"], "卢氏县绿源农业有限公司");
    let f = json_of(d.fund_as(&d.ent2.tokens.access, &c, "0.5", 1000).await, 201).await;
    assert_eq!(
        (f["ratio"].as_str(), f["ratio_percent"].as_i64()),
        (Some("0.5"), Some(50))
    );
    let v = d.get(&c).await;
    assert_eq!(v["totals"]["funds"], 2);
    assert_eq!(v["totals"]["pledged_fen"], 10_001_000);
    assert_eq!(v["funds"].as_array().unwrap().len(), 2);
    // An enterprise whose organization is not verified.
    let r = d
        .fund_as(&d.w.enterprise.tokens.access, &c, "1", 1000)
        .await;
    expect_problem(r, 403, "organization_unverified").await;
    // A verified social organization, a donor, officials, the admin, a household: not enterprises.
    let org = app.social_org(CREDIT_CODES[3]).await;
    d.verify(&org).await;
    for token in [
        &org.tokens.access,
        &d.w.donor.tokens.access,
        &d.city.tokens.access,
        &d.w.admin.tokens.access,
        &d.w.household.tokens.access,
    ] {
        expect_problem(d.fund_as(token, &c, "1", 1000).await, 403, "forbidden").await;
    }
    // Every bad field at once.
    let r = app
        .post(
            &format!("/api/v1/campaigns/{c}/funds"),
            Some(&d.ent.tokens.access),
            &json!({"ratio": "1.005", "cap_fen": 0}),
        )
        .await;
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(
        p.field_codes(),
        [
            ("ratio".to_owned(), "invalid_ratio".to_owned()),
            ("cap_fen".to_owned(), "out_of_range".to_owned()),
        ]
    );
    let r = d.fund_as(&d.ent.tokens.access, &c, "11", 1000).await;
    expect_problem(r, 400, "validation_failed").await;
    // No such campaign.
    let r = d
        .fund_as(
            &d.ent.tokens.access,
            &uuid::Uuid::new_v4().to_string(),
            "1",
            1000,
        )
        .await;
    expect_problem(r, 404, "not_found").await;
    // An upcoming campaign takes funds; one that ended does not.
    let mut upcoming = campaign_body(&["411224"]);
    upcoming["starts_at"] = json!(at(24.0));
    let u = d.campaign(upcoming).await;
    json_of(d.fund_as(&d.ent.tokens.access, &u, "2", 500).await, 201).await;
    d.sql(&format!(
        "UPDATE campaigns SET starts_at = now() - interval '7 days', ends_at = now() - interval '1 second' WHERE id = '{c}'"
    ))
    .await;
    let r = d.fund_as(&d.ent.tokens.access, &c, "1", 1000).await;
    expect_problem(r, 409, "campaign_ended").await;
    assert_eq!(d.get(&c).await["totals"]["funds"], 2);
    assert_eq!(d.get(&c).await["phase"], "past");
    // Each pledge is on the audit trail.
    let n = d
        .sql_i64("SELECT count(*) AS n FROM audit_events WHERE action = 'campaign_fund.pledged'")
        .await;
    assert_eq!(n, 3);
}

#[tokio::test]
async fn the_list_is_public_and_filtered_by_phase() {
    let d = Drive::new().await;
    let app = d.app();
    let current = d.campaign(campaign_body(&["411224"])).await;
    let mut b = campaign_body(&["4112"]);
    b["starts_at"] = json!(at(24.0));
    b["ends_at"] = json!(at(48.0));
    let upcoming = d.campaign(b).await;
    let past = d.campaign(campaign_body(&["41"])).await;
    d.sql(&format!(
        "UPDATE campaigns SET starts_at = now() - interval '7 days', ends_at = now() - interval '1 day' WHERE id = '{past}'"
    ))
    .await;
    for (phase, id) in [
        ("current", &current),
        ("upcoming", &upcoming),
        ("past", &past),
    ] {
        let v = json_of(
            app.get(&format!("/api/v1/campaigns?phase={phase}"), None)
                .await,
            200,
        )
        .await;
        assert_eq!(v["total"], 1, "{phase}: {v}");
        assert_eq!(v["items"][0]["id"], id.as_str());
        assert_eq!(v["items"][0]["phase"], phase);
    }
    let all = json_of(app.get("/api/v1/campaigns?per_page=2", None).await, 200).await;
    assert_eq!(
        (
            all["total"].as_i64(),
            all["items"].as_array().unwrap().len()
        ),
        (Some(3), 2)
    );
    // Newest start first.
    assert_eq!(all["items"][0]["id"], upcoming.as_str());
    let r = app.get("/api/v1/campaigns?phase=soon", None).await;
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(
        p.field_codes(),
        [("phase".to_owned(), "unknown_phase".to_owned())]
    );
    let r = app
        .get(&format!("/api/v1/campaigns/{}", uuid::Uuid::new_v4()), None)
        .await;
    expect_problem(r, 404, "not_found").await;
}
