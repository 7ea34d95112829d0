//! `PATCH /api/v1/stories/{id}`: its writer edits a draft or a rejected story (which becomes a
//! draft again). An edit withdraws the household's consent: it is asked again.

use super::views::{view_one, StoryView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::stories::write;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateStoryRequest {
    pub title: Option<String>,
    pub body: Option<String>,
}

#[utoipa::path(
    patch, path = "/api/v1/stories/{id}", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = UpdateStoryRequest,
    responses(
        (status = 200, description = "Edited; a draft without consent", body = StoryView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Visible, but the caller did not write it", body = crate::error::Problem),
        (status = 404, description = "No such story for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: in review or published", body = crate::error::Problem),
    )
)]
pub async fn update_story(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<UpdateStoryRequest>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let s = write::update(
        &mut conn,
        &auth,
        &actor,
        *id,
        body.title.as_deref(),
        body.body.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, s, true).await?))
}
