//! Which audit chain an event belongs to. The audit trail is sharded so that unrelated regions do not
//! wait for each other: one chain per county (the first 6 digits of a region code at county level or
//! below) and one national chain for events with no region (users, organizations, offers, …) and for
//! regions above county level. Every chain has its own lock and its own hashes.

use super::{RegionCode, RegionLevel};
use std::fmt;

/// The name of the national chain (every event before the chains were sharded is in it).
pub const NATIONAL: &str = "national";

/// An audit chain. Ordered as its locks must be taken: counties by code, the national chain last.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AuditChain {
    /// A county's chain, by its 6-digit code.
    County(u32),
    National,
}

impl AuditChain {
    /// The chain of an event about something in `region` (none: the national chain).
    pub fn for_region(region: Option<&RegionCode>) -> Self {
        match region {
            Some(r) if r.level() >= RegionLevel::County => Self::of_code(r.as_str()),
            _ => Self::National,
        }
    }

    /// The chain of a region code as stored (a valid short code; anything else is national).
    pub fn of_code(code: &str) -> Self {
        match code.get(..6) {
            Some(county) if code.bytes().all(|b| b.is_ascii_digit()) => {
                county.parse().map_or(Self::National, Self::County)
            }
            _ => Self::National,
        }
    }

    /// The chain of a stored name (`national` or a county's 6 digits).
    pub fn parse(name: &str) -> Option<Self> {
        if name == NATIONAL {
            return Some(Self::National);
        }
        (name.len() == 6 && name.bytes().all(|b| b.is_ascii_digit()))
            .then(|| name.parse().ok().map(Self::County))
            .flatten()
    }

    pub fn is_national(&self) -> bool {
        *self == Self::National
    }

    /// The second half of the chain's advisory lock key (the first is the audit class): the county
    /// code, or `i32::MAX` for the national chain, so that sorting by it is the lock order.
    pub fn lock_id(&self) -> i32 {
        match self {
            Self::County(c) => i32::try_from(*c).unwrap_or(i32::MAX - 1),
            Self::National => i32::MAX,
        }
    }

    /// Sorts chains into lock order and drops repeats.
    pub fn lock_order(chains: &mut Vec<Self>) {
        chains.sort();
        chains.dedup();
    }
}

impl fmt::Display for AuditChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::County(c) => write!(f, "{c:06}"),
            Self::National => f.write_str(NATIONAL),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn counties_and_below_have_their_county_chain() {
        assert_eq!(
            AuditChain::for_region(Some(&code("411224"))),
            AuditChain::County(411224)
        );
        assert_eq!(
            AuditChain::for_region(Some(&code("411224101200"))),
            AuditChain::County(411224)
        );
        assert_eq!(AuditChain::of_code("411224101"), AuditChain::County(411224));
        assert_eq!(AuditChain::County(411224).to_string(), "411224");
    }

    #[test]
    fn no_region_and_regions_above_a_county_are_national() {
        assert_eq!(AuditChain::for_region(None), AuditChain::National);
        assert_eq!(
            AuditChain::for_region(Some(&code("4112"))),
            AuditChain::National
        );
        assert_eq!(AuditChain::of_code("41"), AuditChain::National);
        assert_eq!(AuditChain::National.to_string(), "national");
    }

    #[test]
    fn names_round_trip_and_the_national_chain_locks_last() {
        for c in [AuditChain::County(110101), AuditChain::National] {
            assert_eq!(AuditChain::parse(&c.to_string()), Some(c));
        }
        assert_eq!(AuditChain::parse("4112"), None);
        let mut chains = vec![
            AuditChain::National,
            AuditChain::County(411224),
            AuditChain::County(110101),
            AuditChain::County(411224),
        ];
        AuditChain::lock_order(&mut chains);
        assert_eq!(
            chains,
            vec![
                AuditChain::County(110101),
                AuditChain::County(411224),
                AuditChain::National
            ]
        );
        assert!(chains.windows(2).all(|w| w[0].lock_id() < w[1].lock_id()));
    }
}
