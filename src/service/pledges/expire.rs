//! Pledges that stall expire and give their quantity back, through the same state table, audit and
//! notifications as any other transition (the system is the party).

use super::{release, transition};
use crate::domain::pledge::{next, Party, PledgeAction};
use crate::error::{ApiError, ApiResult};
use crate::store::pledges::{self, PledgeChange};
use crate::store::{audit, needs, offers, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;

const REASON: &str = "no progress before the deadline";

/// Expires up to `limit` pledges past their expiry in one transaction; returns how many were due
/// (a full batch means more may wait).
#[tracing::instrument(skip_all)]
pub async fn expire_due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> ApiResult<usize> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let due = pledges::due_for_expiry(conn, now, limit).await?;
        // Lock every need concerned, then every offer, before the first audit append and in one
        // order, so this never waits for a row while holding the audit chain's lock.
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
            offers::find_for_update(conn, *id).await?;
        }
        // The pledges' needs may lie in several counties: their chains' locks in one order, after
        // the row locks and before the first append.
        let mut chains: Vec<_> = due
            .iter()
            .map(|p| audit::AuditChain::of_code(&p.region_code))
            .collect();
        audit::lock_chains(conn, &mut chains).await?;
        for p in &due {
            let Ok(to) = next(p.status, PledgeAction::Expire, Party::System) else {
                continue;
            };
            let change = PledgeChange {
                closed_at: Some(now),
                updated_at: Some(now),
                ..PledgeChange::default()
            };
            let before = needs::find_for_update(conn, p.need_id)
                .await?
                .ok_or_else(|| ApiError::internal("pledge without need"))?;
            transition(conn, None, p, to, change, Some(REASON), json!({})).await?;
            release(conn, None, p, &before, now).await?;
        }
        Ok(due.len())
    })
    .await
}
