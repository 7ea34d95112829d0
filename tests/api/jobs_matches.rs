//! `GET /jobs/{id}/matches`: who may ask, what the employer sees (no personal data), and which
//! households are in reach, in which order.

use crate::helpers::app::expect_problem;
use crate::jobs_fixture::{Board, OTHER_COUNTY, OTHER_TOWNSHIP, SAME_TOWNSHIP, VILLAGE};
use serde_json::{json, Value};
use std::collections::HashSet;
use uuid::Uuid;

fn path(job: Uuid) -> String {
    format!("/api/v1/jobs/{job}/matches")
}

/// The households in reach as a province official sees them (with their ids: it covers them all).
async fn ids(b: &Board, official: &str, job: Uuid) -> HashSet<String> {
    let v = Board::json(b.get(Some(official), &path(job)).await, 200).await;
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|i| i["household_id"].as_str().map(str::to_owned))
        .collect()
}

fn set(ids: &[Uuid]) -> HashSet<String> {
    ids.iter().map(Uuid::to_string).collect()
}

#[tokio::test]
async fn the_employer_and_officials_in_scope_see_matches_without_personal_data() {
    let b = Board::new().await;
    let job = b.job(&b.enterprise, VILLAGE, &["sewing"], "month").await;
    let worker = b.worker(VILLAGE, 2, &["sewing", "farming"], "county").await;
    expect_problem(b.get(None, &path(job)).await, 401, "unauthenticated").await;
    for (who, token) in [
        ("donor", &b.donor),
        ("another enterprise", &b.enterprise2),
        ("the household", &b.household),
        ("an official out of scope", &b.neighbour),
        ("an admin", &b.admin),
    ] {
        let r = b.get(Some(&token.tokens.access), &path(job)).await;
        let hidden = expect_problem(r, 404, "not_found").await;
        let r = b
            .get(Some(&token.tokens.access), &path(Uuid::new_v4()))
            .await;
        let absent = expect_problem(r, 404, "not_found").await;
        assert_eq!(hidden.body, absent.body, "{who}");
    }
    let v = Board::json(
        b.get(Some(&b.enterprise.tokens.access), &path(job)).await,
        200,
    )
    .await;
    assert_eq!(v["total"], 1);
    let item = &v["items"][0];
    let keys: HashSet<&str> = item
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    let want: HashSet<&str> = [
        "household_label",
        "region_code",
        "region_path",
        "free_members",
        "skills",
        "willing_to_travel",
        "score",
        "reasons",
    ]
    .into_iter()
    .collect();
    assert_eq!(
        keys, want,
        "no household id, name or phone for the employer"
    );
    assert!(!item.to_string().contains(&worker.to_string()));
    assert!(item["household_label"]
        .as_str()
        .unwrap()
        .starts_with("某户 · "));
    assert_eq!(item["region_code"], VILLAGE);
    assert!(
        item["region_path"].as_str().unwrap().contains("卢氏县"),
        "{item}"
    );
    assert_eq!(item["free_members"], 2);
    assert_eq!(item["skills"], json!(["sewing", "farming"]));
    assert_eq!(item["willing_to_travel"], "county");
    for official in [&b.county, &b.township] {
        let v = Board::json(b.get(Some(&official.tokens.access), &path(job)).await, 200).await;
        assert_eq!(v["items"][0]["household_id"], worker.to_string());
        assert_eq!(v["items"][0]["household_label"], item["household_label"]);
    }
}

