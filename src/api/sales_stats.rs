//! `GET /api/v1/stats/sales?region=CODE`: public sales figures of products (消费扶贫) grown or made in
//! a region (its whole subtree; default: the country), by the seller's county and the category.
//! Aggregates only, no buyer or seller named, served from the public figures' 60-second cache.

use crate::api::cached_stats;
use crate::api::stats::StatsQuery;
use crate::domain::product::ProductCategory;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::sales_stats;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;

/// Sales of one county and category. Orders count once they are paid (paid, shipped, received).
#[derive(Debug, Serialize, ToSchema)]
pub struct SalesRow {
    /// The county of the sellers (whose officials certify the products).
    pub county_code: String,
    pub county_name: String,
    /// grain, fruit_vegetables, mushrooms, nuts, herbs, meat_eggs, tea, handicraft, other.
    pub category: ProductCategory,
    pub orders: i64,
    /// Units sold (each product's own unit).
    pub quantity: i64,
    pub amount_fen: i64,
    /// The sum of `households_helped` of the distinct products with at least one counted order
    /// (a product counts its households once, however many orders it had).
    pub households_helped: i64,
}

#[derive(Debug, Serialize, ToSchema, Default)]
pub struct SalesTotals {
    pub orders: i64,
    pub quantity: i64,
    pub amount_fen: i64,
    /// The sum over the rows: each counted product's households once.
    pub households_helped: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SalesStats {
    /// The region asked for, or null for the whole country.
    pub region_code: Option<String>,
    /// When these figures were computed; they are cached for up to 60 seconds.
    pub as_of: DateTime<Utc>,
    /// By county, then category.
    pub rows: Vec<SalesRow>,
    pub totals: SalesTotals,
}

#[utoipa::path(
    get, path = "/api/v1/stats/sales", tag = "stats",
    params(StatsQuery),
    responses(
        (status = 200, description = "Sales by county and category of products grown or made in the region, with the households they help; cached up to 60 s", body = SalesStats),
        (status = 400, description = "invalid_region_code", body = crate::error::Problem),
        (status = 404, description = "region_not_found", body = crate::error::Problem),
        (status = 503, description = "unavailable: too many figures being computed; retry after `Retry-After` seconds", body = crate::error::Problem),
    )
)]
pub async fn sales_stats(
    state: web::Data<AppState>,
    query: web::Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    cached_stats::answer(&state, &query, "sales", async |conn, region, like| {
        let mut totals = SalesTotals::default();
        let rows: Vec<SalesRow> = sales_stats::by_county_and_category(conn, like)
            .await?
            .into_iter()
            .map(|r| {
                totals.orders += r.orders;
                totals.quantity += r.quantity;
                totals.amount_fen += r.amount_fen;
                totals.households_helped += r.households_helped;
                SalesRow {
                    county_code: r.county_code,
                    county_name: r.county_name,
                    category: r.category,
                    orders: r.orders,
                    quantity: r.quantity,
                    amount_fen: r.amount_fen,
                    households_helped: r.households_helped,
                }
            })
            .collect();
        Ok(SalesStats {
            region_code: region.map(|r| r.as_str().to_owned()),
            as_of: Utc::now(),
            rows,
            totals,
        })
    })
    .await
}
