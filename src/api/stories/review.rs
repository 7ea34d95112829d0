//! `POST /api/v1/stories/{id}/review`: an official of the household's village other than the
//! writer (403 `second_official_required`) publishes the story or rejects it with a reason.
//! Publishing, it says which of the story's photos show a face (`photos_showing_faces`, required,
//! possibly empty): a photo the writer or the reviewer marks shows a face.

use super::views::{view_one, StoryView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::story::NOTE_CHARS;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::stories::review::{self, StoryDecision};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StoryReviewRequest {
    /// `approve` (publish) or `reject`.
    pub decision: String,
    /// Required to reject (the writer sees it), up to 500 characters.
    pub reason: Option<String>,
    /// Required to approve: the ids of the story's photos that show a face, as the reviewer sees
    /// them (`[]` for none). With the writer's marks they decide: publishing a face without the
    /// household's consent to faces is refused (409 `faces_not_allowed`).
    pub photos_showing_faces: Option<Vec<Uuid>>,
}

#[utoipa::path(
    post, path = "/api/v1/stories/{id}/review", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = StoryReviewRequest,
    responses(
        (status = 200, description = "Published, or rejected with the reason", body = StoryView),
        (status = 400, description = "An unknown decision, a rejection without a reason, an approval without `photos_showing_faces` or naming another story's photo (`unknown_photo`)", body = crate::error::Problem),
        (status = 403, description = "Not an official of the village, or `second_official_required`", body = crate::error::Problem),
        (status = 404, description = "No such story for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition` (not in review), `consent_required`, `faces_not_allowed`", body = crate::error::Problem),
    )
)]
pub async fn review_story(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<StoryReviewRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let reason = body.reason.as_deref().and_then(|r| {
        text::bounded(r, NOTE_CHARS.0, NOTE_CHARS.1)
            .map_err(|(c, m)| errors.push(FieldError::new("reason", c, m)))
            .ok()
    });
    let publish = match body.decision.as_str() {
        "approve" => Some(true),
        "reject" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "decision",
                "invalid_decision",
                "`approve` or `reject`",
            ));
            None
        }
    };
    if publish == Some(false) && body.reason.is_none() {
        errors.push(FieldError::new(
            "reason",
            "required",
            "a rejection says why",
        ));
    }
    if publish == Some(true) && body.photos_showing_faces.is_none() {
        errors.push(FieldError::new(
            "photos_showing_faces",
            "required",
            "say which of the story's photos show a face ([] for none)",
        ));
    }
    let faces = body.photos_showing_faces.as_deref().unwrap_or(&[]);
    let decision = match (publish, reason.as_deref()) {
        (Some(true), _) if errors.is_empty() => StoryDecision::Publish {
            photos_showing_faces: faces,
        },
        (Some(false), Some(r)) if errors.is_empty() => StoryDecision::Reject { reason: r },
        _ => return Err(ApiError::validation(errors)),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let s = review::review(&mut conn, &auth, &actor, *id, decision).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, s, true).await?))
}
