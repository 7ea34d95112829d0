//! How a story is shown. The public view (published stories) names the village and its parents,
//! a masked household label, the text with names and numbers masked, and the photos the household
//! agreed to show; never a household id, a name, a face it did not allow, or anything finer than the
//! village. The household and its officials also see `private`: status, consent, review.

use crate::api::views::RegionSummary;
use crate::domain::household_label;
use crate::domain::story::{self, StoryStatus, StorySubject};
use crate::domain::RegionCode;
use crate::error::ApiError;
use crate::media::Variant;
use crate::service::stories::photos;
use crate::store::stories::Story;
use crate::store::story_photos::{self, StoryPhoto};
use crate::store::{regions, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct StoryPlace {
    /// The village's 12-digit code: the finest place a story names.
    pub code: String,
    /// 河南省 三门峡市 卢氏县 杜关镇 杜关村村委会
    pub full_name: String,
    /// From the province down to the village.
    pub path: Vec<RegionSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoryPhotoView {
    pub id: Uuid,
    /// `/media/story/<id>/display.jpg`: served while the story is published.
    pub url: String,
    pub thumb_url: String,
    pub width: i32,
    pub height: i32,
    pub shows_face: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoryView {
    pub id: Uuid,
    /// `pledge` or `job_application`.
    pub subject_type: StorySubject,
    /// The need a pledge story is about (its page lists the story).
    pub need_id: Option<Uuid>,
    pub title: String,
    pub body: String,
    pub region: StoryPlace,
    /// Identifies no one: `某户 · 7F3A`.
    pub household_label: String,
    /// Published: the photos the public may see. For the household and its officials, every photo.
    pub photos: Vec<StoryPhotoView>,
    pub published_at: Option<DateTime<Utc>>,
    /// Only for the household and the officials of its village.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private: Option<StoryPrivate>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StoryPrivate {
    pub status: StoryStatus,
    pub subject_id: Uuid,
    pub household_id: Uuid,
    pub written_by: Uuid,
    /// When the household consented to the story as it stands (null: not yet, or withdrawn by an
    /// edit).
    pub consent_at: Option<DateTime<Utc>>,
    /// The household itself, or the official who recorded its spoken consent.
    pub consent_by: Option<Uuid>,
    pub consent_spoken: Option<bool>,
    pub consent_note: Option<String>,
    pub faces_allowed: bool,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_by: Option<Uuid>,
    pub rejection_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn photo_view(p: StoryPhoto) -> StoryPhotoView {
    StoryPhotoView {
        url: format!("/media/{}", photos::key(p.id, Variant::Display).as_str()),
        thumb_url: format!("/media/{}", photos::key(p.id, Variant::Thumb).as_str()),
        id: p.id,
        width: p.width,
        height: p.height,
        shows_face: p.shows_face,
    }
}

fn view(
    s: Story,
    regions: &HashMap<String, regions::Region>,
    photos: Vec<StoryPhoto>,
    with_private: bool,
) -> StoryView {
    let path: Vec<RegionSummary> = RegionCode::from_trusted(s.region_code.clone())
        .ancestry()
        .iter()
        .filter_map(|c| regions.get(c.as_str()))
        .map(|r| RegionSummary {
            code: r.code.clone(),
            name: r.name.clone(),
            level: r.level.clone(),
        })
        .collect();
    let full_name = path
        .iter()
        .map(|r| r.name.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let (status, allowed) = (s.status, s.faces_allowed);
    let photos = photos
        .into_iter()
        .filter(|p| with_private || story::photo_is_public(status, p.shows_face, allowed))
        .map(photo_view)
        .collect();
    StoryView {
        private: with_private.then(|| StoryPrivate {
            status: s.status,
            subject_id: s.subject_id,
            household_id: s.household_id,
            written_by: s.written_by,
            consent_at: s.consent_at,
            consent_by: s.consent_by,
            consent_spoken: s.consent_spoken,
            consent_note: s.consent_note.clone(),
            faces_allowed: s.faces_allowed,
            submitted_at: s.submitted_at,
            reviewed_by: s.reviewed_by,
            rejection_reason: s.rejection_reason.clone(),
            created_at: s.created_at,
            updated_at: s.updated_at,
        }),
        household_label: household_label(s.household_id),
        region: StoryPlace {
            code: s.region_code,
            full_name,
            path,
        },
        id: s.id,
        subject_type: s.subject_type,
        need_id: s.need_id,
        title: if with_private {
            s.title
        } else {
            story::public_text(&s.title)
        },
        body: if with_private {
            s.body
        } else {
            story::public_text(&s.body)
        },
        photos,
        published_at: s.published_at,
    }
}

/// Views of several stories (regions and photos loaded in one query each); `with_private` says,
/// per story, whether the caller is its household or an official in scope.
pub async fn views(
    conn: &mut Conn,
    rows: Vec<Story>,
    with_private: impl Fn(&Story) -> bool,
) -> Result<Vec<StoryView>, ApiError> {
    let regions = regions::ancestry_map(conn, rows.iter().map(|s| s.region_code.as_str())).await?;
    let ids: Vec<Uuid> = rows.iter().map(|s| s.id).collect();
    let mut photos = story_photos::of_stories(conn, &ids).await?;
    Ok(rows
        .into_iter()
        .map(|s| {
            let private = with_private(&s);
            let p = photos.remove(&s.id).unwrap_or_default();
            view(s, &regions, p, private)
        })
        .collect())
}

/// One story's view.
pub async fn view_one(
    conn: &mut Conn,
    s: Story,
    with_private: bool,
) -> Result<StoryView, ApiError> {
    let mut v = views(conn, vec![s], |_| with_private).await?;
    v.pop()
        .ok_or_else(|| ApiError::internal("a story's view went missing"))
}
