use crate::helpers::app::expect_problem;
use crate::needs_fixture::{World, HEAD_NAME, ID_NUMBER, PHONE, VILLAGE};
use reqwest::Method;
use serde_json::{json, Value};

fn profile(id_number: Option<&str>) -> Value {
    json!({"head_name": "李桂芳", "region_code": VILLAGE, "id_number": id_number, "size": 2,
        "causes": ["disability", "lack_of_labour"], "monitoring_status": "monitored"})
}

#[tokio::test]
async fn an_official_creates_a_profile_for_a_household_without_a_phone() {
    let w = World::new().await;
    let r = w
        .app
        .post(
            "/api/v1/households",
            Some(&w.township.tokens.access),
            &profile(Some("11010519491231002X")),
        )
        .await;
    assert_eq!(r.status(), 201);
    let text = r.text().await.unwrap();
    assert!(!text.contains("11010519491231002X"));
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["id_number_masked"], "11**************2X");
    assert_eq!(v["monitoring_status"], "monitored");
    assert_eq!(v["causes"], json!(["disability", "lack_of_labour"]));
    assert_eq!(v["created_by_official"], true);
    let id = v["id"].as_str().unwrap();
    // The official posts a need for it.
    let mut need = crate::needs_fixture::need_body("残疾人护理补贴申请", VILLAGE);
    need["household_id"] = json!(id);
    assert_eq!(
        w.post_need(&w.township.tokens.access, &need).await.status(),
        201
    );
    // The same ID number twice: refused with its own code.
    let r = w
        .app
        .post(
            "/api/v1/households",
            Some(&w.county.tokens.access),
            &profile(Some("11010519491231002X")),
        )
        .await;
    expect_problem(r, 409, "id_number_taken").await;
    // The household registered ID_NUMBER itself, unconfirmed: the official's profile of the number
    // is confirmed at once, and the registered copy can no longer be.
    let r = w
        .app
        .post(
            "/api/v1/households",
            Some(&w.county.tokens.access),
            &profile(Some(ID_NUMBER)),
        )
        .await;
    assert_eq!(r.status(), 201);
    let r = w
        .app
        .request(
            Method::PATCH,
            &format!("/api/v1/households/{}", w.household_id),
            Some(&w.county.tokens.access),
        )
        .json(&json!({"id_number_confirmed": true}))
        .send()
        .await
        .unwrap();
    expect_problem(r, 409, "id_number_taken").await;
}

#[tokio::test]
async fn creating_profiles_is_for_officials_of_the_village() {
    let w = World::new().await;
    for a in [&w.other_township, &w.neighbour] {
        expect_problem(
            w.app
                .post("/api/v1/households", Some(&a.tokens.access), &profile(None))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    for a in [&w.household, &w.donor, &w.enterprise, &w.admin] {
        expect_problem(
            w.app
                .post("/api/v1/households", Some(&a.tokens.access), &profile(None))
                .await,
            403,
            "forbidden",
        )
        .await;
    }
    expect_problem(
        w.app.post("/api/v1/households", None, &profile(None)).await,
        401,
        "unauthenticated",
    )
    .await;
    let mut bad = profile(Some("110105194912310021"));
    bad["causes"] = json!(["laziness"]);
    bad["monitoring_status"] = json!("rich");
    let p = expect_problem(
        w.app
            .post("/api/v1/households", Some(&w.county.tokens.access), &bad)
            .await,
        400,
        "validation_failed",
    )
    .await;
    let fields: Vec<String> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["id_number", "causes", "monitoring_status"]);
}

#[tokio::test]
async fn only_the_household_and_its_officials_read_the_profile() {
    let w = World::new().await;
    let path = format!("/api/v1/households/{}", w.household_id);
    for a in [&w.household, &w.county, &w.township] {
        let r = w.app.get(&path, Some(&a.tokens.access)).await;
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        assert_eq!(v["head_name"], HEAD_NAME);
        assert_eq!(v["phone"], PHONE);
        assert_eq!(v["id_number_masked"], "41**************30");
    }
    for a in [
        &w.other_township,
        &w.neighbour,
        &w.other_household,
        &w.donor,
        &w.enterprise,
        &w.admin,
    ] {
        expect_problem(
            w.app.get(&path, Some(&a.tokens.access)).await,
            404,
            "not_found",
        )
        .await;
    }
    expect_problem(w.app.get(&path, None).await, 401, "unauthenticated").await;
}

#[tokio::test]
async fn the_household_updates_its_details_and_officials_its_status() {
    let w = World::new().await;
    let path = format!("/api/v1/households/{}", w.household_id);
    let patch = |token: String, body: Value| {
        let app = &w.app;
        let path = path.clone();
        async move {
            app.request(Method::PATCH, &path, Some(&token))
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let r = patch(
        w.household.tokens.access.clone(),
        json!({"phone": "13700001111", "size": 6, "causes": ["illness"]}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["phone"].as_str(), v["size"].as_i64()),
        (Some("13700001111"), Some(6))
    );
    expect_problem(
        patch(
            w.household.tokens.access.clone(),
            json!({"monitoring_status": "marginal"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let r = patch(
        w.township.tokens.access.clone(),
        json!({"monitoring_status": "marginal", "phone": ""}),
    )
    .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["monitoring_status"].as_str(), v["phone"].as_str()),
        (Some("marginal"), None)
    );
    expect_problem(
        patch(w.neighbour.tokens.access.clone(), json!({"size": 2})).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        patch(
            w.household.tokens.access.clone(),
            json!({"id_number": "11010519491231002X"}),
        )
        .await,
        400,
        "unknown_field",
    )
    .await;
}
