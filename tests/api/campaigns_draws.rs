//! Matches: only a donor's pledge confirmed in a campaign's scope during its period draws, value ×
//! ratio or what is left of the fund; the campaign's totals and progress series add up exactly.

use crate::campaigns_fixture::{at, campaign_body, json_of, Drive};
use crate::helpers::app::expect_problem;
use serde_json::json;

#[tokio::test]
async fn only_a_confirmed_pledge_draws_and_the_match_counts_for_the_enterprise() {
    let d = Drive::new().await;
    let c = d.campaign(campaign_body(&["411224101"])).await;
    let fund = d.fund(&d.ent, &c, "1", 10_000_000).await;
    let need = d.need(80_000, 4, "care", false).await;
    // Pledged and approved: nothing drawn.
    let (p, _) = d.approved(&d.w.donor, &need, 1).await;
    assert_eq!(d.get(&c).await["totals"]["drawn_fen"], 0);
    // Delivered (without the receipt code): nothing drawn.
    let body = json!({"note": "已送到"});
    json_of(
        d.act(&d.w.donor.tokens.access, &p, "deliver", body).await,
        200,
    )
    .await;
    let v = d.get(&c).await;
    assert_eq!(
        (
            v["totals"]["drawn_fen"].as_i64(),
            v["totals"]["donor_pledges"].as_i64()
        ),
        (Some(0), Some(0))
    );
    // Confirmed by the household: the pledge is worth 80,000 × 1 / 4 = 20,000 fen, matched 1:1.
    json_of(d.act(&need.household, &p, "confirm", json!({})).await, 200).await;
    assert_eq!(d.matches_of(&p).await, [(fund.clone(), 20_000)]);
    let v = d.get(&c).await;
    let t = &v["totals"];
    assert_eq!(
        [
            t["drawn_fen"].as_i64(),
            t["donor_value_fen"].as_i64(),
            t["donor_pledges"].as_i64(),
            t["matches"].as_i64(),
            t["matched_pledges"].as_i64(),
            t["remaining_fen"].as_i64()
        ],
        [
            Some(20_000),
            Some(20_000),
            Some(1),
            Some(1),
            Some(1),
            Some(10_000_000 - 20_000)
        ]
    );
    assert_eq!(v["funds"][0]["drawn_fen"], 20_000);
    // A rating afterwards draws nothing more.
    let r = d
        .act(
            &need.household,
            &p,
            "confirm",
            json!({"rating": 5, "thanks": "谢谢"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    assert_eq!(d.get(&c).await["totals"]["drawn_fen"], 20_000);
    // Delivered with the household's receipt code: confirmed on the spot, and drawn.
    let (p2, code) = d.approved(&d.donor2, &need, 2).await;
    let body = json!({"note": "当面交付", "receipt_code": code});
    let v = json_of(
        d.act(&d.donor2.tokens.access, &p2, "deliver", body).await,
        200,
    )
    .await;
    assert_eq!(v["status"], "confirmed");
    assert_eq!(d.matches_of(&p2).await, [(fund.clone(), 40_000)]);
    assert_eq!(d.get(&c).await["totals"]["drawn_fen"], 60_000);
    // The match is the enterprise's support: in its contribution summary.
    let mine = json_of(
        d.app()
            .get("/api/v1/me/contribution", Some(&d.ent.tokens.access))
            .await,
        200,
    )
    .await;
    assert_eq!(
        (
            mine["summary"]["matches"].as_i64(),
            mine["summary"]["matched_fen"].as_i64()
        ),
        (Some(2), Some(60_000))
    );
    let donor = json_of(
        d.app()
            .get("/api/v1/me/contribution", Some(&d.w.donor.tokens.access))
            .await,
        200,
    )
    .await;
    assert_eq!(donor["summary"]["matched_fen"], 0);
    // Each draw is an audit event naming ids and amounts, before the pledge's confirmation.
    let drawn = d
        .sql_i64(&format!(
            "SELECT count(*) AS n FROM audit_events WHERE action = 'campaign_fund.drawn'
             AND subject_id = '{fund}' AND details->>'pledge_id' = '{p}'
             AND (details->>'amount_fen')::bigint = 20000 AND (details->>'drawn_fen')::bigint = 20000"
        ))
        .await;
    assert_eq!(drawn, 1);
    let before = d
        .sql_i64(&format!(
            "SELECT count(*) AS n FROM audit_events a JOIN audit_events b ON b.id > a.id
             WHERE a.action = 'campaign_fund.drawn' AND a.details->>'pledge_id' = '{p}'
               AND b.action = 'pledge.confirmed' AND b.subject_id = '{p}'"
        ))
        .await;
    assert_eq!(before, 1);
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

#[tokio::test]
async fn pledges_out_of_scope_draw_nothing() {
    let d = Drive::new().await;
    let mut b = campaign_body(&["411224101"]);
    b["categories"] = json!(["care", "medical"]);
    let c = d.campaign(b).await;
    let fund = d.fund(&d.ent, &c, "1", 10_000_000).await;
    // A campaign that starts tomorrow and one that ended, over the same scope, with funds.
    let mut later = campaign_body(&["411224"]);
    later["starts_at"] = json!(at(24.0));
    let later = d.campaign(later).await;
    d.fund(&d.ent, &later, "1", 10_000_000).await;
    let ended = d.campaign(campaign_body(&["411224"])).await;
    d.fund(&d.ent, &ended, "1", 10_000_000).await;
    d.sql(&format!(
        "UPDATE campaigns SET starts_at = now() - interval '3 days', ends_at = now() - interval '1 day' WHERE id = '{ended}'"
    ))
    .await;
    // Another township's village; another category; an enterprise's own pledge (not a donor).
    let other_village = d.need(10_000, 1, "care", true).await;
    let other_category = d.need(10_000, 1, "food_clothing", false).await;
    let care = d.need(10_000, 2, "care", false).await;
    let p1 = d.confirmed(&d.w.donor, &other_village, 1).await;
    let p2 = d.confirmed(&d.w.donor, &other_category, 1).await;
    let p3 = d.confirmed(&d.ent2, &care, 1).await;
    for p in [&p1, &p2, &p3] {
        assert_eq!(d.matches_of(p).await, [], "{p}");
    }
    let v = d.get(&c).await;
    assert_eq!(
        (
            v["totals"]["drawn_fen"].as_i64(),
            v["totals"]["donor_pledges"].as_i64()
        ),
        (Some(0), Some(0))
    );
    // The fund's own enterprise draws nothing from its fund either.
    let mine = d.need(10_000, 1, "medical", false).await;
    let p4 = d.confirmed(&d.ent, &mine, 1).await;
    assert_eq!(d.matches_of(&p4).await, []);
    // A donor's pledge in scope draws from the current campaign only.
    let p5 = d.confirmed(&d.donor2, &care, 1).await;
    assert_eq!(d.matches_of(&p5).await, [(fund, 5_000)]);
    for other in [&later, &ended] {
        let v = d.get(other).await;
        assert_eq!(
            (
                v["totals"]["drawn_fen"].as_i64(),
                v["totals"]["donor_pledges"].as_i64()
            ),
            (Some(0), Some(0))
        );
    }
    // Overlapping campaigns each draw: a second current one over the county.
    let county = d.campaign(campaign_body(&["411224"])).await;
    let fund2 = d.fund(&d.ent2, &county, "0.5", 10_000_000).await;
    let n = d.need(10_000, 1, "care", true).await;
    let p6 = d.confirmed(&d.w.donor, &n, 1).await;
    assert_eq!(
        d.matches_of(&p6).await,
        [(fund2, 5_000)],
        "城关镇 is outside 杜关镇"
    );
}

#[tokio::test]
async fn a_half_ratio_and_a_cap_reached_part_way() {
    let d = Drive::new().await;
    let c = d.campaign(campaign_body(&["411224"])).await;
    let half = d.fund(&d.ent, &c, "0.5", 1000).await;
    let full = d.fund(&d.ent2, &c, "1", 300).await;
    let n1 = d.need(1500, 1, "care", false).await;
    let n2 = d.need(600, 1, "education", true).await;
    // 1,500 fen: half matches 750; the 1:1 fund has 300 left of 1,500 asked.
    let p1 = d.confirmed(&d.w.donor, &n1, 1).await;
    let mut want = vec![(half.clone(), 750), (full.clone(), 300)];
    want.sort();
    assert_eq!(d.matches_of(&p1).await, want);
    // 600 fen: half asks 300, 250 are left; the 1:1 fund is spent (no match row).
    let p2 = d.confirmed(&d.donor2, &n2, 1).await;
    assert_eq!(d.matches_of(&p2).await, [(half.clone(), 250)]);
    let v = d.get(&c).await;
    let t = &v["totals"];
    assert_eq!(
        [
            t["pledged_fen"].as_i64(),
            t["drawn_fen"].as_i64(),
            t["remaining_fen"].as_i64(),
            t["donor_value_fen"].as_i64(),
            t["donor_pledges"].as_i64(),
            t["matches"].as_i64(),
            t["matched_pledges"].as_i64()
        ],
        [
            Some(1300),
            Some(1300),
            Some(0),
            Some(2100),
            Some(2),
            Some(3),
            Some(2)
        ]
    );
    // A third pledge counts as donor value; nothing is left to draw.
    let n3 = d.need(400, 1, "care", false).await;
    let p3 = d.confirmed(&d.w.donor, &n3, 1).await;
    assert_eq!(d.matches_of(&p3).await, []);
    let t = d.get(&c).await["totals"].clone();
    assert_eq!(
        (t["donor_value_fen"].as_i64(), t["drawn_fen"].as_i64()),
        (Some(2500), Some(1300))
    );
    // The database refuses an overdrawn fund outright.
    let mut conn = d.app().conn().await;
    let r = diesel_async::RunQueryDsl::execute(
        diesel::sql_query(format!(
            "UPDATE campaign_funds SET drawn_fen = cap_fen + 1 WHERE id = '{half}'"
        )),
        &mut conn,
    )
    .await;
    assert!(r.is_err(), "the CHECK constraint holds");
}

#[tokio::test]
async fn the_progress_series_adds_up_bucket_by_bucket() {
    let d = Drive::new().await;
    let app = d.app();
    let mut b = campaign_body(&["411224"]);
    b["starts_at"] = json!(at(-2.5));
    let c = d.campaign(b).await;
    d.fund(&d.ent, &c, "1", 100_000).await;
    let n = d.need(3000, 3, "care", false).await;
    let p1 = d.confirmed(&d.w.donor, &n, 1).await;
    let p2 = d.confirmed(&d.donor2, &n, 2).await;
    // Move the first confirmation to the first hour of the campaign.
    for (table, column) in [
        ("campaign_pledges", "confirmed_at"),
        ("campaign_matches", "created_at"),
    ] {
        d.sql(&format!(
            "UPDATE {table} t SET {column} = c.starts_at + interval '30 minutes'
             FROM campaigns c WHERE c.id = t.campaign_id AND t.pledge_id = '{p1}'"
        ))
        .await;
    }
    let v = json_of(
        app.get(&format!("/api/v1/campaigns/{c}/progress"), None)
            .await,
        200,
    )
    .await;
    assert_eq!(v["bucket"], "hour");
    let points = v["points"].as_array().unwrap();
    let got: Vec<[i64; 4]> = points
        .iter()
        .map(|p| {
            [
                p["donor_pledges"].as_i64().unwrap(),
                p["donor_value_fen"].as_i64().unwrap(),
                p["matches"].as_i64().unwrap(),
                p["matched_fen"].as_i64().unwrap(),
            ]
        })
        .collect();
    // Two and a half hours: three buckets; 1,000 fen in the first, 2,000 more in the third.
    assert_eq!(
        got,
        [[1, 1000, 1, 1000], [1, 1000, 1, 1000], [2, 3000, 2, 3000]]
    );
    assert_eq!(points[0]["starts_at"], v["starts_at"]);
    let s0 =
        chrono::DateTime::parse_from_rfc3339(points[0]["starts_at"].as_str().unwrap()).unwrap();
    let e0 = chrono::DateTime::parse_from_rfc3339(points[0]["ends_at"].as_str().unwrap()).unwrap();
    let s2 =
        chrono::DateTime::parse_from_rfc3339(points[2]["starts_at"].as_str().unwrap()).unwrap();
    assert_eq!((e0 - s0).num_seconds(), 3600);
    assert_eq!((s2 - s0).num_seconds(), 7200);
    // By day (Beijing days): one bucket with everything, or two when a Beijing midnight fell in
    // the last two and a half hours.
    let v = json_of(
        app.get(&format!("/api/v1/campaigns/{c}/progress?bucket=day"), None)
            .await,
        200,
    )
    .await;
    let days = v["points"].as_array().unwrap();
    assert!((1..=2).contains(&days.len()), "{v}");
    let last = days.last().unwrap();
    assert_eq!(
        (
            last["donor_value_fen"].as_i64(),
            last["matched_fen"].as_i64()
        ),
        (Some(3000), Some(3000))
    );
    let t = d.get(&c).await["totals"].clone();
    assert_eq!(
        (t["donor_value_fen"].as_i64(), t["drawn_fen"].as_i64()),
        (Some(3000), Some(3000))
    );
    // Before the start: no points. An unknown bucket: 400.
    let mut b = campaign_body(&["411224"]);
    b["starts_at"] = json!(at(24.0));
    let later = d.campaign(b).await;
    let v = json_of(
        app.get(&format!("/api/v1/campaigns/{later}/progress"), None)
            .await,
        200,
    )
    .await;
    assert_eq!(v["points"], json!([]));
    let r = app
        .get(&format!("/api/v1/campaigns/{c}/progress?bucket=week"), None)
        .await;
    expect_problem(r, 400, "validation_failed").await;
    let _ = p2;
}
