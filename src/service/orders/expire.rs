//! Orders that stall expire and give their stock back (not paid within the payment window, or not
//! shipped within the shipping window after payment), through the same state table, audit and
//! notifications as any move; the system is the party. Delivery details are erased
//! `DELIVERY_RETENTION_DAYS` after an order ends.

use super::{ending, transition};
use crate::domain::order::{self, OrderAction, OrderParty};
use crate::error::{ApiError, ApiResult};
use crate::store::orders as store;
use crate::store::{audit, products, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;

const REASON: &str = "not paid or not shipped in time";

/// Expires up to `limit` orders past their deadline in one transaction; returns how many were due
/// (a full batch means more may wait).
#[tracing::instrument(skip_all)]
pub async fn expire_due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> ApiResult<usize> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        // The orders are locked by the query; then every product concerned, in id order, before the
        // first audit append (which takes the chain's lock).
        let due = store::due_for_expiry(conn, now, limit).await?;
        let mut product_ids: Vec<_> = due.iter().map(|o| o.product_id).collect();
        product_ids.sort();
        product_ids.dedup();
        for id in &product_ids {
            products::find_for_update(conn, *id).await?;
        }
        for o in &due {
            let Ok(to) = order::next(o.status, OrderAction::Expire, OrderParty::System) else {
                continue;
            };
            transition(
                conn,
                None,
                o,
                OrderAction::Expire,
                ending(to, now),
                Some(REASON),
            )
            .await?;
        }
        Ok(due.len())
    })
    .await
}

/// Erases the delivery name, phone and address of up to `limit` orders that ended long enough
/// ago, with one audit event each; returns how many.
#[tracing::instrument(skip_all)]
pub async fn erase_due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> ApiResult<usize> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let erased = store::erase_due(conn, now, limit).await?;
        for id in &erased {
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: None,
                    action: "order.delivery_erased",
                    subject_type: "order",
                    subject_id: *id,
                    details: json!({ "retention_days": order::DELIVERY_RETENTION_DAYS }),
                },
            )
            .await?;
        }
        Ok(erased.len())
    })
    .await
}
