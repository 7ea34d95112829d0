//! Orders of products. The delivery name, phone and address live only here, are read only for the
//! buyer and the seller, and are erased after the order ends ([`erase_due`]).

use crate::domain::order::OrderStatus;
use crate::schema::{orders, products};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = orders)]
pub struct Order {
    pub id: Uuid,
    pub product_id: Uuid,
    pub buyer_id: Uuid,
    pub seller_id: Uuid,
    pub region_code: String,
    pub quantity: i32,
    pub unit_price_fen: i64,
    pub total_fen: i64,
    pub note: String,
    pub delivery_name: Option<String>,
    pub delivery_phone: Option<String>,
    pub delivery_address: Option<String>,
    pub delivery_erased_at: Option<DateTime<Utc>>,
    pub status: OrderStatus,
    pub tracking_ref: Option<String>,
    pub rating: Option<i16>,
    pub review: Option<String>,
    pub cancel_reason: Option<String>,
    pub cancelled_by: Option<Uuid>,
    pub paid_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub received_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub expires_at: Option<DateTime<Utc>>,
    pub erase_after: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = orders)]
pub struct NewOrder<'a> {
    pub id: Uuid,
    pub product_id: Uuid,
    pub buyer_id: Uuid,
    pub seller_id: Uuid,
    pub region_code: &'a str,
    pub quantity: i32,
    pub unit_price_fen: i64,
    pub total_fen: i64,
    pub note: &'a str,
    pub delivery_name: &'a str,
    pub delivery_phone: &'a str,
    pub delivery_address: &'a str,
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns a transition writes; unset ones stay as they are.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = orders)]
pub struct OrderChange<'a> {
    pub status: Option<OrderStatus>,
    pub tracking_ref: Option<&'a str>,
    pub rating: Option<i16>,
    pub review: Option<&'a str>,
    pub cancel_reason: Option<&'a str>,
    pub cancelled_by: Option<Uuid>,
    pub paid_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub received_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub expires_at: Option<Option<DateTime<Utc>>>,
    pub erase_after: Option<DateTime<Utc>>,
    pub updated_at: Option<DateTime<Utc>>,
}

/// An order with its product's title and unit, for views.
#[derive(Debug, Clone)]
pub struct OrderRow {
    pub order: Order,
    pub product_title: String,
    pub unit: String,
}

pub async fn insert(conn: &mut Conn, new: &NewOrder<'_>) -> QueryResult<Order> {
    diesel::insert_into(orders::table)
        .values(new)
        .returning(Order::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Order>> {
    orders::table
        .find(id)
        .select(Order::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Order>> {
    orders::table
        .find(id)
        .select(Order::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Applies a change only if the order is still in `from` (the row is locked by the caller too).
pub async fn change(
    conn: &mut Conn,
    id: Uuid,
    from: OrderStatus,
    c: &OrderChange<'_>,
) -> QueryResult<Option<Order>> {
    diesel::update(orders::table.find(id).filter(orders::status.eq(from)))
        .set(c)
        .returning(Order::as_returning())
        .get_result(conn)
        .await
        .optional()
}

/// Whose orders a list shows.
#[derive(Debug, Clone, Copy)]
pub enum Side {
    Buyer(Uuid),
    Seller(Uuid),
}

/// A buyer's orders or a seller's sales, newest first, optionally by status.
pub async fn list(
    conn: &mut Conn,
    side: Side,
    statuses: &[OrderStatus],
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<OrderRow>, i64)> {
    let build = || {
        let mut q = orders::table.inner_join(products::table).into_boxed();
        q = match side {
            Side::Buyer(id) => q.filter(orders::buyer_id.eq(id)),
            Side::Seller(id) => q.filter(orders::seller_id.eq(id)),
        };
        if !statuses.is_empty() {
            q = q.filter(orders::status.eq_any(statuses.to_vec()));
        }
        q
    };
    let total = build().count().get_result(conn).await?;
    let rows: Vec<(Order, String, String)> = build()
        .order((orders::created_at.desc(), orders::id))
        .offset(offset)
        .limit(limit)
        .select((Order::as_select(), products::title, products::unit))
        .load(conn)
        .await?;
    Ok((rows.into_iter().map(row).collect(), total))
}

fn row((order, product_title, unit): (Order, String, String)) -> OrderRow {
    OrderRow {
        order,
        product_title,
        unit,
    }
}

/// Orders past their deadline that still wait for payment or shipping, locked for the expiry job
/// (rows another transaction holds are left for the next run).
pub async fn due_for_expiry(
    conn: &mut Conn,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<Order>> {
    orders::table
        .filter(orders::status.eq_any(OrderStatus::EXPIRABLE))
        .filter(orders::expires_at.le(now))
        .order(orders::id)
        .limit(limit)
        .select(Order::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

/// Erases the delivery details of orders that ended long enough ago; returns their ids.
pub async fn erase_due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> QueryResult<Vec<Uuid>> {
    let due: Vec<Uuid> = orders::table
        .filter(orders::delivery_erased_at.is_null())
        .filter(orders::erase_after.le(now))
        .order(orders::id)
        .limit(limit)
        .select(orders::id)
        .for_update()
        .skip_locked()
        .load(conn)
        .await?;
    if due.is_empty() {
        return Ok(due);
    }
    diesel::update(orders::table.filter(orders::id.eq_any(&due)))
        .set((
            orders::delivery_name.eq(None::<String>),
            orders::delivery_phone.eq(None::<String>),
            orders::delivery_address.eq(None::<String>),
            orders::delivery_erased_at.eq(now),
            orders::updated_at.eq(now),
        ))
        .execute(conn)
        .await?;
    Ok(due)
}
