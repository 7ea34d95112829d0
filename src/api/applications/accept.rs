//! `POST /api/v1/applications/{id}/accept`: the household (or an official of its village) accepts an invitation; the employer now sees the household's phone.

use super::act;
use crate::api::applications::views::ApplicationView;
use crate::auth::AuthUser;
use crate::domain::employment::application::ApplicationAction;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/accept", tag = "applications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Accepted", body = ApplicationView),
        (status = 403, description = "Not the household's move", body = crate::error::Problem),
        (status = 404, description = "No such application for you", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`", body = crate::error::Problem),
    )
)]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    act(&state, &auth, *id, ApplicationAction::Accept, None).await
}
