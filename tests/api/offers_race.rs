//! Two needs sharing one offer under two hundred clients.

use crate::needs_fixture::World;
use crate::offers::{open_need, pledge_from, publish};
use crate::pledges::act;
use serde_json::{json, Value};

pub fn offer_body(category: &str, quantity: i64, region: Option<&str>) -> Value {
    json!({"title": "爱心棉被一批", "description": "新棉被，可送货到村", "category": category, "quantity": quantity,
        "unit": "床", "region_code": region, "valid_until": (chrono::Utc::now() + chrono::Duration::days(60)).to_rfc3339(),
        "value_per_unit_fen": 15000})
}

#[tokio::test]
async fn two_needs_sharing_one_offer_under_two_hundred_clients() {
    let w = World::new().await;
    let o = publish(
        &w,
        &w.enterprise.tokens.access,
        &offer_body("food_clothing", 60, Some("411224")),
    )
    .await;
    let needs = [
        open_need(&w, "food_clothing", 50).await,
        open_need(&w, "food_clothing", 50).await,
    ];
    let attempts = (0..200).map(|i| {
        let w = &w;
        let need = needs[i % 2].clone();
        let o = o.clone();
        let q = 1 + (i as i64 * 7 % 5);
        async move {
            (
                need.clone(),
                q,
                pledge_from(w, &w.enterprise.tokens.access, &need, &o, q).await,
            )
        }
    });
    let results = futures_util::future::join_all(attempts).await;
    let mut taken = std::collections::HashMap::new();
    let mut ids = Vec::new();
    for (need, q, r) in results {
        let status = r.status().as_u16();
        assert!(status == 201 || status == 409, "unexpected {status}");
        if status == 201 {
            *taken.entry(need).or_insert(0) += q;
            ids.push(
                r.json::<Value>().await.unwrap()["id"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
        }
    }
    let total: i64 = taken.values().sum();
    assert_eq!(total, 60, "the offer's 60 are taken exactly: {taken:?}");
    assert!(taken.values().all(|t| *t <= 50));
    // Cancellations racing new pledges keep the books straight.
    let cancels = ids.iter().take(8).map(|p| {
        act(
            &w,
            Some(&w.enterprise.tokens.access),
            p,
            "cancel",
            json!({}),
        )
    });
    let more = (0..40).map(|i| pledge_from(&w, &w.enterprise.tokens.access, &needs[i % 2], &o, 1));
    let (c, m) = tokio::join!(
        futures_util::future::join_all(cancels),
        futures_util::future::join_all(more)
    );
    assert!(c.iter().all(|r| r.status() == 200));
    assert!(m.iter().all(|r| r.status() == 201 || r.status() == 409));
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
            "SELECT coalesce((SELECT sum(quantity) FROM pledges WHERE offer_id = '{o}' AND status IN ('pending_approval','approved','delivered','confirmed')), 0)::int8 AS active, \
             (SELECT pledged_quantity FROM offers WHERE id = '{o}') AS pledged"
        )),
        &mut conn,
    )
    .await
    .unwrap();
    assert_eq!(b.active, i64::from(b.pledged));
    assert!(b.pledged <= 60);
}
