//! Mail against a real SMTP server on loopback (aiosmtpd): account mail end to end, every
//! notification to the right people in their language, SMTP down and back, two workers, a
//! permanent refusal, and the .eml files written without SMTP.

use crate::helpers::app::{donor_body, expect_problem, unique_email, Account, PASSWORD};
use crate::helpers::smtp::SmtpServer;
use crate::helpers::TestApp;
use crate::needs_fixture::{World, HEAD_NAME, ID_NUMBER, PHONE};
use crate::pledges::{act, pledge};
use bangfu::jobs::{Registry, Runner};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

async fn app_with(smtp: &SmtpServer) -> TestApp {
    TestApp::builder()
        .var("SMTP_URL", &smtp.url())
        .var("BANGFU_JOB_WORKERS", "2")
        .spawn()
        .await
}

async fn sql(app: &TestApp, q: String) {
    let mut conn = app.conn().await;
    diesel_async::RunQueryDsl::execute(diesel::sql_query(q), &mut conn)
        .await
        .unwrap();
}

async fn run_job(app: &TestApp, kind: &str) {
    let mut conn = app.conn().await;
    bangfu::jobs::enqueue(&mut conn, kind, json!({}))
        .await
        .unwrap();
    let runner = Runner::new(app.pool.clone(), Registry::standard());
    while runner.run_once_of(kind).await.unwrap() {}
}

