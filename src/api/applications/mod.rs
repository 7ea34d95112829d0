//! Applications for jobs over HTTP: reading them, and the moves of the employer (invite, hire,
//! decline) and of the household or its officials (accept, withdraw). Each move is one call to
//! [`crate::service::job_applications`].

pub mod accept;
pub mod decline;
pub mod get;
pub mod hire;
pub mod invite;
pub mod mine;
pub mod query;
pub mod review_queue;
pub mod views;
pub mod withdraw;

use super::{get, post, resource};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::employment::application::ApplicationAction;
use crate::domain::employment::application_fields::{checked_text, REASON_CHARS};
use crate::error::{ApiError, ApiResult};
use crate::service::job_applications;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The application routes, inside `/api/v1`.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(resource("/me/applications").route(get().to(mine::my_applications)))
        .service(resource("/review/applications").route(get().to(review_queue::application_queue)))
        .service(resource("/applications/{id}").route(get().to(get::get_application)))
        .service(resource("/applications/{id}/invite").route(post().to(invite::invite_applicant)))
        .service(resource("/applications/{id}/accept").route(post().to(accept::accept_invitation)))
        .service(resource("/applications/{id}/hire").route(post().to(hire::hire_applicant)))
        .service(
            resource("/applications/{id}/decline").route(post().to(decline::decline_application)),
        )
        .service(
            resource("/applications/{id}/withdraw")
                .route(post().to(withdraw::withdraw_application)),
        );
}

/// The body of a decline or a withdrawal.
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReasonRequest {
    /// Up to 500 characters; no phone or ID numbers.
    pub reason: Option<String>,
}

/// One move without terms, rendered for the caller.
pub async fn act(
    state: &AppState,
    auth: &AuthUser,
    id: Uuid,
    action: ApplicationAction,
    reason: Option<&str>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let reason = checked_text("reason", reason, REASON_CHARS, &mut errors);
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let reason = reason.filter(|r| !r.is_empty());
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(auth)).await?;
    let a = job_applications::act(&mut conn, auth, &actor, id, action, reason.as_deref()).await?;
    let (a, job, party) = job_applications::load_visible(&mut conn, &actor, a.id, false).await?;
    Ok(HttpResponse::Ok().json(views::view(&mut conn, a, &job, party).await?))
}
