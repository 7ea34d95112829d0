//! `GET /api/v1/pledges?status=…`: every pledge in an official's jurisdiction (all of them for an
//! admin), newest first, for the dashboard and its CSV export. Receipt codes are left out of lists.

use super::views::{view, PledgeView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::api::needs::list::parse_list;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::pledge::PledgeStatus;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::pledges::{self, PledgeFilter};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ScopeQuery {
    /// Comma-separated pledge statuses.
    pub status: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/pledges", tag = "pledges",
    security(("bearer" = [])),
    params(ScopeQuery),
    responses(
        (status = 200, description = "Pledges in the caller's jurisdiction, newest first", body = Paginated<PledgeView>),
        (status = 400, description = "An unknown status", body = crate::error::Problem),
        (status = 403, description = "Neither official nor admin", body = crate::error::Problem),
    )
)]
pub async fn pledges_in_scope(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<ScopeQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut errors = Vec::new();
    let statuses = parse_list(
        query.status.as_deref(),
        "status",
        PledgeStatus::parse,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let region_like = match actor::load(&mut conn, Some(&auth)).await? {
        Actor::Official { jurisdiction, .. } => Some(jurisdiction.like_pattern()),
        Actor::Admin { .. } => None,
        _ => return Err(ApiError::forbidden("for officials and admins")),
    };
    let f = PledgeFilter {
        region_like,
        statuses,
        ..PledgeFilter::default()
    };
    let (rows, total) = pledges::list(&mut conn, &f, page.offset(), page.limit()).await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items: rows.into_iter().map(|p| view(p, false)).collect::<Vec<_>>(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
