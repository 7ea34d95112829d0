//! Crowdfunding (扶贫众筹): open projects past their deadline short of their target fail, and
//! pledges with nothing received 14 days after they were made lapse, through the same service
//! functions as the host's own close. The clock comes from the job context.

use super::{JobContext, JobError};
use crate::service;

pub use crate::store::jobs::kind::PROJECTS_FAIL as FAIL;
pub use crate::store::jobs::kind::PROJECT_PLEDGES_LAPSE as LAPSE;
const BATCH: i64 = 100;

/// The periodic jobs of crowdfunding, each with how often it runs.
pub fn schedules(every: std::time::Duration) -> [(&'static str, std::time::Duration); 2] {
    [(FAIL, every), (LAPSE, every)]
}

/// Fails what is due, batch after batch, through `service::projects::fail_due`.
pub async fn fail(ctx: JobContext, _payload: serde_json::Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    // Projects whose closing erred: logged by `fail_due`, skipped for the rest of this run, tried
    // again on the next one; one broken project never holds the others back.
    let mut skipped = Vec::new();
    loop {
        let run = service::projects::fail_due(&mut conn, ctx.clock.now(), BATCH, &mut skipped)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        if ((run.failed + run.errors) as i64) < BATCH {
            if !skipped.is_empty() {
                tracing::warn!(
                    errors = skipped.len(),
                    "due projects left open after errors"
                );
            }
            return Ok(());
        }
    }
}

/// Lapses pledges not received in time, batch after batch, through
/// `service::projects::lapse_due`.
pub async fn lapse(ctx: JobContext, _payload: serde_json::Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    loop {
        let lapsed = service::projects::lapse_due(&mut conn, ctx.clock.now(), BATCH)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        if (lapsed as i64) < BATCH {
            return Ok(());
        }
    }
}
