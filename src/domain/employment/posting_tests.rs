//! The job posting fields' checks, edge by edge.

use super::*;

fn now() -> DateTime<Utc> {
    "2026-12-01T12:00:00Z".parse().unwrap()
}

pub fn full() -> JobFields {
    JobFields {
        title: Some("香菇大棚采摘工".into()),
        description: Some("杜关村扶贫车间，包午饭。".into()),
        region_code: Some("411224101200".into()),
        positions: Some(3),
        pay_min_fen: Some(300_000),
        pay_max_fen: Some(400_000),
        pay_period: Some("month".into()),
        skills: Some(vec!["farming".into(), "logistics".into()]),
        housing: Some(true),
        valid_until: Some("2027-01-31".into()),
    }
}

#[test]
fn a_full_posting_passes() {
    let mut errors = Vec::new();
    let c = content_from(&full(), now(), &mut errors).unwrap();
    assert!(errors.is_empty());
    assert_eq!(c.skills, [Skill::Farming, Skill::Logistics]);
    assert_eq!(c.pay_period, PayPeriod::Month);
    // The end of 31 January in Beijing.
    assert_eq!(c.valid_until.to_rfc3339(), "2027-01-31T16:00:00+00:00");
}

#[test]
fn every_violation_in_one_answer() {
    let f = JobFields {
        title: Some("x".into()),
        description: Some("电话 13812345678".into()),
        region_code: Some("41x".into()),
        positions: Some(0),
        pay_min_fen: Some(500),
        pay_max_fen: Some(400),
        pay_period: Some("week".into()),
        skills: Some(vec!["farming".into(), "farming".into(), "flying".into()]),
        housing: None,
        valid_until: Some("2020-01-01".into()),
    };
    let mut errors = Vec::new();
    assert!(content_from(&f, now(), &mut errors).is_none());
    let fields: Vec<_> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert_eq!(
        fields,
        [
            ("title", "length"),
            ("description", "personal_data"),
            ("region_code", "invalid_region_code"),
            ("positions", "out_of_range"),
            ("pay_max_fen", "below_minimum"),
            ("pay_period", "invalid_pay_period"),
            ("skills", "duplicate_skill"),
            ("skills", "invalid_skill"),
            ("valid_until", "in_the_past"),
        ]
    );
    let mut errors = Vec::new();
    assert!(content_from(&JobFields::default(), now(), &mut errors).is_none());
    assert_eq!(errors.len(), 7, "every required field is named: {errors:?}");
}

#[test]
fn limits_at_their_edges() {
    let mut errors = Vec::new();
    let mut f = full();
    f.valid_until = Some("2027-12-02T11:00:00Z".into());
    f.skills = Some(Skill::ALL.iter().take(9).map(|s| s.to_string()).collect());
    f.pay_min_fen = Some(100_000_001);
    f.pay_max_fen = Some(100_000_001);
    check_fields(&f, now(), &mut errors);
    let codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
    assert_eq!(
        codes,
        ["out_of_range", "out_of_range", "too_many_skills", "too_far"]
    );
    let mut errors = Vec::new();
    f = full();
    f.valid_until = Some("2027-12-01T11:59:00Z".into());
    f.skills = Some(Skill::ALL.iter().take(8).map(|s| s.to_string()).collect());
    assert!(content_from(&f, now(), &mut errors).is_some(), "{errors:?}");
}

#[test]
fn a_patch_may_not_cross_the_pay_range_from_one_end() {
    let c = content_from(&full(), now(), &mut Vec::new()).unwrap();
    let mut errors = Vec::new();
    let patch = JobFields {
        pay_min_fen: Some(500_000),
        ..JobFields::default()
    };
    apply_patch(c.clone(), &patch, now(), &mut errors);
    assert_eq!(errors[0].field, "pay_min_fen");
    let mut errors = Vec::new();
    let patch = JobFields {
        pay_max_fen: Some(350_000),
        positions: Some(5),
        ..JobFields::default()
    };
    let after = apply_patch(c, &patch, now(), &mut errors);
    assert!(errors.is_empty());
    assert_eq!((after.pay_max_fen, after.positions), (350_000, 5));
}
