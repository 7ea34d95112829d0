//! The household's consent, and submission for review. The household consents in the app, or an
//! official of its village other than the writer (`Decision::RecordSpokenConsent`) records that it
//! consented aloud (`recorded_spoken`, with a note kept on the story, not on the audit chain); either way `story.consented` goes on the chain with whether
//! faces may be shown. The writer submits a consented draft; a face photo without consent to faces
//! is refused there already.

use super::{load_visible, own_story, refusal, transition};
use crate::auth::AuthUser;
use crate::domain::access::{Access, Actor};
use crate::domain::story::{self, StoryStatus};
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::stories::{Story, StoryChange};
use crate::store::{story_photos, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// A consent as given.
pub struct Consent<'a> {
    pub faces_allowed: bool,
    /// An official records the household's spoken consent.
    pub recorded_spoken: bool,
    pub note: Option<&'a str>,
    /// The version the party saw, if it says (see the API's `seen_updated_at`).
    pub seen_updated_at: Option<chrono::DateTime<Utc>>,
}

/// Records the household's consent to a draft: by the household itself, or (spoken) by an official
/// in scope.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, story_id = %id))]
pub async fn consent(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    given: Consent<'_>,
) -> ApiResult<Story> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (before, access) = load_visible(conn, actor, id, true).await?;
        // Seeing a published story is not a part in it: the household and its officials only.
        if access != Access::Manage {
            return Err(ApiError::forbidden(
                "only the household or its officials record consent",
            ));
        }
        if given
            .seen_updated_at
            .is_some_and(|seen| seen != before.updated_at)
        {
            return Err(ApiError::new(
                ErrorCode::StoryChanged,
                "the story changed since you read it: read it again before you agree",
            ));
        }
        let spoken = match actor {
            Actor::Household { .. } if given.recorded_spoken => {
                return Err(ApiError::validation(vec![FieldError::new(
                    "recorded_spoken",
                    "not_an_official",
                    "a household consents itself; officials record spoken consent",
                )]))
            }
            Actor::Household { .. } => false,
            Actor::Official { .. } if !given.recorded_spoken => {
                return Err(ApiError::validation(vec![FieldError::new(
                    "recorded_spoken",
                    "required",
                    "an official records the household's spoken consent: set recorded_spoken",
                )]))
            }
            Actor::Official { .. } => {
                let rule = Decision::RecordSpokenConsent {
                    written_by: before.written_by,
                };
                if let Some(why) = rule.refusal(auth.id) {
                    return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
                }
                true
            }
            _ => {
                return Err(ApiError::forbidden(
                    "only the household or its officials record consent",
                ))
            }
        };
        let now = Utc::now();
        let change = StoryChange {
            consent_at: Some(Some(now)),
            consent_by: Some(Some(auth.id)),
            consent_spoken: Some(Some(spoken)),
            consent_note: Some(given.note),
            faces_allowed: Some(given.faces_allowed),
            updated_at: Some(now),
            ..StoryChange::default()
        };
        transition(
            conn,
            auth,
            &before,
            &[StoryStatus::Draft],
            change,
            "story.consented",
            json!({ "faces_allowed": given.faces_allowed, "spoken": spoken }),
        )
        .await
    })
    .await
}

/// The consent rules on a locked story.
pub async fn check_ready(conn: &mut Conn, s: &Story) -> ApiResult<()> {
    let (_, faces, _) = story_photos::counts(conn, s.id).await?;
    story::ready(s.consent_at.is_some(), s.faces_allowed, faces).map_err(refusal)
}

/// The writer submits a consented draft for review.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, story_id = %id))]
pub async fn submit(conn: &mut Conn, auth: &AuthUser, actor: &Actor, id: Uuid) -> ApiResult<Story> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let before = own_story(conn, actor, id).await?;
        if before.status == StoryStatus::Draft {
            check_ready(conn, &before).await?;
        }
        let now = Utc::now();
        let change = StoryChange {
            status: Some(StoryStatus::InReview),
            submitted_at: Some(Some(now)),
            updated_at: Some(now),
            ..StoryChange::default()
        };
        transition(
            conn,
            auth,
            &before,
            &[StoryStatus::Draft],
            change,
            "story.submitted",
            json!({}),
        )
        .await
    })
    .await
}
