//! Authentication hardening (issue 14, items 5–8, 10, 17), tried from outside as an attacker would:
//! a raced login throttle, forwarded addresses, argon2 floods, tokens outliving logout, password
//! reset and demotion, the refresh cookie, and the binary's production refusals.

use crate::helpers::app::{donor_body, expect_problem, unique_email, PASSWORD};
use crate::helpers::{TestApp, TestDb};
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
    expect_problem(r, 403, "forbidden").await;
}

fn refresh_cookie(r: &reqwest::Response) -> String {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("bangfu_refresh="))
        .expect("a bangfu_refresh cookie")
        .to_owned()
}

#[tokio::test]
async fn the_refresh_token_also_travels_as_an_httponly_cookie() {
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let r = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": donor.email, "password": PASSWORD}),
        )
        .await;
    let cookie = refresh_cookie(&r);
    let body: Value = r.json().await.unwrap();
    let token = body["refresh_token"].as_str().unwrap();
    assert!(
        cookie.starts_with(&format!("bangfu_refresh={token};")),
        "{cookie}"
    );
    for attr in [
        "HttpOnly",
        "SameSite=Strict",
        "Path=/api/v1/auth",
        "Max-Age=2592000",
    ] {
        assert!(cookie.contains(attr), "{attr} in {cookie}");
    }
    assert!(
        !cookie.contains("Secure"),
        "plain http in development: {cookie}"
    );

    // `{}` refreshes with the cookie and sets the next one.
    let r = app
        .request(Method::POST, "/api/v1/auth/refresh", None)
        .header("Cookie", format!("theme=dark; bangfu_refresh={token}"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let next = refresh_cookie(&r);
    let next_token = next["bangfu_refresh=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    assert_ne!(next_token, token);
    // The body field still works for API clients (and wins over a cookie).
    let r = app
        .request(Method::POST, "/api/v1/auth/refresh", None)
        .header("Cookie", "bangfu_refresh=stale")
        .json(&json!({"refresh_token": next_token}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let last = refresh_cookie(&r)["bangfu_refresh=".len()..]
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    // Logout by cookie: 204, the cookie cleared, the token dead.
    let r = app
        .request(Method::POST, "/api/v1/auth/logout", None)
        .header("Cookie", format!("bangfu_refresh={last}"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let cleared = refresh_cookie(&r);
    assert!(
        cleared.starts_with("bangfu_refresh=;") && cleared.contains("Max-Age=0"),
        "{cleared}"
    );
    let r = app
        .request(Method::POST, "/api/v1/auth/refresh", None)
        .header("Cookie", format!("bangfu_refresh={last}"))
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    expect_problem(r, 401, "invalid_refresh_token").await;
    // Neither body nor cookie: 401, not a field error.
    let r = app.post("/api/v1/auth/refresh", None, &json!({})).await;
    expect_problem(r, 401, "invalid_refresh_token").await;
}

#[tokio::test]
async fn the_cookie_is_secure_when_the_site_is_https() {
    let app = TestApp::builder()
        .var("BANGFU_PUBLIC_URL", "https://bangfu.example.cn")
        .spawn()
        .await;
    let donor = app.donor().await;
    let r = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": donor.email, "password": PASSWORD}),
        )
        .await;
    assert!(refresh_cookie(&r).contains("; Secure"));
}

#[tokio::test]
async fn unsubscribe_links_are_not_signed_with_the_jwt_secret() {
    use hmac::{Hmac, Mac};
    let app = TestApp::spawn().await;
    let donor = app.donor().await;
    let tag = |key: &[u8]| {
        let mut mac = <Hmac<sha2::Sha256> as Mac>::new_from_slice(key).unwrap();
        mac.update(format!("unsubscribe:{}:need_approved", donor.id).as_bytes());
        hex::encode(&mac.finalize().into_bytes()[..16])
    };
    let link = |t: String| format!("/mail/unsubscribe?u={}&k=need_approved&t={t}", donor.id);
    let forged = tag(crate::helpers::app::JWT_SECRET.as_bytes());
    assert_eq!(app.get(&link(forged), None).await.status(), 400);
    let secret = std::fs::read_to_string(app.data_dir().join("unsubscribe_secret")).unwrap();
    assert_eq!(
        app.get(&link(tag(secret.trim().as_bytes())), None)
            .await
            .status(),
        200
    );
}

fn bangfu() -> std::process::Command {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_bangfu"));
    c.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default());
    c
}

#[test]
fn production_refuses_to_start_without_smtp_and_seed_demo_refuses_in_production() {
    let dir = tempfile::tempdir().unwrap();
    let production = |c: &mut std::process::Command| {
        c.env("BANGFU_DATA_DIR", dir.path())
            .env("BANGFU_ENV", "production")
            .env("DATABASE_URL", "postgres://postgres@127.0.0.1:1/none")
            .env("BANGFU_JWT_SECRET", "0123456789abcdef0123456789abcdef")
            .env(
                "BANGFU_ID_DIGEST_KEY",
                "id-digest-key-id-digest-key-0123456",
            )
            .env(
                "BANGFU_UNSUBSCRIBE_SECRET",
                "unsubscribe-key-unsubscribe-key-01",
            );
    };
    let mut serve = bangfu();
    production(&mut serve);
    let out = serve.arg("serve").output().unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("SMTP_URL"));

    let mut seed = bangfu();
    production(&mut seed);
    let out = seed
        .env("SMTP_URL", "smtp://mail.example.cn:587")
        .args(["seed", "demo"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("refuses to run in production"));
}

#[tokio::test]
async fn admin_create_takes_no_password_argument_only_stdin() {
    let db = TestDb::new().await;
    let dir = tempfile::tempdir().unwrap();
    let base = |c: &mut std::process::Command| {
        c.env("DATABASE_URL", &db.url)
            .env("BANGFU_DATA_DIR", dir.path());
    };
    let mut argv = bangfu();
    base(&mut argv);
    let out = argv
        .args([
            "admin",
            "create",
            "--email",
            "a@example.cn",
            "--password",
            PASSWORD,
            "--name",
            "A",
        ])
        .output()
        .unwrap();
    assert!(
        !out.status.success(),
        "a password on the command line is refused"
    );
    // Without a terminal and without --password-stdin it explains itself instead of hanging.
    let mut no_tty = bangfu();
    base(&mut no_tty);
    let out = no_tty
        .args(["admin", "create", "--email", "a@example.cn", "--name", "A"])
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--password-stdin"));
}
