//! Matching households to a job (`GET /jobs/{id}/matches`): who is in reach, and one pure score with
//! its weights in one place and its reasons, as needs and offers are matched in
//! [`crate::domain::matching`]. The store filters and orders in PostgreSQL with the same weights
//! (passed as parameters from here), and the page it returns is scored again here for the reasons.
//!
//! In reach means: members able to work and not already hired; the job's place of work inside the
//! distance the household would travel ([`in_reach`]); skills that fit (any in common, or a job that
//! asks none); and no live application of the household to this job.

use super::{Skill, Travel};
use serde::Serialize;
use utoipa::ToSchema;

/// How near a job's place of work is to a household's village: the deepest level both lie in.
/// A job posted above county level (a city or a province) is as near as the level it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Distance {
    Anywhere,
    SameProvince,
    SameCity,
    SameCounty,
    SameTownship,
    SameVillage,
}

impl Distance {
    /// Region-code lengths of the levels, deepest first, with the distance sharing them means.
    pub const LEVELS: [(usize, Distance); 5] = [
        (12, Distance::SameVillage),
        (9, Distance::SameTownship),
        (6, Distance::SameCounty),
        (4, Distance::SameCity),
        (2, Distance::SameProvince),
    ];

    /// The deepest level whose code the job names and the village shares.
    pub fn between(job_region: &str, village: &str) -> Self {
        Self::LEVELS
            .iter()
            .find(|(len, _)| {
                job_region.len() >= *len
                    && village.len() >= *len
                    && job_region.get(..*len) == village.get(..*len)
            })
            .map_or(Distance::Anywhere, |(_, d)| *d)
    }

    /// The index of this distance in [`weights::DISTANCE`] (and in the SQL's weight array).
    pub fn rank(self) -> usize {
        self as usize
    }
}

/// Whether a household of `village` willing to travel `travel` reaches a job at `job_region`. The
/// job's region must share the travel's prefix ([`Travel::shared_prefix`]) with the village. A job
/// posted above that level (a province- or city-level job for a household that stays in its county)
/// could be anywhere in its region, so it is in reach only of households that would go as far as the
/// whole region: a job at `41` reaches Henan households willing to cross their province, not those
/// that stay in their county.
pub fn in_reach(travel: Travel, job_region: &str, village: &str) -> bool {
    let p = travel.shared_prefix();
    p == 0 || (job_region.len() >= p && job_region.get(..p) == village.get(..p))
}

/// Members free to take work: able minus those already hired and still at work. Counted up to
/// [`FREE_MEMBERS_CAP`] in the score.
pub const FREE_MEMBERS_CAP: i64 = 3;

/// The weights, points out of 100. Skills weigh most: a job done well keeps the member employed
/// (the retention checks count it); nearness next, since a wage near home is a wage kept; then how
/// many members are free, so a household with more hands is not missed.
pub mod weights {
    /// All of the job's skills offered; a share for some. A job asking none gives everyone this.
    pub const SKILLS: f64 = 50.0;
    /// By [`super::Distance`] rank: anywhere, province, city, county, township, village.
    pub const DISTANCE: [f64; 6] = [2.0, 8.0, 12.0, 18.0, 24.0, 30.0];
    /// [`super::FREE_MEMBERS_CAP`] free members or more; a share for fewer.
    pub const FREE_MEMBERS: f64 = 20.0;
}

/// What one household–job pair is scored on.
#[derive(Debug, Clone)]
pub struct MatchFacts<'a> {
    pub job_skills: &'a [Skill],
    pub household_skills: &'a [Skill],
    pub distance: Distance,
    pub free_members: i64,
}

/// Why a pair scored as it did: a stable code and its figures, for a client to translate.
#[derive(Debug, Clone, PartialEq, Serialize, ToSchema)]
pub struct MatchReason {
    /// `skills_overlap` (params: `matched`, `asked`), `no_skills_asked`, a distance
    /// (`same_village`, `same_township`, `same_county`, `same_city`, `same_province`, `anywhere`),
    /// `free_members` (params: `count`).
    pub code: &'static str,
    #[schema(value_type = Object)]
    pub params: serde_json::Value,
}

impl Distance {
    pub fn code(self) -> &'static str {
        match self {
            Self::Anywhere => "anywhere",
            Self::SameProvince => "same_province",
            Self::SameCity => "same_city",
            Self::SameCounty => "same_county",
            Self::SameTownship => "same_township",
            Self::SameVillage => "same_village",
        }
    }
}

/// The skills both name.
pub fn overlap(job: &[Skill], household: &[Skill]) -> usize {
    job.iter().filter(|s| household.contains(s)).count()
}

/// Whether the skills fit: any in common, or a job that asks none.
pub fn skills_fit(job: &[Skill], household: &[Skill]) -> bool {
    job.is_empty() || overlap(job, household) > 0
}

