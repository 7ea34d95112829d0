use crate::helpers::app::{expect_problem, unique_email, PASSWORD};
use crate::helpers::TestApp;
use serde_json::{json, Value};

#[tokio::test]
async fn admin_appoints_an_official_for_lushi_county() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let official = app.official(&admin, "411224").await;
    let me: Value = app
        .get("/api/v1/me", Some(&official.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "official");
    assert_eq!(me["jurisdiction"]["region_code"], "411224");
    assert_eq!(me["jurisdiction"]["region_name"], "卢氏县");
    assert_eq!(me["jurisdiction"]["level"], "county");
    let names: Vec<&str> = me["jurisdiction"]["path"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["河南省", "三门峡市", "卢氏县"]);
}

#[tokio::test]
async fn any_level_from_province_to_village_and_the_padded_form() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    for (code, expected) in [
        ("41", "41"),
        ("4112", "4112"),
        ("411224101", "411224101"),
        ("411224101200", "411224101200"),
        ("411224000000", "411224"),
    ] {
        let o = app.official(&admin, code).await;
        assert_eq!(o.body["jurisdiction"]["region_code"], expected, "{code}");
    }
}

#[tokio::test]
async fn bad_input_is_reported_per_field() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let t = Some(admin.tokens.access.as_str());
    let r = app.post("/api/v1/admin/officials", t, &json!({"email": "x", "password": "short", "display_name": "", "jurisdiction_code": "4a"})).await;
    let p = expect_problem(r, 400, "validation_failed").await;
    let fields: Vec<String> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(
        fields,
        ["email", "password", "display_name", "jurisdiction_code"]
    );
    let r = app
        .post("/api/v1/admin/officials", t, &json!({"email": unique_email("o"), "password": PASSWORD, "display_name": "x", "jurisdiction_code": "419999"}))
        .await;
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(
        p.field_codes(),
        vec![("jurisdiction_code".into(), "unknown_region".into())]
    );
    let r = app.post("/api/v1/admin/officials", t, &json!({"email": unique_email("o"), "password": PASSWORD, "display_name": "x", "jurisdiction_code": "41", "role": "admin"})).await;
    expect_problem(r, 400, "unknown_field").await;
    let r = app.post("/api/v1/admin/officials", t, &json!({"email": admin.email, "password": PASSWORD, "display_name": "x", "jurisdiction_code": "41"})).await;
    expect_problem(r, 409, "email_taken").await;
}

#[tokio::test]
async fn idempotency_key_replays_and_refuses_another_body() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let key = uuid::Uuid::new_v4().to_string();
    let body = json!({"email": unique_email("o"), "password": PASSWORD, "display_name": "王干事", "jurisdiction_code": "411224"});
    let send = |b: Value, k: String| {
        let app = &app;
        let token = admin.tokens.access.clone();
        async move {
            app.request(
                reqwest::Method::POST,
                "/api/v1/admin/officials",
                Some(&token),
            )
            .header("Idempotency-Key", k)
            .json(&b)
            .send()
            .await
            .unwrap()
        }
    };
    let first = send(body.clone(), key.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    let replay = send(body.clone(), key.clone()).await;
    assert_eq!(replay.status(), 201);
    assert_eq!(replay.headers()["idempotent-replayed"], "true");
    assert_eq!(replay.json::<Value>().await.unwrap(), first);
    let mut other = body.clone();
    other["jurisdiction_code"] = json!("41");
    expect_problem(
        send(other, key.clone()).await,
        422,
        "idempotency_key_reused",
    )
    .await;
    expect_problem(
        send(body.clone(), "not-a-uuid".into()).await,
        400,
        "idempotency_key_invalid",
    )
    .await;
    // A failed request's problem is replayed too.
    let bad = json!({"email": "bad", "password": PASSWORD, "display_name": "x", "jurisdiction_code": "41"});
    let k2 = uuid::Uuid::new_v4().to_string();
    expect_problem(
        send(bad.clone(), k2.clone()).await,
        400,
        "validation_failed",
    )
    .await;
    expect_problem(send(bad, k2).await, 400, "validation_failed").await;
    // Only one official was created.
    let login = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": body["email"], "password": PASSWORD}),
        )
        .await;
    assert_eq!(login.status(), 200);
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    let mut conn = app.conn().await;
    let n: i64 = bangfu::schema::users::table
        .filter(bangfu::schema::users::role.eq("official"))
        .count()
        .get_result(&mut conn)
        .await
        .unwrap();
    assert_eq!(n, 1);
}
