//! Campaigns and matching funds (e.g. 扶贫日 week): who may open one, its fields and their limits,
//! its phase, the exact ratio of a fund, and how much a confirmed donor pledge draws. Every limit is
//! defined here once; the form answers every violation at once.

use super::access::Actor;
use super::field_checks;
use super::need::Category;
use super::string_enum::string_enum;
use super::{Jurisdiction, RegionCode};
use crate::error::FieldError;
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use utoipa::ToSchema;

/// Name: 2–60 characters.
pub const NAME_CHARS: (usize, usize) = (2, 60);
/// Description: up to 2,000 characters.
pub const DESCRIPTION_CHARS: (usize, usize) = (0, 2000);
/// At most 20 region prefixes.
pub const MAX_REGIONS: usize = 20;
/// A campaign lasts at most 366 days.
pub const MAX_PERIOD_DAYS: i64 = 366;
/// A fund's ratio in percent: 0.01 (1%) to 10 (1000%); 100 is 1:1.
pub const RATIO_PERCENT: std::ops::RangeInclusive<i32> = 1..=1000;
/// A fund's cap: 1 fen to ¥1,000,000,000.
pub const CAP_FEN: std::ops::RangeInclusive<i64> = 1..=100_000_000_000;
/// An hourly progress series has at most this many points (31 days); longer periods go by day.
pub const MAX_HOURLY_POINTS: i64 = 24 * 31;
/// Periods up to this many hours are shown hourly unless asked otherwise.
pub const DEFAULT_HOURLY_UP_TO_HOURS: i64 = 24 * 7;

string_enum!(
    /// Where a campaign stands now: before, during or after its period.
    CampaignPhase {
        Upcoming => "upcoming",
        Current => "current",
        Past => "past",
    }
);

string_enum!(
    /// The step of a campaign's progress series.
    Bucket {
        Hour => "hour",
        Day => "day",
    }
);

impl Bucket {
    pub fn step(self) -> Duration {
        match self {
            Bucket::Hour => Duration::hours(1),
            Bucket::Day => Duration::days(1),
        }
    }

    /// The step for a period when none is asked: hours for a week or less, days beyond.
    pub fn default_for(starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> Self {
        if ends_at - starts_at <= Duration::hours(DEFAULT_HOURLY_UP_TO_HOURS) {
            Bucket::Hour
        } else {
            Bucket::Day
        }
    }

    /// Whether a series of this step over the period stays within its points limit.
    pub fn fits(self, starts_at: DateTime<Utc>, ends_at: DateTime<Utc>) -> bool {
        self == Bucket::Day || ends_at - starts_at <= Duration::hours(MAX_HOURLY_POINTS)
    }
}

pub fn phase(
    starts_at: DateTime<Utc>,
    ends_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> CampaignPhase {
    if now < starts_at {
        CampaignPhase::Upcoming
    } else if now < ends_at {
        CampaignPhase::Current
    } else {
        CampaignPhase::Past
    }
}

/// Who may open a campaign over some regions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CreateRight {
    Allowed,
    /// Not an admin nor an official at city level or above.
    NotAllowed,
    /// A city (or province) official naming a region outside its jurisdiction.
    OutsideJurisdiction,
}

/// Admins anywhere; officials whose jurisdiction is a city or a province (4 digits or fewer), for
/// regions inside it.
pub fn create_right(actor: &Actor, regions: &[RegionCode]) -> CreateRight {
    match actor {
        Actor::Admin { .. } => CreateRight::Allowed,
        Actor::Official { jurisdiction, .. } if jurisdiction.region().as_str().len() <= 4 => {
            if regions.iter().all(|r| jurisdiction.covers(r)) {
                CreateRight::Allowed
            } else {
                CreateRight::OutsideJurisdiction
            }
        }
        _ => CreateRight::NotAllowed,
    }
}

/// A campaign as its creator sends it.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CampaignFields {
    /// 2–60 characters; published (no phone or ID numbers).
    pub name: Option<String>,
    /// Up to 2,000 characters; published.
    pub description: Option<String>,
    /// When the campaign starts (RFC 3339).
    pub starts_at: Option<String>,
    /// When it ends (RFC 3339): after `starts_at` and in the future, at most 366 days after the start.
    pub ends_at: Option<String>,
    /// Region code prefixes (any level), 1 to 20, each a known region: needs under one of them are
    /// in scope.
    pub regions: Option<Vec<String>>,
    /// Need categories in scope; empty or absent: every category.
    pub categories: Option<Vec<String>>,
}