/// The score (0–100, rounded to 0.01) and its reasons, skills first.
pub fn score(f: &MatchFacts<'_>) -> (f64, Vec<MatchReason>) {
    use serde_json::json;
    let mut reasons = Vec::with_capacity(3);
    let skills_share = if f.job_skills.is_empty() {
        reasons.push(MatchReason {
            code: "no_skills_asked",
            params: json!({}),
        });
        1.0
    } else {
        let matched = overlap(f.job_skills, f.household_skills);
        reasons.push(MatchReason {
            code: "skills_overlap",
            params: json!({ "matched": matched, "asked": f.job_skills.len() }),
        });
        matched as f64 / f.job_skills.len() as f64
    };
    reasons.push(MatchReason {
        code: f.distance.code(),
        params: json!({}),
    });
    let free = f.free_members.clamp(0, FREE_MEMBERS_CAP);
    reasons.push(MatchReason {
        code: "free_members",
        params: json!({ "count": f.free_members.max(0) }),
    });
    let points = weights::SKILLS * skills_share
        + weights::DISTANCE[f.distance.rank()]
        + weights::FREE_MEMBERS * free as f64 / FREE_MEMBERS_CAP as f64;
    ((points * 100.0).round() / 100.0, reasons)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Skill::*;

    #[test]
    fn distance_is_the_deepest_shared_level() {
        let v = "411224101200";
        assert_eq!(Distance::between(v, v), Distance::SameVillage);
        assert_eq!(Distance::between("411224101", v), Distance::SameTownship);
        assert_eq!(Distance::between("411224101201", v), Distance::SameTownship);
        assert_eq!(Distance::between("411224", v), Distance::SameCounty);
        assert_eq!(Distance::between("411221", v), Distance::SameCity);
        assert_eq!(Distance::between("4112", v), Distance::SameCity);
        assert_eq!(Distance::between("41", v), Distance::SameProvince);
        assert_eq!(Distance::between("410102", v), Distance::SameProvince);
        assert_eq!(Distance::between("440305", v), Distance::Anywhere);
        let ranks: Vec<_> = Distance::LEVELS.iter().map(|(_, d)| d.rank()).collect();
        assert_eq!(ranks, [5, 4, 3, 2, 1]);
    }

    #[test]
    fn reach_follows_the_travel_and_the_jobs_level() {
        let v = "411224101200";
        assert!(in_reach(Travel::County, "411224", v));
        assert!(in_reach(Travel::County, "411224999001", v));
        assert!(!in_reach(Travel::County, "411221", v));
        assert!(
            !in_reach(Travel::County, "41", v),
            "a province-level job is beyond the county"
        );
        assert!(!in_reach(Travel::County, "4112", v));
        assert!(in_reach(Travel::Province, "41", v));
        assert!(in_reach(Travel::Province, "410102", v));
        assert!(!in_reach(Travel::Province, "440305", v));
        assert!(in_reach(Travel::Anywhere, "440305", v));
    }

    #[test]
    fn skills_weigh_most_then_distance_then_free_members() {
        let job = [Sewing, Cooking];
        let s = |hh: &[Skill], d, free| {
            score(&MatchFacts {
                job_skills: &job,
                household_skills: hh,
                distance: d,
                free_members: free,
            })
            .0
        };
        // All the skills in the county beat half of them in the village itself.
        let both_in_county = s(&[Sewing, Cooking], Distance::SameCounty, 1);
        let one_in_village = s(&[Sewing], Distance::SameVillage, 1);
        assert!(
            both_in_county > one_in_village,
            "{both_in_county} {one_in_village}"
        );
        assert!(s(&[Sewing], Distance::SameVillage, 1) > s(&[Sewing], Distance::SameCounty, 1));
        assert!(s(&[Sewing], Distance::SameCounty, 3) > s(&[Sewing], Distance::SameCounty, 1));
        assert_eq!(
            s(&[Sewing], Distance::SameCounty, 9),
            s(&[Sewing], Distance::SameCounty, 3)
        );
        assert_eq!(s(&[Sewing, Cooking], Distance::SameVillage, 3), 100.0);
        assert!(weights::DISTANCE.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn reasons_carry_codes_and_figures() {
        let (_, r) = score(&MatchFacts {
            job_skills: &[Sewing, Cooking],
            household_skills: &[Cooking, Farming],
            distance: Distance::SameCounty,
            free_members: 2,
        });
        let codes: Vec<_> = r.iter().map(|r| r.code).collect();
        assert_eq!(codes, ["skills_overlap", "same_county", "free_members"]);
        assert_eq!(r[0].params, serde_json::json!({"matched": 1, "asked": 2}));
        let (_, r) = score(&MatchFacts {
            job_skills: &[],
            household_skills: &[],
            distance: Distance::Anywhere,
            free_members: 1,
        });
        assert_eq!(r[0].code, "no_skills_asked");
        assert!(skills_fit(&[], &[]) && !skills_fit(&[Sewing], &[Cooking]));
    }
}
