//! Administrative region codes. Bangfu keeps the short form of the 12-digit statistical code: 2 digits
//! name a province, 4 a city, 6 a county, 9 a township, 12 a village; each is a prefix of the codes
//! below it. Clients may also send the 12-digit zero-padded form (`411224000000` is Lushi County).

use serde::{Deserialize, Serialize};
use std::fmt;
use utoipa::ToSchema;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum RegionLevel {
    Province,
    City,
    County,
    Township,
    Village,
}

impl RegionLevel {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Province => "province",
            Self::City => "city",
            Self::County => "county",
            Self::Township => "township",
            Self::Village => "village",
        }
    }

    pub fn code_len(self) -> usize {
        match self {
            Self::Province => 2,
            Self::City => 4,
            Self::County => 6,
            Self::Township => 9,
            Self::Village => 12,
        }
    }

    fn from_len(len: usize) -> Option<Self> {
        match len {
            2 => Some(Self::Province),
            4 => Some(Self::City),
            6 => Some(Self::County),
            9 => Some(Self::Township),
            12 => Some(Self::Village),
            _ => None,
        }
    }

    fn parent(self) -> Option<Self> {
        match self {
            Self::Province => None,
            Self::City => Some(Self::Province),
            Self::County => Some(Self::City),
            Self::Township => Some(Self::County),
            Self::Village => Some(Self::Township),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    /// Parses a short code, or a 12-digit code padded with zeros, into the short form.
    pub fn parse(input: &str) -> Result<Self, &'static str> {
        let s = input.trim();
        if !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err("a region code has digits only");
        }
        let level =
            RegionLevel::from_len(s.len()).ok_or("a region code has 2, 4, 6, 9 or 12 digits")?;
        let mut code = s.to_owned();
        if level == RegionLevel::Village {
            // Strip zero groups of the padded form: village 000 → township, 000 → county, and so on.
            let mut lvl = level;
            while let Some(parent) = lvl.parent() {
                if code[parent.code_len()..].bytes().all(|b| b == b'0') {
                    lvl = parent;
                } else {
                    break;
                }
            }
            code.truncate(lvl.code_len());
        }
        let lvl =
            RegionLevel::from_len(code.len()).ok_or("a region code has 2, 4, 6, 9 or 12 digits")?;
        // No level of a real code is all zeros, except the county level of the few cities that have
        // no counties (Dongguan 441900, Zhongshan 442000, Danzhou 460400, Jiayuguan 620200).
        let mut start = 0;
        for l in [
            RegionLevel::Province,
            RegionLevel::City,
            RegionLevel::Township,
            RegionLevel::Village,
        ] {
            if l > lvl {
                break;
            }
            if l == RegionLevel::Township {
                start = RegionLevel::County.code_len();
            }
            if code[start..l.code_len()].bytes().all(|b| b == b'0') {
                return Err("a level of the region code is all zeros");
            }
            start = l.code_len();
        }
        Ok(Self(code))
    }

    /// For codes read back from the database, which hold only valid short codes.
    pub fn from_trusted(code: String) -> Self {
        Self(code)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn level(&self) -> RegionLevel {
        RegionLevel::from_len(self.0.len()).unwrap_or(RegionLevel::Village)
    }

    pub fn parent(&self) -> Option<RegionCode> {
        self.level()
            .parent()
            .map(|p| RegionCode(self.0[..p.code_len()].to_owned()))
    }

    /// The 12-digit zero-padded statistical code.
    pub fn full(&self) -> String {
        format!("{:0<12}", self.0)
    }

    /// This region and every region above it, from the province down.
    pub fn ancestry(&self) -> Vec<RegionCode> {
        let mut chain = vec![self.clone()];
        while let Some(p) = chain.last().and_then(RegionCode::parent) {
            chain.push(p);
        }
        chain.reverse();
        chain
    }

    /// Whether `other` is this region or lies inside it.
    pub fn contains(&self, other: &RegionCode) -> bool {
        other.0.starts_with(&self.0)
    }
}

impl fmt::Display for RegionCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_short_and_padded_forms() {
        assert_eq!(RegionCode::parse("411224").unwrap().as_str(), "411224");
        assert_eq!(
            RegionCode::parse("411224000000").unwrap().as_str(),
            "411224"
        );
        assert_eq!(RegionCode::parse("410000000000").unwrap().as_str(), "41");
        assert_eq!(
            RegionCode::parse("411224100000").unwrap().as_str(),
            "411224100"
        );
        let village = RegionCode::parse("411224100001").unwrap();
        assert_eq!(village.level(), RegionLevel::Village);
        assert_eq!(village.full(), "411224100001");
        assert_eq!(
            village
                .ancestry()
                .iter()
                .map(RegionCode::as_str)
                .collect::<Vec<_>>(),
            ["41", "4112", "411224", "411224100", "411224100001"]
        );
    }

    #[test]
    fn rejects_malformed() {
        assert_eq!(
            RegionCode::parse("441900").unwrap().level(),
            RegionLevel::County
        );
        for bad in [
            "",
            "4",
            "411",
            "41122410000",
            "4112241000011",
            "41a224",
            "000000000000",
            "00",
            "4100",
            "411224000001",
        ] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }
}
