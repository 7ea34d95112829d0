//! Allocating an offer over the needs it matches: the plan (a dry run) and its commit. Only needs the
//! engine matched for the offer's words, whose unit measures what the offer's does, are served (a
//! weight or a time of another size in whole units of both: 公斤 offered, 斤 needed); the
//! person may keep only some rows of a previewed plan (`chosen`), and the server checks each again.
//! Every pledge of a commit is placed in one transaction (all or none), each through the pledge
//! rules, on needs locked in id order and then the offer.

use super::{is_public, not_active};
use crate::auth::AuthUser;
use crate::config::Config;
use crate::domain::allocation::{allocation_key, plan};
use crate::domain::unit::{Exchange, Unit, UnitFit};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::pledges::{place, FromOffer, Placement};
use crate::store::needs::{self, Need};
use crate::store::offers::{self, Offer};
use crate::store::{audit, Conn};
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
/// gets in its own unit and what that takes of the offer in the offer's unit, the pledges placed,
/// and the offer's quantity left before and after.
pub struct Committed {
    pub offer_available: i32,
    pub offer_remaining: i32,
    pub needs: Vec<Need>,
    pub quantities: Vec<i32>,
    pub offer_quantities: Vec<i32>,
    pub pledge_ids: Vec<Option<Uuid>>,
}

/// The needs an allocation may serve: matched (text and a unit that meets), and, when rows were
/// chosen, those. A chosen need that is not among them is refused by name.
fn servable(spec: &AllocationSpec<'_>) -> ApiResult<Vec<Uuid>> {
    let allowed: Vec<Uuid> = spec.matched.iter().map(|(id, _)| *id).collect();
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

/// A plan's rows: (index into the candidates, quantity in the need's unit, in the offer's).
type Rows = Vec<(usize, i32, i32)>;

/// The plan over needs in serving order for `available` of the offer's units, each need served in
/// whole units of its own and of the offer's.
pub fn plan_over(candidates: &[Need], offer: &Offer, available: i32, max_needs: i64) -> Rows {
    let offer_unit = Unit::parse(&offer.unit);
    let remaining: Vec<(usize, i64, Exchange)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, n)| {
            let ex = Exchange::between(&Unit::parse(&n.unit), &offer_unit)?;
            Some((i, i64::from(n.quantity - n.pledged_quantity), ex))
        })
        .collect();
    plan(
        i64::from(available),
        &remaining,
        usize::try_from(max_needs).unwrap_or(0),
    )
    .into_iter()
    .filter_map(|(i, q, oq)| Some((i, i32::try_from(q).ok()?, i32::try_from(oq).ok()?)))
    .collect()
}

fn planned(needs: &[Need], plan: &Rows) -> (Vec<Need>, Vec<i32>, Vec<i32>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for (i, q, oq) in plan {
        out.0.push(needs[*i].clone());
        out.1.push(*q);
        out.2.push(*oq);
    }
    out
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
    let plan = plan_over(&rows, offer, available, spec.max_needs);
    let (needs, quantities, offer_quantities) = planned(&rows, &plan);
    let given: i32 = offer_quantities.iter().sum();
    Ok(Committed {
        offer_available: available,
        offer_remaining: available - given,
        pledge_ids: vec![None; needs.len()],
        needs,
        quantities,
        offer_quantities,
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
        let plan = plan_over(&rows, &offer, available, spec.max_needs);
        let (needs, quantities, offer_quantities) = planned(&rows, &plan);
        // The needs may lie in several counties: their chains' locks in one order, after every
        // row lock and before the first append.
        let mut chains: Vec<_> = needs
            .iter()
            .map(|n| audit::AuditChain::of_code(&n.region_code))
            .collect();
        audit::lock_chains(conn, &mut chains).await?;
        let mut pledge_ids = Vec::with_capacity(needs.len());
        for ((need, quantity), offer_quantity) in
            needs.iter().zip(&quantities).zip(&offer_quantities)
        {
            let placement = Placement {
                need_id: need.id,
                supporter: spec.supporter,
                quantity: *quantity,
                offer: Some(FromOffer {
                    id: spec.offer_id,
                    quantity: *offer_quantity,
                }),
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
            offer_quantities,
            pledge_ids,
        })
    })
    .await
}
