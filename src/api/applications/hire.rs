//! `POST /api/v1/applications/{id}/hire`: the employer hires the member of an accepted
//! application, with a start date and the agreed pay. The hire that takes the job's last position
//! fills it and declines its other applications; the hire schedules the checks 30 and 180 days
//! after the start.

use crate::api::applications::views::{view, ApplicationView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::employment::application_fields::hire_terms;
use crate::error::{ApiError, ApiResult};
use crate::service::job_applications;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HireRequest {
    /// YYYY-MM-DD, from 30 days ago to 180 days ahead.
    pub start_date: Option<String>,
    /// The agreed pay per the job's period, in fen, 1–100,000,000.
    pub pay_fen: Option<i64>,
}

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/hire", tag = "applications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = HireRequest,
    responses(
        (status = 200, description = "Hired", body = ApplicationView),
        (status = 400, description = "Invalid terms, every violation at once", body = crate::error::Problem),
        (status = 403, description = "Not the employer", body = crate::error::Problem),
        (status = 404, description = "No such application for you", body = crate::error::Problem),
        (status = 409, description = "`positions_filled`; `job_not_open`; `invalid_transition` (not accepted)", body = crate::error::Problem),
    )
)]
pub async fn hire_applicant(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<HireRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let terms = hire_terms(
        body.start_date.as_deref(),
        body.pay_fen,
        Utc::now().date_naive(),
        &mut errors,
    );
    let Some(terms) = terms.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let a = job_applications::hire(&mut conn, &auth, &actor, *id, terms).await?;
    let (a, job, party) = job_applications::load_visible(&mut conn, &actor, a.id, false).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, a, &job, party).await?))
}
