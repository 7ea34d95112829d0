//! How an order is shown. The delivery name, phone and address, and the buyer's note, are shown to
//! the buyer and the seller only; officials in scope see the rest.

use crate::domain::order::{OrderParty, OrderStatus};
use crate::store::orders::{Order, OrderRow};
use crate::store::{products, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct OrderView {
    pub id: Uuid,
    pub product_id: Uuid,
    pub product_title: String,
    pub unit: String,
    pub buyer_id: Uuid,
    pub seller_id: Uuid,
    pub quantity: i32,
    /// The price of one unit when ordered, in fen.
    pub unit_price_fen: i64,
    pub total_fen: i64,
    pub status: OrderStatus,
    pub tracking_ref: Option<String>,
    pub rating: Option<i16>,
    pub review: Option<String>,
    pub cancel_reason: Option<String>,
    pub paid_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub received_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    /// When the order expires if it is not paid (placed) or not shipped (paid).
    pub expires_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    /// Whether the delivery details were erased (90 days after the order ended).
    pub delivery_erased: bool,
    /// For the buyer and the seller only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub delivery: Option<DeliveryView>,
    /// The buyer's note to the seller; for the buyer and the seller only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DeliveryView {
    pub name: String,
    pub phone: String,
    pub address: String,
}

/// Renders an order row for a caller whose part in it is `party`.
pub fn view(row: OrderRow, party: OrderParty) -> OrderView {
    let OrderRow {
        order: o,
        product_title,
        unit,
    } = row;
    let private = party.sees_delivery();
    let delivery = match (
        private,
        o.delivery_name,
        o.delivery_phone,
        o.delivery_address,
    ) {
        (true, Some(name), Some(phone), Some(address)) => Some(DeliveryView {
            name,
            phone,
            address,
        }),
        _ => None,
    };
    OrderView {
        id: o.id,
        product_id: o.product_id,
        product_title,
        unit,
        buyer_id: o.buyer_id,
        seller_id: o.seller_id,
        quantity: o.quantity,
        unit_price_fen: o.unit_price_fen,
        total_fen: o.total_fen,
        status: o.status,
        tracking_ref: o.tracking_ref,
        rating: o.rating,
        review: o.review,
        cancel_reason: o.cancel_reason,
        paid_at: o.paid_at,
        shipped_at: o.shipped_at,
        received_at: o.received_at,
        closed_at: o.closed_at,
        expires_at: o.expires_at,
        created_at: o.created_at,
        delivery_erased: o.delivery_erased_at.is_some(),
        delivery,
        note: private.then_some(o.note),
    }
}

/// Renders one order, reading its product's title and unit.
pub async fn view_one(
    conn: &mut Conn,
    order: Order,
    party: OrderParty,
) -> crate::error::ApiResult<OrderView> {
    let (product_title, unit) = products::find(conn, order.product_id)
        .await?
        .map(|p| (p.title, p.unit))
        .unwrap_or_default();
    Ok(view(
        OrderRow {
            order,
            product_title,
            unit,
        },
        party,
    ))
}
