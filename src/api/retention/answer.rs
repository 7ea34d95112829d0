//! `POST /api/v1/retention-checks/{id}`: an official covering the household's village records
//! whether the member is still employed, once, from the check's due date on.

use super::RetentionCheckAnswered;
use crate::api::actor;
use crate::api::extract::Body;
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::retention_checks;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A note: up to 500 characters.
pub const NOTE_CHARS: (usize, usize) = (1, 500);

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RetentionAnswerBody {
    pub still_employed: bool,
    /// Up to 500 characters.
    pub note: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/retention-checks/{id}", tag = "jobs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = RetentionAnswerBody,
    responses(
        (status = 200, description = "Recorded", body = RetentionCheckAnswered),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 404, description = "No such check for the caller (officials covering the household's village only)", body = crate::error::Problem),
        (status = 409, description = "`not_due`: before its due date (the problem carries `due_at`); `invalid_transition`: answered already", body = crate::error::Problem),
    )
)]
pub async fn answer_retention_check(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<RetentionAnswerBody>,
) -> ApiResult<HttpResponse> {
    let note = match body.note.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) => Some(
            text::bounded(n, NOTE_CHARS.0, NOTE_CHARS.1)
                .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("note", c, m)]))?,
        ),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let check = retention_checks::answer(
        &mut conn,
        &actor,
        *id,
        body.still_employed,
        note.as_deref(),
        Utc::now(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(RetentionCheckAnswered::from(check)))
}
