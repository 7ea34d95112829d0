//! Allocation and pledge expiry lock the same needs: both lock them in id order, so running them at
//! once never deadlocks (PostgreSQL would break a deadlock by failing one of them: a 500).

use crate::needs_fixture::{deadline_in, need_body, World, VILLAGE};
use crate::offers::{offer_body, publish};
use crate::pledges::pledge;
use diesel_async::RunQueryDsl;
use reqwest::Method;
use serde_json::{json, Value};

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

#[tokio::test]
async fn allocation_and_pledge_expiry_at_once_neither_deadlock_nor_fail() {
    // Workers index the needs: allocation finds its candidates through the search engine.
    let w = World::with_workers().await;
    // Urgencies that make the serving order differ from the id order.
    let mut needs = Vec::new();
    for (i, urgency) in [
        "normal", "critical", "urgent", "critical", "normal", "urgent",
    ]
    .iter()
    .enumerate()
    {
        let mut b = need_body(&format!("冬季棉被十床 {i}"), VILLAGE);
        b["category"] = json!("food_clothing");
        b["unit"] = json!("床");
        b["urgency"] = json!(urgency);
        b["deadline"] = json!(deadline_in(20 + i as i64));
        b["quantity"] = json!(1000);
        let r = w.post_need(&w.household.tokens.access, &b).await;
        assert_eq!(r.status(), 201);
        let id = r.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();
        let r = w
            .review(&w.county.tokens.access, &id, json!({"decision": "approve"}))
            .await;
        assert_eq!(r.status(), 200);
        needs.push(id);
    }
    w.eventually_total(
        "/api/v1/needs/search?q=%E6%A3%89%E8%A2%AB",
        needs.len() as u64,
    )
    .await;
    let e = w.enterprise.tokens.access.clone();
    for round in 0..6 {
        // A small offer each round: it serves the most urgent need, but the allocation still locks
        // all six needs it considers.
        let mut offer_b = offer_body("food_clothing", 6, Some("411224"));
        offer_b["title"] = json!("冬季棉被捐赠");
        let offer = publish(&w, &e, &offer_b).await;
        // Pledges on every need, overdue at once: the expiry job will lock all the needs.
        for n in &needs {
            assert_eq!(pledge(&w, &w.donor.tokens.access, n, 1).await.status(), 201);
        }
        let mut conn = w.app.conn().await;
        diesel::sql_query(
            "UPDATE pledges SET expires_at = now() - interval '1 minute' WHERE status = 'pending_approval' AND offer_id IS NULL",
        )
        .execute(&mut conn)
        .await
        .unwrap();
        drop(conn);
        let allocation = w
            .app
            .request(
                Method::POST,
                &format!("/api/v1/offers/{offer}/allocate"),
                Some(&e),
            )
            .header("Idempotency-Key", uuid::Uuid::new_v4().to_string())
            .json(&json!({"max_needs": 6}))
            .send();
        let pool = w.app.pool.clone();
        let expiry = async move {
            let mut conn = pool.get().await.unwrap();
            bangfu::service::pledges::expire_due(&mut conn, chrono::Utc::now(), 100).await
        };
        let (r, expired) = tokio::join!(allocation, expiry);
        let r = r.unwrap();
        let status = r.status().as_u16();
        let body = r.text().await.unwrap();
        assert_eq!(status, 201, "round {round}: {body}");
        let plan: Value = serde_json::from_str(&body).unwrap();
        assert!(
            plan["allocated"].as_i64().unwrap() > 0,
            "round {round}: the allocation must lock and serve needs: {body}"
        );
        // The workers' own expiry job may take some of the overdue pledges first; together they
        // expire all of them, and neither fails.
        expired.unwrap_or_else(|e| panic!("round {round}: expiry failed: {e:?}"));
        let mut left = i64::MAX;
        for _ in 0..50 {
            let mut conn = w.app.conn().await;
            left = diesel::sql_query(
                "SELECT count(*) AS n FROM pledges WHERE status = 'pending_approval' AND offer_id IS NULL AND expires_at < now()",
            )
            .get_result::<Count>(&mut conn)
            .await
            .unwrap()
            .n;
            if left == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(left, 0, "round {round}: overdue pledges left");
    }
}
