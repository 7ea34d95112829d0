//! `GET /api/v1/stories?region=CODE`: published stories in a region (a province down to a village;
//! none: the whole country), newest first.

use super::views::{views, StoryView};
use crate::api::extract::{PageQuery, Paginated};
use crate::api::regions::{not_found, parse_code};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::regions;
use crate::store::stories::{self, Scope};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct StoriesQuery {
    /// A region code (2 to 12 digits): stories of its villages.
    pub region: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[utoipa::path(
    get, path = "/api/v1/stories", tag = "stories",
    params(StoriesQuery),
    responses(
        (status = 200, description = "Published stories, newest first", body = Paginated<StoryView>),
        (status = 400, description = "`invalid_region_code`", body = crate::error::Problem),
        (status = 404, description = "`region_not_found`", body = crate::error::Problem),
    )
)]
pub async fn list_stories(
    state: web::Data<AppState>,
    query: web::Query<StoriesQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let region = query.region.as_deref().map(parse_code).transpose()?;
    let mut conn = state.pool.get().await?;
    if let Some(r) = &region {
        if regions::find(&mut conn, r).await?.is_none() {
            return Err(not_found(r));
        }
    }
    let like = format!("{}%", region.as_ref().map_or("", |r| r.as_str()));
    let (rows, total) = stories::list(
        &mut conn,
        Scope::Published { region_like: &like },
        page.offset(),
        page.limit(),
    )
    .await?;
    let items = views(&mut conn, rows, |_| false).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .json(Paginated {
            items,
            total,
            page: page.page,
            per_page: page.per_page,
        }))
}
