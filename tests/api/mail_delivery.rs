//! Delivery: SMTP down then up, two sets of workers, permanent refusals, .eml files without SMTP.

use crate::helpers::app::{donor_body, expect_problem, unique_email, Account};
use crate::helpers::smtp::SmtpServer;
use crate::helpers::TestApp;
use crate::mail::app_with;
use crate::needs_fixture::World;
use bangfu::jobs::{Registry, Runner};
use serde_json::{json, Value};
use std::time::Duration;

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
