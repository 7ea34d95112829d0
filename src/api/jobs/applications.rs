//! `GET /api/v1/jobs/{id}/applications`: a job's applications, newest first: all of them for its
//! employer, those of households in their jurisdiction for officials.

use crate::api::actor;
use crate::api::applications::query::{page_of, ApplicationsQuery};
use crate::api::applications::views::ApplicationView;
use crate::api::extract::Paginated;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult};
use crate::service::job_postings;
use crate::state::AppState;
use crate::store::job_applications::Scope;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/jobs/{id}/applications", tag = "jobs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ApplicationsQuery),
    responses(
        (status = 200, description = "Applications, newest first", body = Paginated<ApplicationView>),
        (status = 403, description = "Neither the employer nor an official", body = crate::error::Problem),
        (status = 404, description = "No such job", body = crate::error::Problem),
    )
)]
pub async fn job_applications(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: web::Query<ApplicationsQuery>,
) -> ApiResult<HttpResponse> {
    let (page, status) = query.parse()?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let job = job_postings::load(&mut conn, *id, false).await?;
    let like;
    let scope = match &actor {
        _ if job_postings::is_employer(&actor, &job) => Scope::Job {
            job_id: job.id,
            region_like: None,
        },
        Actor::Official { jurisdiction, .. } => {
            like = jurisdiction.like_pattern();
            Scope::Job {
                job_id: job.id,
                region_like: Some(&like),
            }
        }
        _ => {
            return Err(ApiError::forbidden(
                "a job's applications are for its employer and officials",
            ))
        }
    };
    page_of(&mut conn, &actor, scope, status, page).await
}
