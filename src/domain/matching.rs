//! Matching needs and offers: one pure scoring function with its weights in one place. A pair is a
//! match only when it is about the same thing: the engine finds the other side by the words of the
//! title ([`super::match_terms`]) within the category and the service area, and the units meet
//! ([`super::unit::fit`]). The order comes from here, so it is the same on every engine and
//! explained by reason codes.

use super::need::Urgency;
use super::unit::UnitFit;
use serde::Serialize;
use utoipa::ToSchema;

/// How close an offer's service area is to a need's village: the level of the area, since a need is
/// matched only when its village lies inside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Proximity {
    Nationwide,
    SameProvince,
    SameCity,
    SameCounty,
    SameTownship,
    SameVillage,
}

impl Proximity {
    /// From the service area's code (`None`: the whole country).
    pub fn of_area(area: Option<&str>) -> Self {
        match area.map(str::len) {
            Some(12) => Self::SameVillage,
            Some(9) => Self::SameTownship,
            Some(6) => Self::SameCounty,
            Some(4) => Self::SameCity,
            Some(2) => Self::SameProvince,
            _ => Self::Nationwide,
        }
    }
}

/// What the score of one need–offer pair is computed from.
#[derive(Debug, Clone)]
pub struct MatchFacts {
    /// The share of the searching side's title words the other side matched (0..=1).
    pub text_relevance: f64,
    /// How the units meet (a pair whose units never meet is no match and is not scored).
    pub unit_fit: UnitFit,
    pub proximity: Proximity,
    /// Both remaining quantities in the base of the units' kind (grams, yuan, pieces …), so they
    /// compare.
    pub need_remaining: i64,
    pub offer_remaining: i64,
    pub urgency: Urgency,
    /// Days until the need's deadline (may be fractional).
    pub days_to_deadline: f64,
    /// Days since the need was published.
    pub days_waiting: f64,
    /// The offer's organization has a verified credit code.
    pub verified_supporter: bool,
}

/// Why a pair scored as it did, as stable codes a client can translate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    TextMatch,
    /// Both sides count in the same unit.
    SameUnit,
    /// Different names for one amount (个 and 套).
    OneToOneUnit,
    /// Weights or times of another size, converted (斤 and 公斤).
    ConvertedUnit,
    SameVillage,
    SameTownship,
    SameCounty,
    SameCity,
    SameProvince,
    Nationwide,
    CoversFullQuantity,
    CoversPartQuantity,
    Critical,
    Urgent,
    #[serde(rename = "deadline_within_7_days")]
    DeadlineWithin7Days,
    #[serde(rename = "deadline_within_30_days")]
    DeadlineWithin30Days,
    #[serde(rename = "waiting_over_30_days")]
    WaitingOver30Days,
    #[serde(rename = "waiting_over_7_days")]
    WaitingOver7Days,
    VerifiedSupporter,
}

/// The weights, in points out of 100. The text and the unit are conditions of a match (no pair
/// without a word in common and units that meet is scored); the text's share then ranks. Need first: urgency and deadline weigh as much as the text,
/// because a critical need that an offer plainly serves should not lose to a wordier one.
pub mod weights {
    pub const TEXT: f64 = 25.0;
    pub const VILLAGE: f64 = 15.0;
    pub const TOWNSHIP: f64 = 12.0;
    pub const COUNTY: f64 = 9.0;
    pub const CITY: f64 = 6.0;
    pub const PROVINCE: f64 = 4.0;
    pub const NATIONWIDE: f64 = 2.0;
    /// Full coverage; a partial cover earns its share.
    pub const QUANTITY: f64 = 15.0;
    pub const CRITICAL: f64 = 20.0;
    pub const URGENT: f64 = 10.0;
    pub const DEADLINE_7_DAYS: f64 = 10.0;
    pub const DEADLINE_30_DAYS: f64 = 5.0;
    /// Grows with waiting time up to 60 days.
    pub const WAITING: f64 = 7.0;
    pub const VERIFIED: f64 = 3.0;
}

/// The score (0–100, rounded to 0.01) and its reasons, most telling first.
pub fn score(f: &MatchFacts) -> (f64, Vec<Reason>) {
    use weights as w;
    let mut points = 0.0;
    let mut reasons = Vec::new();
    let text = f.text_relevance.clamp(0.0, 1.0);
    points += w::TEXT * text;
    reasons.push(Reason::TextMatch);
    reasons.push(match f.unit_fit {
        UnitFit::Same => Reason::SameUnit,
        UnitFit::OneToOne => Reason::OneToOneUnit,
        UnitFit::Converted => Reason::ConvertedUnit,
    });
    let (p, r) = match f.proximity {
        Proximity::SameVillage => (w::VILLAGE, Reason::SameVillage),
        Proximity::SameTownship => (w::TOWNSHIP, Reason::SameTownship),
        Proximity::SameCounty => (w::COUNTY, Reason::SameCounty),
        Proximity::SameCity => (w::CITY, Reason::SameCity),
        Proximity::SameProvince => (w::PROVINCE, Reason::SameProvince),
        Proximity::Nationwide => (w::NATIONWIDE, Reason::Nationwide),
    };
    points += p;
    reasons.push(r);
    if f.need_remaining > 0 && f.offer_remaining >= f.need_remaining {
        points += w::QUANTITY;
        reasons.push(Reason::CoversFullQuantity);
    } else if f.need_remaining > 0 && f.offer_remaining > 0 {
        points += w::QUANTITY * f.offer_remaining as f64 / f.need_remaining as f64;
        reasons.push(Reason::CoversPartQuantity);
    }
    match f.urgency {
        Urgency::Critical => {
            points += w::CRITICAL;
            reasons.push(Reason::Critical);
        }
        Urgency::Urgent => {
            points += w::URGENT;
            reasons.push(Reason::Urgent);
        }
        Urgency::Normal => {}
    }
    if f.days_to_deadline <= 7.0 {
        points += w::DEADLINE_7_DAYS;
        reasons.push(Reason::DeadlineWithin7Days);
    } else if f.days_to_deadline <= 30.0 {
        points += w::DEADLINE_30_DAYS;
        reasons.push(Reason::DeadlineWithin30Days);
    }
    points += w::WAITING * (f.days_waiting.max(0.0) / 60.0).min(1.0);
    if f.days_waiting >= 30.0 {
        reasons.push(Reason::WaitingOver30Days);
    } else if f.days_waiting >= 7.0 {
        reasons.push(Reason::WaitingOver7Days);
    }
    if f.verified_supporter {
        points += w::VERIFIED;
        reasons.push(Reason::VerifiedSupporter);
    }
    ((points * 100.0).round() / 100.0, reasons)
}

