//! `GET /api/v1/supporters/{id}`: a supporter's public page (扶贫评价): its confirmed help, how
//! reliably it delivers what was approved, how fast, and how households rated it. Named as on the
//! roll; 404 when the account is no supporter or opted out.

use super::SupporterStanding;
use crate::domain::disclosure;
use crate::domain::honour::{fulfilment_rate, median_seconds};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::honour;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct SupporterPage {
    #[serde(flatten)]
    pub standing: SupporterStanding,
    /// Pledges ever approved by an official: approved, delivered, confirmed, and those that expired
    /// or were cancelled after approval.
    pub approved_pledges: i64,
    /// Confirmed over ever approved (0 to 1); null when nothing was approved.
    pub fulfilment_rate: Option<f64>,
    /// Median time from approval to confirmed receipt, in hours; null over fewer than 5 confirmed
    /// pledges (`domain::disclosure`).
    pub median_hours_to_deliver: Option<f64>,
    /// How many ratings of 1, 2, 3, 4 and 5 households gave; a count of 1 to 4, and the cells that
    /// would reveal it from the total, are null ("fewer than 5", `domain::disclosure`).
    pub rating_distribution: [Option<i64>; 5],
}

#[utoipa::path(
    get, path = "/api/v1/supporters/{id}", tag = "honour",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The supporter's confirmed help and ratings", body = SupporterPage),
        (status = 404, description = "No such supporter, or it opted out of the honour roll", body = crate::error::Problem),
    )
)]
pub async fn get_supporter(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let standing = honour::standing(&mut conn, *id)
        .await?
        .ok_or_else(|| ApiError::not_found("supporter"))?;
    let record = honour::record(&mut conn, *id).await?;
    let confirmed = standing.confirmed;
    let deliveries = record.delivery_seconds.len() as i64;
    let cells = (1..=5)
        .zip(record.distribution)
        .map(|(r, n)| (r.to_string(), n))
        .collect();
    let published = disclosure::table(cells);
    let rating_distribution =
        [1, 2, 3, 4, 5].map(|r| published.get(&r.to_string()).copied().flatten());
    let page = SupporterPage {
        standing: standing.into(),
        approved_pledges: record.approved,
        fulfilment_rate: fulfilment_rate(confirmed, record.approved),
        median_hours_to_deliver: disclosure::median(
            median_seconds(record.delivery_seconds),
            deliveries,
        )
        .map(|s| s / 3600.0),
        rating_distribution,
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .json(page))
}
