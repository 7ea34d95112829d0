//! 三查 check rounds: the seed goes on the audit chain before the sample, the sample can be drawn
//! again from it, findings open rectifications that the township answers and the checker accepts,
//! and the public sees figures and disclosures without names.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use bangfu::domain::checks::{candidates_digest, sample, Subject};
use serde_json::{json, Value};
use uuid::Uuid;

pub fn period() -> (String, String) {
    let now = chrono::Utc::now();
    (
        (now - chrono::Duration::hours(1)).to_rfc3339(),
        (now + chrono::Duration::hours(1)).to_rfc3339(),
    )
}

pub fn round_body(kind: &str, region: &str, subjects: &[&str], n: i32) -> Value {
    let (from, to) = period();
    json!({"kind": kind, "region_code": region, "period_from": from, "period_to": to,
        "subjects": subjects, "sample_size": n})
}

pub async fn start_round(w: &World, token: &str, body: &Value) -> Value {
    let r = w.app.post("/api/v1/checks", Some(token), body).await;
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

#[tokio::test]
async fn the_sample_is_drawn_from_a_seed_recorded_first_and_can_be_drawn_again() {
    let w = World::new().await;
    for i in 0..6 {
        w.open_need(&format!("轮椅 {i}")).await;
    }
    w.pending_need("未审核的需求").await;
    let round = start_round(
        &w,
        &w.neighbour.tokens.access,
        &round_body("cross", "411224", &["needs", "deliveries"], 3),
    )
    .await;
    assert_eq!(round["candidates"], 6);
    let items = round["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["decided_by"], w.county.id.to_string());
    assert_eq!(items[0]["decided_by_name"], "王干事");

    // The seed event is on the chain before the sample event, and carries the seed.
    let mut conn = w.app.conn().await;
    let round_id: Uuid = round["id"].as_str().unwrap().parse().unwrap();
    let events = bangfu::store::audit::for_subject(&mut conn, "check_round", round_id)
        .await
        .unwrap();
    assert_eq!(events[0].action, "check.seeded");
    assert_eq!(events[0].id, round["seed_event_id"].as_i64().unwrap());
    assert_eq!(events[1].action, "check.sampled");
    assert!(events[0].id < events[1].id);
    assert_eq!(events[0].details["seed"], round["seed"]);

    // Anyone with the seed and the decided needs draws the same sample.
    let from = chrono::DateTime::parse_from_rfc3339(round["period_from"].as_str().unwrap())
        .unwrap()
        .to_utc();
    let to = chrono::DateTime::parse_from_rfc3339(round["period_to"].as_str().unwrap())
        .unwrap()
        .to_utc();
    let mut candidates: Vec<(Subject, Uuid)> =
        bangfu::store::checks::need_candidates(&mut conn, "411224%", from, to)
            .await
            .unwrap()
            .into_iter()
            .map(|c| (Subject::Need, c.subject_id))
            .collect();
    assert_eq!(
        events[0].details["candidates_digest"],
        candidates_digest(&candidates)
    );
    let seed = hex::decode(round["seed"].as_str().unwrap()).unwrap();
    candidates.reverse();
    let again: Vec<String> = sample(&seed, &candidates, 3)
        .into_iter()
        .map(|(_, id)| id.to_string())
        .collect();
    let drawn: Vec<String> = items
        .iter()
        .map(|i| i["subject_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(again, drawn);
}

#[tokio::test]
async fn a_problem_is_rectified_by_the_township_and_accepted_by_the_checker() {
    let w = World::new().await;
    w.open_need("需要一台轮椅").await;
    let checker = &w.neighbour.tokens.access;
    let round = start_round(&w, checker, &round_body("cross", "411224", &["needs"], 5)).await;
    let rid = round["id"].as_str().unwrap().to_owned();
    let item = round["items"][0]["id"].as_str().unwrap().to_owned();
    let path = format!("/api/v1/checks/{rid}/items/{item}/finding");

    // Validation: a suspicion is a problem (疑似从有); a problem names its kind.
    let r = w
        .app
        .post(
            &path,
            Some(checker),
            &json!({"result": "ok", "suspected": true}),
        )
        .await;
    expect_problem(r, 400, "validation_failed").await;
    let r = w
        .app
        .post(&path, Some(checker), &json!({"result": "problem"}))
        .await;
    expect_problem(r, 400, "validation_failed").await;
    // Only the checker records; who cannot see the round gets 404.
    let finding = json!({"result": "problem", "problem_kind": "not_eligible", "suspected": true, "note": "=HYPERLINK(\"x\")"});
    let r = w
        .app
        .post(&path, Some(&w.county.tokens.access), &finding)
        .await;
    expect_problem(r, 403, "forbidden").await;
    let r = w
        .app
        .post(&path, Some(&w.household.tokens.access), &finding)
        .await;
    expect_problem(r, 404, "not_found").await;
    let r = w.app.post(&path, Some(checker), &finding).await;
    assert_eq!(r.status(), 201);
    let f: Value = r.json().await.unwrap();
    let rect = f["rectification_id"].as_str().unwrap().to_owned();
    let r = w.app.post(&path, Some(checker), &finding).await;
    expect_problem(r, 409, "finding_already_recorded").await;

    // The township's officials see and answer it; another township's do not see it.
    let list: Value = w
        .app
        .get("/api/v1/rectifications", Some(&w.township.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 1);
    assert_eq!(list["items"][0]["township_code"], "411224101");
    let other: Value = w
        .app
        .get(
            "/api/v1/rectifications",
            Some(&w.other_township.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(other["total"], 0);
    let answer = json!({"answer": "已核实，取消该户本次资格并收回物资。"});
    let r = w
        .app
        .post(
            &format!("/api/v1/rectifications/{rect}/answer"),
            Some(&w.other_township.tokens.access),
            &answer,
        )
        .await;
    expect_problem(r, 404, "not_found").await;
    let r = w
        .app
        .post(
            &format!("/api/v1/rectifications/{rect}/accept"),
            Some(&w.township.tokens.access),
            &json!({}),
        )
        .await;
    expect_problem(r, 403, "forbidden").await;
    let r = w
        .app
        .post(
            &format!("/api/v1/rectifications/{rect}/answer"),
            Some(&w.township.tokens.access),
            &answer,
        )
        .await;
    assert_eq!(r.status(), 200);
    // The checker reopens, the township answers again, the checker accepts.
    let r = w
        .app
        .post(
            &format!("/api/v1/rectifications/{rect}/reopen"),
            Some(checker),
            &json!({"note": "请附上收回凭证"}),
        )
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "open");
    let r = w
        .app
        .post(
            &format!("/api/v1/rectifications/{rect}/answer"),
            Some(&w.township.tokens.access),
            &answer,
        )
        .await;
    assert_eq!(r.status(), 200);
    let r = w
        .app
        .post(
            &format!("/api/v1/rectifications/{rect}/accept"),
            Some(checker),
            &json!({}),
        )
        .await;
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "accepted");
    let r = w
        .app
        .post(
            &format!("/api/v1/rectifications/{rect}/accept"),
            Some(checker),
            &json!({}),
        )
        .await;
    expect_problem(r, 409, "invalid_transition").await;

    // The report: CSV with the formula neutralised.
    let r = w
        .app
        .get(&format!("/api/v1/checks/{rid}/report.csv"), Some(checker))
        .await;
    assert!(r.headers()["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    let csv = r.text().await.unwrap();
    assert!(csv.starts_with("\"position\",\"subject_type\""));
    assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\")\""), "{csv}");
    assert!(csv.contains("\"accepted\""));

    // The public: figures and the disclosure, without names.
    let s: Value = w
        .app
        .get("/api/v1/stats/checks?region=411224", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (
            s["rounds"].as_i64(),
            s["items_checked"].as_i64(),
            s["problems"].as_i64()
        ),
        (Some(1), Some(1), Some(1))
    );
    assert_eq!(s["problems_by_kind"]["not_eligible"]["count"], 1);
    assert_eq!(s["rounds_by_kind"]["cross"], 1);
    assert_eq!(s["rectified_on_time_share"], 1.0);
    let d = w
        .app
        .get("/api/v1/stats/checks/disclosures?region=411224", None)
        .await
        .text()
        .await
        .unwrap();
    let dv: Value = serde_json::from_str(&d).unwrap();
    assert_eq!(dv["total"], 1);
    assert_eq!(dv["items"][0]["outcome"], "rectified_on_time");
    assert_eq!(dv["items"][0]["township_code"], "411224101");
    for secret in [
        "王干事",
        "王秀兰",
        &w.county.id.to_string(),
        &w.household_id,
    ] {
        assert!(!d.contains(secret), "{secret} in {d}");
    }
    let r = w
        .app
        .get("/api/v1/stats/checks/disclosures?region=4112", None)
        .await;
    expect_problem(r, 400, "validation_failed").await;

    // The approver's record shows the problem found in its decision.
    let fig: Value = w
        .app
        .get(
            &format!("/api/v1/officials/{}/figures", w.county.id),
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (fig["reviews"].as_i64(), fig["problems_found"].as_i64()),
        (Some(1), Some(1))
    );
    assert_eq!(fig["rejection_rate"], 0.0);
    // Every step is on the chain.
    let mut conn = w.app.conn().await;
    let rect_id: Uuid = rect.parse().unwrap();
    let actions: Vec<String> =
        bangfu::store::audit::for_subject(&mut conn, "rectification", rect_id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.action)
            .collect();
    assert_eq!(
        actions,
        [
            "rectification.opened",
            "rectification.answered",
            "rectification.reopened",
            "rectification.answered",
            "rectification.accepted"
        ]
    );
}
