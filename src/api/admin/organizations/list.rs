//! `GET /api/v1/admin/organizations`: admins see every organization; officials those registered in
//! their jurisdiction (county level or above). `?verified=false` is the verification queue.

use super::OrganizationRecord;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::organizations;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OrganizationQuery {
    /// Only verified (true) or unverified (false) organizations.
    pub verified: Option<bool>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/admin/organizations", tag = "admin",
    security(("bearer" = [])),
    params(OrganizationQuery),
    responses(
        (status = 200, description = "Organizations in the caller's scope, newest first", body = Paginated<OrganizationRecord>),
        (status = 403, description = "Neither admin nor official", body = crate::error::Problem),
    )
)]
pub async fn list_organizations(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<OrganizationQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let scope = match &actor {
        Actor::Admin { .. } => None,
        // Organizations are registered in counties: a township official has none in scope.
        Actor::Official { jurisdiction, .. } if jurisdiction.region().as_str().len() <= 6 => {
            Some(jurisdiction.region().as_str().to_owned())
        }
        Actor::Official { .. } => Some("-".to_owned()),
        _ => {
            return Err(ApiError::forbidden(
                "admins and officials verify organizations",
            ))
        }
    };
    let (rows, total) = organizations::list(
        &mut conn,
        scope.as_deref(),
        query.verified,
        page.offset(),
        page.limit(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items: rows
            .into_iter()
            .map(OrganizationRecord::from)
            .collect::<Vec<_>>(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
