//! Needs whose deadline passed while they still waited for review or for pledges become `expired`.

use super::{JobContext, JobError};
use crate::service;
use serde_json::Value;

pub use crate::store::jobs::kind::NEEDS_EXPIRE as EXPIRE;
const BATCH: i64 = 200;

pub async fn expire(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    loop {
        let (expired, seen) = service::needs::expire_due(&mut conn, ctx.clock.now(), BATCH)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        if expired > 0 {
            tracing::info!(expired, "needs expired");
        }
        if (seen as i64) < BATCH {
            return Ok(());
        }
    }
}
