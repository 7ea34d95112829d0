//! Review by a second official of the household's village (`Decision::ReviewStory`: never its
//! writer): publish, or reject with a reason (the writer may edit and submit again). Publishing, the
//! reviewer states which of the story's photos show a face, whatever the writer declared: a photo
//! either of them marks shows a face, and the consent rules are checked once more with those marks
//! (409 `faces_not_allowed` when a face would go out without consent to faces).

use super::consent::check_ready;
use super::{load_visible, transition};
use crate::auth::AuthUser;
use crate::domain::access::{Access, Actor};
use crate::domain::story::StoryStatus;
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::stories::{Story, StoryChange};
use crate::store::{story_photos, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// A reviewer's decision.
#[derive(Debug, Clone, Copy)]
pub enum StoryDecision<'a> {
    /// Publish; `photos_showing_faces`: the story's photos the reviewer sees a face on.
    Publish {
        photos_showing_faces: &'a [Uuid],
    },
    Reject {
        reason: &'a str,
    },
}

#[tracing::instrument(skip_all, fields(user_id = %auth.id, story_id = %id))]
pub async fn review(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    decision: StoryDecision<'_>,
) -> ApiResult<Story> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (before, access) = load_visible(conn, actor, id, true).await?;
        if access != Access::Manage || !matches!(actor, Actor::Official { .. }) {
            return Err(ApiError::forbidden(
                "stories are reviewed by officials of the household's village",
            ));
        }
        let rule = Decision::ReviewStory {
            written_by: before.written_by,
        };
        if let Some(why) = rule.refusal(auth.id) {
            return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
        }
        let now = Utc::now();
        let mut details = json!({});
        let (change, action) = match decision {
            StoryDecision::Publish {
                photos_showing_faces,
            } => {
                if before.status == StoryStatus::InReview {
                    let ids = story_photos::ids_of(conn, before.id).await?;
                    if photos_showing_faces.iter().any(|p| !ids.contains(p)) {
                        return Err(ApiError::validation(vec![FieldError::new(
                            "photos_showing_faces",
                            "unknown_photo",
                            "list photos of this story only",
                        )]));
                    }
                    story_photos::mark_faces(conn, before.id, photos_showing_faces).await?;
                    check_ready(conn, &before).await?;
                    details = json!({ "photos_showing_faces": photos_showing_faces });
                }
                let change = StoryChange {
                    status: Some(StoryStatus::Published),
                    reviewed_by: Some(Some(auth.id)),
                    reviewed_at: Some(Some(now)),
                    published_at: Some(Some(now)),
                    updated_at: Some(now),
                    ..StoryChange::default()
                };
                (change, "story.published")
            }
            StoryDecision::Reject { reason } => {
                let change = StoryChange {
                    status: Some(StoryStatus::Rejected),
                    reviewed_by: Some(Some(auth.id)),
                    reviewed_at: Some(Some(now)),
                    rejection_reason: Some(Some(reason)),
                    updated_at: Some(now),
                    ..StoryChange::default()
                };
                (change, "story.rejected")
            }
        };
        transition(
            conn,
            auth,
            &before,
            &[StoryStatus::InReview],
            change,
            action,
            details,
        )
        .await
    })
    .await
}
