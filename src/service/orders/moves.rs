//! The seller records payment and shipping, the buyer confirms receipt, and either cancels: the
//! buyer before payment, the seller before shipping. Cancelling gives the stock back.

use super::{check, ending, load_visible, transition};
use crate::auth::AuthUser;
use crate::config::Config;
use crate::domain::access::Actor;
use crate::domain::order::OrderAction;
use crate::error::{ApiError, ApiResult};
use crate::store::orders::{Order, OrderChange};
use crate::store::Conn;
use chrono::Utc;
use diesel_async::AsyncConnection;
use uuid::Uuid;

/// The seller records that the buyer paid: the order must now ship within the shipping window.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, order_id = %id))]
pub async fn mark_paid(
    conn: &mut Conn,
    config: &Config,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<Order> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (order, party) = load_visible(conn, actor, id, true).await?;
        let to = check(&order, OrderAction::Pay, party)?;
        let now = Utc::now();
        let change = OrderChange {
            paid_at: Some(now),
            expires_at: Some(Some(now + config.order_shipping_window)),
            ..ending(to, now)
        };
        transition(conn, Some(auth), &order, OrderAction::Pay, change, None).await
    })
    .await
}

/// The seller ships a paid order, with an optional tracking reference.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, order_id = %id))]
pub async fn ship(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    tracking_ref: Option<&str>,
) -> ApiResult<Order> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (order, party) = load_visible(conn, actor, id, true).await?;
        let to = check(&order, OrderAction::Ship, party)?;
        let now = Utc::now();
        let change = OrderChange {
            shipped_at: Some(now),
            tracking_ref,
            ..ending(to, now)
        };
        transition(conn, Some(auth), &order, OrderAction::Ship, change, None).await
    })
    .await
}

/// The buyer's word on what arrived.
#[derive(Debug, Clone, Copy, Default)]
pub struct Receipt<'a> {
    pub rating: Option<i16>,
    pub review: Option<&'a str>,
}

/// The buyer confirms receipt of a shipped order.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, order_id = %id))]
pub async fn receive(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    receipt: Receipt<'_>,
) -> ApiResult<Order> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (order, party) = load_visible(conn, actor, id, true).await?;
        let to = check(&order, OrderAction::Receive, party)?;
        let now = Utc::now();
        let change = OrderChange {
            received_at: Some(now),
            rating: receipt.rating,
            review: receipt.review,
            ..ending(to, now)
        };
        transition(conn, Some(auth), &order, OrderAction::Receive, change, None).await
    })
    .await
}

/// The buyer cancels before payment, or the seller before shipping; the stock goes back.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, order_id = %id))]
pub async fn cancel(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    reason: Option<&str>,
) -> ApiResult<Order> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (order, party) = load_visible(conn, actor, id, true).await?;
        let to = check(&order, OrderAction::Cancel, party)?;
        let now = Utc::now();
        let change = OrderChange {
            cancel_reason: reason,
            cancelled_by: Some(auth.id),
            ..ending(to, now)
        };
        transition(
            conn,
            Some(auth),
            &order,
            OrderAction::Cancel,
            change,
            reason,
        )
        .await
    })
    .await
}
