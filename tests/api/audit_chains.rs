//! The audit trail in chains (one per county, one national): each chain is verified on its own, a
//! tampered county chain is named, and transactions appending to several chains take their locks in
//! one order, so they never deadlock.

use crate::helpers::TestApp;
use crate::needs_fixture::World;
use bangfu::store::audit::{self, AuditChain, Entry};
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test]
async fn a_tampered_county_chain_is_detected_and_named() {
    let w = World::new().await;
    w.open_need("需要一台轮椅").await;
    let v: Value = w
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true, "{v}");
    let chains: Vec<&str> = v["chains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["chain"].as_str().unwrap())
        .collect();
    assert_eq!(chains, ["411224", "national"]);

    let mut conn = w.app.conn().await;
    diesel::sql_query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update")
        .execute(&mut conn)
        .await
        .unwrap();
    #[derive(diesel::QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        id: i64,
    }
    let tampered: Id = diesel::sql_query(
        "UPDATE audit_events SET details = '{\"quantity\": 99}' \
         WHERE id = (SELECT min(id) FROM audit_events WHERE chain = '411224') RETURNING id",
    )
    .get_result(&mut conn)
    .await
    .unwrap();
    let v: Value = w
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], false);
    assert_eq!(v["first_broken_event_id"], tampered.id);
    let county = &v["chains"][0];
    assert_eq!(county["chain"], "411224");
    assert_eq!(county["valid"], false);
    assert_eq!(county["first_broken_event_id"], tampered.id);
    assert_eq!(v["chains"][1]["chain"], "national");
    assert_eq!(v["chains"][1]["valid"], true, "the other chains stay valid");
}

fn entry(chain: AuditChain) -> Entry<'static> {
    Entry {
        chain,
        actor_id: None,
        action: "test.cross_county",
        subject_type: "test",
        subject_id: uuid::Uuid::new_v4(),
        details: json!({}),
    }
}

/// One transaction appending to `first`, then (after a pause) to `second`; with `ordered`, it takes
/// both chains' locks up front through `lock_chains`.
async fn cross(
    app: &TestApp,
    first: AuditChain,
    second: AuditChain,
    ordered: bool,
) -> Result<(), diesel::result::Error> {
    let mut conn = app.conn().await;
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        if ordered {
            audit::lock_chains(conn, &mut vec![first.clone(), second.clone()]).await?;
        }
        audit::append(conn, entry(first)).await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
        audit::append(conn, entry(second)).await?;
        Ok(())
    })
    .await
}

#[tokio::test]
async fn transactions_across_counties_take_chain_locks_in_one_order() {
    let app = TestApp::spawn().await;
    let (a, b) = (AuditChain::County(411224), AuditChain::County(410102));
    // Appending in opposite orders without taking the locks up front deadlocks: PostgreSQL breaks
    // it by failing one of the two.
    let (x, y) = tokio::join!(
        cross(&app, a.clone(), b.clone(), false),
        cross(&app, b.clone(), a.clone(), false)
    );
    let failed: Vec<String> = [x, y]
        .into_iter()
        .filter_map(|r| r.err().map(|e| e.to_string()))
        .collect();
    assert_eq!(failed.len(), 1, "{failed:?}");
    assert!(failed[0].contains("deadlock"), "{failed:?}");
    // With `lock_chains`, the same transactions wait for each other and both commit.
    for _ in 0..3 {
        let (x, y) = tokio::join!(
            cross(&app, a.clone(), b.clone(), true),
            cross(&app, b.clone(), a.clone(), true)
        );
        x.unwrap();
        y.unwrap();
    }
    let v: Value = app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true, "{v}");
    let counts: Vec<(String, u64)> = v["chains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["chain"].as_str().unwrap().to_owned(),
                c["events_checked"].as_u64().unwrap(),
            )
        })
        .collect();
    // In each county: 1 from the deadlock's survivor, 6 from the three ordered pairs.
    assert_eq!(counts, [("410102".to_owned(), 7), ("411224".to_owned(), 7)]);
}
