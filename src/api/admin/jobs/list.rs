//! `GET /api/v1/admin/jobs?state=failed`: the outbox, for admins. A job's payload is never shown
//! whole (a mail job's variables carry names and titles): only its kind and the ids it names.

use crate::api::extract::{PageQuery, Paginated};
use crate::auth::AuthUser;
use crate::domain::job::JobState;
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
    /// What the job is about, as ids only: the payload's `id` and `…_id` fields, and a mail job's
    /// message kind. Variables, addresses and texts are left out.
    #[schema(value_type = Object)]
    pub subject: serde_json::Map<String, Value>,
    pub state: JobState,
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
            subject: subject_of(&j.payload),
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

/// The ids a payload names (and a mail job's message kind), nothing else: keys `id`, `…_id` or
/// `…_ids` with a string, number or list value, and `kind` when it is a short code.
pub fn subject_of(payload: &Value) -> serde_json::Map<String, Value> {
    let mut out = serde_json::Map::new();
    let Some(fields) = payload.as_object() else {
        return out;
    };
    for (key, value) in fields {
        let is_id = key == "id" || key.ends_with("_id") || key.ends_with("_ids");
        let id_like = match value {
            Value::String(s) => {
                s.len() <= 64 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            }
            Value::Number(_) => true,
            Value::Array(items) => items.iter().all(|v| v.is_string() || v.is_number()),
            _ => false,
        };
        let is_code = key == "kind"
            && value.as_str().is_some_and(|s| {
                s.len() <= 64
                    && s.chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
            });
        if (is_id && id_like) || is_code {
            out.insert(key.clone(), value.clone());
        }
    }
    out
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
    let job_state = match query.state.as_deref() {
        None => None,
        Some(s) => Some(JobState::parse(s).ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "state",
                "invalid_value",
                "queued, done or failed",
            )])
        })?),
    };
    let mut conn = state.pool.get().await?;
    let (rows, total) = jobs::list(&mut conn, job_state, page.offset(), page.limit()).await?;
    Ok(HttpResponse::Ok().json(Paginated {
        items: rows.into_iter().map(JobView::from).collect::<Vec<_>>(),
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_ids_and_the_kind_leave_a_payload() {
        let p = json!({
            "kind": "need_approved",
            "user_id": "6f0d0b1e-0000-4000-8000-000000000001",
            "vars": {"title": "轮椅", "head_name": "张三"},
            "email": "a@b.cn",
            "need_ids": ["x1", "x2"],
            "id": 7,
            "note_id": "has spaces, so not an id"
        });
        let s = Value::Object(subject_of(&p));
        assert_eq!(
            s,
            json!({"kind": "need_approved", "user_id": "6f0d0b1e-0000-4000-8000-000000000001", "need_ids": ["x1", "x2"], "id": 7})
        );
    }
}
