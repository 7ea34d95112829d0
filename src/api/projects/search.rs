//! `GET /api/v1/projects/search`: anyone finds approved projects by title words, region (a prefix:
//! `411224` finds every village of Lushi County), status, sorted newest first, by deadline, or by
//! progress (received over target). A read model in PostgreSQL (`store::project_search`); the
//! search engine may index projects later.

use super::views::{summary, ProjectView};
use crate::api::extract::{PageQuery, Paginated};
use crate::domain::crowdfunding::{ProjectSort, ProjectStatus};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::project_search::{self, ProjectQuery};
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::IntoParams;

/// At most this many words of `q` are used.
const MAX_WORDS: usize = 8;

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ProjectSearchParams {
    /// Words that must all appear in the title.
    pub q: Option<String>,
    /// A region code at any level, matched as a prefix of the village.
    #[param(value_type = Option<String>, pattern = "^[0-9]{2,12}$")]
    pub region: Option<String>,
    /// `open`, `completed`, `failed` or `cancelled` (approved projects only).
    pub status: Option<String>,
    /// `newest` (default), `deadline` (soonest first) or `progress` (most funded first).
    pub sort: Option<String>,
    /// Page number, from 1.
    #[param(value_type = Option<u32>, minimum = 1)]
    pub page: Option<String>,
    /// Items per page, 1 to 100 (default 20).
    #[param(value_type = Option<u32>, minimum = 1, maximum = 100)]
    pub per_page: Option<String>,
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

fn parse(p: &ProjectSearchParams) -> ApiResult<(ProjectQuery, crate::api::extract::Page)> {
    let mut errors = Vec::new();
    let region_prefix = given(&p.region).and_then(|r| match RegionCode::parse(r) {
        Ok(code) => Some(code.as_str().to_owned()),
        Err(m) => {
            errors.push(FieldError::new("region", "invalid_region_code", m));
            None
        }
    });
    let status = given(&p.status).and_then(|s| {
        let st = ProjectStatus::parse(s)
            .filter(|s| !matches!(s, ProjectStatus::PendingReview | ProjectStatus::Rejected));
        if st.is_none() {
            errors.push(FieldError::new(
                "status",
                "invalid_status",
                "open, completed, failed or cancelled",
            ));
        }
        st
    });
    let sort = given(&p.sort).and_then(|s| {
        let sort = ProjectSort::parse(s);
        if sort.is_none() {
            errors.push(FieldError::new(
                "sort",
                "invalid_sort",
                "newest, deadline or progress",
            ));
        }
        sort
    });
    let mut number = |raw: Option<&str>, field: &str| -> Option<u32> {
        let raw = raw?;
        raw.parse::<u32>()
            .map_err(|_| errors.push(FieldError::new(field, "invalid_value", "a whole number")))
            .ok()
    };
    let (page_no, per_page) = (
        number(given(&p.page), "page"),
        number(given(&p.per_page), "per_page"),
    );
    let page = PageQuery::check(page_no, per_page, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let words = given(&p.q)
        .map(|q| {
            q.split_whitespace()
                .take(MAX_WORDS)
                .map(|w| w.chars().take(40).collect())
                .collect()
        })
        .unwrap_or_default();
    Ok((
        ProjectQuery {
            words,
            region_prefix,
            status,
            sort,
        },
        page,
    ))
}

#[utoipa::path(
    get, path = "/api/v1/projects/search", tag = "projects",
    params(ProjectSearchParams),
    responses(
        (status = 200, description = "Approved projects, one page (summaries without the ledger)", body = Paginated<ProjectView>),
        (status = 400, description = "Bad parameters, every one at once", body = crate::error::Problem),
    )
)]
pub async fn search_projects(
    state: web::Data<AppState>,
    params: web::Query<ProjectSearchParams>,
) -> ApiResult<HttpResponse> {
    let (query, page) = parse(&params)?;
    let mut conn = state.pool.get().await?;
    let (rows, total) =
        project_search::search(&mut conn, &query, page.offset(), page.limit()).await?;
    let mut items = Vec::with_capacity(rows.len());
    for p in rows {
        items.push(summary(&mut conn, p).await?);
    }
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
