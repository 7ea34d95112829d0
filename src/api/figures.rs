//! `GET /api/v1/officials/{id}/figures`: an official's record — for itself, the officials above it,
//! and admins. Anyone else gets 404.

use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{check_stats, rectifications, users};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct OfficialFiguresView {
    pub official_id: Uuid,
    pub display_name: String,
    pub jurisdiction_code: String,
    /// Need reviews decided.
    pub reviews: i64,
    pub rejections: i64,
    /// Rejections over reviews; absent without reviews.
    pub rejection_rate: Option<f64>,
    /// Median seconds from a need's posting to this official's review.
    pub median_review_seconds: Option<f64>,
    /// Pledges it approved or rejected.
    pub pledge_decisions: i64,
    /// Its decisions that check rounds looked at, and the problems they found.
    pub decisions_checked: i64,
    pub problems_found: i64,
    /// Open rectifications past their deadline that are this official's to chase.
    pub overdue_rectifications: i64,
}

#[utoipa::path(
    get, path = "/api/v1/officials/{id}/figures", tag = "checks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The official's record", body = OfficialFiguresView),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 404, description = "No such official for the caller", body = crate::error::Problem),
    )
)]
pub async fn official_figures(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let target = users::find(&mut conn, *id)
        .await?
        .filter(|u| u.role == crate::domain::Role::Official);
    let jurisdiction = match &target {
        Some(u) => users::jurisdiction_of(&mut conn, u.id).await?,
        None => None,
    };
    let (Some(target), Some(jurisdiction)) = (target, jurisdiction) else {
        return Err(ApiError::not_found("official"));
    };
    let region = RegionCode::from_trusted(jurisdiction.region_code.clone());
    let allowed = match &actor {
        Actor::Admin { .. } => true,
        Actor::Official {
            user_id,
            jurisdiction: own,
        } => {
            *user_id == target.id
                || (own.covers(&region) && own.region().as_str().len() < region.as_str().len())
        }
        _ => false,
    };
    if !allowed {
        return Err(ApiError::not_found("official"));
    }
    let f = check_stats::official_figures(&mut conn, target.id).await?;
    let overdue = rectifications::overdue_count_for(&mut conn, region.as_str(), Utc::now()).await?;
    Ok(HttpResponse::Ok().json(OfficialFiguresView {
        official_id: target.id,
        display_name: target.display_name,
        jurisdiction_code: jurisdiction.region_code,
        rejection_rate: (f.reviews > 0).then(|| f.rejections as f64 / f.reviews as f64),
        reviews: f.reviews,
        rejections: f.rejections,
        median_review_seconds: f.median_review_seconds,
        pledge_decisions: f.pledge_decisions,
        decisions_checked: f.decisions_checked,
        problems_found: f.problems_found,
        overdue_rectifications: overdue,
    }))
}
