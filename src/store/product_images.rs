//! Product images: the rows that list a product's pictures and name their media keys. The bytes live
//! in the media store and are served publicly under `/media/`.

use super::Conn;
use crate::schema::product_images;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::HashMap;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = product_images)]
pub struct ProductImage {
    pub id: Uuid,
    pub product_id: Uuid,
    pub position: i32,
    pub display_key: String,
    pub thumb_key: String,
    pub width: i32,
    pub height: i32,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = product_images)]
pub struct NewProductImage<'a> {
    pub id: Uuid,
    pub product_id: Uuid,
    pub position: i32,
    pub display_key: &'a str,
    pub thumb_key: &'a str,
    pub width: i32,
    pub height: i32,
    pub sha256: &'a str,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut Conn, new: &NewProductImage<'_>) -> QueryResult<ProductImage> {
    diesel::insert_into(product_images::table)
        .values(new)
        .returning(ProductImage::as_returning())
        .get_result(conn)
        .await
}

/// A product's images in their order (the first is its picture in lists).
pub async fn of_product(conn: &mut Conn, product_id: Uuid) -> QueryResult<Vec<ProductImage>> {
    product_images::table
        .filter(product_images::product_id.eq(product_id))
        .order((product_images::position.asc(), product_images::id.asc()))
        .select(ProductImage::as_select())
        .load(conn)
        .await
}

/// One image of one product; `None` when it does not exist or belongs to another product.
pub async fn find(
    conn: &mut Conn,
    product_id: Uuid,
    id: Uuid,
) -> QueryResult<Option<ProductImage>> {
    product_images::table
        .filter(product_images::id.eq(id))
        .filter(product_images::product_id.eq(product_id))
        .select(ProductImage::as_select())
        .first(conn)
        .await
        .optional()
}

/// How many images a product has, and the position the next one takes.
pub async fn count_and_next_position(conn: &mut Conn, product_id: Uuid) -> QueryResult<(i64, i32)> {
    let (count, max): (i64, Option<i32>) = product_images::table
        .filter(product_images::product_id.eq(product_id))
        .select((
            diesel::dsl::count_star(),
            diesel::dsl::max(product_images::position),
        ))
        .get_result(conn)
        .await?;
    Ok((count, max.map_or(0, |m| m.saturating_add(1))))
}

/// The first image (lowest position) of each product that has one: the picture of a list or a search
/// hit.
pub async fn first_of(
    conn: &mut Conn,
    product_ids: &[Uuid],
) -> QueryResult<HashMap<Uuid, ProductImage>> {
    if product_ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<ProductImage> = product_images::table
        .filter(product_images::product_id.eq_any(product_ids))
        .distinct_on(product_images::product_id)
        .order((
            product_images::product_id,
            product_images::position.asc(),
            product_images::id.asc(),
        ))
        .select(ProductImage::as_select())
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(|i| (i.product_id, i)).collect())
}

/// Removes one image; returns whether it was there (a concurrent delete finds nothing).
pub async fn delete(conn: &mut Conn, product_id: Uuid, id: Uuid) -> QueryResult<bool> {
    diesel::delete(
        product_images::table
            .filter(product_images::id.eq(id))
            .filter(product_images::product_id.eq(product_id)),
    )
    .execute(conn)
    .await
    .map(|n| n > 0)
}
