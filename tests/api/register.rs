use crate::helpers::app::{
    donor_body, expect_problem, unique_email, CREDIT_CODES, LUSHI_VILLAGE, PASSWORD,
};
use crate::helpers::{Problem, TestApp};
use serde_json::json;

#[tokio::test]
async fn donor_registers_and_sees_itself() {
    let app = TestApp::spawn().await;
    let email = unique_email("Donor");
    let resp = app
        .post("/api/v1/auth/register", None, &donor_body(&email))
        .await;
    assert_eq!(resp.status(), 201);
    let body: serde_json::Value = resp.json().await.unwrap();
    assert_eq!(body["email"], email.to_lowercase());
    assert_eq!(body["role"], "donor");
    assert!(body.get("password").is_none() && body.get("password_hash").is_none());
    let tokens = app.login(&email.to_uppercase(), PASSWORD).await;
    let me: serde_json::Value = app
        .get("/api/v1/me", Some(&tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["id"], body["id"]);
}

#[tokio::test]
async fn email_is_unique_case_insensitively() {
    let app = TestApp::spawn().await;
    let email = unique_email("dup");
    app.register(donor_body(&email)).await;
    let resp = app
        .post(
            "/api/v1/auth/register",
            None,
            &donor_body(&email.to_uppercase()),
        )
        .await;
    expect_problem(resp, 409, "email_taken").await;
}

#[tokio::test]
async fn organizations_need_a_valid_credit_code() {
    let app = TestApp::spawn().await;
    let ent = app.enterprise(CREDIT_CODES[0]).await;
    assert_eq!(ent.body["organization"]["credit_code"], CREDIT_CODES[0]);
    assert_eq!(ent.body["organization"]["verified"], false);
    let org = app.social_org(CREDIT_CODES[3]).await;
    assert_eq!(org.body["organization"]["kind"], "social_org");

    for (code, field_code) in [
        ("914403001922038217", "check_character"),
        ("91350100M000100Y4", "length"),
        ("91350100I000100Y43", "invalid_character"),
    ] {
        let resp = app
            .post("/api/v1/auth/register", None, &json!({"email": unique_email("e"), "password": PASSWORD,
                "display_name": "x", "role": "enterprise", "organization": {"name": "某公司", "credit_code": code}}))
            .await;
        let p = expect_problem(resp, 400, "validation_failed").await;
        assert_eq!(
            p.field_codes(),
            vec![("organization.credit_code".into(), field_code.into())],
            "{code}"
        );
    }
    // The same code twice is refused with its own code.
    let resp = app
        .post("/api/v1/auth/register", None, &json!({"email": unique_email("e"), "password": PASSWORD,
            "display_name": "x", "role": "enterprise", "organization": {"name": "另一公司", "credit_code": CREDIT_CODES[0].to_lowercase()}}))
        .await;
    expect_problem(resp, 409, "credit_code_taken").await;
    // An enterprise without an organization, a donor with one.
    let resp = app
        .post("/api/v1/auth/register", None, &json!({"email": unique_email("e"), "password": PASSWORD, "display_name": "x", "role": "enterprise"}))
        .await;
    assert_eq!(
        expect_problem(resp, 400, "validation_failed")
            .await
            .field_codes(),
        vec![("organization".into(), "required".into())]
    );
    let resp = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": unique_email("e"), "password": PASSWORD, "display_name": "x",
            "role": "donor", "organization": {"name": "某公司", "credit_code": CREDIT_CODES[1]}}),
        )
        .await;
    assert_eq!(
        expect_problem(resp, 400, "validation_failed")
            .await
            .field_codes(),
        vec![("organization".into(), "not_allowed".into())]
    );
}

#[tokio::test]
async fn household_registers_in_a_real_village_and_its_id_number_is_only_masked() {
    let app = TestApp::spawn().await;
    let id_number = "411224198506120030";
    let body = json!({"email": unique_email("hh"), "password": PASSWORD, "display_name": "张家", "role": "household",
        "household": {"head_name": "张建国", "region_code": LUSHI_VILLAGE, "id_number": id_number, "phone": "13812345678", "size": 4}});
    let resp = app.post("/api/v1/auth/register", None, &body).await;
    assert_eq!(resp.status(), 201);
    let text = resp.text().await.unwrap();
    assert!(
        !text.contains(id_number),
        "the full ID number must never be returned: {text}"
    );
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["household"]["id_number_masked"], "41**************30");
    assert_eq!(v["household"]["region_code"], LUSHI_VILLAGE);

    let tokens = app.login(body["email"].as_str().unwrap(), PASSWORD).await;
    let me = app
        .get("/api/v1/me", Some(&tokens.access))
        .await
        .text()
        .await
        .unwrap();
    assert!(!me.contains(id_number) && me.contains("41**************30"));

    // Nothing in the database holds the number in clear.
    use diesel_async::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        t: String,
    }
    let mut conn = app.conn().await;
    let rows: Vec<Row> = diesel::sql_query(
        "SELECT row_to_json(h)::text AS t FROM households h UNION ALL SELECT row_to_json(u)::text FROM users u \
         UNION ALL SELECT row_to_json(a)::text FROM audit_events a",
    )
    .load(&mut conn)
    .await
    .unwrap();
    assert!(rows.iter().all(|r| !r.t.contains(id_number)));

    // Registration does not tell whether the number is known: an official of the village confirms
    // it later, and only then is it checked (tests/api/register_privacy.rs).
    let mut again = body.clone();
    again["email"] = json!(unique_email("hh2"));
    let resp = app.post("/api/v1/auth/register", None, &again).await;
    assert_eq!(resp.status(), 201);
}

