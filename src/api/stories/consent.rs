//! `POST /api/v1/stories/{id}/consent`: the household consents to a draft as it stands (in the app),
//! or an official of its village other than the story's writer records its spoken consent
//! (`recorded_spoken: true`, with a note; the writer gets 403 `second_official_required`).
//! Consent to show faces is given separately (`faces_allowed`). On the audit chain either way.

use super::views::{view_one, StoryView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::story::NOTE_CHARS;
use crate::domain::{personal_data, text};
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::stories::consent::{self, Consent};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConsentRequest {
    /// Whether photos showing a face may be published (default: no).
    #[serde(default)]
    pub faces_allowed: bool,
    /// An official records the household's spoken consent (required of officials, and never the
    /// story's writer; households leave it out).
    #[serde(default)]
    pub recorded_spoken: bool,
    /// How and when the consent was given (officials), up to 500 characters, no phone or ID number.
    pub note: Option<String>,
    /// The story's `updated_at` as the household (or official) saw it: when the story changed since
    /// (a photo added, the text edited), the consent is refused with 409 `story_changed`, so a
    /// consent never covers what was not seen. The web app always sends it.
    pub seen_updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

#[utoipa::path(
    post, path = "/api/v1/stories/{id}/consent", tag = "stories",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ConsentRequest,
    responses(
        (status = 200, description = "Consent recorded", body = StoryView),
        (status = 400, description = "Invalid fields (`recorded_spoken` from the wrong party)", body = crate::error::Problem),
        (status = 403, description = "Visible, but neither the household nor its officials; `second_official_required`: the writer records no spoken consent to its own story", body = crate::error::Problem),
        (status = 404, description = "No such story for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: not a draft; `story_changed`: changed since `seen_updated_at`", body = crate::error::Problem),
    )
)]
pub async fn consent_story(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ConsentRequest>,
) -> ApiResult<HttpResponse> {
    let note = match body.note.as_deref() {
        None => None,
        Some(n) => match text::bounded(n, NOTE_CHARS.0, NOTE_CHARS.1) {
            Err((c, m)) => return Err(ApiError::validation(vec![FieldError::new("note", c, m)])),
            Ok(_) if personal_data::refused(n).is_some() => {
                return Err(ApiError::validation(vec![FieldError::new(
                    "note",
                    "personal_data",
                    "must not contain a phone or ID number",
                )]))
            }
            Ok(n) => Some(n),
        },
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let given = Consent {
        faces_allowed: body.faces_allowed,
        recorded_spoken: body.recorded_spoken,
        note: note.as_deref(),
        seen_updated_at: body.seen_updated_at,
    };
    let s = consent::consent(&mut conn, &auth, &actor, *id, given).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, s, true).await?))
}
