//! Needs that end: withdrawal, expiry, the audit trail of every change, no personal data in public answers.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::{World, HEAD_NAME, ID_NUMBER, PHONE};
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};

#[tokio::test]
async fn withdrawal_rules() {
    let w = World::new().await;
    let pending = w.pending_need("轮椅一台").await;
    let r = w
        .app
        .post(
            &format!("/api/v1/needs/{pending}/withdraw"),
            Some(&w.household.tokens.access),
            &json!({"reason": "已自行解决"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<Value>().await.unwrap()["status"], "withdrawn");
    expect_problem(
        w.app
            .post(
                &format!("/api/v1/needs/{pending}/withdraw"),
                Some(&w.household.tokens.access),
                &json!({}),
            )
            .await,
        409,
        "invalid_transition",
    )
    .await;
    // An official withdraws an open need, with no body at all.
    let open = w.open_need("化肥两袋").await;
    let r = w
        .app
        .request(
            Method::POST,
            &format!("/api/v1/needs/{open}/withdraw"),
            Some(&w.township.tokens.access),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    // A need with active pledges cannot be withdrawn.
    let pledged = w.open_need("棉被三床").await;
    let mut conn = w.app.conn().await;
    diesel::sql_query(format!(
        "UPDATE needs SET pledged_quantity = 1 WHERE id = '{pledged}'"
    ))
    .execute(&mut conn)
    .await
    .unwrap();
    expect_problem(
        w.app
            .post(
                &format!("/api/v1/needs/{pledged}/withdraw"),
                Some(&w.household.tokens.access),
                &json!({}),
            )
            .await,
        409,
        "need_has_pledges",
    )
    .await;
}

#[tokio::test]
async fn needs_past_their_deadline_expire_through_a_job() {
    let w = World::new().await;
    let open = w.open_need("轮椅一台").await;
    let pending = w.pending_need("化肥两袋").await;
    let future = w.open_need("棉被三床").await;
    let mut conn = w.app.conn().await;
    diesel::sql_query(format!("UPDATE needs SET deadline = now() - interval '1 minute' WHERE id IN ('{open}', '{pending}')"))
        .execute(&mut conn)
        .await
        .unwrap();
    bangfu::jobs::enqueue(&mut conn, bangfu::jobs::needs::EXPIRE, Value::Null)
        .await
        .unwrap();
    let runner = bangfu::jobs::Runner::new(w.app.pool.clone(), bangfu::jobs::Registry::standard());
    assert!(runner
        .run_once_of(bangfu::jobs::needs::EXPIRE)
        .await
        .unwrap());
    for (id, status) in [(&open, "expired"), (&pending, "expired"), (&future, "open")] {
        let v: Value = w
            .app
            .get(
                &format!("/api/v1/needs/{id}"),
                Some(&w.county.tokens.access),
            )
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(v["status"], status, "{id}");
    }
    // Expired needs are no longer public.
    expect_problem(
        w.app.get(&format!("/api/v1/needs/{open}"), None).await,
        404,
        "not_found",
    )
    .await;
    let events = bangfu::store::audit::for_subject(&mut conn, "need", open.parse().unwrap())
        .await
        .unwrap();
    assert_eq!(events.last().unwrap().action, "need.expired");
}

#[tokio::test]
async fn every_change_is_an_audit_event_with_its_actor() {
    let w = World::new().await;
    let id = w.pending_need("轮椅一台").await;
    w.review(
        &w.county.tokens.access,
        &id,
        json!({"decision": "reject", "reason": "请补充材料"}),
    )
    .await;
    w.app
        .request(
            Method::PATCH,
            &format!("/api/v1/needs/{id}"),
            Some(&w.household.tokens.access),
        )
        .json(&json!({"title": "轮椅一台（已补充材料）"}))
        .send()
        .await
        .unwrap();
    w.review(
        &w.township.tokens.access,
        &id,
        json!({"decision": "approve"}),
    )
    .await;
    w.app
        .post(
            &format!("/api/v1/needs/{id}/withdraw"),
            Some(&w.household.tokens.access),
            &json!({}),
        )
        .await;
    let mut conn = w.app.conn().await;
    let events = bangfu::store::audit::for_subject(&mut conn, "need", id.parse().unwrap())
        .await
        .unwrap();
    let seen: Vec<(String, Option<uuid::Uuid>)> = events
        .iter()
        .map(|e| (e.action.clone(), e.actor_id))
        .collect();
    assert_eq!(
        seen,
        vec![
            ("need.posted".to_owned(), Some(w.household.id)),
            ("need.rejected".to_owned(), Some(w.county.id)),
            ("need.resubmitted".to_owned(), Some(w.household.id)),
            ("need.approved".to_owned(), Some(w.township.id)),
            ("need.withdrawn".to_owned(), Some(w.household.id)),
        ]
    );
    assert_eq!(events[1].details["reason"], "请补充材料");
    assert_eq!(
        (
            events[1].details["role"].as_str(),
            events[1].details["from"].as_str(),
            events[1].details["to"].as_str()
        ),
        (Some("official"), Some("pending_review"), Some("rejected"))
    );
    assert_eq!(events[4].details["from"], "open");
    let v: Value = w
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
}

#[tokio::test]
async fn no_public_response_carries_personal_data() {
    let w = World::new().await;
    let mut ids = vec![
        w.open_need("轮椅一台").await,
        w.pending_need("化肥两袋").await,
    ];
    let rejected = w.pending_need("棉被三床").await;
    w.review(
        &w.county.tokens.access,
        &rejected,
        json!({"decision": "reject", "reason": "请补充材料"}),
    )
    .await;
    ids.push(rejected);
    let secrets = [
        HEAD_NAME,
        ID_NUMBER,
        PHONE,
        "41**************30",
        w.household_id.as_str(),
        w.household.email.as_str(),
    ];
    let mut bodies = Vec::new();
    for id in &ids {
        for token in [
            None,
            Some(w.donor.tokens.access.as_str()),
            Some(w.enterprise.tokens.access.as_str()),
            Some(w.neighbour.tokens.access.as_str()),
        ] {
            bodies.push(
                w.app
                    .get(&format!("/api/v1/needs/{id}"), token)
                    .await
                    .text()
                    .await
                    .unwrap(),
            );
        }
    }
    for path in [
        "/api/v1/regions/411224101200",
        "/api/v1/regions?parent=411224101",
        "/api/v1/audit/verify",
        "/metrics",
    ] {
        bodies.push(w.app.get(path, None).await.text().await.unwrap());
    }
    bodies.push(
        w.app
            .get("/api/v1/review/needs", Some(&w.neighbour.tokens.access))
            .await
            .text()
            .await
            .unwrap(),
    );
    bodies.push(
        w.app
            .get("/api/v1/needs", Some(&w.neighbour.tokens.access))
            .await
            .text()
            .await
            .unwrap(),
    );
    for body in &bodies {
        for s in secrets {
            assert!(!body.contains(s), "a public response carries {s}: {body}");
        }
    }
    // The serialized public view of each need, as any document built from it would be.
    let mut conn = w.app.conn().await;
    for id in &ids {
        let need = bangfu::store::needs::find(&mut conn, id.parse().unwrap())
            .await
            .unwrap()
            .unwrap();
        let view = bangfu::api::needs::views::view_one(&mut conn, need, false)
            .await
            .unwrap();
        let doc = serde_json::to_string(&view).unwrap();
        for s in secrets {
            assert!(!doc.contains(s), "the need document carries {s}: {doc}");
        }
    }
}
