//! Corrections and closing rules: a mistaken spending is reversed (never edited), an official's
//! cancellation of a funded project takes two officials, the deadline job goes past a project it
//! cannot close, and a deadline beyond a year is a field error.

use crate::helpers::app::expect_problem;
use crate::projects_fixture::{json_of, receipt_photo, Village};
use chrono::{Duration, Utc};
use serde_json::{json, Value};

impl Village {
    pub async fn reverse(
        &self,
        token: &str,
        id: &str,
        sid: &str,
        reason: &str,
    ) -> reqwest::Response {
        self.app
            .post(
                &format!("/api/v1/projects/{id}/spending/{sid}/reversal"),
                Some(token),
                &json!({ "reason": reason }),
            )
            .await
    }
}

#[tokio::test]
async fn a_mistaken_spending_is_reversed_once_and_the_ledger_shows_both() {
    let v = Village::new().await;
    let id = v.open().await;
    v.funded_by_donor(&id, 50_000).await;
    let lines = v.lines(&id).await;
    let host = v.host.tokens.access.clone();
    let s = json_of(
        v.spend(Some(&host), &id, &lines[0], 30_000, &receipt_photo())
            .await,
        201,
    )
    .await;
    let sid = s["id"].as_str().unwrap().to_owned();
    // Only the host; a reason is needed.
    for who in [&v.donor, &v.county, &v.proposer, &v.other_org] {
        let r = v.reverse(&who.tokens.access, &id, &sid, "录错金额").await;
        assert_eq!(r.status(), 403);
    }
    let r = v.reverse(&host, &id, &sid, "  ").await;
    expect_problem(r, 400, "validation_failed").await;
    let rev = json_of(
        v.reverse(&host, &id, &sid, "录错金额，应为 3,000 元").await,
        201,
    )
    .await;
    assert_eq!(
        (rev["amount_fen"].as_i64(), rev["reverses_id"].as_str()),
        (Some(-30_000), Some(sid.as_str()))
    );
    assert!(rev["image_url"].is_null() && rev["receipt_status"].is_null());
    // Totals and the line are back; the ledger shows both rows.
    let p = json_of(v.page(None, &id).await, 200).await;
    assert_eq!(
        (p["spent_fen"].as_i64(), p["balance_fen"].as_i64()),
        (Some(0), Some(50_000))
    );
    assert_eq!(p["budget"][0]["spent_fen"], 0);
    let rows: Vec<Value> = p["ledger"]["spending"].as_array().unwrap().clone();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1]["reversal_reason"], "录错金额，应为 3,000 元");
    // No double reversal, no reversal of a reversal.
    expect_problem(
        v.reverse(&host, &id, &sid, "again").await,
        409,
        "already_reversed",
    )
    .await;
    let rid = rev["id"].as_str().unwrap();
    expect_problem(
        v.reverse(&host, &id, rid, "undo").await,
        409,
        "not_reversible",
    )
    .await;
    let missing = uuid::Uuid::new_v4().to_string();
    assert_eq!(v.reverse(&host, &id, &missing, "x").await.status(), 404);
    // The correct amount is recorded anew; the totals still add up on the audit chain.
    json_of(
        v.spend(Some(&host), &id, &lines[0], 3_000, &receipt_photo())
            .await,
        201,
    )
    .await;
    assert_eq!(v.seen(&id).await["spent_fen"], 3_000);
    let events = v
        .count(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE subject_id = '{id}' AND action = 'project.spending_reversed'"
        ))
        .await;
    assert_eq!(events, 1);
    let mismatches = {
        let mut conn = v.app.conn().await;
        bangfu::store::project_totals::mismatches(&mut conn)
            .await
            .unwrap()
    };
    assert!(mismatches.is_empty(), "{mismatches:?}");
}

