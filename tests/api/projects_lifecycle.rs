//! Crowdfunding from proposal to close: the full lifecycle with a receipt image stripped of its
//! metadata and a public ledger that names no individual, and a cancellation with refunds.

use crate::evidence_fixture::{contains, GPS_MARK};
use crate::helpers::app::expect_problem;
use crate::projects_fixture::{json_of, new_key, receipt_photo, Village, DONOR_NAME, HOST_NAME};
use serde_json::{json, Value};

#[tokio::test]
async fn a_project_runs_from_proposal_to_completion_with_a_public_ledger() {
    let v = Village::new().await;
    let id = v.proposed().await;
    // Before approval: hidden from the public, seen by the host.
    assert_eq!(v.page(None, &id).await.status(), 404);
    assert_eq!(v.seen(&id).await["status"], "pending_review");
    // The proposer may not approve its own project; a county official does.
    let r = v
        .review(
            &v.proposer.tokens.access,
            &id,
            json!({"decision": "approve"}),
        )
        .await;
    assert_eq!(r.status(), 403);
    let p = json_of(
        v.review(&v.county.tokens.access, &id, json!({"decision": "approve"}))
            .await,
        200,
    )
    .await;
    assert_eq!(p["status"], "open");

    // A pledge with a key: the replay returns the same pledge, and the total counts it once.
    let key = new_key();
    let body = json!({"amount_fen": 300_000, "message": "一点心意"});
    let token = v.donor.tokens.access.clone();
    let first = json_of(v.pledge_with(&token, &id, &body, &key).await, 201).await;
    let again = json_of(v.pledge_with(&token, &id, &body, &key).await, 201).await;
    assert_eq!(first["id"], again["id"]);
    assert_eq!(first["supporter"], "李**");
    let pledge = first["id"].as_str().unwrap().to_owned();
    assert_eq!(v.seen(&id).await["pledged_fen"], 300_000);
    // The host hears of it once, with public facts only.
    let mails = v
        .count(&format!(
            "SELECT count(*) AS n FROM jobs WHERE kind = 'mail.send'
             AND payload->>'kind' = 'project_pledge_received' AND payload->>'user_id' = '{}'
             AND payload->'vars'->>'amount_yuan' = '3000.00' AND payload::text NOT LIKE '%李%'",
            v.host.id
        ))
        .await;
    assert_eq!(mails, 1);

    // Received in two parts.
    let host = v.host.tokens.access.clone();
    json_of(v.receipt(&host, &id, &pledge, 100_000).await, 201).await;
    json_of(v.receipt(&host, &id, &pledge, 200_000).await, 201).await;
    expect_problem(
        v.receipt(&host, &id, &pledge, 1).await,
        409,
        "exceeds_pledge",
    )
    .await;

    // Spending on each line, with a receipt photo carrying GPS.
    let lines = v.lines(&id).await;
    let photo = receipt_photo();
    assert!(contains(&photo, GPS_MARK));
    let s = json_of(
        v.spend(Some(&host), &id, &lines[0], 200_000, &photo).await,
        201,
    )
    .await;
    json_of(
        v.spend(Some(&host), &id, &lines[1], 100_000, &receipt_photo())
            .await,
        201,
    )
    .await;
    let url = s["image_url"].as_str().unwrap().to_owned();
    assert!(
        url.starts_with("/media/project-receipt/") && url.ends_with("/display.jpg"),
        "{url}"
    );
    // The stored bytes carry no EXIF and no GPS.
    let key = url.trim_start_matches("/media/");
    let stored = std::fs::read(v.app.data_dir().join("media").join(key)).unwrap();
    assert!(!contains(&stored, GPS_MARK) && !contains(&stored, b"Exif"));
    // Pending review: the host gets it, privately; anyone else the 404 of a missing key.
    assert_eq!(s["receipt_status"], "pending");
    assert_eq!(v.app.get(&url, None).await.status(), 404);
    let r = v.app.get(&url, Some(&host)).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "private, no-store");
    // A county official publishes it: public from then on, cached long.
    let sid = s["id"].as_str().unwrap();
    json_of(
        v.app
            .post(
                &format!("/api/v1/projects/{id}/spending/{sid}/review"),
                Some(&v.county.tokens.access),
                &json!({"decision": "publish"}),
            )
            .await,
        200,
    )
    .await;
    let r = v.app.get(&url, None).await;
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(r.bytes().await.unwrap().as_ref(), stored.as_slice());

    // Completion needs a report.
    let r = v.close(&host, &id, json!({"outcome": "completed"})).await;
    let problem = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(
        problem.field_codes(),
        [("report".to_owned(), "required".to_owned())]
    );
    let done = json_of(
        v.close(
            &host,
            &id,
            json!({"outcome": "completed", "report": "蓄水池已建成并投入使用"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (done["status"].as_str(), done["settled"].as_bool()),
        (Some("completed"), Some(true))
    );

    // Anyone reads the ledger; it names the organization, masks the individual.
    let public = json_of(v.page(None, &id).await, 200).await;
    assert_eq!(
        [
            &public["pledged_fen"],
            &public["received_fen"],
            &public["spent_fen"],
            &public["refunded_fen"]
        ],
        [&json!(300_000), &json!(300_000), &json!(300_000), &json!(0)]
    );
    assert_eq!(public["host"]["name"], HOST_NAME);
    let ledger = &public["ledger"];
    assert_eq!(ledger["pledges"].as_array().unwrap().len(), 1);
    assert_eq!(ledger["pledges"][0]["supporter"], "李**");
    let amounts: Vec<_> = ledger["receipts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["amount_fen"].clone())
        .collect();
    assert_eq!(amounts, [json!(100_000), json!(200_000)]);
    assert_eq!(ledger["spending"].as_array().unwrap().len(), 2);
    assert_eq!(ledger["spending"][0]["image_url"], url.as_str());
    // The second receipt is still pending: its row is public, its image not yet.
    assert_eq!(ledger["spending"][1]["amount_fen"], 100_000);
    assert_eq!(ledger["spending"][1]["image_url"], Value::Null);
    assert_eq!(public["budget"][0]["spent_fen"], 200_000);
    let text = public.to_string();
    assert!(
        !text.contains(DONOR_NAME) && !text.contains("李秀"),
        "{text}"
    );
    assert!(
        !text.contains("王会长") && !text.contains("王干事"),
        "{text}"
    );

    // Every step is on the audit chain, with ids and amounts only.
    let actions = v
        .count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE subject_id = '{id}' AND action IN
             ('project.proposed','project.approved','project.pledged','project.received',
              'project.spent','project.completed')"
        ))
        .await;
    assert_eq!(actions, 8);
    assert_eq!(
        v.count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE subject_id = '{id}' AND details::text LIKE '%李%'"
        ))
        .await,
        0
    );
}

