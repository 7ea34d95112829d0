//! Job postings past their date close, declining the applications still under way, through the
//! same service function as a posting's other ends.

use super::{JobContext, JobError};
use crate::service;

pub use crate::store::jobs::kind::JOB_POSTINGS_EXPIRE as EXPIRE;
const BATCH: i64 = 100;

/// Closes what is due, batch after batch, through `service::job_postings::expire_due`.
pub async fn expire(ctx: JobContext, _payload: serde_json::Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    loop {
        let closed = service::job_postings::expire_due(&mut conn, ctx.clock.now(), BATCH)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        if (closed as i64) < BATCH {
            return Ok(());
        }
    }
}
