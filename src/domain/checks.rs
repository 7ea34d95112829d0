//! 三查 check rounds: who may run which kind of round over which region, and the random sample.
//!
//! The sample is a pure function of the round's seed and its candidates, so anyone holding the seed
//! (it is on the audit chain, written before the sample was drawn) and the list of what was decided
//! in the region and period can draw it again and compare.

use super::{Jurisdiction, RegionCode, RegionLevel};
use sha2::{Digest, Sha256};
use uuid::Uuid;

/// The three layers of checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    /// County self-check: an official of the county checks its own county.
    SelfCheck,
    /// County cross-check: an official of another county of the same city.
    Cross,
    /// City spot-check: an official of the city.
    Spot,
}

impl CheckKind {
    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "self" => Some(Self::SelfCheck),
            "cross" => Some(Self::Cross),
            "spot" => Some(Self::Spot),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::SelfCheck => "self",
            Self::Cross => "cross",
            Self::Spot => "spot",
        }
    }
}

/// What a round samples.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Subject {
    /// An approved need (the review decision is checked).
    Need,
    /// A confirmed delivery: a pledge that reached `confirmed`.
    Delivery,
}

impl Subject {
    pub fn parse_plural(s: &str) -> Option<Self> {
        match s {
            "needs" => Some(Self::Need),
            "deliveries" => Some(Self::Delivery),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Need => "need",
            Self::Delivery => "delivery",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            Self::Need => "needs",
            Self::Delivery => "deliveries",
        }
    }
}

pub const PROBLEM_KINDS: [&str; 6] = [
    "not_eligible",
    "not_delivered",
    "quantity_short",
    "quality",
    "data_wrong",
    "other",
];

pub const MAX_SAMPLE: i32 = 500;

/// Why an official may not run a round (the detail of the 403).
pub type Refusal = &'static str;

/// The who-may rule of the contract. `region` is the round's region.
/// - `self`: the official's jurisdiction is exactly a county, and the region lies in it;
/// - `cross`: the official's jurisdiction is exactly a county, and the region lies in another county
///   of the same city;
/// - `spot`: the official's jurisdiction is exactly a city, and the region lies in it.
pub fn may_run(
    kind: CheckKind,
    jurisdiction: &Jurisdiction,
    region: &RegionCode,
) -> Result<(), Refusal> {
    let own = jurisdiction.region();
    match kind {
        CheckKind::SelfCheck | CheckKind::Cross => {
            if own.level() != RegionLevel::County {
                return Err("self and cross checks are run by county officials");
            }
            if region.level() < RegionLevel::County {
                return Err("a county check covers a county or a part of one");
            }
            let covers = jurisdiction.covers(region);
            if kind == CheckKind::SelfCheck && !covers {
                return Err("a self-check covers the official's own county");
            }
            if kind == CheckKind::Cross {
                if covers {
                    return Err("a cross-check covers another county, not the official's own");
                }
                if own.parent() != region.ancestry().get(1).cloned() {
                    return Err("a cross-check covers a county of the same city");
                }
            }
            Ok(())
        }
        CheckKind::Spot => {
            if own.level() != RegionLevel::City {
                return Err("spot checks are run by city officials");
            }
            if !jurisdiction.covers(region) {
                return Err("a spot check covers the official's own city");
            }
            Ok(())
        }
    }
}

/// The sort key of a candidate: SHA-256 over the seed, the subject and the id's 16 bytes.
pub fn sample_key(seed: &[u8], subject: Subject, id: Uuid) -> [u8; 32] {
    Sha256::new()
        .chain_update(seed)
        .chain_update(subject.as_str().as_bytes())
        .chain_update(b":")
        .chain_update(id.as_bytes())
        .finalize()
        .into()
}

/// The sample: the `n` candidates with the smallest [`sample_key`], in that order. Candidates come
/// ordered (needs first, then deliveries, each by id) so that the digest of the list is stable; the
/// choice itself does not depend on their order.
pub fn sample(seed: &[u8], candidates: &[(Subject, Uuid)], n: usize) -> Vec<(Subject, Uuid)> {
    let mut keyed: Vec<([u8; 32], (Subject, Uuid))> = candidates
        .iter()
        .map(|&(s, id)| (sample_key(seed, s, id), (s, id)))
        .collect();
    keyed.sort();
    keyed.into_iter().take(n).map(|(_, c)| c).collect()
}

/// A digest of the candidate list, recorded with the seed, so a recomputation starts from the same
/// list: SHA-256 over `subject:id\n` lines.
pub fn candidates_digest(candidates: &[(Subject, Uuid)]) -> String {
    let mut h = Sha256::new();
    for (s, id) in candidates {
        h.update(format!("{}:{id}\n", s.as_str()).as_bytes());
    }
    hex::encode(h.finalize())
}

/// The township of a village or township code (rectifications go to the township's officials); a
/// code above township level stays as it is.
pub fn township_of(region: &RegionCode) -> RegionCode {
    region
        .ancestry()
        .into_iter()
        .find(|r| r.level() == RegionLevel::Township)
        .unwrap_or_else(|| region.clone())
}

