//! Finding projects: the public search lists approved projects only, and each desk (the proposing
//! village, the host, the county) lists its own.

use crate::helpers::app::expect_problem;
use crate::projects_fixture::{json_of, Village, VILLAGE};
use serde_json::json;

#[tokio::test]
async fn search_lists_approved_projects_and_the_desks_list_their_own() {
    let v = Village::new().await;
    let cistern = v.open().await;
    let mut road = v.proposal();
    road["title"] = json!("和平里 通村道路硬化");
    road["region_code"] = json!(crate::projects_fixture::OTHER_VILLAGE);
    road["deadline"] = json!((chrono::Utc::now() + chrono::Duration::days(10)).to_rfc3339());
    let road = json_of(v.propose(&v.other_village.tokens.access, &road).await, 201).await["id"]
        .as_str()
        .unwrap()
        .to_owned();
    json_of(
        v.review(
            &v.county.tokens.access,
            &road,
            json!({"decision": "approve"}),
        )
        .await,
        200,
    )
    .await;
    let pending = v.proposed().await;
    v.funded_by_donor(&cistern, 150_000).await;

    let ids = |body: &serde_json::Value| -> Vec<String> {
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let all = json_of(v.app.get("/api/v1/projects/search", None).await, 200).await;
    assert_eq!(all["total"], 2);
    assert_eq!(ids(&all), [road.clone(), cistern.clone()]);
    assert!(all["items"][0].get("ledger").is_none());
    let by_deadline = json_of(
        v.app
            .get("/api/v1/projects/search?sort=deadline", None)
            .await,
        200,
    )
    .await;
    assert_eq!(ids(&by_deadline), [road.clone(), cistern.clone()]);
    let by_progress = json_of(
        v.app
            .get("/api/v1/projects/search?sort=progress", None)
            .await,
        200,
    )
    .await;
    assert_eq!(ids(&by_progress), [cistern.clone(), road.clone()]);
    assert_eq!(by_progress["items"][0]["progress_permille"], 500);
    let words = json_of(
        v.app
            .get("/api/v1/projects/search?q=道路%20硬化", None)
            .await,
        200,
    )
    .await;
    assert_eq!(ids(&words), [road.as_str()]);
    let here = json_of(
        v.app
            .get(&format!("/api/v1/projects/search?region={VILLAGE}"), None)
            .await,
        200,
    )
    .await;
    assert_eq!(ids(&here), [cistern.as_str()]);
    let paged = json_of(
        v.app
            .get("/api/v1/projects/search?per_page=1&page=2", None)
            .await,
        200,
    )
    .await;
    assert_eq!(
        (ids(&paged), paged["total"].as_i64()),
        (vec![cistern.clone()], Some(2))
    );
    let r = v
        .app
        .get(
            "/api/v1/projects/search?status=pending_review&sort=best&region=4x",
            None,
        )
        .await;
    assert_eq!(
        expect_problem(r, 400, "validation_failed")
            .await
            .field_codes()
            .len(),
        3
    );

    // The desks: the village's officials see their village's projects in every status, the host
    // its hosted ones, the county all of them.
    let mine = |token: String| {
        let v = &v;
        async move { json_of(v.app.get("/api/v1/me/projects", Some(&token)).await, 200).await }
    };
    assert_eq!(
        ids(&mine(v.proposer.tokens.access.clone()).await),
        [pending.clone(), cistern.clone()]
    );
    assert_eq!(mine(v.host.tokens.access.clone()).await["total"], 3);
    assert_eq!(mine(v.county.tokens.access.clone()).await["total"], 3);
    assert_eq!(mine(v.other_org.tokens.access.clone()).await["total"], 0);
    assert_eq!(
        v.app
            .get("/api/v1/me/projects", Some(&v.donor.tokens.access))
            .await
            .status(),
        403
    );
}
