//! A job from posting to filled: apply, invite, accept (the phone shows to the employer only now),
//! hire; the last position fills the job and declines the other applications; retention checks
//! are scheduled; every step is on the audit chain; the mail of each step is queued.

use crate::helpers::app::expect_problem;
use crate::jobs_flow_fixture::{application, hire_terms, id_of, json_of, Board, PHONE};
use serde_json::json;

#[tokio::test]
async fn a_job_goes_from_posted_to_filled() {
    let b = Board::new().await;
    let e = &b.employer.tokens.access;
    let h = &b.household.tokens.access;
    let job = b.job(2).await;
    let public = json_of(b.get(None, &format!("/api/v1/jobs/{job}")).await, 200).await;
    assert_eq!(public["status"], "open");
    assert_eq!(public["positions_left"], 2);
    assert_eq!(public["organization"]["name"], "卢氏县绿源农业有限公司");
    assert_eq!(public["region_path"].as_array().unwrap().len(), 5);
    assert!(public.get("applications").is_none(), "{public}");

    // The household applies for itself; the county official applies for the other household.
    let a = b.applied(&job).await;
    let mut for_other = application();
    for_other["household_id"] = json!(b.household2_id);
    let other = id_of(b.apply(&b.county.tokens.access, &job, &for_other).await).await;
    let seen = json_of(
        b.get(Some(e), &format!("/api/v1/applications/{a}")).await,
        200,
    )
    .await;
    assert_eq!(seen["status"], "applied");
    assert!(seen["household_label"]
        .as_str()
        .unwrap()
        .starts_with("某户"));
    assert_eq!(seen["contact_phone"], serde_json::Value::Null);
    let text = seen.to_string();
    assert!(
        !text.contains("张建国") && !text.contains(&b.household_id),
        "{text}"
    );
    let mine = json_of(
        b.get(Some(h), &format!("/api/v1/applications/{a}")).await,
        200,
    )
    .await;
    assert_eq!(
        mine["contact_phone"], PHONE,
        "the household sees its own phone"
    );

    // Invited: still no phone for the employer.
    let invited = json_of(b.act(e, &a, "invite", json!({})).await, 200).await;
    assert_eq!(invited["status"], "invited");
    assert_eq!(invited["contact_phone"], serde_json::Value::Null);
    // Accepted: now the employer sees it.
    json_of(b.act(h, &a, "accept", json!({})).await, 200).await;
    let seen = json_of(
        b.get(Some(e), &format!("/api/v1/applications/{a}")).await,
        200,
    )
    .await;
    assert_eq!(seen["status"], "accepted");
    assert_eq!(seen["contact_phone"], PHONE);
    assert!(!seen.to_string().contains("张建国"));

    // Hiring an application that is not accepted is refused.
    expect_problem(
        b.act(e, &other, "hire", hire_terms()).await,
        409,
        "invalid_transition",
    )
    .await;
    let hired = json_of(b.act(e, &a, "hire", hire_terms()).await, 200).await;
    assert_eq!(hired["status"], "hired");
    assert_eq!(hired["pay_fen"], 320_000);
    let after = json_of(b.get(Some(e), &format!("/api/v1/jobs/{job}")).await, 200).await;
    assert_eq!(
        (after["hired"].as_i64(), after["status"].as_str()),
        (Some(1), Some("open"))
    );
    assert_eq!(after["applications"]["hired"], 1);
    assert_eq!(after["applications"]["applied"], 1);

    // A third application (the household's second able member) takes the last position: the job
    // fills and the other household's application is declined by the system.
    let third = b.accepted(&job).await;
    json_of(b.act(e, &third, "hire", hire_terms()).await, 200).await;
    let filled = json_of(b.get(None, &format!("/api/v1/jobs/{job}")).await, 200).await;
    assert_eq!(filled["status"], "filled");
    assert_eq!(filled["positions_left"], 0);
    let declined = json_of(
        b.get(
            Some(&b.county.tokens.access),
            &format!("/api/v1/applications/{other}"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(declined["status"], "declined");
    assert_eq!(declined["end_reason"], "job_filled");
    expect_problem(
        b.apply(&b.household2.tokens.access, &job, &application())
            .await,
        409,
        "job_not_open",
    )
    .await;

    // Two retention checks per hire, 30 and 180 days after the start.
    assert_eq!(
        b.count(&format!(
            "SELECT count(*) AS n FROM job_retention_checks WHERE application_id = '{a}' \
             AND days_after_hire IN (30, 180) \
             AND due_at = ((SELECT start_date FROM job_applications WHERE id = '{a}') + days_after_hire)::timestamp AT TIME ZONE 'UTC'"
        ))
        .await,
        2
    );
    assert_eq!(
        b.count("SELECT count(*) AS n FROM job_retention_checks")
            .await,
        4
    );

    // Every step on the audit chain, ids only.
    for (kind, n) in [
        ("job_posting.posted", 1),
        ("job_application.applied", 3),
        ("job_application.invited", 2),
        ("job_application.accepted", 2),
        ("job_application.hired", 2),
        ("job_application.declined", 1),
        ("job_posting.position_taken", 1),
        ("job_posting.filled", 1),
    ] {
        assert_eq!(
            b.count(&format!(
                "SELECT count(*) AS n FROM audit_events WHERE action = '{kind}'"
            ))
            .await,
            n,
            "{kind}"
        );
    }
    assert_eq!(
        b.count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE details::text LIKE '%{PHONE}%' OR details::text LIKE '%张建国%'"
        ))
        .await,
        0
    );
    let v = json_of(b.get(None, "/api/v1/audit/verify").await, 200).await;
    assert_eq!(v["valid"], true, "{v}");

    // Mail: the employer of each application, the household of each invitation, the officials
    // covering the village of each hire (county and township: both cover 杜关村).
    for (kind, n) in [
        ("job_application_received", 3),
        ("job_invitation", 2),
        ("job_hired", 4),
    ] {
        assert_eq!(
            b.count(&format!(
                "SELECT count(*) AS n FROM jobs WHERE kind = 'mail.send' AND payload->>'kind' = '{kind}'"
            ))
            .await,
            n,
            "{kind}"
        );
    }
    // Mail variables are public facts: no phone, no name, no household id.
    assert_eq!(
        b.count(&format!(
            "SELECT count(*) AS n FROM jobs WHERE kind = 'mail.send' AND (payload::text LIKE '%{PHONE}%' \
             OR payload::text LIKE '%张建国%' OR payload::text LIKE '%{}%')",
            b.household_id
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn closing_a_job_declines_its_live_applications_and_lists_show_them() {
    let b = Board::new().await;
    let e = &b.employer.tokens.access;
    let job = b.job(3).await;
    let a = b.applied(&job).await;
    let accepted = b.accepted(&job).await;
    let withdrawn = id_of(
        b.apply(&b.household2.tokens.access, &job, &application())
            .await,
    )
    .await;
    json_of(
        b.act(
            &b.household2.tokens.access,
            &withdrawn,
            "withdraw",
            json!({"reason": "找到别的工作"}),
        )
        .await,
        200,
    )
    .await;
    // The employer's list has all three; the township official sees only 杜关村's two.
    let all = json_of(
        b.get(Some(e), &format!("/api/v1/jobs/{job}/applications"))
            .await,
        200,
    )
    .await;
    assert_eq!(all["total"], 3);
    let township = json_of(
        b.get(
            Some(&b.township.tokens.access),
            &format!("/api/v1/jobs/{job}/applications"),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(township["total"], 2);
    let queue = json_of(
        b.get(
            Some(&b.county.tokens.access),
            "/api/v1/review/applications?status=withdrawn",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(queue["total"], 1);
    let mine = json_of(
        b.get(Some(&b.household.tokens.access), "/api/v1/me/applications")
            .await,
        200,
    )
    .await;
    assert_eq!(mine["total"], 2);

    let closed = json_of(
        b.app
            .post(
                &format!("/api/v1/jobs/{job}/close"),
                Some(e),
                &json!({"reason": "已招到人"}),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(closed["status"], "closed");
    assert_eq!(closed["closed_reason"], "已招到人");
    for id in [&a, &accepted] {
        let v = json_of(
            b.get(Some(e), &format!("/api/v1/applications/{id}")).await,
            200,
        )
        .await;
        assert_eq!(
            (v["status"].as_str(), v["end_reason"].as_str()),
            (Some("declined"), Some("job_closed"))
        );
    }
    let w = json_of(
        b.get(Some(e), &format!("/api/v1/applications/{withdrawn}"))
            .await,
        200,
    )
    .await;
    assert_eq!(w["status"], "withdrawn");
    expect_problem(
        b.app
            .post(&format!("/api/v1/jobs/{job}/close"), Some(e), &json!({}))
            .await,
        409,
        "job_not_open",
    )
    .await;
    expect_problem(
        b.patch(e, &job, &json!({"positions": 5})).await,
        409,
        "job_not_open",
    )
    .await;
    let mine = json_of(b.get(Some(e), "/api/v1/me/jobs").await, 200).await;
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["applications"]["declined"], 2);
}
