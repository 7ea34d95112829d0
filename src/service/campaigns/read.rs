//! What a campaign's page shows: its funds, its totals, and the cumulative progress series a chart
//! draws (donor value confirmed and matches drawn, bucket by bucket from the start to now or the
//! end). Days are Beijing days (`domain::campaign_days`); hours count from the start.

use crate::domain::campaign::Bucket;
use crate::domain::campaign_days;
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
    // The buckets from the start to `now` (or the end, when it has passed); none before the start.
    let n = campaign_days::count(bucket, c.starts_at, now.min(c.ends_at));
    let origin = campaign_days::origin(bucket, c.starts_at);
    let step = bucket.step().num_seconds();
    let rows = campaign_matches::progress(conn, c.id, (c.starts_at, origin), step, n).await?;
    Ok((
        bucket,
        rows.into_iter()
            .map(|r| {
                let (starts_at, ends_at) =
                    campaign_days::bounds(bucket, c.starts_at, c.ends_at, r.i);
                ProgressPoint {
                    starts_at,
                    ends_at,
                    donor_pledges: r.donor_pledges,
                    donor_value_fen: r.donor_value_fen,
                    matches: r.matches,
                    matched_fen: r.matched_fen,
                }
            })
            .collect(),
    ))
}
