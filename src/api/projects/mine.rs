//! `GET /api/v1/me/projects`: for an official, the projects of its jurisdiction (proposed in
//! scope), every status; for a user of an organization, the projects it hosts. Newest first.

use super::views::{summary, ProjectView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::service::projects::organization_of;
use crate::state::AppState;
use crate::store::project_search::{self, Mine};
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/me/projects", tag = "projects",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The official's projects in scope, or the organization's hosted projects, every status, newest first", body = Paginated<ProjectView>),
        (status = 403, description = "Neither an official nor an organization", body = crate::error::Problem),
    )
)]
pub async fn my_projects(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let who = match &actor {
        Actor::Official { jurisdiction, .. } => {
            Mine::Jurisdiction(jurisdiction.region().as_str().to_owned())
        }
        _ => match organization_of(&mut conn, &actor).await? {
            Some(org) => Mine::Host(org),
            None => {
                return Err(ApiError::forbidden(
                    "officials and organizations have projects",
                ))
            }
        },
    };
    let (rows, total) = project_search::mine(&mut conn, &who, page.offset(), page.limit()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for p in rows {
        items.push(summary(&mut conn, p).await?);
    }
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Paginated {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
