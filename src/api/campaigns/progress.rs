//! `GET /api/v1/campaigns/{id}/progress?bucket=hour`: public; the cumulative series a chart draws,
//! from the start to now (or the end).

use crate::domain::campaign::Bucket;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::campaigns::{self, read};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProgressQuery {
    /// `hour` or `day`; by default hours for a period of a week or less, days beyond. Hours only
    /// for periods up to 31 days.
    pub bucket: Option<String>,
}

/// Totals at the end of one bucket, counted from the campaign's start.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressPoint {
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// Donor pledges confirmed in scope so far, and their value.
    pub donor_pledges: i64,
    pub donor_value_fen: i64,
    /// Matches drawn so far, and their amount.
    pub matches: i64,
    pub matched_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignProgress {
    pub campaign_id: Uuid,
    pub bucket: Bucket,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// One point per bucket from the start to now or the end; empty before the start.
    pub points: Vec<ProgressPoint>,
}

#[utoipa::path(
    get, path = "/api/v1/campaigns/{id}/progress", tag = "campaigns",
    params(("id" = Uuid, Path), ProgressQuery),
    responses(
        (status = 200, description = "Cumulative donor value confirmed and matches drawn, bucket by bucket", body = CampaignProgress),
        (status = 400, description = "An unknown bucket, or hours over a period longer than 31 days", body = crate::error::Problem),
        (status = 404, description = "No such campaign", body = crate::error::Problem),
    )
)]
pub async fn campaign_progress(
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    query: web::Query<ProgressQuery>,
) -> ApiResult<HttpResponse> {
    let bucket = match query.bucket.as_deref() {
        None => None,
        Some(b) => Some(Bucket::parse(b).ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "bucket",
                "unknown_bucket",
                "hour or day",
            )])
        })?),
    };
    let mut conn = state.pool.get().await?;
    let c = campaigns::load(&mut conn, *id).await?;
    let (bucket, points) = read::progress(&mut conn, &c, bucket, Utc::now()).await?;
    Ok(HttpResponse::Ok().json(CampaignProgress {
        campaign_id: c.id,
        bucket,
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        points: points
            .into_iter()
            .map(|p| ProgressPoint {
                starts_at: p.starts_at,
                ends_at: p.ends_at,
                donor_pledges: p.donor_pledges,
                donor_value_fen: p.donor_value_fen,
                matches: p.matches,
                matched_fen: p.matched_fen,
            })
            .collect(),
    }))
}
