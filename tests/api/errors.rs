use crate::helpers::app::expect_problem;
use crate::helpers::TestApp;
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn malformed_bodies_are_problems_not_crashes() {
    let app = TestApp::spawn().await;
    let raw = |body: &'static str, ct: &'static str| {
        let app = &app;
        async move {
            app.client
                .post(app.url("/api/v1/auth/register"))
                .header("content-type", ct)
                .body(body)
                .send()
                .await
                .unwrap()
        }
    };
    expect_problem(raw("{not json", "application/json").await, 400, "bad_json").await;
    expect_problem(raw("", "application/json").await, 400, "bad_json").await;
    expect_problem(
        raw("[1,2]", "application/json").await,
        400,
        "validation_failed",
    )
    .await;
    expect_problem(
        raw(r#"{"email": 5}"#, "application/json").await,
        400,
        "validation_failed",
    )
    .await;
    expect_problem(
        raw("email=a", "application/x-www-form-urlencoded").await,
        415,
        "unsupported_media_type",
    )
    .await;
    let p = expect_problem(
        app.post("/api/v1/auth/register", None, &json!({"email": "a@b.cn", "password": "x", "display_name": "x", "role": "donor", "is_admin": true})).await,
        400,
        "unknown_field",
    )
    .await;
    assert_eq!(p.body["field"], "is_admin");
    // Unknown fields inside nested objects too.
    let p = expect_problem(
        app.post(
            "/api/v1/auth/register",
            None,
            &json!({"email": "a@b.cn", "password": "x", "display_name": "x", "role": "household",
            "household": {"head_name": "x", "region_code": "411224101200", "verified": true}}),
        )
        .await,
        400,
        "unknown_field",
    )
    .await;
    assert_eq!(p.body["field"], "household.verified");
    let p = expect_problem(
        app.post("/api/v1/auth/login", None, &json!({"email": "a@b.cn"}))
            .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes()[0].0, "password");
}

#[tokio::test]
async fn oversized_body_is_413() {
    let app = TestApp::spawn().await;
    let big = "x".repeat(300 * 1024);
    let r = app
        .post(
            "/api/v1/auth/register",
            None,
            &json!({"email": big, "password": "x", "display_name": "x", "role": "donor"}),
        )
        .await;
    expect_problem(r, 413, "payload_too_large").await;
}

#[tokio::test]
async fn unknown_paths_and_wrong_methods() {
    let app = TestApp::spawn().await;
    expect_problem(
        app.get("/api/v1/nothing-here", None).await,
        404,
        "not_found",
    )
    .await;
    expect_problem(app.get("/no/such/page", None).await, 404, "not_found").await;
    let r = app
        .request(Method::DELETE, "/api/v1/me", None)
        .send()
        .await
        .unwrap();
    expect_problem(r, 405, "method_not_allowed").await;
    let r = app
        .request(Method::GET, "/api/v1/auth/login", None)
        .send()
        .await
        .unwrap();
    expect_problem(r, 405, "method_not_allowed").await;
    let r = app
        .request(Method::PUT, "/healthz", None)
        .send()
        .await
        .unwrap();
    expect_problem(r, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn hostile_strings_never_cause_a_server_error() {
    let app = TestApp::spawn().await;
    let nasty = [
        "'; DROP TABLE users; --",
        "\u{0000}",
        "😀".repeat(1000).as_str().to_owned().leak(),
        "%00",
        "../../etc/passwd",
        "\u{202e}abc",
    ];
    for s in nasty {
        for body in [
            json!({"email": s, "password": s, "display_name": s, "role": s}),
            json!({"email": format!("{s}@x.cn"), "password": "a-long-test-password-1", "display_name": s, "role": "household",
                "household": {"head_name": s, "region_code": s, "id_number": s, "phone": s}}),
        ] {
            let r = app.post("/api/v1/auth/register", None, &body).await;
            assert!(
                r.status().is_client_error() || r.status() == 201,
                "{} for {s:?}",
                r.status()
            );
        }
        let r = app
            .post(
                "/api/v1/auth/login",
                None,
                &json!({"email": s, "password": s}),
            )
            .await;
        assert!(r.status().is_client_error());
        let r = app
            .get(&format!("/api/v1/regions/{}", urlencode(s)), None)
            .await;
        assert!(r.status().is_client_error());
    }
    assert_eq!(app.get("/readyz", None).await.status(), 200);
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
