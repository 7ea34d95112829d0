//! Who may do what to a project, as a matrix: roles × actions, with the 404 of a project one may
//! not see and the 403 of one one may see but not change.

use crate::projects_fixture::{json_of, new_key, receipt_photo, Village};
use reqwest::StatusCode;
use serde_json::json;

/// The statuses each caller gets for each action, in the order of `callers`.
struct Row {
    action: &'static str,
    expected: [u16; 9],
}

#[tokio::test]
async fn every_role_meets_the_right_answer_for_every_action() {
    let v = Village::new().await;
    // anonymous, household, donor, other org, host, village official, other village official,
    // county official (not the proposer), proposer
    let callers: [Option<&str>; 9] = [
        None,
        Some(&v.household.tokens.access),
        Some(&v.donor.tokens.access),
        Some(&v.other_org.tokens.access),
        Some(&v.host.tokens.access),
        Some(&v.village2.tokens.access),
        Some(&v.other_village.tokens.access),
        Some(&v.county.tokens.access),
        Some(&v.proposer.tokens.access),
    ];
    let rows = [
        // Before approval: the public, supporters and other villages see nothing.
        Row {
            action: "read pending",
            expected: [404, 404, 404, 404, 200, 200, 404, 200, 200],
        },
        Row {
            action: "review",
            expected: [401, 404, 404, 404, 403, 403, 404, 200, 403],
        },
        Row {
            action: "read open",
            expected: [200, 200, 200, 200, 200, 200, 200, 200, 200],
        },
        Row {
            action: "pledge",
            expected: [401, 403, 201, 201, 403, 403, 403, 403, 403],
        },
        Row {
            action: "receipt",
            expected: [401, 403, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            action: "spending",
            expected: [401, 403, 403, 403, 201, 403, 403, 403, 403],
        },
        Row {
            action: "complete",
            expected: [401, 403, 403, 403, 409, 403, 403, 403, 403],
        },
        Row {
            action: "cancel pending",
            expected: [401, 404, 404, 404, 200, 200, 404, 200, 200],
        },
    ];
    for row in &rows {
        for (i, token) in callers.iter().enumerate() {
            let want = row.expected[i];
            let got = match row.action {
                "read pending" => {
                    let id = v.proposed().await;
                    v.page(*token, &id).await.status()
                }
                "review" => {
                    let id = v.proposed().await;
                    let r = match token {
                        Some(t) => v.review(t, &id, json!({"decision": "approve"})).await,
                        None => {
                            v.app
                                .post(
                                    &format!("/api/v1/projects/{id}/review"),
                                    None,
                                    &json!({"decision": "approve"}),
                                )
                                .await
                        }
                    };
                    r.status()
                }
                "read open" => {
                    let id = v.open().await;
                    v.page(*token, &id).await.status()
                }
                "pledge" => {
                    let id = v.open().await;
                    let body = json!({"amount_fen": 1000});
                    match token {
                        Some(t) => v.pledge_with(t, &id, &body, &new_key()).await.status(),
                        None => v
                            .app
                            .post(&format!("/api/v1/projects/{id}/pledges"), None, &body)
                            .await
                            .status(),
                    }
                }
                "receipt" => {
                    let id = v.open().await;
                    let p = v.pledged(&v.donor.tokens.access, &id, 1000).await;
                    match token {
                        Some(t) => v.receipt(t, &id, &p, 1000).await.status(),
                        None => v
                            .app
                            .post(&format!("/api/v1/projects/{id}/receipts"), None, &json!({}))
                            .await
                            .status(),
                    }
                }
                "spending" => {
                    let id = v.open().await;
                    v.funded_by_donor(&id, 1000).await;
                    let lines = v.lines(&id).await;
                    v.spend(*token, &id, &lines[0], 1000, &receipt_photo())
                        .await
                        .status()
                }
                "complete" => {
                    let id = v.open().await;
                    let body = json!({"outcome": "completed", "report": "完成"});
                    match token {
                        Some(t) => v.close(t, &id, body).await.status(),
                        None => v
                            .app
                            .post(&format!("/api/v1/projects/{id}/close"), None, &body)
                            .await
                            .status(),
                    }
                }
                "cancel pending" => {
                    let id = v.proposed().await;
                    let body = json!({"outcome": "cancelled", "reason": "不再需要"});
                    match token {
                        Some(t) => v.close(t, &id, body).await.status(),
                        None => v
                            .app
                            .post(&format!("/api/v1/projects/{id}/close"), None, &body)
                            .await
                            .status(),
                    }
                }
                other => unreachable!("{other}"),
            };
            assert_eq!(
                got,
                StatusCode::from_u16(want).unwrap(),
                "{} by caller {i}",
                row.action
            );
        }
    }
}

#[tokio::test]
async fn proposals_need_an_official_of_the_village_and_an_eligible_host() {
    let v = Village::new().await;
    let body = v.proposal();
    for token in [
        &v.donor.tokens.access,
        &v.host.tokens.access,
        &v.household.tokens.access,
    ] {
        assert_eq!(v.propose(token, &body).await.status(), 403);
    }
    assert_eq!(
        v.propose(&v.other_village.tokens.access, &body)
            .await
            .status(),
        403
    );
    assert_eq!(
        v.propose(&v.neighbour.tokens.access, &body).await.status(),
        403
    );
    // The county may propose for its villages; a county official who proposed may not review it.
    let id = json_of(v.propose(&v.county.tokens.access, &body).await, 201).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = v
        .review(&v.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    crate::helpers::app::expect_problem(r, 403, "second_official_required").await;
    json_of(
        v.review(
            &v.county2.tokens.access,
            &id,
            json!({"decision": "reject", "reason": "预算不实"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v.page(None, &id).await.status(), 404);
    // The host must be a verified social organization.
    for host in [
        v.unverified_org_id.clone(),
        uuid::Uuid::new_v4().to_string(),
    ] {
        let mut b = v.proposal();
        b["host_organization_id"] = json!(host);
        let p = crate::helpers::app::expect_problem(
            v.propose(&v.proposer.tokens.access, &b).await,
            400,
            "validation_failed",
        )
        .await;
        assert_eq!(
            p.field_codes(),
            [(
                "host_organization_id".to_owned(),
                "host_not_eligible".to_owned()
            )]
        );
    }
    // The admin reads a pending project, the neighbouring county does not.
    let pending = v.proposed().await;
    assert_eq!(
        v.page(Some(&v.admin.tokens.access), &pending)
            .await
            .status(),
        200
    );
    assert_eq!(
        v.page(Some(&v.neighbour.tokens.access), &pending)
            .await
            .status(),
        404
    );
    let r = v
        .review(
            &v.neighbour.tokens.access,
            &pending,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(r.status(), 404);
}
