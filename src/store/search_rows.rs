//! The rows the search indexes are made from: read by id for index jobs, listed for rebuilds and
//! drift checks, and the advisory lock that serialises writes to one index.

use super::needs::Need;
use super::offers::Offer;
use super::products::Product;
use super::Conn;
use crate::domain::need::NeedStatus;
use crate::domain::offer::OfferStatus;
use crate::domain::product::ProductStatus;
use crate::schema::{needs, offers, products};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

pub async fn needs_by_ids(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Need>> {
    needs::table
        .filter(needs::id.eq_any(ids))
        .select(Need::as_select())
        .load(conn)
        .await
}

pub async fn offers_by_ids(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Offer>> {
    offers::table
        .filter(offers::id.eq_any(ids))
        .select(Offer::as_select())
        .load(conn)
        .await
}

pub async fn products_by_ids(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<Product>> {
    products::table
        .filter(products::id.eq_any(ids))
        .select(Product::as_select())
        .load(conn)
        .await
}

/// Listed products, each with its last change.
pub async fn public_product_versions(conn: &mut Conn) -> QueryResult<Vec<(Uuid, DateTime<Utc>)>> {
    products::table
        .filter(products::status.eq(ProductStatus::Listed))
        .select((products::id, products::updated_at))
        .load(conn)
        .await
}

pub async fn all_product_ids(conn: &mut Conn) -> QueryResult<Vec<Uuid>> {
    products::table.select(products::id).load(conn).await
}

/// Published needs, each with its last change.
pub async fn public_need_versions(conn: &mut Conn) -> QueryResult<Vec<(Uuid, DateTime<Utc>)>> {
    needs::table
        .filter(needs::status.eq_any(NeedStatus::PUBLIC))
        .select((needs::id, needs::updated_at))
        .load(conn)
        .await
}

/// Active offers, valid at `now`, with quantity left, each with its last change.
pub async fn public_offer_versions(
    conn: &mut Conn,
    now: DateTime<Utc>,
) -> QueryResult<Vec<(Uuid, DateTime<Utc>)>> {
    offers::table
        .filter(offers::status.eq(OfferStatus::Active))
        .filter(offers::valid_until.gt(now))
        .filter(offers::pledged_quantity.lt(offers::quantity))
        .select((offers::id, offers::updated_at))
        .load(conn)
        .await
}

pub async fn all_need_ids(conn: &mut Conn) -> QueryResult<Vec<Uuid>> {
    needs::table.select(needs::id).load(conn).await
}

pub async fn all_offer_ids(conn: &mut Conn) -> QueryResult<Vec<Uuid>> {
    offers::table.select(offers::id).load(conn).await
}

/// Takes the transaction-level advisory lock `key` (waits for it).
pub async fn lock(conn: &mut Conn, key: i64) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
        .bind::<diesel::sql_types::BigInt, _>(key)
        .execute(conn)
        .await
        .map(|_| ())
}
