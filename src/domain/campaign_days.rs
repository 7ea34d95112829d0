//! A campaign's days are Beijing days (China Standard Time, UTC+8, without daylight saving): its
//! progress series by day is cut at Beijing midnights, so a pledge confirmed at 23:30 UTC counts on
//! the next Beijing day (hours count from the campaign's start, as whole hours are the same in UTC
//! and in Beijing). The first bucket starts with the campaign and the last ends with it.

use super::campaign::Bucket;
use chrono::{DateTime, Duration, Utc};

/// China Standard Time's offset from UTC, in seconds.
pub const BEIJING_OFFSET_SECONDS: i64 = 8 * 3600;

/// Where bucket 0 of a campaign starting at `at` begins: the Beijing midnight before it (by day),
/// the start itself (by hour).
pub fn origin(bucket: Bucket, at: DateTime<Utc>) -> DateTime<Utc> {
    if bucket == Bucket::Hour {
        return at;
    }
    let step = bucket.step().num_seconds();
    let into = (at.timestamp() + BEIJING_OFFSET_SECONDS).rem_euclid(step);
    let whole = at - Duration::nanoseconds(i64::from(at.timestamp_subsec_nanos()));
    whole - Duration::seconds(into)
}

/// How many buckets from the one holding `start` to the one holding the instant just before
/// `until` (none when `until` is not after `start`).
pub fn count(bucket: Bucket, start: DateTime<Utc>, until: DateTime<Utc>) -> i32 {
    if until <= start {
        return 0;
    }
    let span = (until - origin(bucket, start)).num_seconds();
    let step = bucket.step().num_seconds();
    i32::try_from((span + step - 1) / step).unwrap_or(i32::MAX)
}

/// Bucket `i` of a campaign from `start` to `end`: `[from, to)`, clipped to the campaign.
pub fn bounds(
    bucket: Bucket,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    i: i32,
) -> (DateTime<Utc>, DateTime<Utc>) {
    let from = origin(bucket, start) + bucket.step() * i;
    (from.max(start), (from + bucket.step()).min(end))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    #[test]
    fn days_are_cut_at_beijing_midnight() {
        // 08:00 UTC is 16:00 in Beijing: its day began at 16:00 UTC the day before.
        let start = t("2026-10-16T08:00:00Z");
        assert_eq!(origin(Bucket::Day, start), t("2026-10-15T16:00:00Z"));
        assert_eq!(
            origin(Bucket::Day, t("2026-10-15T16:00:00Z")),
            t("2026-10-15T16:00:00Z")
        );
        let odd = t("2026-10-16T08:30:15.5Z");
        assert_eq!(origin(Bucket::Hour, odd), odd);
        assert_eq!(origin(Bucket::Day, odd), t("2026-10-15T16:00:00Z"));
        // 23:30 UTC on the 16th is 07:30 on the 17th in Beijing: the second day's bucket.
        let end = t("2026-10-20T16:00:00Z");
        assert_eq!(count(Bucket::Day, start, t("2026-10-16T23:30:00Z")), 2);
        assert_eq!(count(Bucket::Day, start, t("2026-10-16T15:59:00Z")), 1);
        assert_eq!(count(Bucket::Day, start, start), 0);
        assert_eq!(
            bounds(Bucket::Day, start, end, 0),
            (start, t("2026-10-16T16:00:00Z"))
        );
        assert_eq!(
            bounds(Bucket::Day, start, end, 1),
            (t("2026-10-16T16:00:00Z"), t("2026-10-17T16:00:00Z"))
        );
        assert_eq!(count(Bucket::Day, start, end), 5);
        assert_eq!(
            bounds(Bucket::Day, start, end, 4),
            (t("2026-10-19T16:00:00Z"), end)
        );
    }
}
