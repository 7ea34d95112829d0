//! Retention checks 30 and 180 days after a hire: scheduled with the hire, listed for officials in
//! scope, answered once from the due date on, and told of once by the reminder job.

use crate::helpers::app::expect_problem;
use crate::jobs_fixture::{Board, VILLAGE};
use bangfu::jobs::{Registry, Runner};
use serde_json::json;
use uuid::Uuid;

/// A hire `started_days_ago` days ago with its checks; returns the application.
async fn hire(b: &Board, started_days_ago: i64) -> Uuid {
    let job = b.job(&b.enterprise, VILLAGE, &["sewing"], "month").await;
    let worker = b.worker(VILLAGE, 1, &["sewing"], "county").await;
    let app = b
        .application(job, worker, "hired", started_days_ago, 250000)
        .await;
    b.schedule_checks(app, VILLAGE, started_days_ago).await;
    app
}

async fn check_id(b: &Board, app: Uuid, days: i16) -> Uuid {
    let v = b
        .count(&format!(
            "SELECT count(*) AS n FROM job_retention_checks WHERE application_id = '{app}'"
        ))
        .await;
    assert_eq!(v, 2, "two checks per hire, scheduled once");
    let mut conn = b.app.conn().await;
    use bangfu::schema::job_retention_checks as c;
    use diesel::prelude::*;
    use diesel_async::RunQueryDsl;
    c::table
        .filter(c::application_id.eq(app))
        .filter(c::days_after_hire.eq(days))
        .select(c::id)
        .first(&mut conn)
        .await
        .unwrap()
}

fn answer_path(id: Uuid) -> String {
    format!("/api/v1/retention-checks/{id}")
}

#[tokio::test]
async fn a_check_is_answered_once_from_its_due_date_by_an_official_in_scope() {
    let b = Board::new().await;
    let app = hire(&b, 31).await;
    // Scheduling again (a retried hire) adds nothing.
    b.schedule_checks(app, VILLAGE, 31).await;
    let due = check_id(&b, app, 30).await;
    let later = check_id(&b, app, 180).await;
    let body = json!({"still_employed": true, "note": "在车间上班"});
    let p = expect_problem(
        b.app
            .post(&answer_path(later), Some(&b.county.tokens.access), &body)
            .await,
        409,
        "not_due",
    )
    .await;
    assert!(p.body["due_at"]
        .as_str()
        .unwrap()
        .ends_with("T00:00:00+00:00"));
    for who in [
        &b.neighbour,
        &b.enterprise,
        &b.household,
        &b.donor,
        &b.admin,
    ] {
        let r = b
            .app
            .post(&answer_path(due), Some(&who.tokens.access), &body)
            .await;
        let hidden = expect_problem(r, 404, "not_found").await;
        let r = b
            .app
            .post(
                &answer_path(Uuid::new_v4()),
                Some(&who.tokens.access),
                &body,
            )
            .await;
        assert_eq!(hidden.body, expect_problem(r, 404, "not_found").await.body);
    }
    expect_problem(
        b.app.post(&answer_path(due), None, &body).await,
        401,
        "unauthenticated",
    )
    .await;
    let r = b
        .app
        .post(
            &answer_path(due),
            Some(&b.township.tokens.access),
            &json!({"still_employed": "yes"}),
        )
        .await;
    assert_eq!(r.status(), 400);
    let r = b
        .app
        .post(&answer_path(due), Some(&b.township.tokens.access), &body)
        .await;
    let v = Board::json(r, 200).await;
    assert_eq!(v["answer"]["still_employed"], true);
    assert_eq!(v["answer"]["note"], "在车间上班");
    assert_eq!(v["days_after_hire"], 30);
    let r = b
        .app
        .post(&answer_path(due), Some(&b.county.tokens.access), &body)
        .await;
    expect_problem(r, 409, "invalid_transition").await;
    assert_eq!(b.audit_count("job_retention.answered", due).await, 1);
    let n = b
        .count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE action = 'job_retention.answered'
             AND subject_id = '{due}' AND details->>'application_id' = '{app}'
             AND NOT details ? 'note'"
        ))
        .await;
    assert_eq!(n, 1, "ids and the answer, not the note");
}

