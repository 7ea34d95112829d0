//! Crowdfunding's jobs, with the clock moved: a project short of its target fails at its deadline
//! (then refunds settle it), and pledges with nothing received lapse after 14 days.

use crate::helpers::app::expect_problem;
use crate::projects_fixture::{json_of, receipt_photo, Village};
use chrono::{Duration, Utc};
use serde_json::json;

#[tokio::test]
async fn a_project_short_of_its_target_fails_at_the_deadline_and_refunds_settle_it() {
    let v = Village::new().await;
    let id = v.open().await;
    let host = v.host.tokens.access.clone();
    let received = v.funded_by_donor(&id, 50_000).await;
    let waiting = v.pledged(&v.donor2.tokens.access, &id, 20_000).await;
    let lines = v.lines(&id).await;
    json_of(
        v.spend(Some(&host), &id, &lines[0], 10_000, &receipt_photo())
            .await,
        201,
    )
    .await;
    // Not yet failed: the deadline is ahead.
    expect_problem(
        v.close(&host, &id, json!({"outcome": "failed"})).await,
        409,
        "close_not_allowed",
    )
    .await;
    expect_problem(
        v.refund(&host, &id, &received, 1).await,
        409,
        "not_refunding",
    )
    .await;

    // The job, a day after the deadline.
    v.run_job(
        bangfu::jobs::projects::FAIL,
        Utc::now() + Duration::days(31),
    )
    .await;
    let p = v.seen(&id).await;
    assert_eq!(
        (p["status"].as_str(), p["settled"].as_bool()),
        (Some("failed"), Some(false))
    );
    // The pledge with nothing received lapsed with it; the balance is what is left to refund.
    assert_eq!(
        (p["pledged_fen"].as_i64(), p["balance_fen"].as_i64()),
        (Some(50_000), Some(40_000))
    );
    let lapsed = p["ledger"]["pledges"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["id"] == waiting.as_str())
        .unwrap()
        .clone();
    assert_eq!(lapsed["status"], "lapsed");
    // No more receipts or spending; refunds up to the balance.
    expect_problem(
        v.receipt(&host, &id, &received, 1).await,
        409,
        "project_not_open",
    )
    .await;
    let r = v.refund(&host, &id, &received, 40_001).await;
    assert_eq!(
        expect_problem(r, 409, "exceeds_pledge").await.body["remaining_fen"],
        40_000
    );
    expect_problem(
        v.refund(&v.donor.tokens.access, &id, &received, 1).await,
        403,
        "forbidden",
    )
    .await;
    json_of(v.refund(&host, &id, &received, 30_000).await, 201).await;
    assert_eq!(v.seen(&id).await["settled"], false);
    json_of(v.refund(&host, &id, &received, 10_000).await, 201).await;
    let p = v.seen(&id).await;
    assert_eq!(
        (p["refunded_fen"].as_i64(), p["settled"].as_bool()),
        (Some(40_000), Some(true))
    );
    expect_problem(
        v.refund(&host, &id, &received, 1).await,
        409,
        "exceeds_pledge",
    )
    .await;
    assert_eq!(
        v.count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE subject_id = '{id}'
             AND ((action = 'project.failed' AND actor_id IS NULL) OR action = 'project.settled')"
        ))
        .await,
        2
    );
}

#[tokio::test]
async fn pledges_not_received_within_fourteen_days_lapse() {
    let v = Village::new().await;
    let id = v.open().await;
    let old = v.pledged(&v.donor.tokens.access, &id, 100_000).await;
    let partly = v.pledged(&v.donor2.tokens.access, &id, 50_000).await;
    json_of(
        v.receipt(&v.host.tokens.access, &id, &partly, 10_000).await,
        201,
    )
    .await;
    // Thirteen days on, nothing lapses.
    v.run_job(
        bangfu::jobs::projects::LAPSE,
        Utc::now() + Duration::days(13),
    )
    .await;
    assert_eq!(v.seen(&id).await["pledged_fen"], 150_000);
    // A fresh pledge made just now, then fifteen days on.
    let fresh = v.pledged(&v.enterprise.tokens.access, &id, 1_000).await;
    v.sql(&format!(
        "UPDATE project_pledges SET created_at = now() + interval '2 days' WHERE id = '{fresh}'"
    ))
    .await;
    v.run_job(
        bangfu::jobs::projects::LAPSE,
        Utc::now() + Duration::days(15),
    )
    .await;
    let p = v.seen(&id).await;
    let status = |pid: &str| {
        p["ledger"]["pledges"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == pid)
            .unwrap()["status"]
            .clone()
    };
    assert_eq!(status(&old), "lapsed");
    assert_eq!(status(&partly), "received");
    assert_eq!(status(&fresh), "pledged");
    assert_eq!(p["pledged_fen"], 51_000);
    // Its room is free again, and nothing more is received against it.
    expect_problem(
        v.receipt(&v.host.tokens.access, &id, &old, 1).await,
        409,
        "exceeds_pledge",
    )
    .await;
    assert_eq!(
        v.count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE subject_id = '{id}' AND action = 'project.pledge_lapsed' AND actor_id IS NULL"
        ))
        .await,
        1
    );
}
