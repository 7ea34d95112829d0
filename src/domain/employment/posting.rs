//! A job posting's fields: every limit defined here once, every violation reported in one answer.
//! The title and description are published, so phone and ID numbers typed into them are refused.

use super::{PayPeriod, Skill, MAX_SKILLS};
use crate::domain::field_checks::{self, ranged};
use crate::domain::RegionCode;
use crate::error::FieldError;
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveTime, TimeZone, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

/// Title: 2–60 characters.
pub const TITLE_CHARS: (usize, usize) = (2, 60);
/// Description: up to 2,000 characters.
pub const DESCRIPTION_CHARS: (usize, usize) = (0, 2000);
/// Positions: 1 to 1,000 people.
pub const POSITIONS: std::ops::RangeInclusive<i64> = 1..=1000;
pub use super::PAY_FEN;
/// A posting stays open at most a year.
pub const MAX_VALID_DAYS: i64 = 365;
/// Why a posting was closed: up to 500 characters.
pub const REASON_CHARS: (usize, usize) = (0, 500);

/// The fields of a job posting, each optional (a PATCH sends some of them).
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JobFields {
    /// 2–60 characters; published (no phone or ID numbers).
    pub title: Option<String>,
    /// Up to 2,000 characters; published (no phone or ID numbers).
    pub description: Option<String>,
    /// The place of work, a region code at any level (a village for a workshop, 扶贫车间).
    pub region_code: Option<String>,
    /// People wanted, 1–1,000 (never fewer than those already hired).
    pub positions: Option<i64>,
    /// Lowest pay per period in fen (分), 1–100,000,000.
    pub pay_min_fen: Option<i64>,
    /// Highest pay per period in fen, at least `pay_min_fen`.
    pub pay_max_fen: Option<i64>,
    /// `month`, `day` or `piece`.
    pub pay_period: Option<String>,
    /// Up to 8 skills from the one list, no repeats.
    pub skills: Option<Vec<String>>,
    /// Whether housing is provided.
    pub housing: Option<bool>,
    /// When the posting closes: an RFC 3339 time, or a date (the end of that day, Beijing time);
    /// in the future, at most a year ahead.
    pub valid_until: Option<String>,
}

/// A job posting's content after every check.
#[derive(Debug, Clone, PartialEq)]
pub struct JobContent {
    pub title: String,
    pub description: String,
    pub region_code: RegionCode,
    pub positions: i32,
    pub pay_min_fen: i64,
    pub pay_max_fen: i64,
    pub pay_period: PayPeriod,
    pub skills: Vec<Skill>,
    pub housing: bool,
    pub valid_until: DateTime<Utc>,
}

/// Parses a list of skills: names from [`Skill`], at most [`MAX_SKILLS`], none twice. Errors name
/// `field`.
pub fn parse_skills(
    field: &'static str,
    raw: &[String],
    errors: &mut Vec<FieldError>,
) -> Option<Vec<Skill>> {
    let mut skills = Vec::with_capacity(raw.len());
    let mut ok = true;
    for s in raw {
        match Skill::parse(s.trim()) {
            Some(skill) if skills.contains(&skill) => {
                ok = false;
                errors.push(FieldError::new(
                    field,
                    "duplicate_skill",
                    format!("{skill} is named twice"),
                ));
            }
            Some(skill) => skills.push(skill),
            None => {
                ok = false;
                let all: Vec<_> = Skill::ALL.iter().map(|s| s.as_str()).collect();
                errors.push(FieldError::new(
                    field,
                    "invalid_skill",
                    format!("{s:?} is not a skill; one of {}", all.join(", ")),
                ));
            }
        }
    }
    if raw.len() > MAX_SKILLS {
        ok = false;
        errors.push(FieldError::new(
            field,
            "too_many_skills",
            format!("at most {MAX_SKILLS} skills"),
        ));
    }
    ok.then_some(skills)
}

/// Parses `valid_until`: an RFC 3339 time, or a date meaning the end of that day in Beijing.
pub fn parse_valid_until(raw: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, (&str, String)> {
    parse_future(raw, now, MAX_VALID_DAYS)
}

/// Parses a time ahead: an RFC 3339 time, or a date meaning the end of that day in Beijing; in
/// the future (`in_the_past`) and at most `max_days` ahead (`too_far`).
pub fn parse_future(
    raw: &str,
    now: DateTime<Utc>,
    max_days: i64,
) -> Result<DateTime<Utc>, (&'static str, String)> {
    let raw = raw.trim();
    let at = if let Ok(t) = DateTime::parse_from_rfc3339(raw) {
        t.with_timezone(&Utc)
    } else if let Ok(d) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        let beijing = FixedOffset::east_opt(8 * 3600).ok_or(("invalid_date", String::new()))?;
        let end = d.succ_opt().unwrap_or(d).and_time(NaiveTime::MIN);
        beijing
            .from_local_datetime(&end)
            .single()
            .ok_or(("invalid_date", "no such time".to_owned()))?
            .with_timezone(&Utc)
    } else {
        return Err((
            "invalid_date",
            "an RFC 3339 time or a date (YYYY-MM-DD)".to_owned(),
        ));
    };
    if at <= now {
        return Err(("in_the_past", "must be in the future".to_owned()));
    }
    if at > now + Duration::days(max_days) {
        return Err(("too_far", format!("at most {max_days} days ahead")));
    }
    Ok(at)
}

