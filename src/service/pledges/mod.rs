//! The pledge lifecycle. Every change goes through [`transition`], which asks the domain's state
//! table (through [`check`]) and maps its answer to 403 (not yours to do) or 409 (not from this
//! state); [`record`] is the one place every pledge transition is audited and notified.

mod create;
mod decide;
mod deliver;
mod expire;
mod rate;

pub use create::{create, place, FromOffer, NewPledgeInput, Placement};
pub use decide::{approve, cancel, reject};
pub use deliver::{
    confirm, confirm_delivered, deliver, Delivery, Receipt, CODE_LOCK_MINUTES, MAX_CODE_FAILURES,
};
pub use expire::expire_due;

use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::pledge::{next, Party, PledgeAction, PledgeStatus, TransitionError};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::needs::{self, Need};
use crate::store::pledges::{self, Pledge, PledgeChange};
use crate::store::{audit, Conn};
use serde_json::{json, Value};
use uuid::Uuid;

/// The caller's part in a pledge, if any.
pub fn party_of(actor: &Actor, pledge: &Pledge, need: &Need) -> Option<Party> {
    match actor {
        Actor::Supporter { user_id, .. } if *user_id == pledge.supporter_id => {
            Some(Party::Supporter)
        }
        Actor::Household { household_id, .. } if *household_id == need.household_id => {
            Some(Party::Household)
        }
        a if a.is_official_for(&RegionCode::from_trusted(pledge.region_code.clone())) => {
            Some(Party::Official)
        }
        _ => None,
    }
}

/// Loads a pledge and its need for a caller who may see it (a party, or an admin); 404 otherwise.
pub async fn load_visible(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    for_update: bool,
) -> ApiResult<(Pledge, Need, Option<Party>)> {
    let pledge = if for_update {
        pledges::find_for_update(conn, id).await?
    } else {
        pledges::find(conn, id).await?
    };
    let pledge = pledge.ok_or_else(|| ApiError::not_found("pledge"))?;
    // Row locks come before any audit append (which takes the chain's lock): pledge, then need.
    let need = if for_update {
        needs::find_for_update(conn, pledge.need_id).await?
    } else {
        needs::find(conn, pledge.need_id).await?
    };
    let need = need.ok_or_else(|| ApiError::internal("pledge without need"))?;
    if let (true, Some(offer_id)) = (for_update, pledge.offer_id) {
        crate::store::offers::find_for_update(conn, offer_id).await?;
    }
    let party = party_of(actor, &pledge, &need);
    if party.is_none() && !matches!(actor, Actor::Admin { .. }) {
        return Err(ApiError::not_found("pledge"));
    }
    Ok((pledge, need, party))
}

/// The state after `action`, or the problem to answer.
pub fn check(
    pledge: &Pledge,
    action: PledgeAction,
    party: Option<Party>,
) -> ApiResult<PledgeStatus> {
    let from = pledge.status;
    let Some(party) = party else {
        return Err(ApiError::forbidden(
            "only the pledge's supporter, its household or the officials in scope act on it",
        ));
    };
    next(from, action, party).map_err(|e| match e {
        TransitionError::NotYours => {
            ApiError::forbidden(format!("the {party:?} does not {action:?} pledges").to_lowercase())
        }
        TransitionError::Invalid => ApiError::new(
            ErrorCode::InvalidTransition,
            format!("a pledge that is {from} cannot be {}", action.past_tense()),
        )
        .with_extra("pledge_status", from.as_str()),
    })
}

/// Applies a checked transition and records it in the audit trail: who, in which role, from and to,
/// and why. The pledge row is locked by the caller.
pub async fn transition(
    conn: &mut Conn,
    auth: Option<&AuthUser>,
    pledge: &Pledge,
    to: PledgeStatus,
    change: PledgeChange<'_>,
    reason: Option<&str>,
    extra: Value,
) -> ApiResult<Pledge> {
    let now = change.updated_at.unwrap_or_else(chrono::Utc::now);
    let change = PledgeChange {
        status: Some(to),
        updated_at: Some(now),
        ..change
    };
    let updated = pledges::change(conn, pledge.id, pledge.status, &change)
        .await?
        .ok_or_else(|| {
            ApiError::new(ErrorCode::InvalidTransition, "the pledge changed meanwhile")
        })?;
    record(conn, auth, Some(pledge.status), &updated, reason, extra).await?;
    Ok(updated)
}

/// Records a pledge's move from `from` (`None`: it was just placed) to its status now. A move to
/// `confirmed` first draws the campaigns' matches (their fund rows locked before this event takes
/// the audit chain's lock).
pub async fn record(
    conn: &mut Conn,
    auth: Option<&AuthUser>,
    from: Option<PledgeStatus>,
    after: &Pledge,
    reason: Option<&str>,
    extra: Value,
) -> ApiResult<()> {
    let mut details = json!({
        "role": auth.map_or("system", |a| a.role.as_str()),
        // "none" for a new pledge, as the audit trail has always said.
        "from": from.map_or("none", PledgeStatus::as_str),
        "to": after.status,
        "need_id": after.need_id,
        "quantity": after.quantity,
        "reason": reason,
    });
    if let (Some(d), Value::Object(e)) = (details.as_object_mut(), extra) {
        d.extend(e);
    }
    if let (PledgeStatus::Confirmed, Some(at)) = (after.status, after.confirmed_at) {
        if from != Some(PledgeStatus::Confirmed) {
            crate::service::campaigns::draw_for_confirmation(conn, after, at).await?;
        }
    }
    audit::append(
        conn,
        audit::Entry {
            chain: audit::AuditChain::of_code(&after.region_code),
            actor_id: auth.map(|a| a.id),
            action: &format!("pledge.{}", after.status),
            subject_type: "pledge",
            subject_id: after.id,
            details,
        },
    )
    .await?;
    crate::mail::notify::pledge_changed(conn, from, after).await?;
    Ok(())
}

/// Records a need's status change caused by a pledge (fully pledged, open again, fulfilled).
pub async fn record_need_change(
    conn: &mut Conn,
    auth: Option<&AuthUser>,
    before: &Need,
    after: &Need,
    pledge_id: Uuid,
) -> ApiResult<()> {
    if before.status == after.status {
        return Ok(());
    }
    audit::append(
        conn,
        audit::Entry {
            chain: audit::AuditChain::of_code(&after.region_code),
            actor_id: auth.map(|a| a.id),
            action: &format!("need.{}", after.status),
            subject_type: "need",
            subject_id: after.id,
            details: json!({ "from": before.status, "to": after.status, "pledge_id": pledge_id,
                "pledged_quantity": after.pledged_quantity, "confirmed_quantity": after.confirmed_quantity }),
        },
    )
    .await?;
    Ok(())
}

/// Gives a pledge's quantity back to its need (locked by the caller) and its offer.
pub async fn release(
    conn: &mut Conn,
    auth: Option<&AuthUser>,
    pledge: &Pledge,
    before: &Need,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    let after = needs::release_quantity(conn, pledge.need_id, pledge.quantity, now).await?;
    if let Some(offer_id) = pledge.offer_id {
        let given = pledge.offer_quantity.unwrap_or(pledge.quantity);
        crate::store::offers::release_quantity(conn, offer_id, given, now).await?;
    }
    record_need_change(conn, auth, before, &after, pledge.id).await
}
