//! `POST /api/v1/applications/{id}/decline`: the employer declines an application still under way.

use super::{act, ReasonRequest};
use crate::api::applications::views::ApplicationView;
use crate::api::extract::Body;
use crate::auth::AuthUser;
use crate::domain::employment::application::ApplicationAction;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/decline", tag = "applications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReasonRequest,
    responses(
        (status = 200, description = "Declined", body = ApplicationView),
        (status = 403, description = "Not the employer's move", body = crate::error::Problem),
        (status = 404, description = "No such application for you", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`", body = crate::error::Problem),
    )
)]
pub async fn decline_application(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReasonRequest>,
) -> ApiResult<HttpResponse> {
    act(
        &state,
        &auth,
        *id,
        ApplicationAction::Decline,
        body.reason.as_deref(),
    )
    .await
}
