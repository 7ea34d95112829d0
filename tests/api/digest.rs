//! The officials' daily digest counts overdue rectifications (整改) as waiting: an official with
//! nothing else in its queues still hears of them.

use crate::checks::{round_body, start_round};
use crate::needs_fixture::World;
use bangfu::jobs::{Registry, Runner};
use serde_json::{json, Value};

#[tokio::test]
async fn the_digest_counts_overdue_rectifications() {
    let w = World::new().await;
    w.open_need("需要一台轮椅").await;
    let checker = &w.neighbour.tokens.access;
    let round = start_round(&w, checker, &round_body("cross", "411224", &["needs"], 1)).await;
    let path = format!(
        "/api/v1/checks/{}/items/{}/finding",
        round["id"].as_str().unwrap(),
        round["items"][0]["id"].as_str().unwrap()
    );
    let finding = json!({"result": "problem", "problem_kind": "data_wrong"});
    assert_eq!(
        w.app.post(&path, Some(checker), &finding).await.status(),
        201
    );
    let mut conn = w.app.conn().await;
    // Past its deadline, not yet escalated: the township's officials are the ones to chase it.
    diesel_async::RunQueryDsl::execute(
        diesel::sql_query("UPDATE rectifications SET deadline = now() - interval '1 day'"),
        &mut conn,
    )
    .await
    .unwrap();
    bangfu::jobs::enqueue(&mut conn, bangfu::jobs::mail::DIGEST, json!({}))
        .await
        .unwrap();
    let runner = Runner::new(w.app.pool.clone(), Registry::standard());
    while runner
        .run_once_of(bangfu::jobs::mail::DIGEST)
        .await
        .unwrap()
    {}

    #[derive(diesel::QueryableByName)]
    struct Payload {
        #[diesel(sql_type = diesel::sql_types::Jsonb)]
        payload: Value,
    }
    let digests: Vec<Value> = diesel_async::RunQueryDsl::load::<Payload>(
        diesel::sql_query(
            "SELECT payload FROM jobs WHERE payload->>'kind' = 'official_digest' ORDER BY created_at",
        ),
        &mut conn,
    )
    .await
    .unwrap()
    .into_iter()
    .map(|p| p.payload)
    .collect();
    let to = |id: uuid::Uuid| {
        digests
            .iter()
            .find(|d| d["user_id"] == id.to_string())
            .map(|d| d["vars"].clone())
    };
    let township = to(w.township.id).expect("the township hears of it");
    assert_eq!(township["rectifications_overdue"], 1, "{township}");
    assert_eq!(
        (
            township["needs_waiting"].as_i64(),
            township["pledges_waiting"].as_i64()
        ),
        (Some(0), Some(0)),
        "nothing else waits: {township}"
    );
    // Not escalated yet: the county's officials, with nothing waiting, get no digest.
    assert!(to(w.county.id).is_none(), "{digests:?}");
}
