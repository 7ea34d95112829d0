//! The rules of posting and applying: every field violation in one answer, only verified
//! organizations post, positions never below hires, a household holds no more applications than
//! it has members able to work, an Idempotency-Key replays, and the expiry job closes a job past
//! its date.

use crate::helpers::app::expect_problem;
use crate::jobs_flow_fixture::{application, hire_terms, id_of, json_of, new_key, workshop, Board};
use bangfu::clock::ManualClock;
use bangfu::jobs::{Registry, Runner};
use chrono::{Duration, Utc};
use serde_json::json;
use std::sync::Arc;

#[tokio::test]
async fn every_violation_is_reported_at_once_and_unverified_organizations_may_not_post() {
    let b = Board::new().await;
    let e = &b.employer.tokens.access;
    let bad = json!({"title": "x", "description": "电话13812345678", "region_code": "999999",
        "positions": 0, "pay_min_fen": 500, "pay_max_fen": 100, "pay_period": "week",
        "skills": ["sewing", "sewing", "flying"], "valid_until": "2020-01-01"});
    let p = expect_problem(b.post_job(e, &bad).await, 400, "validation_failed").await;
    let fields: Vec<_> = p.field_codes().into_iter().map(|(f, _)| f).collect();
    for f in [
        "title",
        "description",
        "positions",
        "pay_max_fen",
        "pay_period",
        "skills",
        "valid_until",
    ] {
        assert!(fields.contains(&f.to_owned()), "{f} in {fields:?}");
    }
    // A region code of the right shape that names no region.
    let mut unknown = workshop();
    unknown["region_code"] = json!("411224199999");
    let p = expect_problem(b.post_job(e, &unknown).await, 400, "validation_failed").await;
    assert_eq!(p.field_codes()[0].1, "unknown_region");

    expect_problem(
        b.post_job(&b.unverified.tokens.access, &workshop()).await,
        403,
        "organization_unverified",
    )
    .await;
    for who in [&b.donor, &b.household, &b.county, &b.admin] {
        expect_problem(
            b.post_job(&who.tokens.access, &workshop()).await,
            403,
            "forbidden",
        )
        .await;
    }
    b.verify(&b.unverified).await;
    id_of(b.post_job(&b.unverified.tokens.access, &workshop()).await).await;

    // Applications: every field at once; personal data refused.
    let job = b.job(1).await;
    let p = expect_problem(
        b.apply(
            &b.household.tokens.access,
            &job,
            &json!({"age_band": "70_80", "skills": ["flying"], "note": "身份证411224199001011234"}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    let codes: Vec<_> = p.field_codes().into_iter().map(|(_, c)| c).collect();
    assert_eq!(
        codes,
        ["invalid_age_band", "invalid_skill", "personal_data"]
    );
    let p = expect_problem(
        b.act(
            e,
            &b.accepted(&job).await,
            "hire",
            json!({"start_date": "2020-01-01", "pay_fen": 0}),
        )
        .await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes().len(), 2);
}

#[tokio::test]
async fn a_patch_keeps_positions_at_or_above_hires_and_the_pay_range_in_order() {
    let b = Board::new().await;
    let e = &b.employer.tokens.access;
    let job = b.job(3).await;
    let a = b.accepted(&job).await;
    json_of(b.act(e, &a, "hire", hire_terms()).await, 200).await;
    let p = expect_problem(
        b.patch(e, &job, &json!({"positions": 0})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes()[0],
        ("positions".to_owned(), "out_of_range".to_owned())
    );
    b.set_work(&b.household_id, 3).await;
    let second = b.accepted(&job).await;
    json_of(b.act(e, &second, "hire", hire_terms()).await, 200).await;
    let p = expect_problem(
        b.patch(e, &job, &json!({"positions": 1})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes()[0],
        ("positions".to_owned(), "below_hired".to_owned())
    );
    let p = expect_problem(
        b.patch(e, &job, &json!({"pay_min_fen": 900_000})).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes()[0].1, "pay_range");
    let v = json_of(
        b.patch(e, &job, &json!({"positions": 2, "title": "缝纫工（两名）"}))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (v["positions"].as_i64(), v["status"].as_str()),
        (Some(2), Some("open"))
    );
    assert_eq!(
        b.count("SELECT count(*) AS n FROM audit_events WHERE action = 'job_posting.updated'")
            .await,
        1
    );
}

#[tokio::test]
async fn a_household_holds_no_more_applications_than_members_able_to_work() {
    let b = Board::new().await;
    let h = &b.household.tokens.access;
    let job = b.job(5).await;
    let job2 = b.job(5).await;
    b.set_work(&b.household_id, 1).await;
    let a = b.applied(&job).await;
    expect_problem(
        b.apply(h, &job2, &application()).await,
        409,
        "no_able_member",
    )
    .await;
    // A withdrawal frees the member.
    json_of(b.act(h, &a, "withdraw", json!({})).await, 200).await;
    id_of(b.apply(h, &job2, &application()).await).await;
    // Without a work profile, no one is recorded as able to work.
    b.sql(&format!(
        "DELETE FROM household_work WHERE household_id = '{}'",
        b.household2_id
    ))
    .await;
    expect_problem(
        b.apply(&b.household2.tokens.access, &job, &application())
            .await,
        409,
        "no_able_member",
    )
    .await;
    // An official applies for a household of its jurisdiction only.
    let mut body = application();
    body["household_id"] = json!(b.household_id);
    b.set_work(&b.household_id, 3).await;
    let p = expect_problem(
        b.apply(&b.neighbour.tokens.access, &job, &body).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(p.field_codes()[0].1, "unknown_household");
    id_of(b.apply(&b.township.tokens.access, &job, &body).await).await;
    // The same key replays the same application instead of placing another.
    let key = new_key();
    let send = || {
        b.app
            .request(
                reqwest::Method::POST,
                &format!("/api/v1/jobs/{job}/applications"),
                Some(h),
            )
            .header("Idempotency-Key", key.clone())
            .json(&application())
            .send()
    };
    let first = json_of(send().await.unwrap(), 201).await;
    let again = json_of(send().await.unwrap(), 201).await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(
        b.count(&format!(
            "SELECT count(*) AS n FROM job_applications WHERE job_id = '{job}'"
        ))
        .await,
        3
    );
    // Idempotent posting too (the same body: `workshop()` dates it from now).
    let (key, job_body) = (new_key(), workshop());
    let post = || {
        b.app
            .request(
                reqwest::Method::POST,
                "/api/v1/jobs",
                Some(&b.employer.tokens.access),
            )
            .header("Idempotency-Key", key.clone())
            .json(&job_body)
            .send()
    };
    let p1 = json_of(post().await.unwrap(), 201).await;
    let p2 = json_of(post().await.unwrap(), 201).await;
    assert_eq!(p1["id"], p2["id"]);
}

#[tokio::test]
async fn the_expiry_job_closes_jobs_past_their_date_and_declines_their_applications() {
    let b = Board::new().await;
    let due = b.job(2).await;
    let later = b.job(2).await;
    let a = b.applied(&due).await;
    b.sql(&format!(
        "UPDATE job_postings SET valid_until = now() + interval '1 day' WHERE id = '{due}'"
    ))
    .await;
    let clock = ManualClock::new(Utc::now() + Duration::days(2));
    let mut conn = b.app.conn().await;
    bangfu::jobs::enqueue(&mut conn, bangfu::jobs::job_postings::EXPIRE, json!({}))
        .await
        .unwrap();
    let runner = Runner::new(b.app.pool.clone(), Registry::standard()).clock(Arc::new(clock));
    while runner
        .run_once_of(bangfu::jobs::job_postings::EXPIRE)
        .await
        .unwrap()
    {}
    let v = json_of(b.get(None, &format!("/api/v1/jobs/{due}")).await, 200).await;
    assert_eq!(v["status"], "closed");
    let v = json_of(b.get(None, &format!("/api/v1/jobs/{later}")).await, 200).await;
    assert_eq!(v["status"], "open");
    let app = json_of(
        b.get(
            Some(&b.household.tokens.access),
            &format!("/api/v1/applications/{a}"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (app["status"].as_str(), app["end_reason"].as_str()),
        (Some("declined"), Some("job_expired"))
    );
    assert_eq!(
        b.count("SELECT count(*) AS n FROM audit_events WHERE action = 'job_posting.expired' AND actor_id IS NULL").await,
        1
    );
}
