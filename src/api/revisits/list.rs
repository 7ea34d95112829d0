//! `GET /api/v1/review/revisits`: the revisits of the caller's jurisdiction, oldest due first.

use super::RevisitView;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::revisits;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RevisitQuery {
    /// `true`: answered revisits; open ones otherwise.
    #[serde(default)]
    pub answered: bool,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/review/revisits", tag = "checks",
    security(("bearer" = [])),
    params(RevisitQuery),
    responses(
        (status = 200, description = "Revisits in the caller's jurisdiction", body = Paginated<RevisitView>),
        (status = 400, description = "Invalid query", body = crate::error::Problem),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 403, description = "Not an official", body = crate::error::Problem),
    )
)]
pub async fn revisit_queue(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<RevisitQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let Actor::Official { jurisdiction, .. } = &actor else {
        return Err(ApiError::forbidden("revisits are made by officials"));
    };
    let (items, total) = revisits::in_scope(
        &mut conn,
        &jurisdiction.like_pattern(),
        query.answered,
        page.offset(),
        page.limit(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items: items.into_iter().map(RevisitView::from).collect(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
