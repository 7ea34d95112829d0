//! Retention checks falling due (30 and 180 days after a hire): marks each told once and mails the
//! officials covering its village, through `service::retention_checks::remind_due`.

use super::{JobContext, JobError};
use crate::service;
use std::time::Duration;

pub use crate::store::jobs::kind::JOB_RETENTION_REMIND as REMIND;

/// The periodic retention job: with maintenance (checks fall due at midnight, a day matters, an hour
/// does not).
pub fn schedules(maintenance_every: Duration) -> [(&'static str, Duration); 1] {
    [(REMIND, maintenance_every)]
}

pub async fn remind(ctx: JobContext, _payload: serde_json::Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    service::retention_checks::remind_due(&mut conn, ctx.clock.now())
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    Ok(())
}
