//! `POST /api/v1/stories`: an official of the household's village writes a draft about help that
//! arrived (a confirmed pledge, a hire). An `Idempotency-Key` is honoured.

use super::views::{view_one, StoryView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::access::Access;
use crate::domain::story::StorySubject;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::stories::{
    self,
    write::{self, StoryDraft},
};
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateStoryRequest {
    /// `pledge` (a confirmed pledge) or `job_application` (a hire).
    pub subject_type: String,
    pub subject_id: Uuid,
    /// 2–60 characters; no phone or ID number, not the household's name.
    pub title: String,
    /// 10–2,000 characters; no phone or ID number, not the household's name.
    pub body: String,
}

#[utoipa::path(
    post, path = "/api/v1/stories", tag = "stories",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Optional: a UUID; a replay renders the story created then, as the caller may see it now")),
    request_body = CreateStoryRequest,
    responses(
        (status = 201, description = "A draft, waiting for the household's consent", body = StoryView),
        (status = 400, description = "Invalid fields (`personal_data`, `unknown_subject`…), every violation at once; `idempotency_key_invalid`", body = crate::error::Problem),
        (status = 403, description = "Not an official", body = crate::error::Problem),
        (status = 404, description = "A replay of a story the caller may no longer see", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: the pledge is not confirmed or the application not hired; `idempotency_request_in_flight`", body = crate::error::Problem),
        (status = 422, description = "`idempotency_key_reused`: the key was used with another body", body = crate::error::Problem),
    )
)]
pub async fn create_story(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<CreateStoryRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let Some(subject_type) = StorySubject::parse(&input.subject_type) else {
        return Err(ApiError::validation(vec![FieldError::new(
            "subject_type",
            "invalid_subject_type",
            "`pledge` or `job_application`",
        )]));
    };
    // The answer is the private view (consent notes, the household's label for officials): the key
    // keeps only the story's id, and a replay renders the story afresh with the caller's rights.
    idempotency::run_by_reference(
        &state,
        &auth,
        &req,
        &raw,
        false,
        replay,
        async |conn: &mut Conn| {
            let actor = actor::load(conn, Some(&auth)).await?;
            let draft = StoryDraft {
                subject_type,
                subject_id: input.subject_id,
                title: &input.title,
                body: &input.body,
            };
            let story = write::create(conn, &auth, &actor, draft).await?;
            let v = view_one(conn, story, true).await?;
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(v).map_err(ApiError::internal)?,
            ))
        },
    )
    .await
}

/// The story as the caller may see it now (404 when it no longer may).
fn replay<'c>(
    conn: &'c mut Conn,
    auth: &'c AuthUser,
    id: Uuid,
) -> futures_util::future::BoxFuture<'c, ApiResult<serde_json::Value>> {
    Box::pin(async move {
        let actor = actor::load(conn, Some(auth)).await?;
        let (s, access) = stories::load_visible(conn, &actor, id, false).await?;
        let v = view_one(conn, s, access == Access::Manage).await?;
        serde_json::to_value(v).map_err(ApiError::internal)
    })
}
