//! The checks 30 and 180 days after a hire ([`super::RETENTION_CHECK_DAYS`]): when each falls due,
//! which an official may answer, and the lists officials read.

use super::super::string_enum::string_enum;
use chrono::{DateTime, NaiveDate, Utc};

string_enum!(
    /// Which retention checks a list shows: `due` (due at or before now and not answered yet: the
    /// default), `answered`, or `upcoming` (not due yet).
    RetentionFilter {
        Due => "due",
        Answered => "answered",
        Upcoming => "upcoming",
    }
);

/// A check falls due `days` after the hire's start date, at 00:00 UTC.
pub fn due_at(start_date: NaiveDate, days: i16) -> DateTime<Utc> {
    (start_date + chrono::Days::new(u64::try_from(days).unwrap_or(0)))
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
}

/// Whether a check may be answered at `now`: from its due time on (an earlier answer would say
/// nothing about the 30 or 180 days).
pub fn is_due(due_at: DateTime<Utc>, now: DateTime<Utc>) -> bool {
    due_at <= now
}

/// A median of fewer hires than this would show one person's pay: the figures leave it out.
pub const MEDIAN_PAY_MIN_HIRES: i64 = 3;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_fall_due_at_midnight_utc_after_the_days() {
        let start = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
        assert_eq!(due_at(start, 30).to_rfc3339(), "2026-03-02T00:00:00+00:00");
        assert_eq!(due_at(start, 180).to_rfc3339(), "2026-07-30T00:00:00+00:00");
        let due = due_at(start, 30);
        assert!(is_due(due, due));
        assert!(!is_due(due, due - chrono::Duration::seconds(1)));
        assert_eq!(
            RetentionFilter::parse("upcoming"),
            Some(RetentionFilter::Upcoming)
        );
    }
}