#[tokio::test]
async fn household_fields_are_checked() {
    let app = TestApp::spawn().await;
    let base = |h: serde_json::Value| json!({"email": unique_email("hh"), "password": PASSWORD, "display_name": "张家", "role": "household", "household": h});
    let cases = [
        (
            json!({"head_name": "张", "region_code": "411224"}),
            vec![("household.region_code", "not_a_village")],
        ),
        (
            json!({"head_name": "张", "region_code": "41122410120x"}),
            vec![("household.region_code", "invalid_region_code")],
        ),
        (
            json!({"head_name": "张", "region_code": "411224199999"}),
            vec![("household.region_code", "unknown_region")],
        ),
        (
            json!({"head_name": "张", "region_code": LUSHI_VILLAGE, "id_number": "110105194912310021"}),
            vec![("household.id_number", "check_digit")],
        ),
        (
            json!({"head_name": "张", "region_code": LUSHI_VILLAGE, "id_number": "4112241985"}),
            vec![("household.id_number", "format")],
        ),
        (
            json!({"head_name": "张", "region_code": LUSHI_VILLAGE, "phone": "12345"}),
            vec![("household.phone", "invalid_phone")],
        ),
        (
            json!({"head_name": "", "region_code": LUSHI_VILLAGE, "size": 0}),
            vec![
                ("household.head_name", "length"),
                ("household.size", "out_of_range"),
            ],
        ),
    ];
    for (h, expected) in cases {
        let resp = app
            .post("/api/v1/auth/register", None, &base(h.clone()))
            .await;
        let p = expect_problem(resp, 400, "validation_failed").await;
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(f, c)| ((*f).to_owned(), (*c).to_owned()))
            .collect();
        assert_eq!(p.field_codes(), expected, "{h}");
    }
    let resp = app
        .post("/api/v1/auth/register", None, &json!({"email": unique_email("hh"), "password": PASSWORD, "display_name": "x", "role": "household"}))
        .await;
    expect_problem(resp, 400, "validation_failed").await;
}

#[tokio::test]
async fn every_violation_is_reported_at_once() {
    let app = TestApp::spawn().await;
    let resp = app
        .post("/api/v1/auth/register", None, &json!({"email": "not-an-email", "password": "short", "display_name": "", "role": "official"}))
        .await;
    let p = expect_problem(resp, 400, "validation_failed").await;
    let fields: Vec<String> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    assert_eq!(fields, ["email", "password", "display_name", "role"]);
    assert!(p
        .field_codes()
        .contains(&("role".into(), "not_self_registrable".into())));
}

#[tokio::test]
async fn weak_and_common_passwords_are_refused() {
    let app = TestApp::spawn().await;
    for (pw, code) in [
        ("short1", "too_short"),
        ("1234567890", "too_common"),
        ("Password123", "too_common"),
        ("qwertyuiop", "too_common"),
    ] {
        let mut body = donor_body(&unique_email("pw"));
        body["password"] = json!(pw);
        let p = Problem::read(app.post("/api/v1/auth/register", None, &body).await).await;
        assert_eq!(
            p.field_codes(),
            vec![("password".into(), code.into())],
            "{pw}"
        );
    }
}

#[tokio::test]
async fn officials_and_admins_cannot_self_register() {
    let app = TestApp::spawn().await;
    for role in ["official", "admin"] {
        let mut body = donor_body(&unique_email(role));
        body["role"] = json!(role);
        let p = expect_problem(
            app.post("/api/v1/auth/register", None, &body).await,
            400,
            "validation_failed",
        )
        .await;
        assert_eq!(
            p.field_codes(),
            vec![("role".into(), "not_self_registrable".into())]
        );
    }
}
