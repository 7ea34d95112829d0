//! What a campaign's page shows: its funds, its totals, and the cumulative progress series a chart
//! draws (donor value confirmed and matches drawn, bucket by bucket from the start to now or the
//! end). Buckets are measured from the campaign's start, so a day is the campaign's day whatever
//! its time zone.

use crate::domain::campaign::Bucket;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::store::campaign_matches;
use crate::store::campaigns::Campaign;
use crate::store::Conn;
use chrono::{DateTime, Utc};

/// Totals up to the end of one bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgressPoint {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub donor_pledges: i64,
    pub donor_value_fen: i64,
    pub matches: i64,
    pub matched_fen: i64,
}

/// The buckets from the start to `now` (or the end, when it has passed); none before the start.
fn bucket_count(c: &Campaign, bucket: Bucket, now: DateTime<Utc>) -> i32 {
    let until = now.min(c.ends_at);
    if until <= c.starts_at {
        return 0;
    }
    let span = (until - c.starts_at).num_seconds();
    let step = bucket.step().num_seconds();
    i32::try_from((span + step - 1) / step).unwrap_or(i32::MAX)
}

/// The series by `bucket` (by default hours for a week or less, days beyond); hours are refused
/// for periods longer than 31 days (400 `validation_failed`).
pub async fn progress(
    conn: &mut Conn,
    c: &Campaign,
    bucket: Option<Bucket>,
    now: DateTime<Utc>,
) -> ApiResult<(Bucket, Vec<ProgressPoint>)> {
    let bucket = bucket.unwrap_or_else(|| Bucket::default_for(c.starts_at, c.ends_at));
    if !bucket.fits(c.starts_at, c.ends_at) {
        return Err(ApiError::validation(vec![FieldError::new(
            "bucket",
            "too_many_points",
            "hourly series cover periods up to 31 days; ask for days",
        )]));
    }
    let n = bucket_count(c, bucket, now);
    let step = bucket.step();
    let rows = campaign_matches::progress(conn, c.id, c.starts_at, step.num_seconds(), n).await?;
    Ok((
        bucket,
        rows.into_iter()
            .map(|r| {
                let start = c.starts_at + step * r.i;
                ProgressPoint {
                    starts_at: start,
                    ends_at: (start + step).min(c.ends_at),
                    donor_pledges: r.donor_pledges,
                    donor_value_fen: r.donor_value_fen,
                    matches: r.matches,
                    matched_fen: r.matched_fen,
                }
            })
            .collect(),
    ))
}