#[tokio::test]
async fn reach_follows_travel_skills_free_members_and_live_applications() {
    let b = Board::new().await;
    let henan = b.app.official(&b.admin, "41").await;
    let henan = henan.tokens.access.as_str();
    let county_job = b
        .job(&b.enterprise, "411224", &["sewing", "cooking"], "month")
        .await;
    let near = b.worker(VILLAGE, 1, &["sewing"], "county").await;
    let far_county = b.worker(OTHER_COUNTY, 1, &["sewing"], "county").await;
    let far_province = b.worker(OTHER_COUNTY, 1, &["cooking"], "province").await;
    let anywhere = b.worker(OTHER_COUNTY, 1, &["sewing"], "anywhere").await;
    let no_skill = b.worker(VILLAGE, 1, &["farming"], "county").await;
    let province_farmer = b.worker(OTHER_COUNTY, 1, &["farming"], "province").await;
    let zero = b.worker(VILLAGE, 0, &["sewing"], "county").await;
    let all_hired = b.worker(VILLAGE, 1, &["sewing"], "county").await;
    let one_of_two_hired = b.worker(VILLAGE, 2, &["sewing"], "county").await;
    let applied = b.worker(VILLAGE, 1, &["sewing"], "county").await;
    let declined = b.worker(VILLAGE, 1, &["sewing"], "county").await;
    let elsewhere = b.job(&b.enterprise2, "411224", &[], "day").await;
    b.application(elsewhere, all_hired, "hired", 10, 9000).await;
    b.application(elsewhere, one_of_two_hired, "hired", 10, 9000)
        .await;
    b.application(county_job, applied, "applied", 0, 0).await;
    b.application(county_job, declined, "declined", 0, 0).await;
    let got = ids(&b, henan, county_job).await;
    assert_eq!(
        got,
        set(&[near, far_province, anywhere, one_of_two_hired, declined]),
        "county travel stays in the county; skills must meet; able and not all hired; no live application"
    );
    let _ = (far_county, no_skill, zero);
    let v = Board::json(b.get(Some(henan), &path(county_job)).await, 200).await;
    let partly = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["household_id"] == one_of_two_hired.to_string())
        .unwrap();
    assert_eq!(partly["free_members"], 1);
    // A province-level job: beyond a county-bound household's reach; a job asking no skills fits all.
    let province_job = b.job(&b.enterprise, "41", &[], "month").await;
    let got = ids(&b, henan, province_job).await;
    assert_eq!(got, set(&[far_province, anywhere, province_farmer]));
    // Work in another province: only those who would go anywhere.
    let shenzhen = b.job(&b.enterprise, "440305", &[], "month").await;
    let v = Board::json(
        b.get(Some(&b.enterprise.tokens.access), &path(shenzhen))
            .await,
        200,
    )
    .await;
    assert_eq!(v["total"], 1);
    assert_eq!(v["items"][0]["reasons"][1]["code"], "anywhere");
    // Henan's officials do not cover work in Shenzhen.
    expect_problem(b.get(Some(henan), &path(shenzhen)).await, 404, "not_found").await;
    // Lushi's county official sees ids of Lushi's households only, though all are listed.
    let v = Board::json(
        b.get(Some(&b.county.tokens.access), &path(county_job))
            .await,
        200,
    )
    .await;
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    for i in items {
        assert_eq!(
            i["household_id"].is_string(),
            i["region_code"].as_str().unwrap().starts_with("411224"),
            "{i}"
        );
    }
}

fn codes(item: &Value) -> Vec<String> {
    item["reasons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["code"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn matches_are_ranked_by_skills_then_distance_then_free_members_and_paged() {
    let b = Board::new().await;
    let job = b
        .job(&b.enterprise, VILLAGE, &["sewing", "cooking"], "month")
        .await;
    let best = b.worker(VILLAGE, 3, &["sewing", "cooking"], "county").await;
    let township = b
        .worker(SAME_TOWNSHIP, 1, &["cooking", "sewing"], "county")
        .await;
    let one_skill = b.worker(VILLAGE, 3, &["sewing"], "county").await;
    let far = b.worker(OTHER_TOWNSHIP, 1, &["cooking"], "county").await;
    let token = Some(b.county.tokens.access.as_str());
    let v = Board::json(b.get(token, &path(job)).await, 200).await;
    let items = v["items"].as_array().unwrap();
    let order: Vec<&str> = items
        .iter()
        .map(|i| i["household_id"].as_str().unwrap())
        .collect();
    let want = [best, township, one_skill, far].map(|u| u.to_string());
    assert_eq!(order, want);
    let scores: Vec<f64> = items.iter().map(|i| i["score"].as_f64().unwrap()).collect();
    assert_eq!(scores, [100.0, 80.67, 75.0, 49.67]);
    assert_eq!(
        codes(&items[0]),
        ["skills_overlap", "same_village", "free_members"]
    );
    assert_eq!(
        items[2]["reasons"][0]["params"],
        json!({"matched": 1, "asked": 2})
    );
    assert_eq!(codes(&items[1])[1], "same_township");
    assert_eq!(codes(&items[3])[1], "same_county");
    assert_eq!(items[0]["reasons"][2]["params"], json!({"count": 3}));
    let v = Board::json(
        b.get(token, &format!("{}?page=2&per_page=2", path(job)))
            .await,
        200,
    )
    .await;
    assert_eq!(v["total"], 4);
    let order: Vec<&str> = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["household_id"].as_str().unwrap())
        .collect();
    assert_eq!(order, [one_skill.to_string(), far.to_string()]);
    let r = b.get(token, &format!("{}?per_page=1000", path(job))).await;
    expect_problem(r, 400, "validation_failed").await;
}

#[tokio::test]
async fn a_filled_or_closed_job_has_no_matches() {
    let b = Board::new().await;
    let job = b.job(&b.enterprise, VILLAGE, &["sewing"], "month").await;
    b.worker(VILLAGE, 2, &["sewing"], "county").await;
    let token = b.enterprise.tokens.access.clone();
    Board::json(b.get(Some(&token), &path(job)).await, 200).await;
    b.exec(&format!(
        "UPDATE job_postings SET status = 'closed', closed_at = now() WHERE id = '{job}'"
    ))
    .await;
    expect_problem(b.get(Some(&token), &path(job)).await, 409, "job_not_open").await;
    // Those who may not see it still learn nothing.
    let donor = b.donor.tokens.access.clone();
    expect_problem(b.get(Some(&donor), &path(job)).await, 404, "not_found").await;
}
