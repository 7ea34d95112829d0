//! Housekeeping: expired refresh tokens, old idempotency keys and finished jobs are deleted hourly.

use super::{JobContext, JobError};
use crate::store::{idempotency, jobs, refresh_tokens};
use chrono::Utc;
use serde_json::Value;

pub use crate::store::jobs::kind::MAINTENANCE_PURGE as PURGE;

pub async fn purge(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let now = Utc::now();
    let retry = |e: diesel::result::Error| JobError::Retry(e.to_string());
    let tokens = refresh_tokens::purge_expired(&mut conn, now)
        .await
        .map_err(retry)?;
    let keys = idempotency::purge_older_than(&mut conn, now - chrono::Duration::hours(24))
        .await
        .map_err(retry)?;
    let done = jobs::purge_done(&mut conn, now - chrono::Duration::days(7))
        .await
        .map_err(retry)?;
    tracing::info!(tokens, keys, done, "maintenance purge");
    Ok(())
}