/// Checks the fields that are present, adding one error per violation.
pub fn check_fields(f: &JobFields, now: DateTime<Utc>, errors: &mut Vec<FieldError>) {
    if let Some(t) = &f.title {
        field_checks::text("title", t, TITLE_CHARS, true, errors);
    }
    if let Some(d) = &f.description {
        field_checks::text("description", d, DESCRIPTION_CHARS, true, errors);
    }
    if let Some(r) = &f.region_code {
        if let Err(m) = RegionCode::parse(r) {
            errors.push(FieldError::new("region_code", "invalid_region_code", m));
        }
    }
    ranged("positions", f.positions, POSITIONS, errors);
    ranged("pay_min_fen", f.pay_min_fen, PAY_FEN, errors);
    ranged("pay_max_fen", f.pay_max_fen, PAY_FEN, errors);
    if let (Some(min), Some(max)) = (f.pay_min_fen, f.pay_max_fen) {
        if min > max {
            errors.push(FieldError::new(
                "pay_max_fen",
                "below_minimum",
                "must be at least pay_min_fen",
            ));
        }
    }
    if let Some(p) = &f.pay_period {
        if PayPeriod::parse(p.trim()).is_none() {
            errors.push(FieldError::new(
                "pay_period",
                "invalid_pay_period",
                "one of month, day, piece",
            ));
        }
    }
    if let Some(s) = &f.skills {
        parse_skills("skills", s, errors);
    }
    if let Some(v) = &f.valid_until {
        if let Err((c, m)) = parse_valid_until(v, now) {
            errors.push(FieldError::new("valid_until", c, m));
        }
    }
}

/// Builds complete content for a new posting, reporting missing required fields too
/// (`description`, `skills` and `housing` may be left out).
pub fn content_from(
    f: &JobFields,
    now: DateTime<Utc>,
    errors: &mut Vec<FieldError>,
) -> Option<JobContent> {
    check_fields(f, now, errors);
    for (name, present) in [
        ("title", f.title.is_some()),
        ("region_code", f.region_code.is_some()),
        ("positions", f.positions.is_some()),
        ("pay_min_fen", f.pay_min_fen.is_some()),
        ("pay_max_fen", f.pay_max_fen.is_some()),
        ("pay_period", f.pay_period.is_some()),
        ("valid_until", f.valid_until.is_some()),
    ] {
        if !present {
            errors.push(FieldError::new(name, "required", "this field is required"));
        }
    }
    if !errors.is_empty() {
        return None;
    }
    Some(JobContent {
        title: f.title.as_deref()?.trim().to_owned(),
        description: f.description.as_deref().unwrap_or("").trim().to_owned(),
        region_code: RegionCode::parse(f.region_code.as_deref()?).ok()?,
        positions: i32::try_from(f.positions?).ok()?,
        pay_min_fen: f.pay_min_fen?,
        pay_max_fen: f.pay_max_fen?,
        pay_period: PayPeriod::parse(f.pay_period.as_deref()?.trim())?,
        skills: parse_skills(
            "skills",
            f.skills.as_deref().unwrap_or(&[]),
            &mut Vec::new(),
        )?,
        housing: f.housing.unwrap_or(false),
        valid_until: parse_valid_until(f.valid_until.as_deref()?, now).ok()?,
    })
}

/// Applies a PATCH (its fields checked by [`check_fields`]) to the current content, and checks the
/// rules between fields on the result (the pay range may be changed from either end).
pub fn apply_patch(
    mut c: JobContent,
    f: &JobFields,
    now: DateTime<Utc>,
    errors: &mut Vec<FieldError>,
) -> JobContent {
    if let Some(t) = &f.title {
        c.title = t.trim().to_owned();
    }
    if let Some(d) = &f.description {
        c.description = d.trim().to_owned();
    }
    if let Some(r) = f
        .region_code
        .as_deref()
        .and_then(|r| RegionCode::parse(r).ok())
    {
        c.region_code = r;
    }
    if let Some(p) = f.positions.and_then(|p| i32::try_from(p).ok()) {
        c.positions = p;
    }
    if let Some(p) = f.pay_min_fen {
        c.pay_min_fen = p;
    }
    if let Some(p) = f.pay_max_fen {
        c.pay_max_fen = p;
    }
    if let Some(p) = f
        .pay_period
        .as_deref()
        .and_then(|p| PayPeriod::parse(p.trim()))
    {
        c.pay_period = p;
    }
    if let Some(s) = f
        .skills
        .as_deref()
        .and_then(|s| parse_skills("skills", s, &mut Vec::new()))
    {
        c.skills = s;
    }
    if let Some(h) = f.housing {
        c.housing = h;
    }
    if let Some(v) = f
        .valid_until
        .as_deref()
        .and_then(|v| parse_valid_until(v, now).ok())
    {
        c.valid_until = v;
    }
    // One end alone may cross the other: reported once, on the field sent.
    if c.pay_min_fen > c.pay_max_fen && !(f.pay_min_fen.is_some() && f.pay_max_fen.is_some()) {
        let field = if f.pay_min_fen.is_some() {
            "pay_min_fen"
        } else {
            "pay_max_fen"
        };
        errors.push(FieldError::new(
            field,
            "pay_range",
            "pay_min_fen must not exceed pay_max_fen",
        ));
    }
    c
}

#[cfg(test)]
#[path = "posting_tests.rs"]
mod tests;
