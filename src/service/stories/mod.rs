//! Stories of help (扶贫展示). An official of the household's village writes a story about help
//! that arrived (a confirmed pledge, a hire) and adds photos; the household consents, in the app or
//! aloud to an official who records it (any edit withdraws the consent); the writer submits it; a
//! second official reviews it, and only then is it public. Every step is a conditional update of
//! the story's status and an audit event (ids and flags only) in one transaction.

pub mod consent;
pub mod photos;
pub mod review;
pub mod write;

use crate::auth::AuthUser;
use crate::domain::access::{Access, Actor};
use crate::domain::story::{self, Refusal, StoryStatus};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::stories::{self, Story, StoryChange};
use crate::store::{audit, Conn};
use serde_json::Value;
use uuid::Uuid;

/// The story, when the caller may see it (404 otherwise), with what it may do with it.
pub async fn load_visible(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    for_update: bool,
) -> ApiResult<(Story, Access)> {
    let s = stories::find(conn, id, for_update)
        .await?
        .ok_or_else(|| ApiError::not_found("story"))?;
    let village = RegionCode::from_trusted(s.region_code.clone());
    match story::access(
        actor,
        s.household_id,
        &village,
        s.status == StoryStatus::Published,
    ) {
        Access::Hidden => Err(ApiError::not_found("story")),
        access => Ok((s, access)),
    }
}

/// The story, locked, when the caller wrote it: 404 when it may not see it, 403 when it may see
/// but did not write it.
pub async fn own_story(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Story> {
    let (s, _) = load_visible(conn, actor, id, true).await?;
    if actor.user_id() != Some(s.written_by) {
        return Err(ApiError::forbidden(
            "only the official who wrote a story edits it",
        ));
    }
    Ok(s)
}

/// A refusal of the consent rules as a problem.
pub fn refusal(r: Refusal) -> ApiError {
    match r {
        Refusal::ConsentRequired => ApiError::new(
            ErrorCode::ConsentRequired,
            "the household must consent to the story as it stands (in the app, or aloud to an official who records it)",
        ),
        Refusal::FacesNotAllowed => ApiError::new(
            ErrorCode::FacesNotAllowed,
            "a photo shows a face and the household did not allow faces: remove it or ask again",
        ),
    }
}

fn wrong_status(s: &Story) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidTransition,
        format!("the story is {}", s.status),
    )
}

/// Changes the story while its status is one of `from` and appends `action` to the audit chain
/// (the caller holds the row lock); 409 when the status moved meanwhile or is not one of `from`.
pub async fn transition(
    conn: &mut Conn,
    auth: &AuthUser,
    before: &Story,
    from: &[StoryStatus],
    change: StoryChange<'_>,
    action: &str,
    mut details: Value,
) -> ApiResult<Story> {
    if !from.contains(&before.status) {
        return Err(wrong_status(before));
    }
    let after = stories::change(conn, before.id, from, &change)
        .await?
        .ok_or_else(|| wrong_status(before))?;
    if let Value::Object(map) = &mut details {
        map.insert("role".into(), auth.role.as_str().into());
        map.insert("from".into(), before.status.as_str().into());
        map.insert("to".into(), after.status.as_str().into());
    }
    audit::append(
        conn,
        audit::Entry {
            chain: audit::AuditChain::of_code(&after.region_code),
            actor_id: Some(auth.id),
            action,
            subject_type: "story",
            subject_id: before.id,
            details,
        },
    )
    .await?;
    Ok(after)
}
