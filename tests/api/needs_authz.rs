//! The authorization matrix of the needs issue: each kind of caller against each operation, on a
//! need of the household of 杜关村 (Lushi County).

use crate::needs_fixture::{need_body, World, VILLAGE};
use reqwest::Method;
use serde_json::json;

#[tokio::test]
async fn caller_by_operation() {
    let w = World::new().await;
    let callers: Vec<(&str, Option<String>)> = vec![
        ("household", Some(w.household.tokens.access.clone())),
        (
            "other household",
            Some(w.other_household.tokens.access.clone()),
        ),
        ("donor", Some(w.donor.tokens.access.clone())),
        ("enterprise", Some(w.enterprise.tokens.access.clone())),
        ("official in scope", Some(w.county.tokens.access.clone())),
        (
            "official of the neighbouring county",
            Some(w.neighbour.tokens.access.clone()),
        ),
        ("admin", Some(w.admin.tokens.access.clone())),
        ("anonymous", None),
    ];
    // Expected status per operation, in the order of `callers`.
    let table: Vec<(&str, [u16; 8])> = vec![
        (
            "read pending need",
            [200, 404, 404, 404, 200, 404, 200, 404],
        ),
        ("read open need", [200, 200, 200, 200, 200, 200, 200, 200]),
        (
            "edit pending need",
            [200, 404, 404, 404, 200, 404, 403, 401],
        ),
        ("edit open need", [409, 403, 403, 403, 409, 403, 403, 401]),
        (
            "review pending need",
            [403, 404, 404, 404, 200, 404, 403, 401],
        ),
        (
            "withdraw open need",
            [200, 403, 403, 403, 200, 403, 403, 401],
        ),
        ("review queue", [403, 403, 403, 403, 200, 200, 403, 401]),
        (
            "list jurisdiction needs",
            [403, 403, 403, 403, 200, 200, 200, 401],
        ),
        ("my needs", [200, 200, 403, 403, 403, 403, 403, 401]),
        (
            "post need for the household",
            [201, 403, 403, 403, 201, 400, 403, 401],
        ),
        (
            "read household profile",
            [200, 404, 404, 404, 200, 404, 404, 401],
        ),
        (
            "edit household profile",
            [200, 404, 404, 404, 200, 404, 404, 401],
        ),
    ];
    let mut failures = Vec::new();
    for (op, expected) in &table {
        for (i, (who, token)) in callers.iter().enumerate() {
            // Fresh objects per cell, so one caller's action never changes another's outcome.
            let pending = w.pending_need("轮椅一台").await;
            let open = w.open_need("化肥两袋").await;
            let t = token.as_deref();
            let status = match *op {
                "read pending need" => w
                    .app
                    .get(&format!("/api/v1/needs/{pending}"), t)
                    .await
                    .status(),
                "read open need" => w
                    .app
                    .get(&format!("/api/v1/needs/{open}"), t)
                    .await
                    .status(),
                "edit pending need" => w
                    .app
                    .request(Method::PATCH, &format!("/api/v1/needs/{pending}"), t)
                    .json(&json!({"quantity": 2}))
                    .send()
                    .await
                    .unwrap()
                    .status(),
                "edit open need" => w
                    .app
                    .request(Method::PATCH, &format!("/api/v1/needs/{open}"), t)
                    .json(&json!({"quantity": 2}))
                    .send()
                    .await
                    .unwrap()
                    .status(),
                "review pending need" => w
                    .app
                    .post(
                        &format!("/api/v1/needs/{pending}/review"),
                        t,
                        &json!({"decision": "approve"}),
                    )
                    .await
                    .status(),
                "withdraw open need" => w
                    .app
                    .post(&format!("/api/v1/needs/{open}/withdraw"), t, &json!({}))
                    .await
                    .status(),
                "review queue" => w.app.get("/api/v1/review/needs", t).await.status(),
                "list jurisdiction needs" => w.app.get("/api/v1/needs", t).await.status(),
                "my needs" => w.app.get("/api/v1/me/needs", t).await.status(),
                "post need for the household" => {
                    let mut b = need_body("棉被三床", VILLAGE);
                    if *who != "household" {
                        b["household_id"] = json!(w.household_id);
                    }
                    w.app.post("/api/v1/needs", t, &b).await.status()
                }
                "read household profile" => w
                    .app
                    .get(&format!("/api/v1/households/{}", w.household_id), t)
                    .await
                    .status(),
                "edit household profile" => w
                    .app
                    .request(
                        Method::PATCH,
                        &format!("/api/v1/households/{}", w.household_id),
                        t,
                    )
                    .json(&json!({"size": 5}))
                    .send()
                    .await
                    .unwrap()
                    .status(),
                other => panic!("unknown operation {other}"),
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
