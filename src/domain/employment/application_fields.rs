//! An application's fields and a hire's terms: the limits here once, every violation in one
//! answer. An application names no person: an age band, skills and a note in which phone and ID
//! numbers are refused.

use super::posting::{parse_skills, PAY_FEN};
use super::{AgeBand, Skill};
use crate::domain::{personal_data, text};
use crate::error::FieldError;
use chrono::{Duration, NaiveDate};

/// A note to the employer: up to 500 characters.
pub const NOTE_CHARS: (usize, usize) = (0, 500);
/// A decline's or withdrawal's reason: up to 500 characters.
pub const REASON_CHARS: (usize, usize) = (0, 500);
/// A hire starts from 30 days ago (recorded late) to 180 days ahead.
pub const START_DATE_DAYS: std::ops::RangeInclusive<i64> = -30..=180;

/// An application after every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ApplicationContent {
    pub age_band: AgeBand,
    pub skills: Vec<Skill>,
    pub note: String,
}

/// Checks an application's fields; `None` with the violations in `errors`.
pub fn application_from(
    age_band: Option<&str>,
    skills: &[String],
    note: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> Option<ApplicationContent> {
    let band = match age_band.map(str::trim) {
        None => {
            errors.push(FieldError::new(
                "age_band",
                "required",
                "this field is required",
            ));
            None
        }
        Some(b) => {
            let band = AgeBand::parse(b);
            if band.is_none() {
                let all: Vec<_> = AgeBand::ALL.iter().map(|b| b.as_str()).collect();
                errors.push(FieldError::new(
                    "age_band",
                    "invalid_age_band",
                    format!("one of {}", all.join(", ")),
                ));
            }
            band
        }
    };
    let skills = parse_skills("skills", skills, errors);
    let note = checked_text("note", note, NOTE_CHARS, errors);
    Some(ApplicationContent {
        age_band: band?,
        skills: skills?,
        note: note?,
    })
}

/// A free text the other side reads (a note, a reason): bounded, and no phone or ID numbers.
pub fn checked_text(
    field: &'static str,
    value: Option<&str>,
    (min, max): (usize, usize),
    errors: &mut Vec<FieldError>,
) -> Option<String> {
    match text::bounded(value.unwrap_or(""), min, max) {
        Err((c, m)) => {
            errors.push(FieldError::new(field, c, m));
            None
        }
        Ok(t) if personal_data::refused(&t).is_some() => {
            errors.push(FieldError::new(
                field,
                "personal_data",
                "must not contain a phone or ID number",
            ));
            None
        }
        Ok(t) => Some(t),
    }
}

/// A hire's terms after every check.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HireTerms {
    pub start_date: NaiveDate,
    pub pay_fen: i64,
}

/// Checks a hire's start date (within [`START_DATE_DAYS`] of `today`) and pay.
pub fn hire_terms(
    start_date: Option<&str>,
    pay_fen: Option<i64>,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<HireTerms> {
    let start = match start_date.map(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")) {
        None => {
            errors.push(FieldError::new(
                "start_date",
                "required",
                "this field is required",
            ));
            None
        }
        Some(Err(_)) => {
            errors.push(FieldError::new(
                "start_date",
                "invalid_date",
                "a date, YYYY-MM-DD",
            ));
            None
        }
        Some(Ok(d)) => {
            let days = (d - today).num_days();
            if START_DATE_DAYS.contains(&days) {
                Some(d)
            } else {
                errors.push(FieldError::new(
                    "start_date",
                    "out_of_range",
                    format!(
                        "from {} to {}",
                        today + Duration::days(*START_DATE_DAYS.start()),
                        today + Duration::days(*START_DATE_DAYS.end())
                    ),
                ));
                None
            }
        }
    };
    let pay = match pay_fen {
        None => {
            errors.push(FieldError::new(
                "pay_fen",
                "required",
                "this field is required",
            ));
            None
        }
        Some(p) if !PAY_FEN.contains(&p) => {
            errors.push(FieldError::new(
                "pay_fen",
                "out_of_range",
                format!("must be {} to {}", PAY_FEN.start(), PAY_FEN.end()),
            ));
            None
        }
        Some(p) => Some(p),
    };
    Some(HireTerms {
        start_date: start?,
        pay_fen: pay?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_application_names_no_one() {
        let mut errors = Vec::new();
        let a = application_from(
            Some("35_44"),
            &["sewing".into()],
            Some("做过三年缝纫"),
            &mut errors,
        )
        .unwrap();
        assert_eq!(a.age_band, AgeBand::From35To44);
        let mut errors = Vec::new();
        assert!(application_from(
            Some("70_80"),
            &["sewing".into(), "sewing".into()],
            Some("身份证411224199001011234"),
            &mut errors,
        )
        .is_none());
        let codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(
            codes,
            ["invalid_age_band", "duplicate_skill", "personal_data"]
        );
        let mut errors = Vec::new();
        assert!(application_from(None, &[], None, &mut errors).is_none());
        assert_eq!(errors[0].code, "required");
    }

    #[test]
    fn a_hire_starts_within_its_window() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let ok = |d: &str| hire_terms(Some(d), Some(300_000), today, &mut Vec::new());
        assert!(ok("2026-11-01").is_some());
        assert!(ok("2027-05-30").is_some());
        assert!(ok("2026-10-31").is_none());
        assert!(ok("2027-05-31").is_none());
        let mut errors = Vec::new();
        assert!(hire_terms(Some("tomorrow"), Some(0), today, &mut errors).is_none());
        let codes: Vec<_> = errors.iter().map(|e| e.code.as_str()).collect();
        assert_eq!(codes, ["invalid_date", "out_of_range"]);
    }
}
