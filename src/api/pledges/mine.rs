//! `GET /api/v1/me/pledges`: a supporter's pledges, or the pledges on a household's needs (with their
//! receipt codes), newest first, optionally by status.

use super::views::{view, PledgeView};
use crate::api::actor;
use crate::api::extract::PageQuery;
use crate::api::extract::Paginated;
use crate::api::needs::list::parse_list;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::pledge::PledgeStatus;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::pledges::{self, Pledge, PledgeFilter};
use crate::store::pledges_queries;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct MyPledgesQuery {
    /// Comma-separated statuses.
    pub status: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/me/pledges", tag = "pledges",
    security(("bearer" = [])),
    params(MyPledgesQuery),
    responses(
        (status = 200, description = "The caller's pledges (supporters) or the pledges to its needs (households)", body = Paginated<PledgeView>),
        (status = 403, description = "Officials and admins use the review lists", body = crate::error::Problem),
    )
)]
pub async fn my_pledges(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<MyPledgesQuery>,
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
    let (rows, total, show_code): (Vec<Pledge>, i64, bool) =
        match actor::load(&mut conn, Some(&auth)).await? {
            Actor::Supporter { user_id, .. } => {
                let f = PledgeFilter {
                    supporter_id: Some(user_id),
                    statuses,
                    ..PledgeFilter::default()
                };
                let (rows, total) =
                    pledges::list(&mut conn, &f, page.offset(), page.limit()).await?;
                (rows, total, false)
            }
            Actor::Household { household_id, .. } => {
                let (rows, total) = pledges_queries::of_household(
                    &mut conn,
                    household_id,
                    &statuses,
                    page.offset(),
                    page.limit(),
                )
                .await?;
                (rows, total, true)
            }
            _ => return Err(ApiError::forbidden("officials use GET /review/pledges")),
        };
    let items = rows.into_iter().map(|p| view(p, show_code)).collect();
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
