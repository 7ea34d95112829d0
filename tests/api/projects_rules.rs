//! The ledger's rules: the budget adds up to the target, pledges stay within it, spending never
//! exceeds what was received nor a line's amount (also under parallel requests), the audit check
//! catches a total that does not add up, and what one supporter may hold unpaid.

use crate::helpers::app::expect_problem;
use crate::projects_fixture::{id_of, json_of, new_key, receipt_photo, Village};
use serde_json::json;
use std::process::Command;

#[tokio::test]
async fn a_proposal_is_checked_field_by_field() {
    let v = Village::new().await;
    let mut b = v.proposal();
    b["target_fen"] = json!(300_001);
    b["region_code"] = json!("411224101");
    b["title"] = json!("联系 13912345678");
    let p = expect_problem(
        v.propose(&v.proposer.tokens.access, &b).await,
        400,
        "validation_failed",
    )
    .await;
    let mut codes = p.field_codes();
    codes.sort();
    assert_eq!(
        codes,
        [
            ("budget".to_owned(), "budget_sum".to_owned()),
            ("region_code".to_owned(), "not_a_village".to_owned()),
            ("title".to_owned(), "personal_data".to_owned()),
        ]
    );
    let mut b = v.proposal();
    b["budget"] = json!([]);
    let p = expect_problem(
        v.propose(&v.proposer.tokens.access, &b).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes()[0],
        ("budget".to_owned(), "budget_lines".to_owned())
    );
}

#[tokio::test]
async fn pledges_stay_within_the_target_and_need_a_key() {
    let v = Village::new().await;
    let id = v.open().await;
    let t = v.donor.tokens.access.clone();
    let r = v
        .app
        .post(
            &format!("/api/v1/projects/{id}/pledges"),
            Some(&t),
            &json!({"amount_fen": 100}),
        )
        .await;
    expect_problem(r, 400, "idempotency_key_missing").await;
    v.pledged(&t, &id, 250_000).await;
    let r = v
        .pledge_with(&t, &id, &json!({"amount_fen": 50_001}), &new_key())
        .await;
    assert_eq!(
        expect_problem(r, 409, "exceeds_target").await.body["remaining_fen"],
        50_000
    );
    // An anonymous pledge shows as 爱心人士; an organization by its name.
    let a = json_of(
        v.pledge_with(
            &t,
            &id,
            &json!({"amount_fen": 100, "anonymous": true}),
            &new_key(),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(a["supporter"], "爱心人士");
    let o = json_of(
        v.pledge_with(
            &v.other_org.tokens.access,
            &id,
            &json!({"amount_fen": 100}),
            &new_key(),
        )
        .await,
        201,
    )
    .await;
    assert_eq!(o["supporter"], "卢氏县爱心志愿者协会");
    // Past the deadline (before the job runs), no pledge is taken.
    v.sql(&format!(
        "UPDATE projects SET deadline = now() - interval '1 minute' WHERE id = '{id}'"
    ))
    .await;
    let r = v
        .pledge_with(&t, &id, &json!({"amount_fen": 100}), &new_key())
        .await;
    expect_problem(r, 409, "deadline_passed").await;
}

#[tokio::test]
async fn spending_never_exceeds_what_was_received_nor_its_line() {
    let v = Village::new().await;
    let id = v.open().await;
    let host = v.host.tokens.access.clone();
    let lines = v.lines(&id).await;
    let photo = receipt_photo();
    // Nothing received: nothing to spend.
    let r = v.spend(Some(&host), &id, &lines[0], 1, &photo).await;
    assert_eq!(
        expect_problem(r, 409, "exceeds_received").await.body["balance_fen"],
        0
    );
    v.funded_by_donor(&id, 150_000).await;
    let r = v.spend(Some(&host), &id, &lines[1], 100_001, &photo).await;
    expect_problem(r, 409, "exceeds_budget_line").await;
    json_of(
        v.spend(Some(&host), &id, &lines[0], 120_000, &photo).await,
        201,
    )
    .await;
    let r = v.spend(Some(&host), &id, &lines[1], 30_001, &photo).await;
    expect_problem(r, 409, "exceeds_received").await;
    // A line of another project is no line of this one.
    let other = v.open().await;
    let other_line = v.lines(&other).await[0].clone();
    let r = v.spend(Some(&host), &id, &other_line, 1, &photo).await;
    let p = expect_problem(r, 400, "validation_failed").await;
    assert_eq!(p.field_codes()[0].1, "unknown_budget_line");
    // A refused spending leaves no bytes behind.
    let files = std::fs::read_dir(v.app.data_dir().join("media").join("project-receipt"))
        .unwrap()
        .count();
    assert_eq!(files, 1);
    let p = v.seen(&id).await;
    assert_eq!(
        (p["spent_fen"].as_i64(), p["balance_fen"].as_i64()),
        (Some(120_000), Some(30_000))
    );
    // Completion needs the target received and spent.
    let r = v
        .close(
            &host,
            &id,
            json!({"outcome": "completed", "report": "完成"}),
        )
        .await;
    expect_problem(r, 409, "close_not_allowed").await;
}

#[tokio::test]
async fn parallel_spending_against_the_last_money_never_overdraws() {
    let v = Village::new().await;
    let id = v.open().await;
    v.funded_by_donor(&id, 50_000).await;
    let lines = v.lines(&id).await;
    let host = v.host.tokens.access.clone();
    let tries = (0..8).map(|i| {
        let line = lines[i % 2].clone();
        let (v, id, host) = (&v, &id, &host);
        async move {
            v.spend(Some(host), id, &line, 10_000, &receipt_photo())
                .await
                .status()
                .as_u16()
        }
    });
    let mut statuses = futures_util::future::join_all(tries).await;
    statuses.sort();
    assert_eq!(statuses, [201, 201, 201, 201, 201, 409, 409, 409]);
    let p = v.seen(&id).await;
    assert_eq!(
        (p["spent_fen"].as_i64(), p["balance_fen"].as_i64()),
        (Some(50_000), Some(0))
    );
    assert_eq!(p["ledger"]["spending"].as_array().unwrap().len(), 5);
    let line_sum: i64 = p["budget"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["spent_fen"].as_i64().unwrap())
        .sum();
    assert_eq!(line_sum, 50_000);
}

fn audit_verify(db_url: &str) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db_url)
        .env("BANGFU_DATA_DIR", dir.path())
        .env("BANGFU_LOG", "warn")
        .args(["audit", "verify"])
        .output()
        .unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (out.status.success(), text)
}

