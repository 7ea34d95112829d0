//! Two people for every decision about one household's help: every forbidden pairing of poster,
//! reviewer, approver, confirmer and complaint handler answers 403 `second_official_required`, the
//! queues do not offer those items, and a review of a need edited since it was seen is 409.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::{need_body, World, VILLAGE};
use crate::pledges::{act, id_of, open_need_of, pledge};
use serde_json::{json, Value};

const SECOND: &str = "second_official_required";

async fn queue_ids(w: &World, path: &str, token: &str) -> Vec<String> {
    let r = w.app.get(path, Some(token)).await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            i.get("need")
                .map_or(&i["id"], |n| &n["id"])
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// A need the township official posts for the household, waiting for review.
async fn need_posted_by_township(w: &World) -> String {
    let mut b = need_body("轮椅一台", VILLAGE);
    b["household_id"] = json!(w.household_id);
    id_of(w.post_need(&w.township.tokens.access, &b).await).await
}

#[tokio::test]
async fn the_poster_never_reviews_its_need() {
    let w = World::new().await;
    let id = need_posted_by_township(&w).await;
    // The queue does not offer it to the poster, but to the county official.
    let poster_queue = queue_ids(&w, "/api/v1/review/needs", &w.township.tokens.access).await;
    assert!(!poster_queue.contains(&id));
    let county_queue = queue_ids(&w, "/api/v1/review/needs", &w.county.tokens.access).await;
    assert!(county_queue.contains(&id));
    // Neither approving nor rejecting it.
    let tok = &w.township.tokens.access;
    let p = expect_problem(
        w.review(tok, &id, json!({"decision": "approve"})).await,
        403,
        SECOND,
    )
    .await;
    assert!(
        p.body["detail"]
            .as_str()
            .unwrap()
            .contains("another official"),
        "{:?}",
        p.body
    );
    let reject = json!({"decision": "reject", "reason": "信息不全"});
    expect_problem(w.review(tok, &id, reject).await, 403, SECOND).await;
    // Admins decide nothing about households.
    let r = w
        .review(&w.admin.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    assert_eq!(r.status(), 403);
    // Another official does.
    let r = w
        .review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "open");
}

#[tokio::test]
async fn the_approver_never_confirms_receipt() {
    let w = World::new().await;
    let need = open_need_of(&w, 3).await;
    let donor = &w.donor.tokens.access;
    let township = &w.township.tokens.access;
    let mut pledges = Vec::new();
    for _ in 0..2 {
        let p = id_of(pledge(&w, donor, &need, 1).await).await;
        assert_eq!(
            act(&w, Some(township), &p, "approve", json!({}))
                .await
                .status(),
            200
        );
        let r = act(
            &w,
            Some(donor),
            &p,
            "deliver",
            json!({"note": "已送到村委会"}),
        )
        .await;
        assert_eq!(r.status(), 200);
        pledges.push(p);
    }
    // The approving official may not confirm either.
    for p in &pledges {
        expect_problem(
            act(&w, Some(township), p, "confirm", json!({})).await,
            403,
            SECOND,
        )
        .await;
    }
    // Admins do not confirm.
    let r = act(
        &w,
        Some(&w.admin.tokens.access),
        &pledges[0],
        "confirm",
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 403);
    // Another official confirms one, the household the other.
    let r = act(
        &w,
        Some(&w.county.tokens.access),
        &pledges[0],
        "confirm",
        json!({}),
    )
    .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "confirmed");
    let hh = &w.household.tokens.access;
    let r = act(&w, Some(hh), &pledges[1], "confirm", json!({"rating": 5})).await;
    assert_eq!(r.status(), 200);
}

async fn complain(w: &World, subject_type: &str, id: &str) -> String {
    let body =
        json!({"subject_type": subject_type, "subject_id": id, "body": "情况与实际不符，请核实"});
    id_of(
        w.app
            .post("/api/v1/complaints", Some(&w.donor.tokens.access), &body)
            .await,
    )
    .await
}

async fn resolve(w: &World, token: &str, complaint: &str) -> reqwest::Response {
    let body = json!({"response": "已核实，情况属实"});
    w.app
        .post(
            &format!("/api/v1/complaints/{complaint}/resolve"),
            Some(token),
            &body,
        )
        .await
}

#[tokio::test]
async fn nobody_answers_a_complaint_about_its_own_decision() {
    let w = World::new().await;
    // Complaints start with the township's officials; this township has two.
    let second = w.app.official(&w.admin, "411224101").await;
    let (first, second) = (&w.township.tokens.access, &second.tokens.access);

    // A need the first township official reviewed.
    let need = w.pending_need("冬季棉被").await;
    assert_eq!(
        w.review(first, &need, json!({"decision": "approve"}))
            .await
            .status(),
        200
    );
    let about_need = complain(&w, "need", &need).await;
    // A pledge the second one approved.
    let p = id_of(pledge(&w, &w.donor.tokens.access, &need, 1).await).await;
    assert_eq!(
        act(&w, Some(second), &p, "approve", json!({}))
            .await
            .status(),
        200
    );
    let about_pledge = complain(&w, "pledge", &p).await;

    let q = "/api/v1/review/complaints";
    let first_queue = queue_ids(&w, q, first).await;
    let second_queue = queue_ids(&w, q, second).await;
    assert!(!first_queue.contains(&about_need) && first_queue.contains(&about_pledge));
    assert!(second_queue.contains(&about_need) && !second_queue.contains(&about_pledge));

    expect_problem(resolve(&w, first, &about_need).await, 403, SECOND).await;
    expect_problem(resolve(&w, second, &about_pledge).await, 403, SECOND).await;
    // Admins decide nothing about households: for them the complaint is not there to answer.
    let admin = &w.admin.tokens.access;
    expect_problem(resolve(&w, admin, &about_need).await, 404, "not_found").await;
    assert_eq!(resolve(&w, second, &about_need).await.status(), 200);
    assert_eq!(resolve(&w, first, &about_pledge).await.status(), 200);
}

/// The need's `updated_at` as the county official's view shows it.
async fn seen(w: &World, id: &str) -> String {
    let r = w
        .app
        .get(
            &format!("/api/v1/needs/{id}"),
            Some(&w.county.tokens.access),
        )
        .await;
    let v: Value = r.json().await.unwrap();
    v["private"]["updated_at"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_review_of_a_need_changed_since_it_was_seen_is_refused() {
    let w = World::new().await;
    let id = w.pending_need("冬季棉被").await;
    let county = &w.county.tokens.access;
    let before = seen(&w, &id).await;
    // The household edits it after the official opened it.
    let r = w
        .app
        .request(
            reqwest::Method::PATCH,
            &format!("/api/v1/needs/{id}"),
            Some(&w.household.tokens.access),
        )
        .json(&json!({"title": "冬季棉被两床"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let stale = json!({"decision": "approve", "seen_updated_at": before});
    let p = expect_problem(w.review(county, &id, stale).await, 409, "need_changed").await;
    assert!(
        p.body["detail"]
            .as_str()
            .unwrap()
            .contains("look at it again"),
        "{:?}",
        p.body
    );
    // Nothing was decided; looking again, the review goes through.
    let after = seen(&w, &id).await;
    assert_ne!(before, after);
    let fresh = json!({"decision": "approve", "seen_updated_at": after});
    let r = w.review(county, &id, fresh).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "open");
}
