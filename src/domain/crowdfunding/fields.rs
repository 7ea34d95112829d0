//! A proposal's fields, and the amounts and dates on the ledger: every limit comes from
//! [`super`], every violation is reported in one answer. Title, description and budget items are
//! published, so phone and ID numbers typed into them are refused.

use super::{
    AMOUNT_FEN, DESCRIPTION_CHARS, ITEM_CHARS, MAX_BUDGET_LINES, MAX_DEADLINE_DAYS, TARGET_FEN,
    TITLE_CHARS,
};
use crate::domain::employment::posting::parse_future;
use crate::domain::field_checks::{self, ranged};
use crate::domain::{RegionCode, RegionLevel};
use crate::error::FieldError;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One line of a project's budget.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BudgetLineFields {
    /// What the money buys: 1–100 characters, published.
    pub item: String,
    /// In fen, at least 1.
    pub amount_fen: i64,
}

/// A project as proposed.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProjectFields {
    /// 2–60 characters; published (no phone or ID numbers).
    pub title: String,
    /// Up to 4,000 characters; published (no phone or ID numbers).
    #[serde(default)]
    pub description: String,
    /// The village (a 12-digit code) the project is for.
    pub region_code: String,
    /// A verified social organization that receives the money.
    pub host_organization_id: Uuid,
    /// In fen, 100 (1 yuan) to 10,000,000,000; equal to the sum of the budget lines.
    pub target_fen: i64,
    /// When pledging ends: an RFC 3339 time, or a date (the end of that day, Beijing time); in
    /// the future, at most a year ahead.
    pub deadline: String,
    /// 1 to 30 lines whose amounts add up to `target_fen`.
    pub budget: Vec<BudgetLineFields>,
}

/// A proposal after every check.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectContent {
    pub title: String,
    pub description: String,
    pub region_code: RegionCode,
    pub host_organization_id: Uuid,
    pub target_fen: i64,
    pub deadline: DateTime<Utc>,
    /// (item, amount in fen), in the order given.
    pub budget: Vec<(String, i64)>,
}

/// Checks a proposal, reporting every violation; `None` when there is any.
pub fn content_from(
    f: &ProjectFields,
    now: DateTime<Utc>,
    errors: &mut Vec<FieldError>,
) -> Option<ProjectContent> {
    let start = errors.len();
    field_checks::text("title", &f.title, TITLE_CHARS, true, errors);
    field_checks::text(
        "description",
        &f.description,
        DESCRIPTION_CHARS,
        true,
        errors,
    );
    let region = match RegionCode::parse(&f.region_code) {
        Ok(r) if r.level() == RegionLevel::Village => Some(r),
        Ok(_) => {
            errors.push(FieldError::new(
                "region_code",
                "not_a_village",
                "a project is for one village: give its 12-digit code",
            ));
            None
        }
        Err(m) => {
            errors.push(FieldError::new("region_code", "invalid_region_code", m));
            None
        }
    };
    ranged("target_fen", Some(f.target_fen), TARGET_FEN, errors);
    let deadline = parse_future(&f.deadline, now, MAX_DEADLINE_DAYS)
        .map_err(|(c, m)| errors.push(FieldError::new("deadline", c, m)))
        .ok();
    if f.budget.is_empty() || f.budget.len() > MAX_BUDGET_LINES {
        errors.push(FieldError::new(
            "budget",
            "budget_lines",
            format!("1 to {MAX_BUDGET_LINES} lines"),
        ));
    }
    let mut sum: i64 = 0;
    for line in &f.budget {
        field_checks::text("budget.item", &line.item, ITEM_CHARS, true, errors);
        ranged(
            "budget.amount_fen",
            Some(line.amount_fen),
            AMOUNT_FEN,
            errors,
        );
        sum = sum.saturating_add(line.amount_fen.max(0));
    }
    if !f.budget.is_empty() && sum != f.target_fen {
        errors.push(FieldError::new(
            "budget",
            "budget_sum",
            format!(
                "the lines add up to {sum} fen, the target is {} fen",
                f.target_fen
            ),
        ));
    }
    if errors.len() > start {
        return None;
    }
    Some(ProjectContent {
        title: f.title.trim().to_owned(),
        description: f.description.trim().to_owned(),
        region_code: region?,
        host_organization_id: f.host_organization_id,
        target_fen: f.target_fen,
        deadline: deadline?,
        budget: f
            .budget
            .iter()
            .map(|l| (l.item.trim().to_owned(), l.amount_fen))
            .collect(),
    })
}

