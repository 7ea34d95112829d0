//! Orders that stall expire and give their stock back; delivery details are erased after the
//! retention. Both jobs call the order service's functions, in batches.

use super::{JobContext, JobError};
use crate::service;
use std::time::Duration;

pub use crate::store::jobs::kind::{ORDERS_ERASE_DELIVERY as ERASE, ORDERS_EXPIRE as EXPIRE};
const BATCH: i64 = 200;

/// The periodic order jobs: expiry as often as the other expiries, erasure with maintenance.
pub fn schedules(
    expiry_every: Duration,
    maintenance_every: Duration,
) -> [(&'static str, Duration); 2] {
    [(EXPIRE, expiry_every), (ERASE, maintenance_every)]
}

/// Expires what is due, batch after batch, through `service::orders::expire_due`.
pub async fn expire(ctx: JobContext, _payload: serde_json::Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    loop {
        let seen = service::orders::expire_due(&mut conn, ctx.clock.now(), BATCH)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        if (seen as i64) < BATCH {
            return Ok(());
        }
    }
}

/// Erases the delivery details of orders that ended more than the retention ago.
pub async fn erase(ctx: JobContext, _payload: serde_json::Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    loop {
        let erased = service::orders::erase_due(&mut conn, ctx.clock.now(), BATCH)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        if (erased as i64) < BATCH {
            return Ok(());
        }
    }
}
