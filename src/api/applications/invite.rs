//! `POST /api/v1/applications/{id}/invite`: the employer invites the applicant; the household's acceptance shows its phone to the employer.

use super::act;
use crate::api::applications::views::ApplicationView;
use crate::auth::AuthUser;
use crate::domain::employment::application::ApplicationAction;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/applications/{id}/invite", tag = "applications",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Invited", body = ApplicationView),
        (status = 403, description = "Not the employer's move", body = crate::error::Problem),
        (status = 404, description = "No such application for you", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`", body = crate::error::Problem),
    )
)]
pub async fn invite_applicant(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    act(&state, &auth, *id, ApplicationAction::Invite, None).await
}