#[tokio::test]
async fn audit_verify_catches_a_ledger_total_that_does_not_add_up() {
    let v = Village::new().await;
    let id = v.open().await;
    v.funded_by_donor(&id, 80_000).await;
    let lines = v.lines(&id).await;
    json_of(
        v.spend(
            Some(&v.host.tokens.access),
            &id,
            &lines[0],
            30_000,
            &receipt_photo(),
        )
        .await,
        201,
    )
    .await;
    let (ok, text) = audit_verify(&v.app.db.url);
    assert!(ok, "{text}");
    assert!(text.contains("ledger adds up"), "{text}");
    // Someone edits a total behind the application's back.
    v.sql(&format!(
        "UPDATE projects SET pledged_fen = pledged_fen + 100 WHERE id = '{id}'"
    ))
    .await;
    v.sql(&format!(
        "UPDATE project_budget_lines SET spent_fen = 0 WHERE id = '{}'",
        lines[0]
    ))
    .await;
    let (ok, text) = audit_verify(&v.app.db.url);
    assert!(!ok, "{text}");
    assert!(
        text.contains(&format!(
            "project {id} pledged_fen is 80100 but its rows sum to 80000"
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "budget_line {} spent_fen is 0 but its rows sum to 30000",
            lines[0]
        )),
        "{text}"
    );
}

#[tokio::test]
async fn one_individual_cannot_hold_a_large_project_with_pledges_it_does_not_pay() {
    let v = Village::new().await;
    // ¥100,000: an individual may hold a tenth, ¥10,000, pledged and not yet received.
    let mut body = v.proposal();
    body["target_fen"] = json!(10_000_000);
    body["budget"] = json!([
        {"item": "水泥和砂石", "amount_fen": 6_000_000},
        {"item": "人工", "amount_fen": 4_000_000}
    ]);
    let id = id_of(v.propose(&v.proposer.tokens.access, &body).await).await;
    json_of(
        v.review(&v.county.tokens.access, &id, json!({"decision": "approve"}))
            .await,
        200,
    )
    .await;
    let t = v.donor.tokens.access.clone();
    let first = v.pledged(&t, &id, 600_000).await;
    let r = v
        .pledge_with(&t, &id, &json!({"amount_fen": 400_001}), &new_key())
        .await;
    let prob = expect_problem(r, 409, "unpaid_limit").await;
    assert_eq!(prob.body["remaining_fen"], 400_000);
    v.pledged(&t, &id, 400_000).await;
    // Once the host records the money, the donor may pledge again.
    json_of(
        v.receipt(&v.host.tokens.access, &id, &first, 600_000).await,
        201,
    )
    .await;
    v.pledged(&t, &id, 600_000).await;
    // A verified organization answers for its pledges: no such limit.
    v.pledged(&v.other_org.tokens.access, &id, 5_000_000).await;
    assert_eq!(v.seen(&id).await["pledged_fen"], 6_600_000);
}
