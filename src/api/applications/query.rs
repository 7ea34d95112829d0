//! The query of the application lists: a page, and optionally one status.

use crate::api::extract::{Page, PageQuery, Paginated};
use crate::domain::access::Actor;
use crate::domain::employment::application::ApplicationStatus;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::job_applications::party_of;
use crate::store::job_applications::{self, Scope};
use crate::store::{job_postings, Conn};
use actix_web::HttpResponse;
use serde::Deserialize;
use utoipa::IntoParams;

use super::views::{view, ApplicationView};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApplicationsQuery {
    /// Only applications in this status: applied, invited, accepted, hired, declined, withdrawn.
    pub status: Option<String>,
    /// Page number, from 1.
    pub page: Option<u32>,
    /// Items per page, 1 to 100 (default 20).
    pub per_page: Option<u32>,
}

impl ApplicationsQuery {
    /// The page and the status, every mistake in one answer.
    pub fn parse(&self) -> ApiResult<(Page, Option<ApplicationStatus>)> {
        let mut errors = Vec::new();
        let page = PageQuery::check(self.page, self.per_page, &mut errors);
        let status = self.status.as_deref().and_then(|s| {
            let parsed = ApplicationStatus::parse(s.trim());
            if parsed.is_none() {
                errors.push(FieldError::new(
                    "status",
                    "invalid_status",
                    "one of applied, invited, accepted, hired, declined, withdrawn",
                ));
            }
            parsed
        });
        if errors.is_empty() {
            Ok((page, status))
        } else {
            Err(ApiError::validation(errors))
        }
    }
}

/// One page of applications in `scope`, each rendered for the caller (who may see them all).
pub async fn page_of(
    conn: &mut Conn,
    actor: &Actor,
    scope: Scope<'_>,
    status: Option<ApplicationStatus>,
    page: Page,
) -> ApiResult<HttpResponse> {
    let (rows, total) =
        job_applications::list(conn, scope, status, page.offset(), page.limit()).await?;
    let mut items: Vec<ApplicationView> = Vec::with_capacity(rows.len());
    for a in rows {
        let job = job_postings::find(conn, a.job_id)
            .await?
            .ok_or_else(|| ApiError::internal("application without its job"))?;
        let Some(party) = party_of(actor, &a, &job) else {
            return Err(ApiError::internal(
                "a list showed an application out of scope",
            ));
        };
        items.push(view(conn, a, &job, party).await?);
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
