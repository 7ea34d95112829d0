//! `GET /api/v1/me/jobs`: the employer's own postings, in every status, newest first.

use super::views::{view, JobView};
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::job_postings;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/me/jobs", tag = "jobs",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The caller's postings, every status, newest first (empty for callers who post none)", body = Paginated<JobView>),
    )
)]
pub async fn my_jobs(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (rows, total) =
        job_postings::of_employer(&mut conn, auth.id, page.offset(), page.limit()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for p in rows {
        items.push(view(&mut conn, &actor, p).await?);
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