/// An amount on the ledger, within [`AMOUNT_FEN`].
pub fn check_amount(field: &'static str, v: i64, errors: &mut Vec<FieldError>) {
    ranged(field, Some(v), AMOUNT_FEN, errors);
}

/// A date on the ledger (`YYYY-MM-DD`): when money arrived, was spent or refunded; not after
/// `today` (a day's grace for time zones) nor more than two years back.
pub fn parse_ledger_date(
    field: &'static str,
    raw: &str,
    today: NaiveDate,
    errors: &mut Vec<FieldError>,
) -> Option<NaiveDate> {
    let Ok(d) = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d") else {
        errors.push(FieldError::new(
            field,
            "invalid_date",
            "a date (YYYY-MM-DD)",
        ));
        return None;
    };
    if d > today + Duration::days(1) {
        errors.push(FieldError::new(
            field,
            "in_the_future",
            "must not be in the future",
        ));
        return None;
    }
    if d < today - Duration::days(731) {
        errors.push(FieldError::new(field, "too_old", "at most two years back"));
        return None;
    }
    Some(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> ProjectFields {
        ProjectFields {
            title: "杜关村蓄水池".into(),
            description: "修一座蓄水池".into(),
            region_code: "411224101200".into(),
            host_organization_id: Uuid::nil(),
            target_fen: 30_000,
            deadline: (Utc::now() + Duration::days(30)).to_rfc3339(),
            budget: vec![
                BudgetLineFields {
                    item: "水泥".into(),
                    amount_fen: 20_000,
                },
                BudgetLineFields {
                    item: "人工".into(),
                    amount_fen: 10_000,
                },
            ],
        }
    }

    fn codes(f: &ProjectFields) -> Vec<(String, String)> {
        let mut e = Vec::new();
        content_from(f, Utc::now(), &mut e);
        e.into_iter().map(|e| (e.field, e.code)).collect()
    }

    #[test]
    fn a_good_proposal_passes() {
        let mut e = Vec::new();
        let c = content_from(&fields(), Utc::now(), &mut e).unwrap();
        assert_eq!(c.budget.len(), 2);
        assert!(e.is_empty());
    }

    #[test]
    fn the_budget_must_add_up_to_the_target_and_have_lines() {
        let mut f = fields();
        f.target_fen = 30_001;
        assert_eq!(codes(&f), [("budget".into(), "budget_sum".into())]);
        f.budget.clear();
        assert_eq!(codes(&f), [("budget".into(), "budget_lines".into())]);
    }

    #[test]
    fn every_violation_at_once() {
        let mut f = fields();
        f.title = "x".into();
        f.region_code = "411224".into();
        f.deadline = "2000-01-01".into();
        f.budget[0].amount_fen = 0;
        let c = codes(&f);
        let fields: Vec<_> = c.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            [
                "title",
                "region_code",
                "deadline",
                "budget.amount_fen",
                "budget"
            ]
        );
        assert_eq!(c[1].1, "not_a_village");
    }

    #[test]
    fn a_deadline_beyond_a_year_is_refused() {
        let mut f = fields();
        f.deadline = (Utc::now() + Duration::days(MAX_DEADLINE_DAYS + 2)).to_rfc3339();
        assert_eq!(codes(&f), [("deadline".into(), "too_far".into())]);
        f.deadline = (Utc::now() + Duration::days(MAX_DEADLINE_DAYS - 1)).to_rfc3339();
        assert!(codes(&f).is_empty());
    }

    #[test]
    fn ledger_dates_are_not_in_the_future() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        let mut e = Vec::new();
        assert!(parse_ledger_date("d", "2026-11-30", today, &mut e).is_some());
        assert!(parse_ledger_date("d", "2026-12-05", today, &mut e).is_none());
        assert!(parse_ledger_date("d", "30/11/2026", today, &mut e).is_none());
        assert_eq!(e.len(), 2);
    }
}
