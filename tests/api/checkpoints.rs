//! Signed checkpoints of the audit chain: published with the public key, checked by
//! `bangfu audit verify --checkpoints FILE`, which catches a chain rewritten with recomputed hashes.

use crate::helpers::app::expect_problem;
use crate::needs_fixture::World;
use bangfu::store::audit::{event_hash, AuditEvent};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use ed25519_dalek::SigningKey;
use serde_json::{json, Value};
use std::process::Command;

fn verify_cli(db_url: &str, file: &std::path::Path) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("DATABASE_URL", db_url)
        .env("BANGFU_DATA_DIR", dir.path())
        .env("BANGFU_LOG", "warn")
        .args(["audit", "verify", "--checkpoints"])
        .arg(file)
        .output()
        .unwrap()
}

#[tokio::test]
async fn a_rewritten_chain_is_caught_against_a_saved_checkpoint() {
    let w = World::new().await;
    w.open_need("需要一台轮椅").await;
    // The server generated its key in the data directory; sign today's checkpoint as the job does.
    let seed = std::fs::read_to_string(w.app.data_dir().join("audit_signing_key")).unwrap();
    let key = SigningKey::from_bytes(&bangfu::checkpoints::parse_seed(&seed).unwrap());
    let mut conn = w.app.conn().await;
    let now = chrono::Utc::now();
    let made = bangfu::checkpoints::make(&mut conn, &key, now)
        .await
        .unwrap()
        .unwrap();
    assert!(
        bangfu::checkpoints::make(&mut conn, &key, now)
            .await
            .unwrap()
            .is_none(),
        "one a day"
    );

    let saved = w
        .app
        .get("/api/v1/audit/checkpoints", None)
        .await
        .text()
        .await
        .unwrap();
    let list: Value = serde_json::from_str(&saved).unwrap();
    assert_eq!(list["total"], 1);
    let c = &list["items"][0];
    assert_eq!(c["last_event_id"], made.last_event_id);
    assert_eq!(
        list["public_key"],
        hex::encode(key.verifying_key().to_bytes())
    );
    assert_eq!(c["version"], 2);
    let view: bangfu::checkpoints::CheckpointView = serde_json::from_value(c.clone()).unwrap();
    assert!(view.signature_holds());
    let chains: Vec<&str> = c["heads"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["chain"].as_str().unwrap())
        .collect();
    assert_eq!(
        chains,
        ["411224", "national"],
        "the need's county, then national"
    );
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("checkpoints.json");
    std::fs::write(&file, &saved).unwrap();

    // More events after the checkpoint; the anonymous check starts from the checkpoint.
    w.open_need("需要冬季棉被").await;
    let v: Value = w
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (v["valid"].as_bool(), v["full"].as_bool()),
        (Some(true), Some(false))
    );
    assert_eq!(v["from_event_id"], made.last_event_id);
    let out = verify_cli(&w.app.db.url, &file);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // A full check is for admins.
    expect_problem(
        w.app.get("/api/v1/audit/verify?full=true", None).await,
        401,
        "unauthenticated",
    )
    .await;
    expect_problem(
        w.app
            .get(
                "/api/v1/audit/verify?full=true",
                Some(&w.county.tokens.access),
            )
            .await,
        403,
        "forbidden",
    )
    .await;

    // Rewrite event 2 and recompute every hash after it: the chain is consistent again...
    use bangfu::schema::audit_events::dsl as a;
    diesel::sql_query("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update")
        .execute(&mut conn)
        .await
        .unwrap();
    let events: Vec<AuditEvent> = a::audit_events
        .order(a::id)
        .select(AuditEvent::as_select())
        .load(&mut conn)
        .await
        .unwrap();
    // Each chain is recomputed on its own; event 2 is rewritten in its chain.
    let rewritten_chain = events[1].chain.clone();
    let mut prevs: std::collections::HashMap<String, Vec<u8>> = Default::default();
    for (i, e) in events.iter().enumerate() {
        let details = if i == 1 {
            json!({"rewritten": true})
        } else {
            e.details.clone()
        };
        let prev = prevs
            .get(&e.chain)
            .cloned()
            .unwrap_or_else(|| bangfu::store::audit::GENESIS.to_vec());
        let hash = event_hash(
            &prev,
            &e.chain,
            e.occurred_at,
            e.actor_id,
            &e.action,
            &e.subject_type,
            e.subject_id,
            &details,
        );
        diesel::update(a::audit_events.find(e.id))
            .set((
                a::details.eq(&details),
                a::prev_hash.eq(&prev),
                a::hash.eq(&hash),
            ))
            .execute(&mut conn)
            .await
            .unwrap();
        prevs.insert(e.chain.clone(), hash);
    }
    let full: Value = w
        .app
        .get(
            "/api/v1/audit/verify?full=true",
            Some(&w.admin.tokens.access),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (full["valid"].as_bool(), full["full"].as_bool()),
        (Some(true), Some(true)),
        "recomputed hashes fool a plain check"
    );
    // ...but not the checkpoint: the server's own check and the CLI with the saved file catch it.
    let v: Value = w
        .app
        .get("/api/v1/audit/verify", None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(v["valid"], false);
    let signed_head = c["heads"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["chain"] == rewritten_chain.as_str())
        .unwrap()["last_event_id"]
        .clone();
    assert_eq!(v["first_broken_event_id"], signed_head);
    let broken: Vec<&Value> = v["chains"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["valid"] == false)
        .collect();
    assert_eq!(broken.len(), 1, "{v}");
    assert_eq!(broken[0]["chain"], rewritten_chain.as_str());
    let out = verify_cli(&w.app.db.url, &file);
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("rewritten"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
}
