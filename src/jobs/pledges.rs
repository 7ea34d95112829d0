//! Pledges that stall expire and give their quantity back: 14 days waiting for approval, or past the
//! delivery deadline (the need's deadline, at most 30 days after approval). Complaints unanswered for
//! 7 days escalate one level up.

use super::{JobContext, JobError};
use crate::store::{audit, needs, pledges};
use chrono::Duration;
use diesel_async::AsyncConnection;
use serde_json::{json, Value};

pub const EXPIRE: &str = "pledges.expire";
pub const ESCALATE: &str = "complaints.escalate";
pub const ESCALATE_AFTER_DAYS: i64 = 7;
const BATCH: i64 = 200;

pub async fn expire(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx
        .pool
        .get()
        .await
        .map_err(|e| JobError::Retry(e.to_string()))?;
    loop {
        let now = ctx.clock.now();
        let seen = conn
            .transaction::<_, diesel::result::Error, _>(async |conn| {
                let due = pledges::due_for_expiry(conn, now, BATCH).await?;
                // Lock every need concerned before the first audit append, in one order, so this
                // job never waits for a row while holding the audit chain's lock.
                let mut need_ids: Vec<_> = due.iter().map(|p| p.need_id).collect();
                need_ids.sort();
                need_ids.dedup();
                for id in &need_ids {
                    needs::find_for_update(conn, *id).await?;
                }
                let mut offer_ids: Vec<_> = due.iter().filter_map(|p| p.offer_id).collect();
                offer_ids.sort();
                offer_ids.dedup();
                for id in &offer_ids {
                    crate::store::offers::find_for_update(conn, *id).await?;
                }
                for p in &due {
                    let change = pledges::PledgeChange {
                        status: Some("expired"),
                        closed_at: Some(now),
                        updated_at: Some(now),
                        ..pledges::PledgeChange::default()
                    };
                    let Some(after) = pledges::change(conn, p.id, &p.status, &change).await? else { continue };
                    audit::append(
                        conn,
                        audit::Entry {
                            actor_id: None,
                            action: "pledge.expired",
                            subject_type: "pledge",
                            subject_id: p.id,
                            details: json!({ "role": "system", "from": p.status, "to": after.status, "need_id": p.need_id,
                                "quantity": p.quantity, "reason": "no progress before the deadline" }),
                        },
                    )
                    .await?;
                    crate::mail::notify::pledge_changed(conn, &p.status, &after).await?;
                    let before = needs::find_for_update(conn, p.need_id).await?;
                    let released = needs::release_quantity(conn, p.need_id, p.quantity, now).await?;
                    if let Some(offer_id) = p.offer_id {
                        crate::store::offers::release_quantity(conn, offer_id, p.quantity, now).await?;
                    }
                    if let Some(before) = before.filter(|b| b.status != released.status) {
                        audit::append(
                            conn,
                            audit::Entry {
                                actor_id: None,
                                action: &format!("need.{}", released.status),
                                subject_type: "need",
                                subject_id: released.id,
                                details: json!({ "from": before.status, "to": released.status, "pledge_id": p.id }),
                            },
                        )
                        .await?;
                    }
                }
                Ok(due.len())
            })
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
        for c in pledges::escalate_due(conn, now - Duration::days(ESCALATE_AFTER_DAYS), now).await?
        {
            audit::append(
                conn,
                audit::Entry {
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