/// Rectifications escalate like complaints: at level 0 the township's officials answer; each week
/// overdue widens the circle to the county, the city, the province.
pub fn rectification_min_code_len(level: i16) -> usize {
    super::access::complaint_min_code_len(level)
}

/// Officials in scope of a rectification of `township`: their jurisdiction covers the township or
/// lies inside it (a village official of it). They see it and may answer it.
pub fn rectification_in_scope(jurisdiction: &Jurisdiction, township: &RegionCode) -> bool {
    township.contains(jurisdiction.region()) || jurisdiction.covers(township)
}

/// Whether an overdue rectification at escalation `level` is this official's to chase (its digest
/// counts it): the township's own officials at once, the county from level 1, and so on up.
pub fn escalation_reaches(jurisdiction: &Jurisdiction, township: &RegionCode, level: i16) -> bool {
    let own = jurisdiction.region();
    township.contains(own)
        || (jurisdiction.covers(township)
            && own.as_str().len() >= rectification_min_code_len(level))
}

/// A CSV cell: quoted, with cells that a spreadsheet would run as a formula neutralised by a leading `'`.
pub fn csv_cell(value: &str) -> String {
    let neutral = match value.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{value}"),
        _ => value.to_owned(),
    };
    format!("\"{}\"", neutral.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn j(code: &str) -> Jurisdiction {
        Jurisdiction::new(RegionCode::parse(code).unwrap())
    }
    fn r(code: &str) -> RegionCode {
        RegionCode::parse(code).unwrap()
    }

    #[test]
    fn who_may_run_which_round() {
        use CheckKind::*;
        let (lushi, mianchi, city, township, province) =
            (j("411224"), j("411221"), j("4112"), j("411224101"), j("41"));
        let other_city_county = j("410102");
        assert!(may_run(SelfCheck, &lushi, &r("411224")).is_ok());
        assert!(may_run(SelfCheck, &lushi, &r("411224101")).is_ok());
        assert!(may_run(SelfCheck, &mianchi, &r("411224")).is_err());
        assert!(may_run(SelfCheck, &township, &r("411224101")).is_err());
        assert!(may_run(SelfCheck, &city, &r("411224")).is_err());
        assert!(may_run(Cross, &mianchi, &r("411224")).is_ok());
        assert!(may_run(Cross, &lushi, &r("411224")).is_err());
        assert!(may_run(Cross, &other_city_county, &r("411224")).is_err());
        assert!(may_run(Cross, &mianchi, &r("4112")).is_err());
        assert!(may_run(Spot, &city, &r("411224")).is_ok());
        assert!(may_run(Spot, &city, &r("4112")).is_ok());
        assert!(may_run(Spot, &lushi, &r("411224")).is_err());
        assert!(may_run(Spot, &province, &r("411224")).is_err());
        assert!(may_run(Spot, &j("4101"), &r("411224")).is_err());
    }

    #[test]
    fn the_sample_is_a_function_of_seed_and_candidates() {
        let ids: Vec<_> = (0..50u128)
            .map(|i| {
                (
                    if i % 2 == 0 {
                        Subject::Need
                    } else {
                        Subject::Delivery
                    },
                    Uuid::from_u128(i),
                )
            })
            .collect();
        let a = sample(b"seed-1", &ids, 5);
        assert_eq!(a.len(), 5);
        assert_eq!(a, sample(b"seed-1", &ids, 5));
        let mut reversed = ids.clone();
        reversed.reverse();
        assert_eq!(a, sample(b"seed-1", &reversed, 5));
        assert_ne!(a, sample(b"seed-2", &ids, 5));
        assert_eq!(sample(b"s", &ids[..3], 10).len(), 3);
    }

    #[test]
    fn csv_cells_are_quoted_and_formulas_neutralised() {
        assert_eq!(csv_cell("ok"), "\"ok\"");
        assert_eq!(csv_cell("=SUM(A1)"), "\"'=SUM(A1)\"");
        assert_eq!(csv_cell("-1"), "\"'-1\"");
        assert_eq!(csv_cell("a\"b"), "\"a\"\"b\"");
    }

    #[test]
    fn rectifications_go_to_the_township_then_up() {
        let t = r("411224101");
        assert_eq!(township_of(&r("411224101200")), t);
        assert!(escalation_reaches(&j("411224101"), &t, 0));
        assert!(escalation_reaches(&j("411224101200"), &t, 0));
        assert!(!escalation_reaches(&j("411224"), &t, 0));
        assert!(escalation_reaches(&j("411224"), &t, 1));
        assert!(!escalation_reaches(&j("411221"), &t, 3));
        assert!(escalation_reaches(&j("4112"), &t, 2));
        assert!(rectification_in_scope(&j("411224"), &t));
        assert!(rectification_in_scope(&j("411224101200"), &t));
        assert!(!rectification_in_scope(&j("411224102"), &t));
    }
}
