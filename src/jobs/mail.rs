//! Mail that time causes: reminders of approved pledges about to expire, and the officials' daily
//! digest of what waits in their queues.

use super::{JobContext, JobError};
use crate::mail::notify;
use crate::mail::templates::MailKind;
use crate::store::{digest, pledges_queries, rectifications, users};
use chrono::{Duration, FixedOffset};
use diesel_async::AsyncConnection;
use serde_json::{json, Value};

pub const REMINDERS: &str = "mail.reminders";
pub const DIGEST: &str = "mail.digest";
/// Supporters hear this long before an approved pledge expires.
pub const REMIND_BEFORE_DAYS: i64 = 3;

fn retry(e: impl std::fmt::Display) -> JobError {
    JobError::Retry(e.to_string())
}

pub async fn reminders(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    let now = ctx.clock.now();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let until = now + Duration::days(REMIND_BEFORE_DAYS);
        for (p, title) in &pledges_queries::due_reminders(conn, now, until, 500).await? {
            if pledges_queries::claim_reminder(conn, p.id, now).await? {
                notify::pledge_expiring(conn, p, title).await?;
            }
        }
        Ok(())
    })
    .await
    .map_err(retry)
}

/// One digest a day (China Standard Time) to every official with something waiting, sent by the
/// first hourly run that finds something.
pub async fn digest(ctx: JobContext, _payload: Value) -> Result<(), JobError> {
    let mut conn = ctx.pool.get().await.map_err(retry)?;
    let now = ctx.clock.now();
    let china = FixedOffset::east_opt(8 * 3600).ok_or_else(|| retry("offset"))?;
    let today = now.with_timezone(&china).date_naive();
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        for (official, code) in users::officials_due_digest(conn, today).await? {
            let waiting = digest::waiting_in(conn, &format!("{code}%")).await?;
            // Overdue rectifications (整改) are the officials' to chase too, so they count as waiting.
            let overdue = rectifications::overdue_count_for(conn, &code, now).await?;
            // Nothing waits: no mail, and a later run today may still send one.
            if (waiting.is_empty() && overdue == 0)
                || !users::claim_digest(conn, official, today).await?
            {
                continue;
            }
            notify::enqueue(
                conn,
                MailKind::OfficialDigest,
                official,
                json!({ "needs_waiting": waiting.needs, "pledges_waiting": waiting.pledges,
                    "complaints_waiting": waiting.complaints,
                    "rectifications_overdue": overdue, "path": "/review" }),
            )
            .await?;
        }
        Ok(())
    })
    .await
    .map_err(retry)
}
