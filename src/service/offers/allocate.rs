//! Allocating an offer over the needs it matches: the plan (a dry run) and its commit. Only needs the
//! engine matched for the offer's words, whose unit meets the offer's one for one, are served; the
//! person may keep only some rows of a previewed plan (`chosen`), and the server checks each again.
//! Every pledge of a commit is placed in one transaction (all or none), each through the pledge
//! rules, on needs locked in id order and then the offer.

use super::{is_public, not_active};
use crate::auth::AuthUser;
use crate::config::Config;
use crate::domain::matching::{allocation_key, plan};
use crate::domain::unit::UnitFit;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::pledges::{place, Placement};
use crate::store::needs::{self, Need};
use crate::store::offers::{self, Offer};
use crate::store::Conn;
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use std::collections::HashSet;
use uuid::Uuid;

/// What to allocate.
pub struct AllocationSpec<'a> {
    pub offer_id: Uuid,
    pub supporter: Uuid,
    /// A region inside the offer's service area (a code prefix).
    pub region_prefix: &'a str,
    pub max_needs: i64,
    pub message: &'a str,
    /// The needs matched for the offer (text and unit), with how their units meet.
    pub matched: &'a [(Uuid, UnitFit)],
    /// The rows kept from a previewed plan; `None`: the plan as the server makes it.
    pub chosen: Option<&'a [Uuid]>,
}

/// A plan, or an allocation as committed: the needs served (in serving order), the quantity each
/// gets (in its own unit, which meets the offer's one for one), the pledges placed, and the offer's
/// quantity left before and after.
pub struct Committed {
    pub offer_available: i32,
    pub offer_remaining: i32,
    pub needs: Vec<Need>,
    pub quantities: Vec<i32>,
    pub pledge_ids: Vec<Option<Uuid>>,
}

/// The needs an allocation may serve: matched with a unit that meets one for one (a weight of
/// another size would need the pledge to carry two quantities), and, when rows were chosen, those.
/// A chosen need that is not among them is refused by name.
fn servable(spec: &AllocationSpec<'_>) -> ApiResult<Vec<Uuid>> {
    let allowed: Vec<Uuid> = spec
        .matched
        .iter()
        .filter(|(_, f)| matches!(f, UnitFit::Same | UnitFit::OneToOne))
        .map(|(id, _)| *id)
        .collect();
    let Some(chosen) = spec.chosen else {
        return Ok(allowed);
    };
    let allowed: HashSet<Uuid> = allowed.into_iter().collect();
    let errors: Vec<FieldError> = chosen
        .iter()
        .enumerate()
        .filter(|(_, id)| !allowed.contains(id))
        .map(|(i, id)| {
            FieldError::new(
                &format!("need_ids[{i}]"),
                "not_a_match",
                format!("need {id} is not an open match of this offer in the region"),
            )
        })
        .collect();
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut seen = HashSet::new();
    Ok(chosen
        .iter()
        .copied()
        .filter(|id| seen.insert(*id))
        .collect())
}

/// The needs an allocation can serve now, in serving order (most urgent, nearest deadline, longest
/// waiting, then id).
fn in_serving_order(
    mut rows: Vec<Need>,
    offer: &Offer,
    prefix: &str,
    now: DateTime<Utc>,
) -> Vec<Need> {
    rows.retain(|n| {
        crate::matching::is_open(n, now)
            && n.category == offer.category
            && n.region_code.starts_with(prefix)
            && crate::matching::serves(offer, n)
    });
    rows.sort_by_key(|n| {
        (
            allocation_key(
                n.urgency,
                n.deadline.timestamp_micros(),
                n.published_at.map_or(0, |t| t.timestamp_micros()),
            ),
            n.id,
        )
    });
    rows
}

/// The plan over needs in serving order for `available` units: (index, quantity).
pub fn plan_over(candidates: &[Need], available: i32, max_needs: i64) -> Vec<(usize, i32)> {
    let remaining: Vec<(usize, i64)> = candidates
        .iter()
        .enumerate()
        .map(|(i, n)| (i, i64::from(n.quantity - n.pledged_quantity)))
        .collect();
    plan(
        i64::from(available),
        &remaining,
        usize::try_from(max_needs).unwrap_or(0),
    )
    .into_iter()
    .map(|(i, q)| (i, i32::try_from(q).unwrap_or(0)))
    .collect()
}

fn planned(needs: &[Need], plan: &[(usize, i32)]) -> (Vec<Need>, Vec<i32>) {
    plan.iter().map(|(i, q)| (needs[*i].clone(), *q)).unzip()
}

/// The plan, written nowhere (a dry run).
pub async fn preview_allocation(
    conn: &mut Conn,
    offer: &Offer,
    spec: &AllocationSpec<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Committed> {
    let ids = servable(spec)?;
    let rows = in_serving_order(
        needs::find_many(conn, &ids).await?,
        offer,
        spec.region_prefix,
        now,
    );
    let available = offer.quantity - offer.pledged_quantity;
    let plan = plan_over(&rows, available, spec.max_needs);
    let (needs, quantities) = planned(&rows, &plan);
    let given: i32 = quantities.iter().sum();
    Ok(Committed {
        offer_available: available,
        offer_remaining: available - given,
        pledge_ids: vec![None; needs.len()],
        needs,
        quantities,
    })
}

/// Locks the needs (in id order), then the offer, re-plans on the locked rows and places each
/// pledge of the plan; answers with the offer's quantity as it is afterwards.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, offer_id = %spec.offer_id))]
pub async fn commit_allocation(
    conn: &mut Conn,
    config: &Config,
    auth: &AuthUser,
    spec: &AllocationSpec<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Committed> {
    let ids = servable(spec)?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let offer = offers::find(conn, spec.offer_id)
            .await?
            .ok_or_else(|| ApiError::not_found("offer"))?;
        // Needs first, then the offer: the lock order of every pledge. The needs are chosen in
        // serving order but locked in id order (as pledge expiry locks them), then served in
        // serving order again from their locked, current rows.
        let mut first = in_serving_order(
            needs::find_many(conn, &ids).await?,
            &offer,
            spec.region_prefix,
            now,
        );
        first.truncate(usize::try_from(spec.max_needs).unwrap_or(0));
        let chosen: Vec<Uuid> = first.iter().map(|n| n.id).collect();
        let locked = needs::lock_in_id_order(conn, &chosen).await?;
        let offer = offers::find_for_update(conn, spec.offer_id)
            .await?
            .ok_or_else(|| ApiError::not_found("offer"))?;
        if !is_public(&offer, now) {
            return Err(not_active(offer.status));
        }
        let rows = in_serving_order(locked, &offer, spec.region_prefix, now);
        let available = offer.quantity - offer.pledged_quantity;
        let plan = plan_over(&rows, available, spec.max_needs);
        let (needs, quantities) = planned(&rows, &plan);
        let mut pledge_ids = Vec::with_capacity(needs.len());
        for (need, quantity) in needs.iter().zip(&quantities) {
            let placement = Placement {
                need_id: need.id,
                supporter: spec.supporter,
                quantity: *quantity,
                offer_id: Some(spec.offer_id),
                message: spec.message,
            };
            let pledge = place(conn, config, auth, placement, now).await?;
            pledge_ids.push(Some(pledge.id));
        }
        let after = offers::find(conn, spec.offer_id)
            .await?
            .map_or(0, |o| o.quantity - o.pledged_quantity);
        Ok(Committed {
            offer_available: available,
            offer_remaining: after,
            needs,
            quantities,
            pledge_ids,
        })
    })
    .await
}
