//! Orders: a buyer takes stock by a conditional update; the seller records the payment (made
//! outside the platform) and the shipping; the buyer confirms receipt with a rating and a review.
//! Unpaid or unshipped orders expire and give their stock back; the delivery details are erased
//! after the order ends. Every move goes through [`transition`], which asks the domain's state
//! table, and [`record`], the one place every move is audited and notified. Audit events and mail
//! never carry the delivery details.

mod expire;
mod moves;
mod place;

pub use expire::{erase_due, expire_due};
pub use moves::{cancel, mark_paid, receive, ship, Receipt};
pub use place::{place, NewOrderInput};

use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::order::{self, OrderAction, OrderParty, OrderStatus, TransitionError};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::orders::{self as store, Order, OrderChange};
use crate::store::{audit, products, Conn};
use chrono::{DateTime, Utc};
use serde_json::{json, Value};
use uuid::Uuid;

/// The caller's part in an order, if any.
pub fn party_of(actor: &Actor, o: &Order) -> Option<OrderParty> {
    order::party_of(
        actor,
        o.buyer_id,
        o.seller_id,
        &RegionCode::from_trusted(o.region_code.clone()),
    )
}

/// Loads an order for a caller who has a part in it (404 otherwise). `for_update` locks the
/// order, then its product (the one lock order of every order flow).
pub async fn load_visible(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    for_update: bool,
) -> ApiResult<(Order, OrderParty)> {
    let found = if for_update {
        store::find_for_update(conn, id).await?
    } else {
        store::find(conn, id).await?
    };
    let order = found.ok_or_else(|| ApiError::not_found("order"))?;
    let party = party_of(actor, &order).ok_or_else(|| ApiError::not_found("order"))?;
    if for_update {
        products::find_for_update(conn, order.product_id).await?;
    }
    Ok((order, party))
}

/// The state after `action` by `party`, or the problem to answer (403 or 409).
pub fn check(o: &Order, action: OrderAction, party: OrderParty) -> ApiResult<OrderStatus> {
    order::next(o.status, action, party).map_err(|e| match e {
        TransitionError::NotYours => ApiError::forbidden(match party {
            OrderParty::Official => "officials see orders; the buyer and the seller act on them",
            OrderParty::Buyer => "the seller records payment and shipping",
            OrderParty::Seller => "the buyer confirms receipt",
            OrderParty::System => "only the expiry job expires orders",
        }),
        TransitionError::Invalid => ApiError::new(
            ErrorCode::InvalidTransition,
            format!(
                "an order that is {} cannot be {}",
                o.status,
                action.past_tense()
            ),
        )
        .with_extra("order_status", o.status.as_str()),
    })
}

/// The columns every move writes: the status, and the deadlines that follow from it.
pub fn ending(to: OrderStatus, now: DateTime<Utc>) -> OrderChange<'static> {
    let retention = chrono::Duration::days(order::DELIVERY_RETENTION_DAYS);
    OrderChange {
        status: Some(to),
        closed_at: to.has_ended().then_some(now),
        erase_after: to.has_ended().then_some(now + retention),
        expires_at: (!OrderStatus::EXPIRABLE.contains(&to)).then_some(None),
        updated_at: Some(now),
        ..OrderChange::default()
    }
}

/// Applies a checked move (rows locked by the caller), gives the stock back when the move ends
/// the order unshipped, and records it.
pub async fn transition(
    conn: &mut Conn,
    auth: Option<&AuthUser>,
    before: &Order,
    action: OrderAction,
    change: OrderChange<'_>,
    reason: Option<&str>,
) -> ApiResult<Order> {
    let now = change.updated_at.unwrap_or_else(Utc::now);
    let after = store::change(conn, before.id, before.status, &change)
        .await?
        .ok_or_else(|| {
            ApiError::new(ErrorCode::InvalidTransition, "the order changed meanwhile")
        })?;
    let mut extra = json!({});
    if action.returns_stock() {
        let p = products::return_stock(conn, after.product_id, after.quantity, now).await?;
        extra = json!({ "stock": p.stock });
    }
    record(conn, auth, Some(before.status), &after, reason, extra).await?;
    Ok(after)
}

/// Audits an order's move from `from` (`None`: just placed) and tells whoever has to know.
pub async fn record(
    conn: &mut Conn,
    auth: Option<&AuthUser>,
    from: Option<OrderStatus>,
    after: &Order,
    reason: Option<&str>,
    extra: Value,
) -> ApiResult<()> {
    // Never the delivery details: the audit trail is public to verify.
    let mut details = json!({
        "role": auth.map_or("system", |a| a.role.as_str()),
        "from": from.map_or("none", OrderStatus::as_str),
        "to": after.status,
        "product_id": after.product_id,
        "quantity": after.quantity,
        "total_fen": after.total_fen,
        "reason": reason,
    });
    if let (Some(d), Value::Object(e)) = (details.as_object_mut(), extra) {
        d.extend(e);
    }
    audit::append(
        conn,
        audit::Entry {
            chain: audit::AuditChain::National,
            actor_id: auth.map(|a| a.id),
            action: &format!("order.{}", after.status),
            subject_type: "order",
            subject_id: after.id,
            details,
        },
    )
    .await?;
    crate::mail::orders::order_changed(conn, from, after).await?;
    Ok(())
}
