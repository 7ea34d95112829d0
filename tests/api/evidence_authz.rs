//! Who may upload, list, fetch and remove a need's evidence: each kind of caller against each
//! operation, on a pending and on a published need. Seeing nothing means 404, even for a need the
//! public can read.

use crate::evidence_fixture::{png, upload};
use crate::needs_fixture::World;
use reqwest::Method;
use serde_json::Value;

async fn item_of(w: &World, need: &str, token: &str) -> String {
    let r = upload(&w.app, need, Some(token), &png(12, 12), "诊断证明").await;
    assert_eq!(r.status(), 201);
    r.json::<Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[tokio::test]
async fn caller_by_operation() {
    let w = World::new().await;
    let callers: Vec<(&str, Option<String>)> = vec![
        ("the household", Some(w.household.tokens.access.clone())),
        ("official in region", Some(w.county.tokens.access.clone())),
        ("township official", Some(w.township.tokens.access.clone())),
        (
            "another household",
            Some(w.other_household.tokens.access.clone()),
        ),
        ("donor", Some(w.donor.tokens.access.clone())),
        ("enterprise", Some(w.enterprise.tokens.access.clone())),
        (
            "official out of region",
            Some(w.neighbour.tokens.access.clone()),
        ),
        (
            "other township's official",
            Some(w.other_township.tokens.access.clone()),
        ),
        ("admin", Some(w.admin.tokens.access.clone())),
        ("anonymous", None),
    ];
    let table: Vec<(&str, [u16; 10])> = vec![
        ("upload", [201, 201, 201, 404, 404, 404, 404, 404, 404, 401]),
        ("list", [200, 200, 200, 404, 404, 404, 404, 404, 404, 401]),
        (
            "fetch display",
            [200, 200, 200, 404, 404, 404, 404, 404, 404, 401],
        ),
        (
            "fetch thumb",
            [200, 200, 200, 404, 404, 404, 404, 404, 404, 401],
        ),
        (
            "delete the household's upload",
            [204, 204, 204, 404, 404, 404, 404, 404, 404, 401],
        ),
        (
            "delete an official's upload",
            [403, 204, 204, 404, 404, 404, 404, 404, 404, 401],
        ),
    ];
    let pending = w.pending_need("轮椅一台").await;
    let open = w.open_need("化肥两袋").await;
    let hh = w.household.tokens.access.clone();
    let county = w.county.tokens.access.clone();
    let mut failures = Vec::new();
    for need in [&pending, &open] {
        // Fetched by everyone; a need holds at most 20 items, so one serves every caller.
        let shown = item_of(&w, need, &hh).await;
        for (op, expected) in &table {
            for (i, (who, token)) in callers.iter().enumerate() {
                let t = token.as_deref();
                let base = format!("/api/v1/needs/{need}/evidence");
                let status = match *op {
                    "upload" => upload(&w.app, need, t, &png(10, 10), "诊断证明")
                        .await
                        .status(),
                    "list" => w.app.get(&base, t).await.status(),
                    "fetch display" | "fetch thumb" => {
                        let item = &shown;
                        let size = if *op == "fetch thumb" {
                            "thumb"
                        } else {
                            "display"
                        };
                        w.app
                            .get(&format!("{base}/{item}/image?size={size}"), t)
                            .await
                            .status()
                    }
                    _ => {
                        let uploader = if op.contains("official") {
                            &county
                        } else {
                            &hh
                        };
                        let item = item_of(&w, need, uploader).await;
                        w.app
                            .request(Method::DELETE, &format!("{base}/{item}"), t)
                            .send()
                            .await
                            .unwrap()
                            .status()
                    }
                };
                if status.as_u16() != expected[i] {
                    failures.push(format!(
                        "{op} on {} by {who}: expected {}, got {}",
                        if *need == pending {
                            "pending need"
                        } else {
                            "open need"
                        },
                        expected[i],
                        status
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
