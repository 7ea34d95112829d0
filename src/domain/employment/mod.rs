//! Jobs (就业扶贫): the lists and states every part of the jobs platform shares. A job is posted by a
//! verified organization; a household records who in it can work; applications name no person
//! ([`application`]); a hire is checked again [`RETENTION_CHECK_DAYS`] after it starts.

pub mod application;
pub mod application_fields;
pub mod matching;
pub mod posting;
pub mod retention;
pub mod skill_words;
pub mod work;

use super::string_enum::string_enum;

string_enum!(JobStatus {
    Open => "open",
    Filled => "filled",
    Closed => "closed",
});

string_enum!(PayPeriod {
    Month => "month",
    Day => "day",
    Piece => "piece",
});

// The skills jobs ask for and members offer: one list, so matching and facets compare like with like.
string_enum!(Skill {
    Farming => "farming",
    Livestock => "livestock",
    Construction => "construction",
    Manufacturing => "manufacturing",
    Sewing => "sewing",
    Handicraft => "handicraft",
    Cooking => "cooking",
    Cleaning => "cleaning",
    Care => "care",
    Driving => "driving",
    Logistics => "logistics",
    Electrician => "electrician",
    Welding => "welding",
    Ecommerce => "ecommerce",
    Retail => "retail",
    Security => "security",
});

// How far a household's members would go for work, measured from the household's village.
string_enum!(Travel {
    County => "county",
    Province => "province",
    Anywhere => "anywhere",
});

// An applicant's age band: applications name no person and carry no birth date.
string_enum!(AgeBand {
    From16To24 => "16_24",
    From25To34 => "25_34",
    From35To44 => "35_44",
    From45To54 => "45_54",
    From55To64 => "55_64",
});

impl Travel {
    /// The length of the region-code prefix a job's place of work must share with the household's
    /// village: the county (6), the province (2), or none.
    pub fn shared_prefix(self) -> usize {
        match self {
            Self::County => 6,
            Self::Province => 2,
            Self::Anywhere => 0,
        }
    }
}

/// Days after a hire's start when the household's officials are asked whether the member still works.
pub const RETENTION_CHECK_DAYS: [i16; 2] = [30, 180];
/// Members of one household able to work: 0 to 20.
pub const ABLE_TO_WORK: std::ops::RangeInclusive<i64> = 0..=20;
/// Skills on a job, a household or an application: at most 8, from [`Skill`].
pub const MAX_SKILLS: usize = 8;
/// A job's pay in fen (per month, day or piece), as the table allows: 1 fen to 1,000,000 yuan.
pub const PAY_FEN: std::ops::RangeInclusive<i64> = 1..=100_000_000;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn travel_reaches_wider_regions_in_order() {
        let prefixes: Vec<_> = Travel::ALL.iter().map(|t| t.shared_prefix()).collect();
        assert_eq!(prefixes, [6, 2, 0]);
    }
}
