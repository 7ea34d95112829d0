//! Lifecycle notifications reach the right people in their language.

use crate::helpers::app::expect_problem;
use crate::helpers::smtp::SmtpServer;
use crate::mail::{app_with, run_job, sql};
use crate::needs_fixture::{World, HEAD_NAME, ID_NUMBER, PHONE};
use crate::pledges::{act, pledge};
use reqwest::Method;
use serde_json::{json, Value};
use std::time::Duration;

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
