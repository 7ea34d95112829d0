//! Authentication hardening (issue 14, items 5–8), tried from outside as an attacker would: a raced
//! login throttle, forwarded addresses, argon2 floods, tokens outliving logout, password reset and
//! demotion. The refresh cookie and the binary's refusals are in auth_cookie.rs.

use crate::helpers::app::{donor_body, expect_problem, unique_email, PASSWORD};
use crate::helpers::TestApp;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};

async fn login_status(app: &TestApp, email: &str, password: &str, xff: Option<&str>) -> u16 {
    let mut r = app
        .request(Method::POST, "/api/v1/auth/login", None)
        .json(&json!({"email": email, "password": password}));
    if let Some(x) = xff {
        r = r.header("X-Forwarded-For", x);
    }
    r.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn sixty_parallel_wrong_passwords_get_at_most_the_limit_of_401s() {
    let app = TestApp::spawn().await; // 5 failures per account
    let donor = app.donor().await;
    let tries = (0..60).map(|i| {
        let (app, email) = (&app, donor.email.clone());
        async move { login_status(app, &email, &format!("wrong-password-{i:03}"), None).await }
    });
    let statuses = futures_util::future::join_all(tries).await;
    let unauthorized = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert!(unauthorized <= 5, "{unauthorized} guesses were checked");
    assert_eq!(unauthorized + throttled, 60, "{statuses:?}");
}

#[tokio::test]
async fn forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy() {
    let app = TestApp::builder()
        .var("BANGFU_LOGIN_MAX_FAILURES_PER_ADDRESS", "3")
        .spawn()
        .await;
    // Rotating a spoofed header does not escape the address limit.
    for i in 0..3 {
        let s = login_status(
            &app,
            &unique_email("x"),
            "wrong-password-1",
            Some(&format!("198.51.100.{i}")),
        )
        .await;
        assert_eq!(s, 401);
    }
    let s = login_status(
        &app,
        &unique_email("x"),
        "wrong-password-1",
        Some("198.51.100.99"),
    )
    .await;
    assert_eq!(s, 429);
}

#[tokio::test]
async fn behind_a_trusted_proxy_one_noisy_client_does_not_lock_out_the_others() {
    let app = TestApp::builder()
        .var("BANGFU_LOGIN_MAX_FAILURES_PER_ADDRESS", "3")
        .var("BANGFU_TRUSTED_PROXIES", "127.0.0.1/32, ::1")
        .spawn()
        .await;
    let donor = app.donor().await;
    for _ in 0..3 {
        let s = login_status(
            &app,
            &unique_email("x"),
            "wrong-password-1",
            Some("203.0.113.5"),
        )
        .await;
        assert_eq!(s, 401);
    }
    assert_eq!(
        login_status(
            &app,
            &unique_email("x"),
            "wrong-password-1",
            Some("203.0.113.5")
        )
        .await,
        429
    );
    // Another client behind the same proxy signs in; so does one the client claims to forward for.
    assert_eq!(
        login_status(&app, &donor.email, PASSWORD, Some("203.0.113.6")).await,
        200
    );
    assert_eq!(
        login_status(&app, &donor.email, PASSWORD, Some("1.2.3.4, 203.0.113.7")).await,
        200
    );
    // IPv6 clients count by their /64.
    for host in ["2001:db8::1", "2001:db8::2", "2001:db8::3"] {
        assert_eq!(
            login_status(&app, &unique_email("x"), "wrong-password-1", Some(host)).await,
            401
        );
    }
    assert_eq!(
        login_status(
            &app,
            &unique_email("x"),
            "wrong-password-1",
            Some("2001:db8::ffff")
        )
        .await,
        429
    );
    assert_eq!(
        login_status(
            &app,
            &unique_email("x"),
            "wrong-password-1",
            Some("2001:db8:0:1::1")
        )
        .await,
        401
    );
}

#[tokio::test]
async fn argon2_hashes_are_bounded_and_the_excess_gets_503_overloaded() {
    let app = TestApp::builder()
        .var("BANGFU_ARGON2_MAX_CONCURRENT", "1")
        .var("BANGFU_ARGON2_QUEUE_WAIT_MS", "0")
        .spawn()
        .await;
    let regs = (0..12).map(|_| {
        let app = &app;
        async move {
            app.post(
                "/api/v1/auth/register",
                None,
                &donor_body(&unique_email("flood")),
            )
            .await
        }
    });
    let mut created = 0;
    let mut overloaded = 0;
    for r in futures_util::future::join_all(regs).await {
        match r.status().as_u16() {
            201 => created += 1,
            503 => {
                assert_eq!(r.headers()["retry-after"], "2");
                expect_problem(r, 503, "overloaded").await;
                overloaded += 1;
            }
            s => panic!("unexpected {s}"),
        }
    }
    assert!(
        created >= 1 && overloaded >= 1,
        "{created} created, {overloaded} refused"
    );
}

async fn me_status(app: &TestApp, access: &str) -> u16 {
    app.get("/api/v1/me", Some(access)).await.status().as_u16()
}

#[tokio::test]
async fn logout_retires_the_access_token_at_once() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let other_device = app.login(&donor.email, PASSWORD).await;
    assert_eq!(me_status(&app, &donor.tokens.access).await, 200);
    let r = app
        .post(
            "/api/v1/auth/logout",
            None,
            &json!({"refresh_token": donor.tokens.refresh}),
        )
        .await;
    assert_eq!(r.status(), 204);
    let r = app.get("/api/v1/me", Some(&donor.tokens.access)).await;
    expect_problem(r, 401, "invalid_token").await;
    // Other devices lost their access token too, but refresh once and carry on.
    assert_eq!(me_status(&app, &other_device.access).await, 401);
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": other_device.refresh}),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        me_status(&app, v["access_token"].as_str().unwrap()).await,
        200
    );
}

#[tokio::test]
async fn password_reset_retires_the_access_token_at_once() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let token = "a-reset-token-made-for-this-test-0123456789";
    {
        let mut conn = app.conn().await;
        bangfu::store::email_tokens::insert(
            &mut conn,
            &bangfu::auth::token_digest(token),
            donor.id,
            bangfu::store::email_tokens::RESET_PASSWORD,
            chrono::Utc::now() + chrono::Duration::hours(1),
        )
        .await
        .unwrap();
    }
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": "another-long-password-7"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    expect_problem(
        app.get("/api/v1/me", Some(&donor.tokens.access)).await,
        401,
        "invalid_token",
    )
    .await;
}

#[tokio::test]
async fn a_demoted_admins_token_no_longer_reaches_admin_endpoints() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut conn = app.conn().await;
    diesel::sql_query(format!(
        "UPDATE users SET role = 'donor' WHERE id = '{}'",
        admin.id
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    let r = app
        .post(
            "/api/v1/admin/officials",
            Some(&admin.tokens.access),
            &json!({"email": unique_email("o"), "password": PASSWORD, "display_name": "王", "jurisdiction_code": "411224"}),
        )
        .await;
    // The old token is refused outright; signing in again gives a donor's token, which is forbidden.
    expect_problem(r, 401, "invalid_token").await;
    let tokens = app.login(&admin.email, PASSWORD).await;
    let r = app
        .post(
            "/api/v1/admin/officials",
            Some(&tokens.access),
            &json!({"email": unique_email("o"), "password": PASSWORD, "display_name": "王", "jurisdiction_code": "411224"}),
        )
        .await;
    expect_problem(r, 403, "forbidden").await;
}
