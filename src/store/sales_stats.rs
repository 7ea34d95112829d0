//! The public sales figures (`GET /stats/sales`): orders counted as sales (paid, shipped, received)
//! by the seller's county and the product's category, aggregated in one statement.

use super::Conn;
use crate::domain::order::OrderStatus;
use crate::domain::product::ProductCategory;
use diesel::sql_types::{Array, BigInt, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;

/// One county and category.
#[derive(Debug, Clone, QueryableByName)]
pub struct SalesRow {
    #[diesel(sql_type = Text)]
    pub county_code: String,
    #[diesel(sql_type = Text)]
    pub county_name: String,
    #[diesel(sql_type = Text)]
    pub category: ProductCategory,
    #[diesel(sql_type = BigInt)]
    pub orders: i64,
    #[diesel(sql_type = BigInt)]
    pub quantity: i64,
    #[diesel(sql_type = BigInt)]
    pub amount_fen: i64,
    /// The sum of `households_helped` over the distinct products with at least one counted order.
    #[diesel(sql_type = BigInt)]
    pub households_helped: i64,
}

/// Sales of products grown or made under `region_like` (a region's pattern, `""`-prefixed for the
/// country), by county and category, ordered by county then category. Each product counts its
/// households once, however many orders it had.
pub async fn by_county_and_category(
    conn: &mut Conn,
    region_like: &str,
) -> diesel::QueryResult<Vec<SalesRow>> {
    let sold: Vec<String> = OrderStatus::SOLD
        .iter()
        .map(|s| s.as_str().to_owned())
        .collect();
    diesel::sql_query(
        "WITH per_product AS (
             SELECT o.product_id, count(*) AS orders, sum(o.quantity)::bigint AS quantity,
                    sum(o.total_fen)::bigint AS amount_fen
             FROM orders o
             WHERE o.status = ANY($2)
             GROUP BY o.product_id)
         SELECT p.county_code::text AS county_code, coalesce(r.name, '') AS county_name,
                p.category AS category, sum(pp.orders)::bigint AS orders,
                sum(pp.quantity)::bigint AS quantity, sum(pp.amount_fen)::bigint AS amount_fen,
                sum(p.households_helped)::bigint AS households_helped
         FROM per_product pp
         JOIN products p ON p.id = pp.product_id
         LEFT JOIN regions r ON r.code = p.county_code
         WHERE p.region_code LIKE $1
         GROUP BY p.county_code, r.name, p.category
         ORDER BY p.county_code, p.category",
    )
    .bind::<Text, _>(region_like)
    .bind::<Array<Text>, _>(sold)
    .load(conn)
    .await
}
