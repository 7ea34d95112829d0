//! Who in a household can work (`PATCH /households/{id}/work`): the fields and their checks, every
//! violation reported in one answer. This is personal data: only the household and its officials
//! see it.

use super::posting::parse_skills;
use super::{Skill, Travel, ABLE_TO_WORK};
use crate::error::FieldError;
use serde::Deserialize;
use utoipa::ToSchema;

/// The household's work profile as sent; each field is required (a PATCH replaces the profile).
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkFields {
    /// Members able to work, 0–20.
    pub able_to_work: i64,
    /// What they can do: at most 8 distinct skills from the one list (farming, livestock,
    /// construction, manufacturing, sewing, handicraft, cooking, cleaning, care, driving, logistics,
    /// electrician, welding, ecommerce, retail, security).
    #[serde(default)]
    pub skills: Vec<String>,
    /// How far they would go for work: `county`, `province` or `anywhere`.
    pub willing_to_travel: String,
}

/// A work profile after every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkProfile {
    pub able_to_work: i16,
    pub skills: Vec<Skill>,
    pub willing_to_travel: Travel,
}

/// Every field checked; `Err` holds every violation.
pub fn parse(f: &WorkFields) -> Result<WorkProfile, Vec<FieldError>> {
    let mut errors = Vec::new();
    if !ABLE_TO_WORK.contains(&f.able_to_work) {
        errors.push(FieldError::new(
            "able_to_work",
            "out_of_range",
            format!("{} to {} members", ABLE_TO_WORK.start(), ABLE_TO_WORK.end()),
        ));
    }
    let skills = parse_skills("skills", &f.skills, &mut errors).unwrap_or_default();
    let travel = Travel::parse(&f.willing_to_travel);
    if travel.is_none() {
        errors.push(FieldError::new(
            "willing_to_travel",
            "invalid_travel",
            "`county`, `province` or `anywhere`",
        ));
    }
    match (i16::try_from(f.able_to_work), travel) {
        (Ok(able_to_work), Some(willing_to_travel)) if errors.is_empty() => Ok(WorkProfile {
            able_to_work,
            skills,
            willing_to_travel,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(able: i64, skills: &[&str], travel: &str) -> WorkFields {
        WorkFields {
            able_to_work: able,
            skills: skills.iter().map(|s| (*s).to_owned()).collect(),
            willing_to_travel: travel.to_owned(),
        }
    }

    #[test]
    fn a_good_profile_parses() {
        let p = parse(&fields(2, &["sewing", "farming"], "county")).unwrap();
        assert_eq!(p.able_to_work, 2);
        assert_eq!(p.skills, [Skill::Sewing, Skill::Farming]);
        assert_eq!(p.willing_to_travel, Travel::County);
        assert!(parse(&fields(0, &[], "anywhere")).is_ok());
    }

    #[test]
    fn every_violation_is_reported_at_once() {
        let e = parse(&fields(21, &["sewing", "sewing", "juggling"], "moon")).unwrap_err();
        let codes: Vec<_> = e
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            codes,
            [
                ("able_to_work", "out_of_range"),
                ("skills", "duplicate_skill"),
                ("skills", "invalid_skill"),
                ("willing_to_travel", "invalid_travel"),
            ]
        );
        let nine: Vec<&str> = Skill::ALL.iter().take(9).map(|s| s.as_str()).collect();
        let e = parse(&fields(-1, &nine, "county")).unwrap_err();
        assert_eq!(e.len(), 2);
        assert_eq!(e[1].code, "too_many_skills");
    }
}
