//! An official's jurisdiction: a region subtree. [`Jurisdiction::covers`] is the one place that decides
//! whether an official may act on something located in a region; every scope check goes through it.

use super::RegionCode;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Jurisdiction {
    region: RegionCode,
}

impl Jurisdiction {
    pub fn new(region: RegionCode) -> Self {
        Self { region }
    }

    pub fn region(&self) -> &RegionCode {
        &self.region
    }

    /// True when `region` is the jurisdiction's own region or lies below it. A county official covers
    /// every township and village of the county, but not the city above it nor a neighbouring county.
    pub fn covers(&self, region: &RegionCode) -> bool {
        self.region.contains(region)
    }

    /// The SQL `LIKE` pattern matching every region code this jurisdiction covers, for queries that
    /// list what lies in scope. It is derived from [`Jurisdiction::covers`]'s rule (prefix) and only
    /// ever holds digits, so it needs no escaping.
    pub fn like_pattern(&self) -> String {
        format!("{}%", self.region.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(s: &str) -> RegionCode {
        RegionCode::parse(s).unwrap()
    }

    #[test]
    fn covers_its_subtree_only() {
        let lushi = Jurisdiction::new(code("411224"));
        assert!(lushi.covers(&code("411224")));
        assert!(lushi.covers(&code("411224100")));
        assert!(lushi.covers(&code("411224100001")));
        assert!(!lushi.covers(&code("4112")), "not the city above");
        assert!(!lushi.covers(&code("411221")), "not a neighbouring county");
        assert!(!lushi.covers(&code("411221100001")));
        let village = Jurisdiction::new(code("411224100001"));
        assert!(village.covers(&code("411224100001")));
        assert!(!village.covers(&code("411224100002")));
        assert!(!village.covers(&code("411224100")));
        let province = Jurisdiction::new(code("41"));
        assert!(province.covers(&code("411224100001")));
        assert!(!province.covers(&code("42")));
        assert_eq!(lushi.like_pattern(), "411224%");
    }
}
