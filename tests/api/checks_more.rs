//! 回头看 revisits after a confirmed delivery, and overdue rectifications escalating.

use crate::checks::{round_body, start_round};
use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use crate::pledges::{act, id_of, open_need_of, pledge};
use bangfu::jobs::accountability::{create_revisits, escalate_rectifications};
use chrono::{Duration, Utc};
use serde_json::{json, Value};

#[tokio::test]
async fn a_revisit_falls_due_and_at_risk_marks_the_household_monitored() {
    let w = World::new().await;
    let n = open_need_of(&w, 2).await;
    let pid = id_of(pledge(&w, &w.donor.tokens.access, &n, 1).await).await;
    assert_eq!(
        act(
            &w,
            Some(&w.county.tokens.access),
            &pid,
            "approve",
            json!({})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        act(
            &w,
            Some(&w.donor.tokens.access),
            &pid,
            "deliver",
            json!({"note": "已送到"})
        )
        .await
        .status(),
        200
    );
    assert_eq!(
        act(
            &w,
            Some(&w.household.tokens.access),
            &pid,
            "confirm",
            json!({})
        )
        .await
        .status(),
        200
    );

    let mut conn = w.app.conn().await;
    let after = Duration::days(90);
    assert_eq!(
        create_revisits(&mut conn, after, Utc::now() + Duration::days(89))
            .await
            .unwrap(),
        0
    );
    assert_eq!(
        create_revisits(&mut conn, after, Utc::now() + Duration::days(91))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        create_revisits(&mut conn, after, Utc::now() + Duration::days(92))
            .await
            .unwrap(),
        0,
        "once per delivery"
    );

    let q: Value = w
        .app
        .get("/api/v1/review/revisits", Some(&w.township.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(q["total"], 1);
    let id = q["items"][0]["id"].as_str().unwrap().to_owned();
    let none: Value = w
        .app
        .get("/api/v1/review/revisits", Some(&w.neighbour.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(none["total"], 0);

    let path = format!("/api/v1/revisits/{id}");
    let body = json!({"outcome": "at_risk", "note": "户主病情加重，收入下降"});
    expect_problem(
        w.app
            .post(&path, Some(&w.neighbour.tokens.access), &body)
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        w.app
            .post(&path, Some(&w.household.tokens.access), &body)
            .await,
        404,
        "not_found",
    )
    .await;
    expect_problem(
        w.app
            .post(
                &path,
                Some(&w.township.tokens.access),
                &json!({"outcome": "fine"}),
            )
            .await,
        400,
        "validation_failed",
    )
    .await;
    let r = w
        .app
        .post(&path, Some(&w.township.tokens.access), &body)
        .await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(v["revisit"]["outcome"], "at_risk");
    assert_eq!(v["household_monitoring_status"], "monitored");
    assert_eq!(v["suggested_need"]["household_id"], w.household_id.as_str());
    assert_eq!(v["suggested_need"]["category"], "food_clothing");
    let hh: Value = w
        .app
        .get(
            &format!("/api/v1/households/{}", w.household_id),
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(hh["monitoring_status"], "monitored");
    expect_problem(
        w.app
            .post(&path, Some(&w.township.tokens.access), &body)
            .await,
        409,
        "invalid_transition",
    )
    .await;
    let answered: Value = w
        .app
        .get(
            "/api/v1/review/revisits?answered=true",
            Some(&w.township.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answered["total"], 1);
}

#[tokio::test]
async fn overdue_rectifications_escalate_weekly_and_count_for_the_digest() {
    let w = World::new().await;
    w.open_need("需要一台轮椅").await;
    let checker = &w.neighbour.tokens.access;
    let round = start_round(&w, checker, &round_body("cross", "411224", &["needs"], 1)).await;
    let path = format!(
        "/api/v1/checks/{}/items/{}/finding",
        round["id"].as_str().unwrap(),
        round["items"][0]["id"].as_str().unwrap()
    );
    let r = w
        .app
        .post(
            &path,
            Some(checker),
            &json!({"result": "problem", "problem_kind": "data_wrong"}),
        )
        .await;
    assert_eq!(r.status(), 201);
    let f: Value = r.json().await.unwrap();
    let deadline =
        chrono::DateTime::parse_from_rfc3339(f["rectification_deadline"].as_str().unwrap())
            .unwrap()
            .to_utc();
    assert!(
        (deadline - Utc::now() - Duration::days(15))
            .num_minutes()
            .abs()
            < 5
    );

    let mut conn = w.app.conn().await;
    use bangfu::store::rectifications::overdue_count_for;
    let at = |days: i64| deadline + Duration::days(days);
    assert_eq!(
        overdue_count_for(&mut conn, "411224101", at(1))
            .await
            .unwrap(),
        1
    );
    assert_eq!(
        overdue_count_for(&mut conn, "411224", at(1)).await.unwrap(),
        0,
        "not yet the county's"
    );
    assert_eq!(escalate_rectifications(&mut conn, at(6)).await.unwrap(), 0);
    assert_eq!(escalate_rectifications(&mut conn, at(8)).await.unwrap(), 1);
    assert_eq!(
        overdue_count_for(&mut conn, "411224", at(8)).await.unwrap(),
        1
    );
    assert_eq!(
        overdue_count_for(&mut conn, "4112", at(8)).await.unwrap(),
        0
    );
    assert_eq!(
        overdue_count_for(&mut conn, "411221", at(8)).await.unwrap(),
        0
    );
    // Move the deadline into the past so the server's clock sees it overdue too.
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("UPDATE rectifications SET deadline = now() - interval '9 days'"),
        &mut conn,
    )
    .await
    .unwrap();
    let fig: Value = w
        .app
        .get(
            &format!("/api/v1/officials/{}/figures", w.township.id),
            Some(&w.township.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(fig["overdue_rectifications"], 1);
    let s: Value = w
        .app
        .get("/api/v1/stats/checks?region=411224", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(s["overdue_rectifications"], 1);
    assert_eq!(s["rectified_on_time_share"], 0.0);
}
