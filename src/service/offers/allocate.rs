//! Committing an allocation: every pledge of the plan is placed in one transaction (all or none),
//! each through the pledge rules, on needs locked in id order and then the offer.

use super::{is_public, not_active};
use crate::auth::AuthUser;
use crate::config::Config;
use crate::domain::matching::{allocation_key, plan};
use crate::error::{ApiError, ApiResult};
use crate::service::pledges::{place, Placement};
use crate::store::needs::{self, Need};
use crate::store::{offers, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use uuid::Uuid;

/// What to allocate: the offer's needs of its category in a region, at most `max_needs` of them.
pub struct AllocationSpec<'a> {
    pub offer_id: Uuid,
    pub supporter: Uuid,
    pub category: crate::domain::need::Category,
    pub region_prefix: &'a str,
    pub max_needs: i64,
    pub message: &'a str,
}

/// An allocation as committed: the offer's quantity left before it, the candidates it planned over,
/// the plan (candidate index, quantity) and the pledge placed for each planned item.
pub struct Committed {
    pub offer_remaining: i32,
    pub candidates: Vec<Need>,
    pub planned: Vec<(usize, i32)>,
    pub pledge_ids: Vec<Option<Uuid>>,
}

/// The plan over `candidates` (in serving order) for `available` units.
pub fn plan_over(candidates: &[Need], available: i32, max_needs: i64) -> Vec<(usize, i32)> {
    let remaining: Vec<(usize, i64)> = candidates
        .iter()
        .enumerate()
        .map(|(i, n)| (i, i64::from(n.quantity - n.pledged_quantity)))
        .collect();
    plan(i64::from(available), &remaining, max_needs as usize)
        .into_iter()
        .map(|(i, q)| (i, q as i32))
        .collect()
}

/// Locks the needs (in id order), then the offer, re-plans on the locked rows and places each
/// pledge of the plan.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, offer_id = %spec.offer_id))]
pub async fn commit_allocation(
    conn: &mut Conn,
    config: &Config,
    auth: &AuthUser,
    spec: &AllocationSpec<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Committed> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        // Needs first, then the offer: the lock order of every pledge. The needs are chosen in
        // serving order but locked in id order (as pledge expiry locks them), then served in
        // serving order again from their locked, current rows.
        let chosen = needs::open_for_allocation(
            conn,
            spec.category,
            spec.region_prefix,
            now,
            spec.max_needs,
            false,
        )
        .await?;
        let ids: Vec<Uuid> = chosen.iter().map(|n| n.id).collect();
        let mut candidates: Vec<Need> = needs::lock_in_id_order(conn, &ids)
            .await?
            .into_iter()
            .filter(|n| {
                n.status == crate::domain::need::NeedStatus::Open
                    && n.pledged_quantity < n.quantity
                    && n.deadline > now
            })
            .collect();
        candidates.sort_by_key(|n| {
            (
                allocation_key(
                    n.urgency,
                    n.deadline.timestamp_micros(),
                    n.published_at.map_or(0, |t| t.timestamp_micros()),
                ),
                n.id,
            )
        });
        let offer = offers::find_for_update(conn, spec.offer_id)
            .await?
            .ok_or_else(|| ApiError::not_found("offer"))?;
        if !is_public(&offer, now) {
            return Err(not_active(offer.status));
        }
        let available = offer.quantity - offer.pledged_quantity;
        let planned = plan_over(&candidates, available, spec.max_needs);
        let mut pledge_ids = Vec::with_capacity(planned.len());
        for (i, quantity) in &planned {
            let placement = Placement {
                need_id: candidates[*i].id,
                supporter: spec.supporter,
                quantity: *quantity,
                offer_id: Some(spec.offer_id),
                message: spec.message,
            };
            let pledge = place(conn, config, auth, placement, now).await?;
            pledge_ids.push(Some(pledge.id));
        }
        Ok(Committed {
            offer_remaining: available,
            candidates,
            planned,
            pledge_ids,
        })
    })
    .await
}
