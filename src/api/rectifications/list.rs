//! `GET /api/v1/rectifications`: those of the caller's townships and of the rounds it runs.

use super::RectificationView;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::rectification::RectificationStatus;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::rectifications;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RectificationQuery {
    /// `open`, `answered` or `accepted`; all when absent.
    pub status: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/rectifications", tag = "checks",
    security(("bearer" = [])),
    params(RectificationQuery),
    responses(
        (status = 200, description = "Rectifications in scope or of the caller's rounds, nearest deadline first", body = Paginated<RectificationView>),
        (status = 400, description = "Invalid query", body = crate::error::Problem),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 403, description = "Neither an official nor an admin", body = crate::error::Problem),
    )
)]
pub async fn list_rectifications(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<RectificationQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let status = match query.status.as_deref() {
        None => None,
        Some(s) => Some(RectificationStatus::parse(s).ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "status",
                "invalid_status",
                "`open`, `answered` or `accepted`",
            )])
        })?),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let scope = match &actor {
        Actor::Admin { .. } => None,
        Actor::Official { jurisdiction, .. } => Some(jurisdiction.region().as_str().to_owned()),
        _ => return Err(ApiError::forbidden("rectifications are for officials")),
    };
    let (items, total) = rectifications::list(
        &mut conn,
        scope.as_deref(),
        auth.id,
        status,
        page.offset(),
        page.limit(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items: items.into_iter().map(RectificationView::from).collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
