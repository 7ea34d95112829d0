//! `GET /api/v1/review/retention-checks`: the retention checks of the caller's jurisdiction —
//! `due` (the default: due and unanswered, soonest first), `upcoming` or `answered`.

use super::RetentionCheckView;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::employment::retention::RetentionFilter;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::job_retention_checks;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RetentionQuery {
    /// `due` (default: due and not answered), `upcoming` (not due yet) or `answered`.
    pub status: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/review/retention-checks", tag = "jobs",
    security(("bearer" = [])),
    params(RetentionQuery),
    responses(
        (status = 200, description = "Retention checks in the caller's jurisdiction", body = Paginated<RetentionCheckView>),
        (status = 400, description = "Invalid query", body = crate::error::Problem),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn retention_checks(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<RetentionQuery>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let page = PageQuery::check(query.page, query.per_page, &mut errors);
    let filter = match query.status.as_deref() {
        None => Some(RetentionFilter::Due),
        Some(s) => RetentionFilter::parse(s),
    };
    if filter.is_none() {
        errors.push(FieldError::new(
            "status",
            "invalid_status",
            "`due`, `upcoming` or `answered`",
        ));
    }
    let Some(filter) = filter.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let Actor::Official { jurisdiction, .. } = &actor else {
        return Err(ApiError::forbidden(
            "retention checks are answered by officials",
        ));
    };
    let (rows, total) = job_retention_checks::in_scope(
        &mut conn,
        &jurisdiction.like_pattern(),
        filter,
        Utc::now(),
        page.offset(),
        page.limit(),
    )
    .await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Paginated {
            items: rows.into_iter().map(RetentionCheckView::from).collect(),
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
