//! Pledges that stall expire and give their quantity back: 14 days waiting for approval, or past the
//! delivery deadline (the need's deadline, at most 30 days after approval). Complaints unanswered for
//! 7 days escalate one level up.

use super::{JobContext, JobError};
use crate::service;
use crate::store::audit;
use chrono::Duration;
use diesel_async::AsyncConnection;
use serde_json::{json, Value};

pub use crate::store::jobs::kind::{COMPLAINTS_ESCALATE as ESCALATE, PLEDGES_EXPIRE as EXPIRE};
pub const ESCALATE_AFTER_DAYS: i64 = 7;
const BATCH: i64 = 200;

/// Expires what is due in batches, each through the pledge service (the state table's `Expire` by
/// the system, the audit trail, the release of the quantity).
pub async fn expire(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    loop {
        let seen = service::pledges::expire_due(&mut conn, ctx.clock.now(), BATCH)
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        if (seen as i64) < BATCH {
            return Ok(());
        }
    }
}

pub async fn escalate(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    let now = ctx.clock.now();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let due = crate::store::complaints::escalate_due(
            conn,
            now - Duration::days(ESCALATE_AFTER_DAYS),
            now,
        )
        .await?;
        // Complaints of several counties: their chains' locks in one order, before any append.
        let mut chains: Vec<_> = due
            .iter()
            .map(|c| audit::AuditChain::of_code(&c.region_code))
            .collect();
        audit::lock_chains(conn, &mut chains).await?;
        for c in due {
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::of_code(&c.region_code),
                    actor_id: None,
                    action: "complaint.escalated",
                    subject_type: "complaint",
                    subject_id: c.id,
                    details: json!({ "escalation_level": c.escalation_level }),
                },
            )
            .await?;
            crate::mail::notify::complaint_escalated(
                conn,
                c.id,
                &c.subject_type,
                c.subject_id,
                &c.region_code,
                c.escalation_level,
            )
            .await?;
        }
        Ok(())
    })
    .await
    .map_err(|e| JobError::Retry(e.to_string()))
}