/// A campaign's content after every check.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignContent {
    pub name: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub regions: Vec<RegionCode>,
    pub categories: Vec<Category>,
}

fn time(
    field: &'static str,
    raw: Option<&str>,
    errors: &mut Vec<FieldError>,
) -> Option<DateTime<Utc>> {
    let Some(raw) = raw else {
        errors.push(FieldError::new(field, "required", "required"));
        return None;
    };
    match DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(t) => Some(t.with_timezone(&Utc)),
        Err(_) => {
            errors.push(FieldError::new(field, "invalid_time", "an RFC 3339 time"));
            None
        }
    }
}

fn regions(raw: Option<&[String]>, errors: &mut Vec<FieldError>) -> Vec<RegionCode> {
    let raw = raw.unwrap_or_default();
    if raw.is_empty() {
        errors.push(FieldError::new(
            "regions",
            "required",
            "at least one region",
        ));
    } else if raw.len() > MAX_REGIONS {
        errors.push(FieldError::new(
            "regions",
            "too_many",
            format!("at most {MAX_REGIONS} regions"),
        ));
    }
    let mut out: Vec<RegionCode> = Vec::with_capacity(raw.len());
    for r in raw {
        match RegionCode::parse(r) {
            Ok(code) if out.contains(&code) => {
                errors.push(FieldError::new(
                    "regions",
                    "duplicate",
                    format!("{code} twice"),
                ));
            }
            Ok(code) => out.push(code),
            Err(m) => errors.push(FieldError::new("regions", "invalid_region_code", m)),
        }
    }
    out
}

fn categories(raw: Option<&[String]>, errors: &mut Vec<FieldError>) -> Vec<Category> {
    let mut out = Vec::new();
    for c in raw.unwrap_or_default() {
        match Category::parse(c.trim()) {
            Some(cat) if out.contains(&cat) => {
                errors.push(FieldError::new(
                    "categories",
                    "duplicate",
                    format!("{c} twice"),
                ));
            }
            Some(cat) => out.push(cat),
            None => errors.push(FieldError::new(
                "categories",
                "unknown_category",
                format!("no category {c}"),
            )),
        }
    }
    out
}

/// Checks every field, adding each violation to `errors`; the content when all passed.
pub fn content_from(
    f: &CampaignFields,
    now: DateTime<Utc>,
    errors: &mut Vec<FieldError>,
) -> Option<CampaignContent> {
    let before = errors.len();
    let name = f.name.as_deref().unwrap_or_default();
    field_checks::text("name", name, NAME_CHARS, true, errors);
    let description = f.description.as_deref().unwrap_or_default();
    field_checks::text("description", description, DESCRIPTION_CHARS, true, errors);
    let starts_at = time("starts_at", f.starts_at.as_deref(), errors);
    let ends_at = time("ends_at", f.ends_at.as_deref(), errors);
    if let Some(end) = ends_at {
        if end <= now {
            errors.push(FieldError::new(
                "ends_at",
                "in_past",
                "must be in the future",
            ));
        }
        if let Some(start) = starts_at {
            if end <= start {
                errors.push(FieldError::new(
                    "ends_at",
                    "before_start",
                    "must be after starts_at",
                ));
            } else if end - start > Duration::days(MAX_PERIOD_DAYS) {
                errors.push(FieldError::new(
                    "ends_at",
                    "too_long",
                    format!("a campaign lasts at most {MAX_PERIOD_DAYS} days"),
                ));
            }
        }
    }
    let regions = regions(f.regions.as_deref(), errors);
    let categories = categories(f.categories.as_deref(), errors);
    if errors.len() > before {
        return None;
    }
    Some(CampaignContent {
        name: name.trim().to_owned(),
        description: description.trim().to_owned(),
        starts_at: starts_at?,
        ends_at: ends_at?,
        regions,
        categories,
    })
}

