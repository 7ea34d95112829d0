//! `GET /api/v1/projects/{id}`: the project's page with its public ledger. Once approved anyone
//! reads it; before (or after a rejection) only the village's officials, the host and admins
//! (404 for everyone else).

use super::views::{page, ProjectView};
use crate::api::actor;
use crate::auth::MaybeAuthUser;
use crate::error::ApiResult;
use crate::service::projects;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/projects/{id}", tag = "projects",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The project, its budget and its ledger (pledged, received, spent, refunded, each line dated; individual supporters masked)", body = ProjectView),
        (status = 404, description = "No such project for the caller", body = crate::error::Problem),
    )
)]
pub async fn get_project(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let seen = projects::load_visible(&mut conn, &actor, *id, false).await?;
    let cache = if seen.project.approved_at.is_some() {
        "no-cache"
    } else {
        "private, no-store"
    };
    let private = projects::sees_unpublished(&seen, &actor);
    let cache = if private { "private, no-store" } else { cache };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", cache))
        .json(page(&mut conn, seen.project, private).await?))
}
