//! Needs whose deadline passed while they still waited for review or for pledges become `expired`.

use super::{JobContext, JobError};
use crate::store::{audit, needs};
use diesel_async::AsyncConnection;
use serde_json::{json, Value};

pub const EXPIRE: &str = "needs.expire";
const BATCH: i64 = 200;

pub async fn expire(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    loop {
        let expired = conn
            .transaction::<_, diesel::result::Error, _>(async |conn| {
                let now = ctx.clock.now();
                let due = needs::due_for_expiry(conn, now, BATCH).await?;
                let mut n = 0usize;
                for need in &due {
                    if needs::transition(
                        conn,
                        need.id,
                        &["pending_review", "open"],
                        "expired",
                        None,
                        now,
                    )
                    .await?
                    .is_some()
                    {
                        audit::append(
                            conn,
                            audit::Entry {
                                actor_id: None,
                                action: "need.expired",
                                subject_type: "need",
                                subject_id: need.id,
                                details: json!({ "role": "system", "from": need.status, "to": "expired", "deadline": need.deadline, "reason": "the deadline passed" }),
                            },
                        )
                        .await?;
                        n += 1;
                    }
                }
                Ok((n, due.len()))
            })
            .await
            .map_err(|e| JobError::Retry(e.to_string()))?;
        if expired.0 > 0 {
            tracing::info!(expired = expired.0, "needs expired");
        }
        if (expired.1 as i64) < BATCH {
            return Ok(());
        }
    }
}
