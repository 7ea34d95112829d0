//! Products (消费扶贫). Stock is taken and given back by conditional updates only. Every change
//! queues the product's search index update in the same transaction, so no caller can forget it.

use crate::domain::product::{ProductCategory, ProductStatus};
use crate::schema::{households, organizations, products};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::index_jobs::enqueue_product;
use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: Uuid,
    pub seller_id: Uuid,
    pub household_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    pub listed_by: Uuid,
    pub county_code: String,
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub category: ProductCategory,
    pub unit: String,
    pub price_fen: i64,
    pub stock: i32,
    pub households_helped: i32,
    pub status: ProductStatus,
    pub rejection_reason: Option<String>,
    pub certified_by: Option<Uuid>,
    pub certified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = products)]
pub struct NewProduct<'a> {
    pub id: Uuid,
    pub seller_id: Uuid,
    pub household_id: Option<Uuid>,
    pub organization_id: Option<Uuid>,
    pub listed_by: Uuid,
    pub county_code: &'a str,
    pub region_code: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub category: ProductCategory,
    pub unit: &'a str,
    pub price_fen: i64,
    pub stock: i32,
    pub households_helped: i32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns a change writes; unset ones stay as they are.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = products)]
pub struct ProductChange<'a> {
    pub status: Option<ProductStatus>,
    pub region_code: Option<&'a str>,
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub category: Option<ProductCategory>,
    pub unit: Option<&'a str>,
    pub price_fen: Option<i64>,
    pub stock: Option<i32>,
    pub households_helped: Option<i32>,
    pub rejection_reason: Option<Option<&'a str>>,
    pub certified_by: Option<Option<Uuid>>,
    pub certified_at: Option<Option<DateTime<Utc>>>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub async fn insert(conn: &mut Conn, new: &NewProduct<'_>) -> QueryResult<Product> {
    let p = diesel::insert_into(products::table)
        .values(new)
        .returning(Product::as_returning())
        .get_result(conn)
        .await?;
    enqueue_product(conn, p.id).await?;
    Ok(p)
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Product>> {
    products::table
        .find(id)
        .select(Product::as_select())
        .first(conn)
        .await
        .optional()
}

/// The products with these ids (in no particular order).
pub async fn find_many(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Product>> {
    products::table
        .filter(products::id.eq_any(ids))
        .select(Product::as_select())
        .load(conn)
        .await
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Product>> {
    products::table
        .find(id)
        .select(Product::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Applies a change only if the product is still in `from` with `stock_was` units: a stock edit never
/// overwrites units an order took meanwhile.
pub async fn change(
    conn: &mut Conn,
    id: Uuid,
    from: ProductStatus,
    stock_was: i32,
    c: &ProductChange<'_>,
) -> QueryResult<Option<Product>> {
    let changed = diesel::update(
        products::table
            .find(id)
            .filter(products::status.eq(from))
            .filter(products::stock.eq(stock_was)),
    )
    .set(c)
    .returning(Product::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    if changed.is_some() {
        enqueue_product(conn, id).await?;
    }
    Ok(changed)
}

/// Why stock could not be taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TakeError {
    NotFound,
    NotListed(ProductStatus),
    Insufficient { stock: i32 },
}

/// Takes `quantity` units of a listed product in one statement (never a read, then a write), so
/// orders racing for the last units never take more than there is.
pub async fn take_stock(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Result<Product, TakeError>> {
    let taken = diesel::update(
        products::table
            .find(id)
            .filter(products::status.eq(ProductStatus::Listed))
            .filter(products::stock.ge(quantity)),
    )
    .set((
        products::stock.eq(products::stock - quantity),
        products::updated_at.eq(now),
    ))
    .returning(Product::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    if let Some(p) = taken {
        enqueue_product(conn, id).await?;
        return Ok(Ok(p));
    }
    Ok(Err(match find(conn, id).await? {
        None => TakeError::NotFound,
        Some(p) if p.status != ProductStatus::Listed => TakeError::NotListed(p.status),
        Some(p) => TakeError::Insufficient { stock: p.stock },
    }))
}

/// Gives back the units of an order that ended unpaid or unshipped, whatever the product's status.
pub async fn return_stock(
    conn: &mut Conn,
    id: Uuid,
    quantity: i32,
    now: DateTime<Utc>,
) -> QueryResult<Product> {
    let p = diesel::update(products::table.find(id))
        .set((
            products::stock.eq(products::stock + quantity),
            products::updated_at.eq(now),
        ))
        .returning(Product::as_returning())
        .get_result(conn)
        .await?;
    enqueue_product(conn, id).await?;
    Ok(p)
}

/// A seller's products in every status, newest first, with their total.
pub async fn of_seller(
    conn: &mut Conn,
    seller_id: Uuid,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Product>, i64)> {
    let total = products::table
        .filter(products::seller_id.eq(seller_id))
        .count()
        .get_result(conn)
        .await?;
    let rows = products::table
        .filter(products::seller_id.eq(seller_id))
        .order((products::created_at.desc(), products::id))
        .offset(offset)
        .limit(limit)
        .select(Product::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Products waiting for certification whose county matches `county_like` (a jurisdiction's
/// pattern), oldest first, leaving out those `not_by` may not certify: it listed the product or
/// registered its seller (the rule of two people, in SQL so that pages and totals agree).
pub async fn pending_in(
    conn: &mut Conn,
    county_like: &str,
    not_by: Uuid,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Product>, i64)> {
    let build = || {
        products::table
            .left_join(households::table)
            .left_join(organizations::table)
            .filter(products::status.eq(ProductStatus::PendingCertification))
            .filter(products::county_code.like(county_like.to_owned()))
            .filter(products::listed_by.ne(not_by))
            .filter(households::created_by.is_distinct_from(not_by))
            .filter(organizations::verified_by.is_distinct_from(not_by))
            .into_boxed()
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((products::updated_at.asc(), products::id))
        .offset(offset)
        .limit(limit)
        .select(Product::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
