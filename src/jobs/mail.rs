//! Mail that time causes: reminders of approved pledges about to expire, and the officials' daily
//! digest of what waits in their queues.

use super::{JobContext, JobError};
use crate::mail::notify;
use crate::mail::templates::MailKind;
use crate::schema::{complaints, jurisdictions, needs, pledges, users};
use chrono::{Duration, FixedOffset};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use serde_json::{json, Value};
use uuid::Uuid;

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
        let due: Vec<(crate::store::pledges::Pledge, String)> = pledges::table
            .inner_join(needs::table)
            .filter(pledges::status.eq("approved"))
            .filter(pledges::reminded_at.is_null())
            .filter(pledges::expires_at.gt(now))
            .filter(pledges::expires_at.le(now + Duration::days(REMIND_BEFORE_DAYS)))
            .select((crate::store::pledges::Pledge::as_select(), needs::title))
            .limit(500)
            .load(conn)
            .await?;
        for (p, title) in &due {
            // Claimed by a conditional update: with several workers, one reminder per pledge.
            let claimed = diesel::update(
                pledges::table
                    .find(p.id)
                    .filter(pledges::reminded_at.is_null()),
            )
            .set(pledges::reminded_at.eq(now))
            .execute(conn)
            .await?;
            if claimed == 1 {
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
        let officials: Vec<(Uuid, String)> = users::table
            .inner_join(jurisdictions::table.on(jurisdictions::official_id.eq(users::id)))
            .filter(users::role.eq("official"))
            .filter(
                users::digest_sent_on
                    .is_null()
                    .or(users::digest_sent_on.lt(today)),
            )
            .select((users::id, jurisdictions::region_code))
            .load(conn)
            .await?;
        for (official, code) in officials {
            let pattern = format!("{code}%");
            let needs_waiting: i64 = needs::table
                .filter(needs::status.eq("pending_review"))
                .filter(needs::region_code.like(&pattern))
                .count()
                .get_result(conn)
                .await?;
            let pledges_waiting: i64 = pledges::table
                .filter(pledges::status.eq("pending_approval"))
                .filter(pledges::region_code.like(&pattern))
                .count()
                .get_result(conn)
                .await?;
            let complaints_waiting: i64 = complaints::table
                .filter(complaints::status.eq("open"))
                .filter(complaints::region_code.like(&pattern))
                .count()
                .get_result(conn)
                .await?;
            if needs_waiting + pledges_waiting + complaints_waiting == 0 {
                // Nothing waits: no mail, and a later run today may still send one.
                continue;
            }
            // Claimed by a conditional update: with several workers, one digest a day.
            let claimed = diesel::update(
                users::table.find(official).filter(
                    users::digest_sent_on
                        .is_null()
                        .or(users::digest_sent_on.lt(today)),
                ),
            )
            .set(users::digest_sent_on.eq(today))
            .execute(conn)
            .await?;
            if claimed == 0 {
                continue;
            }
            {
                notify::enqueue(
                    conn,
                    MailKind::OfficialDigest,
                    official,
                    json!({ "needs_waiting": needs_waiting, "pledges_waiting": pledges_waiting,
                        "complaints_waiting": complaints_waiting, "path": "/review" }),
                )
                .await?;
            }
        }
        Ok(())
    })
    .await
    .map_err(retry)
}