#[tokio::test]
async fn a_funded_project_is_cancelled_only_with_a_second_person() {
    let v = Village::new().await;
    let cancel = json!({"outcome": "cancelled", "reason": "选址变更"});
    // Without money received, one official still may.
    let unfunded = v.open().await;
    let p = json_of(
        v.close(&v.village2.tokens.access, &unfunded, cancel.clone())
            .await,
        200,
    )
    .await;
    assert_eq!(p["status"], "cancelled");

    // With money received: who asks, then who confirms.
    // (asker, confirmer, the confirmer's answer)
    let cases: [(&str, &str, u16); 6] = [
        ("proposer", "proposer", 403),
        ("proposer", "village2", 403),
        ("proposer", "county", 200),
        ("county", "county2", 200),
        ("county", "other_village", 403),
        ("village2", "neighbour", 403),
    ];
    let who = |name: &str| match name {
        "proposer" => v.proposer.tokens.access.clone(),
        "village2" => v.village2.tokens.access.clone(),
        "county" => v.county.tokens.access.clone(),
        "county2" => v.county2.tokens.access.clone(),
        "other_village" => v.other_village.tokens.access.clone(),
        _ => v.neighbour.tokens.access.clone(),
    };
    for (asker, confirmer, want) in cases {
        let id = v.open().await;
        v.funded_by_donor(&id, 20_000).await;
        let asked = json_of(v.close(&who(asker), &id, cancel.clone()).await, 202).await;
        assert_eq!(asked["status"], "open", "{asker}");
        assert_eq!(asked["cancel_request"]["reason"], "选址变更");
        let r = v
            .close(
                &who(confirmer),
                &id,
                json!({"outcome": "cancelled", "reason": "同意"}),
            )
            .await;
        assert_eq!(r.status().as_u16(), want, "{asker} then {confirmer}");
        let p = v.seen(&id).await;
        if want == 200 {
            assert_eq!(
                (p["status"].as_str(), p["close_reason"].as_str()),
                (Some("cancelled"), Some("选址变更"))
            );
        } else {
            assert_eq!(p["status"], "open");
        }
    }
    // The same official asking twice is told a second one confirms.
    let id = v.open().await;
    v.funded_by_donor(&id, 20_000).await;
    json_of(v.close(&who("county"), &id, cancel.clone()).await, 202).await;
    expect_problem(
        v.close(&who("county"), &id, cancel.clone()).await,
        403,
        "second_official_required",
    )
    .await;
    // The request is not public. The host's cancellation is a request too, which a village
    // official cannot confirm and an official of the county can.
    assert!(json_of(v.page(None, &id).await, 200).await["cancel_request"].is_null());
    let id = v.open().await;
    v.funded_by_donor(&id, 20_000).await;
    let asked = json_of(
        v.close(&v.host.tokens.access, &id, cancel.clone()).await,
        202,
    )
    .await;
    assert_eq!(asked["status"], "open");
    expect_problem(
        v.close(&v.host.tokens.access, &id, cancel.clone()).await,
        403,
        "second_official_required",
    )
    .await;
    assert_eq!(
        v.close(&who("village2"), &id, cancel.clone())
            .await
            .status()
            .as_u16(),
        403
    );
    let p = json_of(v.close(&who("county"), &id, cancel.clone()).await, 200).await;
    assert_eq!(p["status"], "cancelled");
    let events = v
        .count("SELECT count(*) AS n FROM audit_events WHERE action = 'project.cancel_requested'")
        .await;
    assert_eq!(events, 8);
    let confirmed = v
        .count("SELECT count(*) AS n FROM audit_events WHERE action = 'project.cancel_confirmed'")
        .await;
    assert_eq!(confirmed, 3);
}

#[tokio::test]
async fn the_deadline_job_goes_past_a_project_it_cannot_close() {
    let v = Village::new().await;
    let broken = v.open().await;
    let fine = v.open().await;
    // The first project due cannot be closed (a trigger refuses its update); the job goes on.
    v.sql(&format!(
        "CREATE FUNCTION refuse_close() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN IF NEW.id = '{broken}' AND NEW.status <> OLD.status THEN
           RAISE EXCEPTION 'refused for the test'; END IF; RETURN NEW; END $$"
    ))
    .await;
    v.sql("CREATE TRIGGER refuse_close BEFORE UPDATE ON projects FOR EACH ROW EXECUTE FUNCTION refuse_close()")
        .await;
    v.sql(&format!(
        "UPDATE projects SET deadline = deadline - interval '1 day' WHERE id = '{broken}'"
    ))
    .await;
    v.run_job(
        bangfu::jobs::projects::FAIL,
        Utc::now() + Duration::days(31),
    )
    .await;
    assert_eq!(v.seen(&broken).await["status"], "open");
    assert_eq!(v.seen(&fine).await["status"], "failed");
    // Retried on the next run, once the trouble is gone.
    v.sql("DROP TRIGGER refuse_close ON projects").await;
    v.run_job(
        bangfu::jobs::projects::FAIL,
        Utc::now() + Duration::days(31),
    )
    .await;
    assert_eq!(v.seen(&broken).await["status"], "failed");
}

#[tokio::test]
async fn a_deadline_beyond_a_year_is_a_field_error() {
    let v = Village::new().await;
    let mut body = v.proposal();
    body["deadline"] = json!((Utc::now() + Duration::days(400)).to_rfc3339());
    let p = expect_problem(
        v.propose(&v.proposer.tokens.access, &body).await,
        400,
        "validation_failed",
    )
    .await;
    assert_eq!(
        p.field_codes(),
        [("deadline".to_owned(), "too_far".to_owned())]
    );
    body["deadline"] = json!((Utc::now() + Duration::days(360)).to_rfc3339());
    json_of(v.propose(&v.proposer.tokens.access, &body).await, 201).await;
}
