//! Pledges: the authorization matrix, concurrency, idempotency, expiry and complaints.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use crate::pledges::{act, id_of, open_need_of, pledge};
use bangfu::clock::ManualClock;
use bangfu::jobs::{enqueue, Registry, Runner};
use reqwest::Method;
use serde_json::{json, Value};
use std::sync::Arc;

#[tokio::test]
async fn caller_by_pledge_operation() {
    let w = World::new().await;
    let other_supporter = &w.enterprise;
    let callers: Vec<(&str, Option<String>)> = vec![
        ("supporter", Some(w.donor.tokens.access.clone())),
        (
            "another supporter",
            Some(other_supporter.tokens.access.clone()),
        ),
        ("household", Some(w.household.tokens.access.clone())),
        (
            "another household",
            Some(w.other_household.tokens.access.clone()),
        ),
        ("official in scope", Some(w.township.tokens.access.clone())),
        (
            "official out of scope",
            Some(w.neighbour.tokens.access.clone()),
        ),
        ("admin", Some(w.admin.tokens.access.clone())),
        ("anonymous", None),
    ];
    // (operation, the pledge's state before it, expected status per caller)
    let table: Vec<(&str, &str, [u16; 8])> = vec![
        (
            "read",
            "pending_approval",
            [200, 404, 200, 404, 200, 404, 200, 401],
        ),
        (
            "events",
            "pending_approval",
            [200, 404, 200, 404, 200, 404, 200, 401],
        ),
        (
            "approve",
            "pending_approval",
            [403, 404, 403, 404, 200, 404, 403, 401],
        ),
        (
            "reject",
            "pending_approval",
            [403, 404, 403, 404, 200, 404, 403, 401],
        ),
        (
            "cancel",
            "approved",
            [200, 404, 403, 404, 403, 404, 403, 401],
        ),
        (
            "deliver",
            "approved",
            [200, 404, 403, 404, 403, 404, 403, 401],
        ),
        (
            "confirm",
            "delivered",
            [403, 404, 200, 404, 200, 404, 403, 401],
        ),
    ];
    let n = open_need_of(&w, 1000).await;
    let mut failures = Vec::new();
    for (op, state, expected) in &table {
        for (i, (who, token)) in callers.iter().enumerate() {
            let p = id_of(pledge(&w, &w.donor.tokens.access, &n, 1).await).await;
            if *state != "pending_approval" {
                act(&w, Some(&w.county.tokens.access), &p, "approve", json!({})).await;
            }
            if *state == "delivered" {
                act(
                    &w,
                    Some(&w.donor.tokens.access),
                    &p,
                    "deliver",
                    json!({"note": "送到"}),
                )
                .await;
            }
            let t = token.as_deref();
            let status = match *op {
                "read" => w.app.get(&format!("/api/v1/pledges/{p}"), t).await.status(),
                "events" => w
                    .app
                    .get(&format!("/api/v1/pledges/{p}/events"), t)
                    .await
                    .status(),
                "reject" => act(&w, t, &p, "reject", json!({"reason": "不符合"}))
                    .await
                    .status(),
                "deliver" => act(&w, t, &p, "deliver", json!({"note": "送到"}))
                    .await
                    .status(),
                action => act(&w, t, &p, action, json!({})).await.status(),
            };
            if status.as_u16() != expected[i] {
                failures.push(format!(
                    "{who} / {op}: got {}, expected {}",
                    status.as_u16(),
                    expected[i]
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[tokio::test]
async fn two_hundred_clients_never_take_more_than_the_need() {
    let w = World::new().await;
    let n = open_need_of(&w, 50).await;
    let donors: Vec<String> = {
        let mut v = Vec::new();
        for _ in 0..4 {
            v.push(w.app.donor().await.tokens.access);
        }
        v
    };
    let quantities: Vec<i64> = (0..200).map(|i| 1 + (i * 7 % 5)).collect();
    let futures = quantities.iter().enumerate().map(|(i, q)| {
        let token = donors[i % donors.len()].clone();
        let w = &w;
        let n = n.clone();
        let q = *q;
        async move { (q, pledge(w, &token, &n, q).await) }
    });
    let results = futures_util::future::join_all(futures).await;
    let mut accepted = 0;
    let mut ids = Vec::new();
    for (q, r) in results {
        let status = r.status().as_u16();
        assert!(status == 201 || status == 409, "unexpected {status}");
        if status == 201 {
            accepted += q;
            ids.push(
                r.json::<Value>().await.unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
    }
    assert_eq!(
        accepted, 50,
        "demand exceeded supply: exactly the need's quantity is taken"
    );
    let nv: Value = w
        .app
        .get(&format!("/api/v1/needs/{n}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (nv["pledged_quantity"].as_i64(), nv["status"].as_str()),
        (Some(50), Some("fully_pledged"))
    );

    // Again, with cancellations running at the same time: the books still balance.
    let donors_ref = &donors;
    let cancels = ids.iter().take(10).map(|p| {
        let w = &w;
        let p = p.clone();
        async move {
            let mut seen = Vec::new();
            for token in donors_ref {
                let r = act(w, Some(token), &p, "cancel", json!({})).await;
                let status = r.status().as_u16();
                seen.push((status, r.text().await.unwrap_or_default()));
                if status == 200 {
                    return 200;
                }
            }
            panic!("nobody could cancel {p}: {seen:?}")
        }
    });
    let more = (0..100).map(|i| {
        let w = &w;
        let token = donors[i % donors.len()].clone();
        let n = n.clone();
        async move {
            pledge(w, &token, &n, 1 + (i as i64 % 3))
                .await
                .status()
                .as_u16()
        }
    });
    let (cancelled, pledged) = tokio::join!(
        futures_util::future::join_all(cancels),
        futures_util::future::join_all(more)
    );
    assert!(cancelled.iter().all(|s| *s == 200), "{cancelled:?}");
    assert!(
        pledged.iter().all(|s| *s == 201 || *s == 409),
        "{pledged:?}"
    );
    let mut conn = w.app.conn().await;
    #[derive(diesel::QueryableByName)]
    struct Books {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        active: i64,
        #[diesel(sql_type = diesel::sql_types::Integer)]
        pledged: i32,
    }
    let b: Books = diesel_async::RunQueryDsl::get_result(
        diesel::sql_query(format!(
            "SELECT coalesce((SELECT sum(quantity) FROM pledges WHERE need_id = '{n}' AND status IN ('pending_approval','approved','delivered','confirmed')), 0)::int8 AS active, \
             (SELECT pledged_quantity FROM needs WHERE id = '{n}') AS pledged"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(
        b.active,
        i64::from(b.pledged),
        "active pledges and the need's count agree"
    );
    assert!(b.pledged <= 50);
}

#[tokio::test]
async fn idempotency_key_rules_for_pledges() {
    let w = World::new().await;
    let n = open_need_of(&w, 10).await;
    let key = uuid::Uuid::new_v4().to_string();
    let send = |body: Value, key: String| {
        let w = &w;
        let n = n.clone();
        async move {
            w.app
                .request(
                    Method::POST,
                    &format!("/api/v1/needs/{n}/pledges"),
                    Some(&w.donor.tokens.access),
                )
                .header("Idempotency-Key", key)
                .json(&body)
                .send()
                .await
                .unwrap()
        }
    };
    let first = send(json!({"quantity": 2}), key.clone()).await;
    assert_eq!(first.status(), 201);
    let first: Value = first.json().await.unwrap();
    // Same key, same body (keys in another order): the stored response.
    let again = send(json!({"quantity": 2}), key.clone()).await;
    assert_eq!(again.status(), 201);
    assert_eq!(again.json::<Value>().await.unwrap(), first);
    // Same key, another body: 422.
    expect_problem(
        send(json!({"quantity": 3}), key.clone()).await,
        422,
        "idempotency_key_reused",
    )
    .await;
    // Keys are per user: the same key from another supporter is a new request.
    let r = w
        .app
        .request(
            Method::POST,
            &format!("/api/v1/needs/{n}/pledges"),
            Some(&w.enterprise.tokens.access),
        )
        .header("Idempotency-Key", key.clone())
        .json(&json!({"quantity": 2}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    // Two identical requests at the same moment: one pledge.
    let k2 = uuid::Uuid::new_v4().to_string();
    let (a, b) = tokio::join!(
        send(json!({"quantity": 1}), k2.clone()),
        send(json!({"quantity": 1}), k2.clone())
    );
    let statuses = [a.status().as_u16(), b.status().as_u16()];
    assert!(statuses.contains(&201), "{statuses:?}");
    assert!(
        statuses.iter().all(|s| *s == 201 || *s == 409),
        "{statuses:?}"
    );
    let nv: Value = w
        .app
        .get(&format!("/api/v1/needs/{n}"), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        nv["pledged_quantity"], 5,
        "2 + 2 + 1: the replays pledged nothing"
    );
}

#[tokio::test]
async fn stalled_pledges_expire_and_release_their_quantity() {
    let w = World::new().await;
    let n = open_need_of(&w, 4).await;
    let waiting = id_of(pledge(&w, &w.donor.tokens.access, &n, 1).await).await;
    let approved = id_of(pledge(&w, &w.enterprise.tokens.access, &n, 2).await).await;
    act(
        &w,
        Some(&w.county.tokens.access),
        &approved,
        "approve",
        json!({}),
    )
    .await;
    let clock = ManualClock::new(chrono::Utc::now());
    let runner =
        Runner::new(w.app.pool.clone(), Registry::standard()).clock(Arc::new(clock.clone()));
    let run = || async {
        let mut conn = w.app.conn().await;
        enqueue(&mut conn, bangfu::jobs::pledges::EXPIRE, Value::Null)
            .await
            .unwrap();
        drop(conn);
        assert!(runner
            .run_once_of(bangfu::jobs::pledges::EXPIRE)
            .await
            .unwrap());
    };
    let w_ref = &w;
    let status = |p: String| async move {
        let v: Value = w_ref
            .app
            .get(
                &format!("/api/v1/pledges/{p}"),
                Some(&w_ref.county.tokens.access),
            )
            .await
            .json()
            .await
            .unwrap();
        v["status"].as_str().unwrap().to_owned()
    };
    clock.advance(chrono::Duration::days(13));
    run().await;
    assert_eq!(status(waiting.clone()).await, "pending_approval");
    clock.advance(chrono::Duration::days(2));
    run().await;
    assert_eq!(
        status(waiting.clone()).await,
        "expired",
        "14 days without approval"
    );
    assert_eq!(status(approved.clone()).await, "approved");
    clock.advance(chrono::Duration::days(30));
    run().await;
    assert_eq!(
        status(approved.clone()).await,
        "expired",
        "the need's deadline passed without delivery"
    );
    let nv: Value = w
        .app
        .get(&format!("/api/v1/needs/{n}"), Some(&w.county.tokens.access))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(nv["pledged_quantity"], 0);
    let events: Value = w
        .app
        .get(
            &format!("/api/v1/pledges/{waiting}/events"),
            Some(&w.county.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        events["items"].as_array().unwrap().last().unwrap()["details"]["role"],
        "system"
    );
}
