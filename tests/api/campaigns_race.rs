//! A hundred clients confirming pledges at once never overdraw a fund by a single fen: half confirm
//! as the household, half deliver with the receipt code (confirmed on the spot), all in parallel.

use crate::campaigns_fixture::{campaign_body, json_of, Drive};
use serde_json::json;

#[tokio::test]
async fn a_hundred_confirmations_at_once_never_overdraw_a_fund() {
    let d = Drive::new().await;
    let c = d.campaign(campaign_body(&["411224"])).await;
    let fund = d.fund(&d.ent, &c, "1", 1000).await;
    // Ten needs of ten blankets worth 1,500 fen: each blanket pledged is worth 150 fen.
    let mut needs = Vec::new();
    for i in 0..10 {
        needs.push(d.need(1500, 10, "food_clothing", i % 2 == 1).await);
    }
    let donors = [&d.w.donor, &d.donor2];
    // Fifty delivered (the household confirms), fifty approved (delivered with the code).
    let mut requests = Vec::new();
    for i in 0..100 {
        let need = &needs[i % 10];
        let donor = donors[i % 2];
        if i % 2 == 0 {
            let id = d.delivered(donor, need, 1).await;
            requests.push((
                format!("/api/v1/pledges/{id}/confirm"),
                need.household.clone(),
                json!({}),
            ));
        } else {
            let (id, code) = d.approved(donor, need, 1).await;
            requests.push((
                format!("/api/v1/pledges/{id}/deliver"),
                donor.tokens.access.clone(),
                json!({"note": "当面交付", "receipt_code": code}),
            ));
        }
    }
    let tasks: Vec<_> = requests
        .into_iter()
        .map(|(path, token, body)| {
            let url = d.app().url(&path);
            tokio::spawn(async move {
                // Each its own client: a hundred separate connections.
                let r = reqwest::Client::new()
                    .post(url)
                    .bearer_auth(token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                let v: serde_json::Value = r.json().await.unwrap();
                (status, v["status"].as_str().unwrap_or_default().to_owned())
            })
        })
        .collect();
    let mut outcomes = Vec::new();
    for t in tasks {
        outcomes.push(t.await.unwrap());
    }
    assert!(
        outcomes
            .iter()
            .all(|(s, st)| *s == 200 && st == "confirmed"),
        "{outcomes:?}"
    );
    // Demand was 100 × 150 fen; the fund held 1,000: six full matches and one of the last 100.
    let drawn = d
        .sql_i64(&format!(
            "SELECT drawn_fen AS n FROM campaign_funds WHERE id = '{fund}'"
        ))
        .await;
    let sum = d
        .sql_i64(&format!(
            "SELECT coalesce(sum(amount_fen), 0)::bigint AS n FROM campaign_matches WHERE fund_id = '{fund}'"
        ))
        .await;
    let count = d
        .sql_i64(&format!(
            "SELECT count(*) AS n FROM campaign_matches WHERE fund_id = '{fund}'"
        ))
        .await;
    let partial = d
        .sql_i64(&format!(
            "SELECT count(*) AS n FROM campaign_matches WHERE fund_id = '{fund}' AND amount_fen = 100"
        ))
        .await;
    assert_eq!((sum, drawn), (1000, 1000));
    assert_eq!((count, partial), (7, 1));
    let v = d.get(&c).await;
    let t = &v["totals"];
    assert_eq!(
        [
            t["drawn_fen"].as_i64(),
            t["donor_pledges"].as_i64(),
            t["donor_value_fen"].as_i64(),
            t["matches"].as_i64()
        ],
        [Some(1000), Some(100), Some(15_000), Some(7)]
    );
    // Every draw is on the audit trail, and the chain is intact.
    let events = d
        .sql_i64(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE action = 'campaign_fund.drawn' AND subject_id = '{fund}'"
        ))
        .await;
    assert_eq!(events, 7);
    let ok = json_of(
        d.app()
            .get(
                "/api/v1/audit/verify?full=true",
                Some(&d.w.admin.tokens.access),
            )
            .await,
        200,
    )
    .await;
    assert_eq!(ok["valid"], true, "{ok}");
}
