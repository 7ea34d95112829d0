//! `POST /api/v1/rectifications/{id}/answer` (officials in scope of the township),
//! `/accept` and `/reopen` (the round's checker). Each step is on the audit chain.

use super::{load_visible, RectificationView};
use crate::api::actor;
use crate::api::extract::Body;
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::{audit, rectifications};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RectificationAnswer {
    /// What was done (5–2,000 characters).
    pub answer: String,
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RectificationReview {
    /// Why it is reopened, or a remark on acceptance (up to 2,000 characters).
    pub note: Option<String>,
}

fn conflict(detail: &str) -> ApiError {
    ApiError::new(ErrorCode::InvalidTransition, detail)
}

#[utoipa::path(
    post, path = "/api/v1/rectifications/{id}/answer", tag = "checks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = RectificationAnswer,
    responses(
        (status = 200, description = "Answered; the checker decides next", body = RectificationView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 403, description = "Not an official in scope of the township", body = crate::error::Problem),
        (status = 404, description = "No such rectification for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: not open", body = crate::error::Problem),
    )
)]
pub async fn answer_rectification(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<RectificationAnswer>,
) -> ApiResult<HttpResponse> {
    let answer = text::bounded(&body.0.answer, 5, 2000)
        .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("answer", c, m)]))?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let loaded = load_visible(&mut conn, &actor, *id).await?;
    if !loaded.in_scope {
        return Err(ApiError::forbidden(
            "the township's officials answer a rectification",
        ));
    }
    let rect = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let now = Utc::now();
            let r = rectifications::answer(conn, loaded.rect.id, auth.id, &answer, now)
                .await?
                .ok_or_else(|| conflict("only an open rectification can be answered"))?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: "rectification.answered",
                    subject_type: "rectification",
                    subject_id: r.id,
                    details: json!({ "on_time": now <= r.deadline }),
                },
            )
            .await?;
            Ok(r)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RectificationView::from(rect)))
}

#[utoipa::path(
    post, path = "/api/v1/rectifications/{id}/accept", tag = "checks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = Option<RectificationReview>, description = "Optional remark"),
    responses(
        (status = 200, description = "Accepted: the problem counts as rectified", body = RectificationView),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 403, description = "Not the round's checker", body = crate::error::Problem),
        (status = 404, description = "No such rectification for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: not answered", body = crate::error::Problem),
    )
)]
pub async fn accept_rectification(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Option<Body<RectificationReview>>,
) -> ApiResult<HttpResponse> {
    decide(
        &state,
        &auth,
        *id,
        body.map(|b| b.0).unwrap_or_default(),
        true,
    )
    .await
}

#[utoipa::path(
    post, path = "/api/v1/rectifications/{id}/reopen", tag = "checks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body(content = Option<RectificationReview>, description = "Why the answer is not enough"),
    responses(
        (status = 200, description = "Reopened with a new deadline", body = RectificationView),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 403, description = "Not the round's checker", body = crate::error::Problem),
        (status = 404, description = "No such rectification for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: not answered", body = crate::error::Problem),
    )
)]
pub async fn reopen_rectification(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Option<Body<RectificationReview>>,
) -> ApiResult<HttpResponse> {
    decide(
        &state,
        &auth,
        *id,
        body.map(|b| b.0).unwrap_or_default(),
        false,
    )
    .await
}

async fn decide(
    state: &AppState,
    auth: &AuthUser,
    id: Uuid,
    input: RectificationReview,
    accept: bool,
) -> ApiResult<HttpResponse> {
    let note = match input.note.as_deref() {
        None | Some("") => String::new(),
        Some(n) => text::bounded(n, 1, 2000)
            .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("note", c, m)]))?,
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(auth)).await?;
    let loaded = load_visible(&mut conn, &actor, id).await?;
    if !loaded.is_checker {
        return Err(ApiError::forbidden(
            "the round's checker accepts or reopens a rectification",
        ));
    }
    let window = state.config.rectification_window;
    let rect = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let now = Utc::now();
            let r = if accept {
                rectifications::accept(conn, id, now).await?
            } else {
                rectifications::reopen(conn, id, now + window).await?
            }
            .ok_or_else(|| {
                conflict("only an answered rectification can be accepted or reopened")
            })?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: if accept {
                        "rectification.accepted"
                    } else {
                        "rectification.reopened"
                    },
                    subject_type: "rectification",
                    subject_id: r.id,
                    details: json!({ "note": note, "deadline": r.deadline }),
                },
            )
            .await?;
            Ok(r)
        })
        .await?;
    Ok(HttpResponse::Ok().json(RectificationView::from(rect)))
}
