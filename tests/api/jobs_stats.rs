//! `GET /stats/jobs`: figures by county of the place of work, on crafted rows; and the hires in an
//! enterprise's contribution summary.

use crate::helpers::app::expect_problem;
use crate::jobs_fixture::{Board, OTHER_COUNTY, VILLAGE};
use serde_json::{json, Value};

fn row<'a>(v: &'a Value, code: &str) -> &'a Value {
    v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["county_code"] == code)
        .unwrap_or_else(|| panic!("no row {code} in {v}"))
}

#[tokio::test]
async fn figures_by_county_count_jobs_applications_hires_retention_and_median_pay() {
    let b = Board::new().await;
    let workshop = b.job(&b.enterprise, VILLAGE, &["sewing"], "month").await;
    let day_job = b.job(&b.enterprise2, "411224", &[], "day").await;
    let province_job = b.job(&b.enterprise, "41", &[], "month").await;
    b.job(&b.enterprise2, "411282", &[], "piece").await;
    let mut hires = Vec::new();
    for pay in [200000, 250000, 400000] {
        let w = b.worker(VILLAGE, 1, &["sewing"], "county").await;
        let a = b.application(workshop, w, "hired", 200, pay).await;
        b.schedule_checks(a, VILLAGE, 200).await;
        hires.push(a);
    }
    let w = b.worker(VILLAGE, 1, &[], "county").await;
    b.application(workshop, w, "applied", 0, 0).await;
    let w = b.worker(VILLAGE, 1, &[], "county").await;
    b.application(day_job, w, "hired", 10, 15000).await;
    let w = b.worker(VILLAGE, 1, &[], "county").await;
    b.application(day_job, w, "declined", 0, 0).await;
    let w = b.worker(OTHER_COUNTY, 1, &[], "province").await;
    b.application(province_job, w, "hired", 10, 300000).await;
    // Answers: the first hire still works at 30 and 180 days, the second left before 30.
    let answer = |app: uuid::Uuid, days: i16, still: bool| {
        format!(
            "UPDATE job_retention_checks SET still_employed = {still}, answered_at = now(),
                 answered_by = '{}' WHERE application_id = '{app}' AND days_after_hire = {days}",
            b.county.id
        )
    };
    b.exec(&answer(hires[0], 30, true)).await;
    b.exec(&answer(hires[0], 180, true)).await;
    b.exec(&answer(hires[1], 30, false)).await;

    let v = Board::json(b.get(None, "/api/v1/stats/jobs?region=41").await, 200).await;
    let codes: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["county_code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, ["41", "411224", "411282"]);
    let lushi = row(&v, "411224");
    let want = json!({
        "county_code": "411224", "county_name": "卢氏县", "above_county": false,
        "jobs": 2, "positions": 20, "applications": 6, "hires": 4,
        "answered_30": 2, "still_employed_30": 1, "answered_180": 1, "still_employed_180": 1,
        "month_paid_hires": 3, "median_month_pay_fen": 250000,
    });
    assert_eq!(lushi, &want);
    let province = row(&v, "41");
    assert_eq!(province["above_county"], true);
    assert_eq!(
        (province["jobs"].as_i64(), province["hires"].as_i64()),
        (Some(1), Some(1))
    );
    assert!(
        province["median_month_pay_fen"].is_null(),
        "one hire's pay is not shown"
    );
    let lingbao = row(&v, "411282");
    assert_eq!(
        (lingbao["jobs"].as_i64(), lingbao["applications"].as_i64()),
        (Some(1), Some(0))
    );
    assert!(!v.to_string().contains(&b.household_id.to_string()));

    let v = Board::json(b.get(None, "/api/v1/stats/jobs?region=411224").await, 200).await;
    assert_eq!(
        v["rows"].as_array().unwrap().len(),
        1,
        "a county's figures leave out the province's jobs"
    );
    assert_eq!(v["region_code"], "411224");
    let v = Board::json(b.get(None, "/api/v1/stats/jobs").await, 200).await;
    assert!(v["region_code"].is_null() && v["rows"].as_array().unwrap().len() == 3);
    expect_problem(
        b.get(None, "/api/v1/stats/jobs?region=4x").await,
        400,
        "invalid_region_code",
    )
    .await;
    expect_problem(
        b.get(None, "/api/v1/stats/jobs?region=419999").await,
        404,
        "region_not_found",
    )
    .await;

    // The enterprise's contribution counts its hires: the workshop's three and the province job's one.
    let token = Some(b.enterprise.tokens.access.as_str());
    let v = Board::json(b.get(token, "/api/v1/me/contribution").await, 200).await;
    assert_eq!(v["summary"]["hires"], 4);
    let v = Board::json(
        b.get(
            Some(&b.enterprise2.tokens.access),
            "/api/v1/me/contribution",
        )
        .await,
        200,
    )
    .await;
    assert_eq!(v["summary"]["hires"], 1);
    let v = Board::json(
        b.get(Some(&b.donor.tokens.access), "/api/v1/me/contribution")
            .await,
        200,
    )
    .await;
    assert_eq!(v["summary"]["hires"], 0);
}