fn token_of(link: &str) -> String {
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

#[tokio::test]
async fn each_notification_reaches_the_right_people_in_their_language() {
    let smtp = SmtpServer::start().await;
    let w = World::with_app(app_with(&smtp).await).await;
    let hh = w.household.email.clone();
    let donor = w.donor.email.clone();
    // The donor reads English.
    let r = w
        .app
        .request(
            Method::PATCH,
            "/api/v1/me/notifications",
            Some(&w.donor.tokens.access),
        )
        .json(&json!({"language": "en"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    expect_problem(
        w.app
            .request(
                Method::PATCH,
                "/api/v1/me/notifications",
                Some(&w.donor.tokens.access),
            )
            .json(&json!({"notifications": {"verify_email": false}}))
            .send()
            .await
            .unwrap(),
        400,
        "validation_failed",
    )
    .await;

    // Need approved and rejected: to the household, in Chinese.
    let need = w.open_need("需要一台电动轮椅").await;
    let approved = smtp.mail_to(&hh, "需求已通过审核").await;
    assert!(approved.text.contains("需要一台电动轮椅") && approved.list_unsubscribe.is_some());
    let rejected = w.pending_need("冬季棉被两床").await;
    w.review(
        &w.county.tokens.access,
        &rejected,
        json!({"decision": "reject", "reason": "请补充照片"}),
    )
    .await;
    assert!(smtp
        .mail_to(&hh, "未通过审核")
        .await
        .text
        .contains("请补充照片"));

    // A pledge: the household hears of it; approval, delivery and confirmation follow.
    let p: Value = pledge(&w, &w.donor.tokens.access, &need, 1)
        .await
        .json()
        .await
        .unwrap();
    let pid = p["id"].as_str().unwrap().to_owned();
    assert!(
        smtp.mail_to(&hh, "有人认捐").await.text.contains("陈**"),
        "the supporter's public name"
    );
    let r = act(
        &w,
        Some(&w.county.tokens.access),
        &pid,
        "approve",
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 200);
    let to_donor = smtp.mail_to(&donor, "Pledge approved").await;
    assert!(to_donor.text.contains("receipt code") && to_donor.html.contains("<html lang=\"en\">"));
    for private in [HEAD_NAME, PHONE, ID_NUMBER, &w.household_id] {
        assert!(
            !to_donor.raw.contains(private),
            "a supporter's mail carries no household data"
        );
    }
    act(
        &w,
        Some(&w.donor.tokens.access),
        &pid,
        "deliver",
        json!({"note": "已送到家中"}),
    )
    .await;
    assert!(smtp
        .mail_to(&hh, "物品已送出")
        .await
        .text
        .contains("已送到家中"));
    act(
        &w,
        Some(&w.household.tokens.access),
        &pid,
        "confirm",
        json!({"rating": 5, "thanks": "谢谢好心人"}),
    )
    .await;
    let thanks = smtp.mail_to(&donor, "Receipt confirmed").await;
    assert!(thanks.text.contains("谢谢好心人") && thanks.text.contains('5'));

    // A rejected pledge, with its reason.
    let need2 = w.open_need("学生书包文具").await;
    let p2: Value = pledge(&w, &w.donor.tokens.access, &need2, 1)
        .await
        .json()
        .await
        .unwrap();
    let p2 = p2["id"].as_str().unwrap().to_owned();
    act(
        &w,
        Some(&w.county.tokens.access),
        &p2,
        "reject",
        json!({"reason": "已由村里解决"}),
    )
    .await;
    assert!(smtp
        .mail_to(&donor, "Pledge not approved")
        .await
        .text
        .contains("已由村里解决"));

    // About to expire (three days before), then expired.
    let need3 = w.open_need("透析交通补助").await;
    let p3: Value = pledge(&w, &w.donor.tokens.access, &need3, 1)
        .await
        .json()
        .await
        .unwrap();
    let p3 = p3["id"].as_str().unwrap().to_owned();
    act(&w, Some(&w.county.tokens.access), &p3, "approve", json!({})).await;
    sql(
        &w.app,
        format!("UPDATE pledges SET expires_at = now() + interval '2 days' WHERE id = '{p3}'"),
    )
    .await;
    run_job(&w.app, bangfu::jobs::mail::REMINDERS).await;
    run_job(&w.app, bangfu::jobs::mail::REMINDERS).await;
    smtp.mail_to(&donor, "about to expire").await;
    sql(
        &w.app,
        format!("UPDATE pledges SET expires_at = now() - interval '1 minute' WHERE id = '{p3}'"),
    )
    .await;
    run_job(&w.app, bangfu::jobs::pledges::EXPIRE).await;
    smtp.mail_to(&donor, "Pledge expired").await;

    // A complaint answered (to the complainant), one escalated (to the officials now in charge).
    let c: Value = w
        .app
        .post(
            "/api/v1/complaints",
            Some(&w.donor.tokens.access),
            &json!({"subject_type": "need", "subject_id": need, "body": "描述与实际情况不符"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let c = c["id"].as_str().unwrap().to_owned();
    let r = w
        .app
        .post(
            &format!("/api/v1/complaints/{c}/resolve"),
            Some(&w.township.tokens.access),
            &json!({"response": "已核实，情况属实"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert!(smtp
        .mail_to(&donor, "complaint was answered")
        .await
        .text
        .contains("已核实"));
    let c2: Value = w
        .app
        .post(
            "/api/v1/complaints",
            Some(&w.donor.tokens.access),
            &json!({"subject_type": "pledge", "subject_id": pid, "body": "物品有破损，请核实"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let c2 = c2["id"].as_str().unwrap().to_owned();
    sql(
        &w.app,
        format!("UPDATE complaints SET created_at = now() - interval '8 days' WHERE id = '{c2}'"),
    )
    .await;
    run_job(&w.app, bangfu::jobs::pledges::ESCALATE).await;
    smtp.mail_to(&w.county.email, "升级").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !smtp
            .messages()
            .iter()
            .any(|m| m.to == w.township.email && m.subject.contains("升级")),
        "the township had it already"
    );

    // The daily digest, once a day, to officials with something waiting.
    w.pending_need("危房修缮材料").await;
    run_job(&w.app, bangfu::jobs::mail::DIGEST).await;
    run_job(&w.app, bangfu::jobs::mail::DIGEST).await;
    let digest = smtp.mail_to(&w.county.email, "帮扶每日待办").await;
    assert!(digest.text.contains("待审核需求：1"), "{}", digest.text);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(
        smtp.messages()
            .iter()
            .filter(|m| m.to == w.county.email && m.subject.contains("每日"))
            .count(),
        1
    );
    assert!(
        !smtp
            .messages()
            .iter()
            .any(|m| m.to == w.neighbour.email && m.subject.contains("每日")),
        "nothing waits in Mianchi"
    );

    // One-click unsubscribe (RFC 8058): the donor turns off approvals; the next one sends nothing.
    assert_eq!(
        to_donor.list_unsubscribe_post.as_deref(),
        Some("List-Unsubscribe=One-Click")
    );
    let url = to_donor.list_unsubscribe.clone().unwrap();
    let url = url
        .trim_start_matches('<')
        .trim_end_matches('>')
        .replace("http://127.0.0.1:8080", "");
    let r = w
        .app
        .client
        .post(w.app.url(&url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let forged = url.replace("&t=", "&t=0");
    assert_eq!(
        w.app
            .client
            .post(w.app.url(&forged))
            .send()
            .await
            .unwrap()
            .status(),
        400
    );
    let settings: Value = w
        .app
        .get("/api/v1/me/notifications", Some(&w.donor.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(settings["notifications"]["pledge_approved"], false);
    let need4 = w.open_need("化肥十袋").await;
    let p4: Value = pledge(&w, &w.donor.tokens.access, &need4, 1)
        .await
        .json()
        .await
        .unwrap();
    act(
        &w,
        Some(&w.county.tokens.access),
        p4["id"].as_str().unwrap(),
        "approve",
        json!({}),
    )
    .await;
    smtp.wait_for(3, |m| m.to == hh && m.subject.contains("有人认捐"))
        .await;
    tokio::time::sleep(Duration::from_millis(1500)).await;
    assert_eq!(
        smtp.messages()
            .iter()
            .filter(|m| m.to == donor && m.subject.contains("Pledge approved"))
            .count(),
        2,
        "two before unsubscribing, none after"
    );
}

#[tokio::test]
async fn smtp_down_then_up_delivers_once() {
    let mut smtp = SmtpServer::start().await;
    let w = World::with_app(app_with(&smtp).await).await;
    smtp.stop();
    let need = w.open_need("需要一台电动轮椅").await;
    // The job waits with its last error.
    let mut error = None;
    for _ in 0..100 {
        let mut conn = w.app.conn().await;
        let e: Option<Option<String>> = {
            use bangfu::schema::jobs;
            use diesel::prelude::*;
            use diesel_async::RunQueryDsl;
            jobs::table
                .filter(jobs::kind.eq(bangfu::mail::SEND))
                .filter(jobs::state.eq("queued"))
                .filter(jobs::payload.retrieve_as_text("kind").eq("need_approved"))
                .select(jobs::last_error)
                .first(&mut conn)
                .await
                .optional()
                .unwrap()
        };
        if let Some(Some(e)) = e {
            error = Some(e);
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert!(error.is_some(), "the mail job records why it failed");
    smtp.start_again().await;
    let got = smtp
        .wait_for(1, |m| m.subject.contains("需求已通过审核"))
        .await;
    assert!(got[0].text.contains("需要一台电动轮椅"), "{need}");
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        smtp.messages()
            .iter()
            .filter(|m| m.subject.contains("需求已通过审核"))
            .count(),
        1
    );
}

#[tokio::test]
async fn two_sets_of_workers_send_each_mail_once() {
    let smtp = SmtpServer::start().await;
    let app = TestApp::builder()
        .var("SMTP_URL", &smtp.url())
        .var("BANGFU_JOB_WORKERS", "3")
        .spawn()
        .await;
    // A second set of workers on the same database, as a second server would run.
    let mut vars = std::collections::HashMap::new();
    vars.insert("DATABASE_URL".to_owned(), app.db.url.clone());
    vars.insert("SMTP_URL".to_owned(), smtp.url());
    vars.insert(
        "BANGFU_JWT_SECRET".to_owned(),
        crate::helpers::app::JWT_SECRET.to_owned(),
    );
    vars.insert(
        "BANGFU_DATA_DIR".to_owned(),
        app.data_dir().display().to_string(),
    );
    let config = std::sync::Arc::new(bangfu::config::Config::from_vars(&vars).unwrap());
    let mailer = std::sync::Arc::new(bangfu::mail::Mailer::from_config(&config).unwrap());
    let registry = Registry::default().register(bangfu::mail::SEND, move |ctx, payload| {
        bangfu::mail::deliver(mailer.clone(), config.clone(), ctx, payload)
    });
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let workers = Runner::new(app.pool.clone(), registry)
        .poll_interval(Duration::from_millis(20))
        .spawn(3, stopped);
    let accounts: Vec<Account> = futures_util::future::join_all(
        (0..20).map(|_| app.register_unverified(donor_body(&unique_email("two")))),
    )
    .await;
    for a in &accounts {
        smtp.mail_to(&a.email, "请验证").await;
    }
    tokio::time::sleep(Duration::from_secs(1)).await;
    let mut ids: Vec<String> = smtp.messages().into_iter().map(|m| m.message_id).collect();
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!((n, ids.len()), (20, 20), "twenty mails, each once");
    stop.send(true).unwrap();
    for w in workers {
        w.await.unwrap();
    }
}

#[tokio::test]
async fn a_permanent_refusal_fails_the_job_and_admins_can_retry_it() {
    let smtp = SmtpServer::start().await;
    let app = app_with(&smtp).await;
    let admin = app.admin().await;
    app.register_unverified(donor_body("chen@refuse.test"))
        .await;
    let mut failed = Value::Null;
    for _ in 0..100 {
        failed = app
            .get(
                "/api/v1/admin/jobs?state=failed",
                Some(&admin.tokens.access),
            )
            .await
            .json()
            .await
            .unwrap();
        if failed["total"] == 1 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(failed["total"], 1, "{failed}");
    let job = &failed["items"][0];
    assert_eq!(job["kind"], "mail.send");
    // Only the kind and the ids: no variables, address or text of the payload.
    assert!(job.get("payload").is_none(), "{job}");
    assert!(job["subject"]["user_id"].is_string(), "{job}");
    assert!(job["subject"].get("vars").is_none(), "{job}");
    assert!(!job.to_string().contains("chen@refuse.test"), "{job}");
    assert!(job["last_error"].as_str().unwrap().contains("550"), "{job}");
    assert_eq!(job["attempts"], 1, "a 5xx is not retried");
    let id = job["id"].as_i64().unwrap();
    let donor = app.donor().await;
    expect_problem(
        app.get(
            "/api/v1/admin/jobs?state=failed",
            Some(&donor.tokens.access),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    expect_problem(
        app.get("/api/v1/admin/jobs?state=lost", Some(&admin.tokens.access))
            .await,
        400,
        "validation_failed",
    )
    .await;
    let r = app
        .post(
            &format!("/api/v1/admin/jobs/{id}/retry"),
            Some(&admin.tokens.access),
            &json!({}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["state"], "queued");
    // Only a failed job can be retried. The retried one is woken at once (LISTEN/NOTIFY) and may
    // already have failed again, so the refusal is shown on a job that stays queued: one due in a day.
    let waiting: i64 = {
        use diesel_async::RunQueryDsl;
        #[derive(diesel::QueryableByName)]
        struct Id {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            id: i64,
        }
        let mut conn = app.conn().await;
        diesel::sql_query(
            "INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_at) \
             VALUES ('mail.send', '{}', 'queued', 0, 12, now() + interval '1 day') RETURNING id",
        )
        .get_result::<Id>(&mut conn)
        .await
        .unwrap()
        .id
    };
    expect_problem(
        app.post(
            &format!("/api/v1/admin/jobs/{waiting}/retry"),
            Some(&admin.tokens.access),
            &json!({}),
        )
        .await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        app.post(
            "/api/v1/admin/jobs/999999/retry",
            Some(&admin.tokens.access),
            &json!({}),
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn without_smtp_mail_is_written_as_eml_files() {
    let app = TestApp::builder()
        .var("BANGFU_JOB_WORKERS", "1")
        .spawn()
        .await;
    let email = unique_email("files");
    app.register_unverified(donor_body(&email)).await;
    let dir = app.data_dir().join("mail");
    for _ in 0..100 {
        let files: Vec<_> = std::fs::read_dir(&dir)
            .map(|d| d.filter_map(Result::ok).collect())
            .unwrap_or_default();
        if let Some(f) = files
            .iter()
            .find(|f| f.path().extension().is_some_and(|e| e == "eml"))
        {
            let mail = crate::helpers::smtp::parse(&std::fs::read(f.path()).unwrap());
            assert_eq!(mail.to, email);
            assert!(mail.subject.contains("请验证") && mail.multipart_alternative);
            return;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no .eml file in {}", dir.display());
}