#[tokio::test]
async fn officials_list_due_upcoming_and_answered_checks_in_their_jurisdiction() {
    let b = Board::new().await;
    let app = hire(&b, 31).await;
    let list = |q: &str| format!("/api/v1/review/retention-checks{q}");
    let token = Some(b.county.tokens.access.as_str());
    let v = Board::json(b.get(token, &list("")).await, 200).await;
    assert_eq!(v["total"], 1, "due by default: the 30-day check");
    let item = &v["items"][0];
    assert_eq!(item["days_after_hire"], 30);
    assert_eq!(item["job_title"], "扶贫车间 缝纫工");
    assert_eq!(item["organization"], "卢氏县绿源农业有限公司");
    assert!(item["household_label"]
        .as_str()
        .unwrap()
        .starts_with("某户 · "));
    assert_eq!(item["region_code"], VILLAGE);
    assert!(item["answer"].is_null() && item["start_date"].is_string());
    assert!(item.get("household_id").is_none());
    let v = Board::json(b.get(token, &list("?status=upcoming")).await, 200).await;
    assert_eq!(
        (v["total"].as_i64(), &v["items"][0]["days_after_hire"]),
        (Some(1), &json!(180))
    );
    let due = check_id(&b, app, 30).await;
    let r = b
        .app
        .post(&answer_path(due), token, &json!({"still_employed": false}))
        .await;
    assert_eq!(r.status(), 200);
    let v = Board::json(b.get(token, &list("?status=answered")).await, 200).await;
    assert_eq!(v["items"][0]["answer"]["still_employed"], false);
    let v = Board::json(b.get(token, &list("")).await, 200).await;
    assert_eq!(v["total"], 0);
    let v = Board::json(
        b.get(Some(&b.neighbour.tokens.access), &list("?status=answered"))
            .await,
        200,
    )
    .await;
    assert_eq!(v["total"], 0, "another county's checks are not in scope");
    let r = b.get(token, &list("?status=late")).await;
    expect_problem(r, 400, "validation_failed").await;
    let r = b.get(Some(&b.enterprise.tokens.access), &list("")).await;
    expect_problem(r, 403, "forbidden").await;
}

#[tokio::test]
async fn the_reminder_job_tells_the_officials_in_scope_once() {
    let b = Board::new().await;
    hire(&b, 31).await;
    hire(&b, 200).await; // both its checks are due
    hire(&b, 3).await; // none due
    let mails = |official: Uuid| {
        format!(
            "SELECT count(*) AS n FROM jobs WHERE kind = 'mail.send'
             AND payload->>'kind' = 'retention_checks_due' AND payload->>'user_id' = '{official}'"
        )
    };
    let runner = Runner::new(b.app.pool.clone(), Registry::standard());
    for _ in 0..2 {
        let mut conn = b.app.conn().await;
        bangfu::jobs::enqueue(
            &mut conn,
            bangfu::jobs::retention::REMIND,
            serde_json::Value::Null,
        )
        .await
        .unwrap();
        assert!(runner
            .run_once_of(bangfu::jobs::retention::REMIND)
            .await
            .unwrap());
    }
    for official in [b.county.id, b.township.id] {
        assert_eq!(
            b.count(&mails(official)).await,
            1,
            "one mail, the first run only"
        );
    }
    assert_eq!(b.count(&mails(b.neighbour.id)).await, 0);
    let told = b
        .count("SELECT count(*) AS n FROM job_retention_checks WHERE notified_at IS NOT NULL")
        .await;
    assert_eq!(told, 3);
    let payload = b
        .count(&format!(
            "SELECT count(*) AS n FROM jobs WHERE kind = 'mail.send'
             AND payload->>'user_id' = '{}' AND (payload->'vars'->>'count')::int = 3",
            b.county.id
        ))
        .await;
    assert_eq!(
        payload, 1,
        "the county official hears of its three due checks in one mail"
    );
}
