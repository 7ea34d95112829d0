//! The honour roll (扶贫榜样) and supporters' public pages (扶贫评价): how a supporter is named in
//! public, what a year is, and the figures' definitions. Ranking counts confirmed help only: a
//! pledge counts once its household (or an official for it) confirmed receipt, never before.
//!
//! Definitions, the same on the roll and the page:
//! - value delivered: the confirmed pledges' share of their needs' estimated value
//!   (`estimated_value_fen × quantity / need quantity`, as `store::contribution` computes it);
//! - households helped: distinct households among the confirmed pledges (a count, never who);
//! - fulfilment rate: confirmed pledges over pledges that were ever approved — approved, delivered,
//!   confirmed, and expired or cancelled after an approval (an official's `decided_at` is set and
//!   the pledge was not rejected);
//! - time to deliver: from approval (`decided_at`) to confirmation (`confirmed_at`), the median.

use super::Role;
use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};
use uuid::Uuid;

/// Years the roll answers for.
pub const YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

/// A supporter who shows no name: `爱心人士 · 3F2A`, stable for one account and telling nothing of
/// its name.
pub fn supporter_label(user_id: Uuid) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::new()
        .chain_update(b"bangfu:supporter-label:")
        .chain_update(user_id.as_bytes())
        .finalize();
    format!("爱心人士 · {:02X}{:02X}", digest[0], digest[1])
}

/// How a supporter is named in public: an organization by its name; an individual by its display
/// name only when it opted in, otherwise by its label.
pub fn public_name(
    role: Role,
    user_id: Uuid,
    display_name: &str,
    organization_name: Option<&str>,
    show_name: bool,
) -> String {
    match (role, organization_name) {
        (Role::Enterprise | Role::SocialOrg, Some(org)) => org.to_owned(),
        _ if show_name => display_name.to_owned(),
        _ => supporter_label(user_id),
    }
}

/// A calendar year in China Standard Time (UTC+8), as `[start, end)` instants.
pub fn year_bounds(year: i32) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let cst = FixedOffset::east_opt(8 * 3600)?;
    let at = |y: i32| -> Option<DateTime<Utc>> {
        let d = NaiveDate::from_ymd_opt(y, 1, 1)?.and_hms_opt(0, 0, 0)?;
        Some(cst.from_local_datetime(&d).single()?.with_timezone(&Utc))
    };
    Some((at(year)?, at(year + 1)?))
}

/// Confirmed over ever approved; `None` when nothing was approved.
pub fn fulfilment_rate(confirmed: i64, approved: i64) -> Option<f64> {
    (approved > 0).then(|| confirmed as f64 / approved as f64)
}

/// The median of durations in seconds (the mean of the two middle ones for an even count).
pub fn median_seconds(mut values: Vec<i64>) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    Some(if n % 2 == 1 {
        values[n / 2] as f64
    } else {
        (values[n / 2 - 1] as f64 + values[n / 2] as f64) / 2.0
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn individuals_are_masked_unless_they_opt_in() {
        let id = Uuid::new_v4();
        let label = public_name(Role::Donor, id, "陈静", None, false);
        assert!(label.starts_with("爱心人士 · ") && !label.contains('陈'));
        assert_eq!(label, supporter_label(id));
        assert_eq!(public_name(Role::Donor, id, "陈静", None, true), "陈静");
        assert_eq!(
            public_name(
                Role::Enterprise,
                id,
                "绿源",
                Some("卢氏县绿源农业有限公司"),
                false
            ),
            "卢氏县绿源农业有限公司"
        );
    }

    #[test]
    fn a_year_runs_in_china_time() {
        let (from, to) = year_bounds(2026).unwrap();
        assert_eq!(from.to_rfc3339(), "2025-12-31T16:00:00+00:00");
        assert_eq!(to.to_rfc3339(), "2026-12-31T16:00:00+00:00");
    }

    #[test]
    fn rate_and_median() {
        assert_eq!(fulfilment_rate(0, 0), None);
        assert_eq!(fulfilment_rate(3, 4), Some(0.75));
        assert_eq!(median_seconds(vec![]), None);
        assert_eq!(median_seconds(vec![30, 10, 20]), Some(20.0));
        assert_eq!(median_seconds(vec![40, 10, 20, 30]), Some(25.0));
    }
}
