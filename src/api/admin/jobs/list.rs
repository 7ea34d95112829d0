//! `GET /api/v1/admin/jobs?state=failed`: the outbox, for admins. Payloads are shown for failed
//! jobs only as their kind and ids: mail jobs name a user, never an address or a token.

use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::Role;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::jobs::{self, Job};
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct JobQuery {
    /// queued, done or failed.
    pub state: Option<String>,
    pub page: Option<u32>,
    pub per_page: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub id: i64,
    pub kind: String,
    pub payload: Value,
    pub state: String,
    pub attempts: i32,
    pub max_attempts: i32,
    pub run_at: DateTime<Utc>,
    pub last_error: Option<String>,
    pub created_at: DateTime<Utc>,
    pub finished_at: Option<DateTime<Utc>>,
}

impl From<Job> for JobView {
    fn from(j: Job) -> Self {
        Self {
            id: j.id,
            kind: j.kind,
            payload: j.payload,
            state: j.state,
            attempts: j.attempts,
            max_attempts: j.max_attempts,
            run_at: j.run_at,
            last_error: j.last_error,
            created_at: j.created_at,
            finished_at: j.finished_at,
        }
    }
}

pub fn require_admin(auth: &AuthUser) -> ApiResult<()> {
    if auth.role == Role::Admin {
        Ok(())
    } else {
        Err(ApiError::forbidden("for admins"))
    }
}

#[utoipa::path(
    get, path = "/api/v1/admin/jobs", tag = "admin",
    security(("bearer" = [])),
    params(JobQuery),
    responses(
        (status = 200, description = "Jobs, newest first", body = Paginated<JobView>),
        (status = 400, description = "An unknown state", body = crate::error::Problem),
        (status = 403, description = "Not an admin", body = crate::error::Problem),
    )
)]
pub async fn list_jobs(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<JobQuery>,
) -> ApiResult<HttpResponse> {
    require_admin(&auth)?;
    let page = PageQuery::parse(query.page, query.per_page)?;
    if let Some(s) = query.state.as_deref() {
        if !["queued", "done", "failed"].contains(&s) {
            return Err(ApiError::validation(vec![FieldError::new(
                "state",
                "invalid_value",
                "queued, done or failed",
            )]));
        }
    }
    let mut conn = state.pool.get().await?;
    let (rows, total) = jobs::list(
        &mut conn,
        query.state.as_deref(),
        page.offset(),
        page.limit(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items: rows.into_iter().map(JobView::from).collect::<Vec<_>>(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
