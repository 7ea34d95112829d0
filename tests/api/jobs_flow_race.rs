//! Hires racing for the last position: one conditional update per hire, so exactly one wins, the
//! others get 409 `positions_filled` (or find their application already declined by the winner's
//! fill), and the job never has more hires than positions.

use crate::jobs_flow_fixture::{hire_terms, json_of, Board};

#[tokio::test]
async fn parallel_hires_on_a_one_position_job_have_exactly_one_winner() {
    let b = Board::new().await;
    b.set_work(&b.household_id, 20).await;
    let job = b.job(1).await;
    let mut accepted = Vec::new();
    for _ in 0..8 {
        accepted.push(b.accepted(&job).await);
    }
    let e = b.employer.tokens.access.clone();
    let tasks: Vec<_> = accepted
        .iter()
        .map(|a| {
            let (client, url, e) = (
                b.app.client.clone(),
                b.app.url(&format!("/api/v1/applications/{a}/hire")),
                e.clone(),
            );
            tokio::spawn(async move {
                let r = client
                    .post(url)
                    .bearer_auth(e)
                    .json(&hire_terms())
                    .send()
                    .await
                    .unwrap();
                let status = r.status().as_u16();
                let body: serde_json::Value = r.json().await.unwrap();
                (status, body["code"].as_str().unwrap_or("").to_owned())
            })
        })
        .collect();
    let mut wins = 0;
    for t in tasks {
        let (status, code) = t.await.unwrap();
        match status {
            200 => wins += 1,
            409 => assert!(
                code == "positions_filled" || code == "invalid_transition",
                "{code}"
            ),
            other => panic!("{other} {code}"),
        }
    }
    assert_eq!(wins, 1);
    let v = json_of(b.get(None, &format!("/api/v1/jobs/{job}")).await, 200).await;
    assert_eq!(
        (v["hired"].as_i64(), v["status"].as_str()),
        (Some(1), Some("filled"))
    );
    assert_eq!(
        b.count(&format!(
            "SELECT count(*) AS n FROM job_applications WHERE job_id = '{job}' AND status = 'hired'"
        ))
        .await,
        1
    );
    assert_eq!(
        b.count(&format!(
            "SELECT count(*) AS n FROM job_applications WHERE job_id = '{job}' AND status = 'declined'"
        ))
        .await,
        7
    );
    assert_eq!(
        b.count("SELECT count(*) AS n FROM job_retention_checks")
            .await,
        2
    );
    let audit = json_of(b.get(None, "/api/v1/audit/verify").await, 200).await;
    assert_eq!(audit["valid"], true);
}

/// Closing races hires: one lock order (the posting, then its applications) means no deadlock
/// and no 500; whoever wins, the job ends with as many hires as hires answered 200 and nothing
/// left under way once it is closed.
#[tokio::test]
async fn closing_while_hiring_ends_consistently() {
    let b = Board::new().await;
    b.set_work(&b.household_id, 20).await;
    let job = b.job(3).await;
    let mut accepted = Vec::new();
    for _ in 0..4 {
        accepted.push(b.accepted(&job).await);
    }
    let e = b.employer.tokens.access.clone();
    let mut tasks = Vec::new();
    for (i, a) in accepted.iter().enumerate() {
        let (client, e) = (b.app.client.clone(), e.clone());
        let hire = b.app.url(&format!("/api/v1/applications/{a}/hire"));
        let close = b.app.url(&format!("/api/v1/jobs/{job}/close"));
        tasks.push(tokio::spawn(async move {
            let (url, body) = if i == 2 {
                (close, serde_json::json!({"reason": "停工"}))
            } else {
                (hire, hire_terms())
            };
            let r = client
                .post(url)
                .bearer_auth(e)
                .json(&body)
                .send()
                .await
                .unwrap();
            (i == 2, r.status().as_u16())
        }));
    }
    let mut hires = 0;
    for t in tasks {
        let (is_close, status) = t.await.unwrap();
        assert!(status == 200 || status == 409, "{status}");
        if !is_close && status == 200 {
            hires += 1;
        }
    }
    let v = json_of(b.get(None, &format!("/api/v1/jobs/{job}")).await, 200).await;
    assert_eq!(v["hired"].as_i64(), Some(hires));
    assert_ne!(v["status"], "open", "{v}");
    assert_eq!(
        b.count(&format!(
            "SELECT count(*) AS n FROM job_applications WHERE job_id = '{job}' \
             AND status IN ('applied', 'invited', 'accepted')"
        ))
        .await,
        0
    );
}
