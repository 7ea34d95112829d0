//! Writing a story (an official of the household's village, about a confirmed pledge or a hire)
//! and editing it while it is a draft or was rejected (an edit withdraws the household's consent
//! and makes a rejected story a draft again).

use super::{own_story, transition};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::employment::application::ApplicationStatus;
use crate::domain::pledge::PledgeStatus;
use crate::domain::story::{self, StoryStatus, StorySubject, BODY_CHARS, TITLE_CHARS};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::stories::{self, NewStory, Story, StoryChange};
use crate::store::{audit, households, job_applications, needs, pledges, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// A story as written (title and body unchecked).
pub struct StoryDraft<'a> {
    pub subject_type: StorySubject,
    pub subject_id: Uuid,
    pub title: &'a str,
    pub body: &'a str,
}

/// Who a subject helped: (household, its village, the need of a pledge).
struct Helped {
    household_id: Uuid,
    region_code: String,
    need_id: Option<Uuid>,
}

fn unknown_subject() -> ApiError {
    ApiError::validation(vec![FieldError::new(
        "subject_id",
        "unknown_subject",
        "no such pledge or hire in your jurisdiction",
    )])
}

/// The subject, when the official may see it; 409 when its help has not arrived yet.
async fn helped(conn: &mut Conn, actor: &Actor, kind: StorySubject, id: Uuid) -> ApiResult<Helped> {
    let (done, helped) = match kind {
        StorySubject::Pledge => {
            let Some(p) = pledges::find(conn, id).await? else {
                return Err(unknown_subject());
            };
            let Some(n) = needs::find(conn, p.need_id).await? else {
                return Err(unknown_subject());
            };
            let helped = Helped {
                household_id: n.household_id,
                region_code: n.region_code,
                need_id: Some(n.id),
            };
            (p.status == PledgeStatus::Confirmed, helped)
        }
        StorySubject::JobApplication => {
            let Some(a) = job_applications::find(conn, id).await? else {
                return Err(unknown_subject());
            };
            let helped = Helped {
                household_id: a.household_id,
                region_code: a.region_code,
                need_id: None,
            };
            (a.status == ApplicationStatus::Hired, helped)
        }
    };
    if !actor.is_official_for(&RegionCode::from_trusted(helped.region_code.clone())) {
        return Err(unknown_subject());
    }
    if !done {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            "a story is written once the help arrived: a confirmed pledge or a hire",
        ));
    }
    Ok(helped)
}

/// The names a story must never carry: the household's head's full name and, for a name of three
/// or more characters, its given name (秀兰奶奶 names 王秀兰's household as surely as the full name).
async fn household_names(conn: &mut Conn, household_id: Uuid) -> ApiResult<Vec<String>> {
    let full = households::find(conn, household_id)
        .await?
        .map(|h| h.head_name)
        .unwrap_or_default();
    Ok(story::names_to_refuse(&full))
}

/// Writes a draft (officials of the household's village only).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, subject_id = %draft.subject_id))]
pub async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    draft: StoryDraft<'_>,
) -> ApiResult<Story> {
    if !matches!(actor, Actor::Official { .. }) {
        return Err(ApiError::forbidden("stories are written by officials"));
    }
    let helped = helped(conn, actor, draft.subject_type, draft.subject_id).await?;
    let names = household_names(conn, helped.household_id).await?;
    let known: Vec<&str> = names.iter().map(String::as_str).collect();
    let mut errors = Vec::new();
    let title = story::checked_text("title", draft.title, TITLE_CHARS, &known, &mut errors);
    let body = story::checked_text("body", draft.body, BODY_CHARS, &known, &mut errors);
    let (Some(title), Some(body)) = (title, body) else {
        return Err(ApiError::validation(errors));
    };
    conn.transaction::<_, ApiError, _>(async |conn| {
        let now = Utc::now();
        let s = stories::insert(
            conn,
            &NewStory {
                id: Uuid::new_v4(),
                subject_type: draft.subject_type,
                subject_id: draft.subject_id,
                household_id: helped.household_id,
                region_code: &helped.region_code,
                need_id: helped.need_id,
                written_by: auth.id,
                title: &title,
                body: &body,
                status: StoryStatus::Draft,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::of_code(&s.region_code),
                actor_id: Some(auth.id),
                action: "story.created",
                subject_type: "story",
                subject_id: s.id,
                details: json!({ "role": auth.role.as_str(), "subject_type": s.subject_type,
                    "subject_id": s.subject_id }),
            },
        )
        .await?;
        Ok(s)
    })
    .await
}

/// Edits a draft or a rejected story (its writer only).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, story_id = %id))]
pub async fn update(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    title: Option<&str>,
    body: Option<&str>,
) -> ApiResult<Story> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let before = own_story(conn, actor, id).await?;
        let names = household_names(conn, before.household_id).await?;
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        let mut errors = Vec::new();
        let title =
            title.map(|t| story::checked_text("title", t, TITLE_CHARS, &known, &mut errors));
        let body = body.map(|b| story::checked_text("body", b, BODY_CHARS, &known, &mut errors));
        if !errors.is_empty() {
            return Err(ApiError::validation(errors));
        }
        let change = StoryChange {
            title: title.as_ref().and_then(|t| t.as_deref()),
            body: body.as_ref().and_then(|b| b.as_deref()),
            status: Some(StoryStatus::Draft),
            rejection_reason: Some(None),
            updated_at: Some(Utc::now()),
            ..StoryChange::default()
        }
        .without_consent();
        let changed: Vec<&str> = [("title", title.is_some()), ("body", body.is_some())]
            .into_iter()
            .filter_map(|(f, c)| c.then_some(f))
            .collect();
        transition(
            conn,
            auth,
            &before,
            &StoryStatus::EDITABLE,
            change,
            "story.updated",
            json!({ "changed": changed }),
        )
        .await
    })
    .await
}