/// Parses a ratio written as a decimal ("1", "0.5", "1.25"; at most two decimals) into percent:
/// exact, no floating point. 0.01 to 10.
pub fn parse_ratio(raw: &str) -> Result<i32, (&'static str, String)> {
    let bad = || {
        (
            "invalid_ratio",
            "a decimal such as \"1\" or \"0.5\", at most two decimals".to_owned(),
        )
    };
    let s = raw.trim();
    let (int, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty() || int.len() > 2 || !digits(int) || frac.len() > 2 || !digits(frac) {
        return Err(bad());
    }
    if s.ends_with('.') {
        return Err(bad());
    }
    let int: i32 = int.parse().map_err(|_| bad())?;
    let frac: i32 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    let percent = int * 100 + frac;
    if !RATIO_PERCENT.contains(&percent) {
        return Err(("out_of_range", "the ratio is 0.01 to 10".to_owned()));
    }
    Ok(percent)
}

/// A ratio in percent written back as the shortest decimal: 100 → "1", 50 → "0.5", 125 → "1.25".
pub fn ratio_string(percent: i32) -> String {
    let (int, frac) = (percent / 100, percent % 100);
    match frac {
        0 => int.to_string(),
        f if f % 10 == 0 => format!("{int}.{}", f / 10),
        f => format!("{int}.{f:02}"),
    }
}

/// The match a donor's pledge worth `value_fen` asks of a fund at `ratio_percent` (rounded down),
/// before the fund's cap.
pub fn match_fen(value_fen: i64, ratio_percent: i32) -> i64 {
    let m = i128::from(value_fen) * i128::from(ratio_percent) / 100;
    i64::try_from(m).unwrap_or(i64::MAX)
}

/// A need in `region` of `category` is in a campaign's scope: its region under one of the campaign's
/// (through [`Jurisdiction::covers`]'s prefix rule) and its category among the campaign's (all when
/// none are named).
pub fn covers(
    regions: &[RegionCode],
    categories: &[Category],
    region: &RegionCode,
    category: Category,
) -> bool {
    let in_region = regions
        .iter()
        .any(|r| Jurisdiction::new(r.clone()).covers(region));
    in_region && (categories.is_empty() || categories.contains(&category))
}

/// A matching fund as an enterprise pledges it.
#[derive(Debug, Default, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FundFields {
    /// How much the fund adds per fen a donor gives, as a decimal string with at most two
    /// decimals, 0.01 to 10: `"1"` matches 1:1, `"0.5"` adds half. Kept exactly (in percent).
    #[schema(
        example = "1",
        pattern = r"^(0?[1-9](\.\d{1,2})?|0{1,2}\.(0[1-9]|[1-9]\d?)|10(\.0{1,2})?)$"
    )]
    pub ratio: Option<String>,
    /// The most the fund gives in all, in fen: 1 to 100,000,000,000 (¥1,000,000,000).
    #[schema(minimum = 1, maximum = 100_000_000_000_i64)]
    pub cap_fen: Option<i64>,
}

/// A fund's terms after every check: the ratio in percent and the cap.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FundTerms {
    pub ratio_percent: i32,
    pub cap_fen: i64,
}

pub fn fund_terms_from(f: &FundFields, errors: &mut Vec<FieldError>) -> Option<FundTerms> {
    let ratio = match f.ratio.as_deref().map(parse_ratio) {
        None => {
            errors.push(FieldError::new("ratio", "required", "required"));
            None
        }
        Some(Err((code, m))) => {
            errors.push(FieldError::new("ratio", code, m));
            None
        }
        Some(Ok(p)) => Some(p),
    };
    let cap = match f.cap_fen {
        None => {
            errors.push(FieldError::new("cap_fen", "required", "required"));
            None
        }
        Some(c) if !CAP_FEN.contains(&c) => {
            errors.push(FieldError::new(
                "cap_fen",
                "out_of_range",
                format!("must be {} to {}", CAP_FEN.start(), CAP_FEN.end()),
            ));
            None
        }
        Some(c) => Some(c),
    };
    Some(FundTerms {
        ratio_percent: ratio?,
        cap_fen: cap?,
    })
}

#[cfg(test)]
#[path = "campaign_tests.rs"]
mod tests;