/// Sorts scored items best first; equal scores by id, so the same data always gives the same order.
pub fn rank<T>(items: &mut [(f64, T)], id: impl Fn(&T) -> uuid::Uuid) {
    items.sort_by(|a, b| {
        b.0.partial_cmp(&a.0)
            .unwrap_or(std::cmp::Ordering::Equal)
            .then_with(|| id(&a.1).cmp(&id(&b.1)))
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts() -> MatchFacts {
        MatchFacts {
            text_relevance: 0.0,
            unit_fit: UnitFit::Same,
            proximity: Proximity::SameCounty,
            need_remaining: 10,
            offer_remaining: 10,
            urgency: Urgency::Normal,
            days_to_deadline: 60.0,
            days_waiting: 0.0,
            verified_supporter: false,
        }
    }

    #[test]
    fn crafted_cases_come_out_in_the_expected_order() {
        let cases = [
            // A: critical, deadline in 3 days, same village, text match, covers all.
            (
                "A",
                MatchFacts {
                    text_relevance: 1.0,
                    proximity: Proximity::SameVillage,
                    urgency: Urgency::Critical,
                    days_to_deadline: 3.0,
                    ..facts()
                },
            ),
            // B: the same but urgent and in the same county.
            (
                "B",
                MatchFacts {
                    text_relevance: 1.0,
                    urgency: Urgency::Urgent,
                    days_to_deadline: 3.0,
                    ..facts()
                },
            ),
            // C: critical, but no text match and a far deadline.
            (
                "C",
                MatchFacts {
                    urgency: Urgency::Critical,
                    ..facts()
                },
            ),
            // D: a text match, normal, nationwide, covers a tenth.
            (
                "D",
                MatchFacts {
                    text_relevance: 1.0,
                    proximity: Proximity::Nationwide,
                    offer_remaining: 1,
                    ..facts()
                },
            ),
            // E: nothing special.
            ("E", facts()),
        ];
        let mut scored: Vec<(f64, &str)> = cases.iter().map(|(n, f)| (score(f).0, *n)).collect();
        scored.sort_by(|a, b| b.0.partial_cmp(&a.0).unwrap());
        let order: Vec<&str> = scored.iter().map(|s| s.1).collect();
        assert_eq!(order, ["A", "B", "C", "D", "E"], "{scored:?}");
        let (a, reasons) = score(&cases[0].1);
        assert_eq!(a, 25.0 + 15.0 + 15.0 + 20.0 + 10.0);
        assert_eq!(
            reasons,
            [
                Reason::TextMatch,
                Reason::SameUnit,
                Reason::SameVillage,
                Reason::CoversFullQuantity,
                Reason::Critical,
                Reason::DeadlineWithin7Days
            ]
        );
    }

    #[test]
    fn each_factor_moves_the_score_the_right_way() {
        let base = score(&facts()).0;
        let better = |f: MatchFacts| score(&f).0 > base;
        assert!(better(MatchFacts {
            proximity: Proximity::SameTownship,
            ..facts()
        }));
        assert!(!better(MatchFacts {
            proximity: Proximity::SameCity,
            ..facts()
        }));
        assert!(!better(MatchFacts {
            offer_remaining: 5,
            ..facts()
        }));
        assert!(better(MatchFacts {
            days_to_deadline: 20.0,
            ..facts()
        }));
        assert!(better(MatchFacts {
            days_waiting: 40.0,
            ..facts()
        }));
        assert!(better(MatchFacts {
            verified_supporter: true,
            ..facts()
        }));
        assert!(better(MatchFacts {
            text_relevance: 0.5,
            ..facts()
        }));
        let (_, r) = score(&MatchFacts {
            days_waiting: 40.0,
            offer_remaining: 5,
            days_to_deadline: 20.0,
            ..facts()
        });
        assert!(
            r.contains(&Reason::WaitingOver30Days)
                && r.contains(&Reason::CoversPartQuantity)
                && r.contains(&Reason::DeadlineWithin30Days)
        );
        assert!(
            score(&MatchFacts {
                text_relevance: 7.0,
                ..facts()
            })
            .0 <= 100.0
        );
    }

    #[test]
    fn equal_scores_rank_by_id() {
        let a = uuid::Uuid::from_u128(1);
        let b = uuid::Uuid::from_u128(2);
        let mut items = vec![(5.0, b), (5.0, a), (9.0, b)];
        rank(&mut items, |x| *x);
        assert_eq!(items, [(9.0, b), (5.0, a), (5.0, b)]);
    }
}
