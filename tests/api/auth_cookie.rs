//! The refresh token as an HttpOnly cookie, the unsubscribe links' own key, and the binary's
//! production refusals (issue 14, items 10 and 17), tried from outside.

use crate::helpers::app::{expect_problem, PASSWORD};
use crate::helpers::{TestApp, TestDb};
use reqwest::Method;
use serde_json::{json, Value};

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