#[tokio::test]
async fn the_village_cancels_with_a_reason_and_the_host_refunds() {
    let v = Village::new().await;
    let id = v.open().await;
    let host = v.host.tokens.access.clone();
    let pledge = v.funded_by_donor(&id, 30_000).await;
    let proposer = v.proposer.tokens.access.clone();
    let r = v
        .close(&proposer, &id, json!({"outcome": "cancelled"}))
        .await;
    assert_eq!(
        expect_problem(r, 400, "validation_failed")
            .await
            .field_codes()[0]
            .0,
        "reason"
    );
    // The proposing side may cancel, never complete or fail.
    expect_problem(
        v.close(
            &proposer,
            &id,
            json!({"outcome": "completed", "report": "x"}),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    // Money was received: one official only asks, a second one of the county confirms.
    let asked = json_of(
        v.close(
            &proposer,
            &id,
            json!({"outcome": "cancelled", "reason": "选址变更，另行立项"}),
        )
        .await,
        202,
    )
    .await;
    assert_eq!(asked["status"], "open");
    assert_eq!(asked["cancel_request"]["reason"], "选址变更，另行立项");
    let p = json_of(
        v.close(
            &v.county.tokens.access,
            &id,
            json!({"outcome": "cancelled", "reason": "同意"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(
        (p["status"].as_str(), p["settled"].as_bool()),
        (Some("cancelled"), Some(false))
    );
    assert_eq!(p["close_reason"], "选址变更，另行立项");
    expect_problem(
        v.close(
            &host,
            &id,
            json!({"outcome": "cancelled", "reason": "again"}),
        )
        .await,
        409,
        "invalid_transition",
    )
    .await;
    expect_problem(
        v.pledge_with(
            &v.donor2.tokens.access,
            &id,
            &json!({"amount_fen": 100}),
            &new_key(),
        )
        .await,
        409,
        "project_not_open",
    )
    .await;
    json_of(v.refund(&host, &id, &pledge, 30_000).await, 201).await;
    assert_eq!(v.seen(&id).await["settled"], true);

    // A project cancelled before its review never becomes public.
    let pending = v.proposed().await;
    json_of(
        v.close(
            &host,
            &pending,
            json!({"outcome": "cancelled", "reason": "不再需要"}),
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v.page(None, &pending).await.status(), 404);
    assert_eq!(v.seen(&pending).await["settled"], true);
}
