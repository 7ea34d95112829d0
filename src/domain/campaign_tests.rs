//! Campaign rules, edge by edge.

use super::*;
use uuid::Uuid;

fn code(s: &str) -> RegionCode {
    RegionCode::parse(s).unwrap()
}

fn official(j: &str) -> Actor {
    Actor::Official {
        user_id: Uuid::new_v4(),
        jurisdiction: Jurisdiction::new(code(j)),
    }
}

#[test]
fn ratios_are_exact() {
    assert_eq!(parse_ratio("1"), Ok(100));
    assert_eq!(parse_ratio("0.5"), Ok(50));
    assert_eq!(parse_ratio("1.25"), Ok(125));
    assert_eq!(parse_ratio(" 2 "), Ok(200));
    assert_eq!(parse_ratio("10"), Ok(1000));
    assert_eq!(parse_ratio("0.01"), Ok(1));
    for bad in ["", ".5", "1.", "1.255", "abc", "-1", "1e2", "100", "0,5"] {
        assert_eq!(parse_ratio(bad).unwrap_err().0, "invalid_ratio", "{bad}");
    }
    assert_eq!(parse_ratio("0").unwrap_err().0, "out_of_range");
    assert_eq!(parse_ratio("10.01").unwrap_err().0, "out_of_range");
    for p in [1, 5, 10, 50, 99, 100, 125, 150, 1000] {
        assert_eq!(parse_ratio(&ratio_string(p)), Ok(p), "{p}");
    }
    assert_eq!(ratio_string(50), "0.5");
    assert_eq!(ratio_string(105), "1.05");
}

#[test]
fn matches_round_down() {
    assert_eq!(match_fen(150, 100), 150);
    assert_eq!(match_fen(333, 50), 166);
    assert_eq!(match_fen(1, 1), 0);
    assert_eq!(match_fen(i64::MAX, 1000), i64::MAX);
}

#[test]
fn who_creates_campaigns() {
    let admin = Actor::Admin {
        user_id: Uuid::new_v4(),
    };
    let regions = [code("411224"), code("411221")];
    assert_eq!(create_right(&admin, &regions), CreateRight::Allowed);
    assert_eq!(
        create_right(&official("4112"), &regions),
        CreateRight::Allowed
    );
    assert_eq!(
        create_right(&official("41"), &regions),
        CreateRight::Allowed
    );
    assert_eq!(
        create_right(&official("4113"), &regions),
        CreateRight::OutsideJurisdiction
    );
    assert_eq!(
        create_right(&official("411224"), &regions[..1]),
        CreateRight::NotAllowed
    );
    let donor = Actor::Supporter {
        user_id: Uuid::new_v4(),
        role: crate::domain::Role::Donor,
    };
    assert_eq!(create_right(&donor, &regions), CreateRight::NotAllowed);
}

#[test]
fn every_violation_is_reported() {
    let now = Utc::now();
    let f = CampaignFields {
        name: Some("x".into()),
        starts_at: Some((now + Duration::days(2)).to_rfc3339()),
        ends_at: Some((now + Duration::days(1)).to_rfc3339()),
        regions: Some(vec![]),
        categories: Some(vec!["medical".into(), "toys".into()]),
        ..CampaignFields::default()
    };
    let mut errors = Vec::new();
    assert!(content_from(&f, now, &mut errors).is_none());
    let fields: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("name", "length"),
            ("ends_at", "before_start"),
            ("regions", "required"),
            ("categories", "unknown_category"),
        ]
    );
}

#[test]
fn phases_and_buckets() {
    let now = Utc::now();
    let (s, e) = (now - Duration::hours(1), now + Duration::hours(1));
    assert_eq!(phase(s, e, now), CampaignPhase::Current);
    assert_eq!(
        phase(s, e, s - Duration::seconds(1)),
        CampaignPhase::Upcoming
    );
    assert_eq!(phase(s, e, e), CampaignPhase::Past);
    assert_eq!(Bucket::default_for(s, e), Bucket::Hour);
    assert_eq!(Bucket::default_for(s, s + Duration::days(8)), Bucket::Day);
    assert!(Bucket::Hour.fits(s, s + Duration::days(31)));
    assert!(!Bucket::Hour.fits(s, s + Duration::days(32)));
}

#[test]
fn scope_is_a_region_prefix_and_a_category() {
    let regions = [code("411224"), code("411221100")];
    let village = code("411224101200");
    assert!(covers(&regions, &[], &village, Category::Care));
    assert!(covers(
        &regions,
        &[Category::Care],
        &village,
        Category::Care
    ));
    assert!(!covers(
        &regions,
        &[Category::Medical],
        &village,
        Category::Care
    ));
    assert!(!covers(
        &regions,
        &[],
        &code("411222100001"),
        Category::Care
    ));
    assert!(covers(&regions, &[], &code("411221100003"), Category::Care));
    assert!(!covers(
        &regions,
        &[],
        &code("411221101003"),
        Category::Care
    ));
}

#[test]
fn fund_terms_report_every_field() {
    let mut errors = Vec::new();
    let f = FundFields {
        ratio: Some("1.234".into()),
        cap_fen: Some(0),
    };
    assert!(fund_terms_from(&f, &mut errors).is_none());
    let fields: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [("ratio", "invalid_ratio"), ("cap_fen", "out_of_range")]
    );
    let mut errors = Vec::new();
    let f = FundFields {
        ratio: Some("0.5".into()),
        cap_fen: Some(1000),
    };
    assert_eq!(
        fund_terms_from(&f, &mut errors),
        Some(FundTerms {
            ratio_percent: 50,
            cap_fen: 1000
        })
    );
}
