//! A campaign's days are Beijing days: its progress series by day is cut at Beijing midnight
//! (16:00 UTC), so a pledge confirmed at 23:30 UTC counts on the next Beijing day.

use crate::campaigns_fixture::{at, campaign_body, json_of, Drive};
use chrono::{Duration, Utc};
use serde_json::json;

#[tokio::test]
async fn a_pledge_confirmed_at_23_30_utc_lands_in_the_next_beijing_days_bucket() {
    let d = Drive::new().await;
    let today = Utc::now()
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc();
    // Starts two days ago at 00:00 UTC, 08:00 in Beijing: its first day ends at 16:00 UTC.
    let start = today - Duration::days(2);
    let mut b = campaign_body(&["411224"]);
    b["starts_at"] = json!(start.to_rfc3339());
    b["ends_at"] = json!(at(24.0 * 6.0));
    let c = d.campaign(b).await;
    d.fund(&d.ent, &c, "1", 100_000).await;
    let n = d.need(3000, 3, "care", false).await;
    let p = d.confirmed(&d.w.donor, &n, 1).await;
    // Confirmed yesterday at 23:30 UTC: today 07:30 in Beijing.
    let confirmed = today - Duration::minutes(30);
    for (table, column) in [
        ("campaign_pledges", "confirmed_at"),
        ("campaign_matches", "created_at"),
    ] {
        d.sql(&format!(
            "UPDATE {table} SET {column} = '{}' WHERE pledge_id = '{p}'",
            confirmed.to_rfc3339()
        ))
        .await;
    }
    let v = json_of(
        d.app()
            .get(&format!("/api/v1/campaigns/{c}/progress?bucket=day"), None)
            .await,
        200,
    )
    .await;
    assert_eq!(v["bucket"], "day");
    let points = v["points"].as_array().unwrap();
    assert!(points.len() >= 3, "{v}");
    let utc = |p: &serde_json::Value, k: &str| {
        chrono::DateTime::parse_from_rfc3339(p[k].as_str().unwrap())
            .unwrap()
            .to_utc()
    };
    let sixteen = |days: i64| today + Duration::days(days) + Duration::hours(16);
    // Day 1 runs from the start to Beijing midnight; day 3 is the Beijing day of the pledge.
    assert_eq!(utc(&points[0], "starts_at"), start);
    assert_eq!(utc(&points[0], "ends_at"), sixteen(-2));
    assert_eq!(
        (utc(&points[2], "starts_at"), utc(&points[2], "ends_at")),
        (sixteen(-1), sixteen(0))
    );
    let got: Vec<(i64, i64)> = points
        .iter()
        .map(|p| {
            (
                p["donor_pledges"].as_i64().unwrap(),
                p["matched_fen"].as_i64().unwrap(),
            )
        })
        .collect();
    // Cumulative: nothing on the first two Beijing days, the pledge and its match on the third.
    assert_eq!(got[..3], [(0, 0), (0, 0), (1, 1000)], "{v}");
}
