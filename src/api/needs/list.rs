//! `GET /api/v1/needs`: officials list the needs of their jurisdiction (admins: all), filtered by
//! status, category and a region inside the jurisdiction. Newest first.

use super::views::{region_map, view, NeedView};
use crate::api::actor;
use crate::api::extract::{Page, PageQuery, Paginated};
use crate::api::regions::parse_code;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::need::{Category, NeedStatus};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::needs::{self, NeedFilter};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NeedListQuery {
    /// Comma-separated statuses.
    pub status: Option<String>,
    /// Comma-separated categories.
    pub category: Option<String>,
    /// A region inside the jurisdiction (any level).
    pub region: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

/// Splits `a,b` and checks each value, reporting unknown ones under `field`.
pub fn parse_list<T: Copy>(
    raw: Option<&str>,
    field: &str,
    parse: fn(&str) -> Option<T>,
    errors: &mut Vec<FieldError>,
) -> Vec<T> {
    let mut out = Vec::new();
    for part in raw
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        match parse(part) {
            Some(v) => out.push(v),
            None => errors.push(FieldError::new(
                field,
                "invalid_value",
                format!("`{part}` is not a valid {field}"),
            )),
        }
    }
    out
}

#[utoipa::path(
    get, path = "/api/v1/needs", tag = "needs",
    security(("bearer" = [])),
    params(NeedListQuery),
    responses(
        (status = 200, description = "Needs in the caller's jurisdiction", body = Paginated<NeedView>),
        (status = 400, description = "Unknown status or category, bad region or paging", body = crate::error::Problem),
        (status = 403, description = "Not an official or admin, or a region outside the jurisdiction", body = crate::error::Problem),
    )
)]
pub async fn list_needs(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<NeedListQuery>,
) -> ApiResult<HttpResponse> {
    let page: Page = PageQuery::parse(query.page, query.per_page)?;
    let mut errors = Vec::new();
    let statuses = parse_list(
        query.status.as_deref(),
        "status",
        NeedStatus::parse,
        &mut errors,
    );
    let categories = parse_list(
        query.category.as_deref(),
        "category",
        Category::parse,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let region = query.region.as_deref().map(parse_code).transpose()?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let region_like = match (&actor, region) {
        (Actor::Official { jurisdiction, .. }, None) => Some(jurisdiction.like_pattern()),
        (Actor::Official { jurisdiction, .. }, Some(r)) if jurisdiction.covers(&r) => {
            Some(format!("{r}%"))
        }
        (Actor::Official { .. }, Some(_)) => {
            return Err(ApiError::forbidden(
                "that region is outside your jurisdiction",
            ))
        }
        (Actor::Admin { .. }, r) => r.map(|r| format!("{r}%")),
        _ => {
            return Err(ApiError::forbidden(
                "this list is for officials; the public searches published needs",
            ))
        }
    };
    let filter = NeedFilter {
        region_like,
        statuses,
        categories,
        ..NeedFilter::default()
    };
    let (rows, total) = needs::list(&mut conn, &filter, page.offset(), page.limit()).await?;
    let regions = region_map(&mut conn, &rows).await?;
    let items = rows.into_iter().map(|n| view(n, &regions, true)).collect();
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
