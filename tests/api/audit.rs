use crate::helpers::TestApp;
use diesel_async::RunQueryDsl;
use serde_json::Value;

#[tokio::test]
async fn changes_leave_a_verifiable_chain_and_tampering_is_detected() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    app.donor().await;
    app.official(&admin, "411224").await;
    let v: Value = app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(
        v["events_checked"], 3,
        "admin created, donor registered, official appointed"
    );
    assert_eq!(v["head_hash"].as_str().unwrap().len(), 64);

    let mut conn = app.conn().await;
    // The table refuses updates...
    let refused = diesel::sql_query("UPDATE audit_events SET action = 'x' WHERE id = 2")
        .execute(&mut conn)
        .await;
    assert!(refused.is_err());
    // ...but someone with the rights to switch the guard off could still edit a row: the chain shows it.
    diesel::sql_query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update")
        .execute(&mut conn)
        .await
        .unwrap();
    diesel::sql_query("UPDATE audit_events SET details = '{\"role\": \"admin\"}' WHERE id = (SELECT min(id) + 1 FROM audit_events)")
        .execute(&mut conn)
        .await
        .unwrap();
    let v: Value = app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], false);
    assert!(v["first_broken_event_id"].is_i64());
}

#[tokio::test]
async fn concurrent_appends_keep_one_chain() {
    let app = TestApp::spawn().await;
    let futures: Vec<_> = (0..8).map(|_| app.donor()).collect();
    futures_util::future::join_all(futures).await;
    let v: Value = app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(v["events_checked"], 8);
}

#[tokio::test]
async fn the_audit_table_refuses_truncate() {
    let app = TestApp::spawn().await;
    app.donor().await;
    let mut conn = app.conn().await;
    let refused = diesel::sql_query("TRUNCATE audit_events CASCADE")
        .execute(&mut conn)
        .await;
    let err = refused.expect_err("TRUNCATE must be refused");
    assert!(err.to_string().contains("append-only"), "{err}");
    let v: Value = app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], true);
    assert_eq!(
        v["events_checked"], 1,
        "the donor's registration is still there"
    );
}
