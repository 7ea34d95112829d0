//! A story's photos: added by its writer while it is editable, through the one way in for images
//! (`media::images::accept`: sniffed, decoded under limits, re-encoded without metadata), each
//! saying whether it shows a face. Adding a photo withdraws the household's consent (it consented
//! to the story as it stood). The bytes are stored first, then the row, the consent's withdrawal
//! and `story.photo_added` commit together (the bytes are removed again if that fails). Keys are
//! `story/<photo id>/display.jpg` and `…/thumb.jpg`; `GET /media/{key}` serves them only while the
//! story is published, and a face only when the household allowed faces.

use super::{own_story, transition};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::story::{self, StoryStatus, MAX_PHOTOS};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::media::{MediaKey, MediaStore, ProcessedImage, Variant};
use crate::store::stories::{Story, StoryChange};
use crate::store::story_photos::{self, NewStoryPhoto, StoryPhoto};
use crate::store::Conn;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// The first segment of every story photo's media key.
pub const KIND: &str = "story";

pub fn key(photo_id: Uuid, variant: Variant) -> MediaKey {
    MediaKey::new(KIND, photo_id, variant.file_name())
}

/// `story/<uuid>/display.jpg` or `story/<uuid>/thumb.jpg` (canonical lower-case uuid), and the
/// photo's id; nothing else.
pub fn parse_public_key(raw: &str) -> Option<(Uuid, MediaKey)> {
    let mut parts = raw.split('/');
    let (kind, id_text, file) = (parts.next()?, parts.next()?, parts.next()?);
    if kind != KIND || parts.next().is_some() {
        return None;
    }
    let id = Uuid::try_parse(id_text).ok()?;
    if id.to_string() != id_text {
        return None;
    }
    [Variant::Display, Variant::Thumb]
        .into_iter()
        .find(|v| v.file_name() == file)
        .map(|v| (id, key(id, v)))
}

/// Whether the public may see this photo now.
pub async fn is_public(conn: &mut Conn, photo_id: Uuid) -> ApiResult<bool> {
    Ok(story_photos::visibility(conn, photo_id)
        .await?
        .is_some_and(|(status, face, allowed)| story::photo_is_public(status, face, allowed)))
}

fn too_many() -> ApiError {
    ApiError::new(
        ErrorCode::TooManyImages,
        format!("a story has at most {MAX_PHOTOS} photos"),
    )
    .with_extra("max", MAX_PHOTOS)
}

fn not_editable(s: &Story) -> ApiError {
    ApiError::new(
        ErrorCode::InvalidTransition,
        format!("the story is {}: photos are added to a draft", s.status),
    )
}

/// Checks, before any upload is decoded, that the caller may add a photo (its writer, editable,
/// room left).
pub async fn check_can_add(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<()> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let s = own_story(conn, actor, id).await?;
        if !StoryStatus::EDITABLE.contains(&s.status) {
            return Err(not_editable(&s));
        }
        if story_photos::counts(conn, id).await?.0 >= MAX_PHOTOS {
            return Err(too_many());
        }
        Ok(())
    })
    .await
}

fn dim(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

async fn remove_bytes(media: &dyn MediaStore, keys: &[MediaKey]) {
    for k in keys {
        if let Err(e) = media.delete(k).await {
            tracing::warn!(error = %e, key = k.as_str(), "media bytes not removed");
        }
    }
}

/// Adds an accepted image to a story (its writer only, while editable).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, story_id = %story_id))]
pub async fn add(
    conn: &mut Conn,
    media: &dyn MediaStore,
    auth: &AuthUser,
    actor: &Actor,
    story_id: Uuid,
    image: &ProcessedImage,
    shows_face: bool,
) -> ApiResult<StoryPhoto> {
    check_can_add(conn, actor, story_id).await?;
    let id = Uuid::new_v4();
    let keys = [key(id, Variant::Display), key(id, Variant::Thumb)];
    for (k, v) in keys.iter().zip([Variant::Display, Variant::Thumb]) {
        if let Err(e) = media.put(k, image.variant(v).bytes.clone()).await {
            remove_bytes(media, &keys).await;
            return Err(ApiError::internal(format!("media store: {e}")));
        }
    }
    let result = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let before = own_story(conn, actor, story_id).await?;
            let (count, _, position) = story_photos::counts(conn, story_id).await?;
            if count >= MAX_PHOTOS {
                return Err(too_many());
            }
            let d = &image.display;
            let row = story_photos::insert(
                conn,
                &NewStoryPhoto {
                    id,
                    story_id,
                    position,
                    display_key: keys[0].as_str(),
                    thumb_key: keys[1].as_str(),
                    width: dim(d.width),
                    height: dim(d.height),
                    sha256: &d.sha256,
                    shows_face,
                    created_at: Utc::now(),
                },
            )
            .await?;
            let change = StoryChange {
                status: Some(StoryStatus::Draft),
                rejection_reason: Some(None),
                updated_at: Some(Utc::now()),
                ..StoryChange::default()
            }
            .without_consent();
            transition(
                conn,
                auth,
                &before,
                &StoryStatus::EDITABLE,
                change,
                "story.photo_added",
                json!({ "photo_id": id, "sha256": d.sha256, "shows_face": shows_face,
                    "width": d.width, "height": d.height }),
            )
            .await?;
            Ok(row)
        })
        .await;
    if result.is_err() {
        remove_bytes(media, &keys).await;
    }
    result
}

/// Removes a photo (the writer, while the story is editable): the row and `story.photo_removed`
/// commit together, the bytes go afterwards. The household's consent stands: removing a photo
/// shows nothing it did not agree to (a face photo it would not allow is removed this way).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, story_id = %story_id, photo_id = %photo_id))]
pub async fn remove(
    conn: &mut Conn,
    media: &dyn MediaStore,
    auth: &AuthUser,
    actor: &Actor,
    story_id: Uuid,
    photo_id: Uuid,
) -> ApiResult<()> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let before = own_story(conn, actor, story_id).await?;
        if !StoryStatus::EDITABLE.contains(&before.status) {
            return Err(not_editable(&before));
        }
        let photo = story_photos::find(conn, story_id, photo_id)
            .await?
            .ok_or_else(|| ApiError::not_found("photo"))?;
        if !story_photos::delete(conn, story_id, photo_id).await? {
            return Err(ApiError::not_found("photo"));
        }
        let change = StoryChange {
            updated_at: Some(Utc::now()),
            ..StoryChange::default()
        };
        transition(
            conn,
            auth,
            &before,
            &StoryStatus::EDITABLE,
            change,
            "story.photo_removed",
            json!({ "photo_id": photo_id, "sha256": photo.sha256 }),
        )
        .await?;
        Ok(())
    })
    .await?;
    remove_bytes(
        media,
        &[
            key(photo_id, Variant::Display),
            key(photo_id, Variant::Thumb),
        ],
    )
    .await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_story_photo_keys_parse() {
        let id = Uuid::new_v4();
        for ok in [
            format!("story/{id}/display.jpg"),
            format!("story/{id}/thumb.jpg"),
        ] {
            let (pid, k) = parse_public_key(&ok).unwrap();
            assert_eq!((pid, k.as_str()), (id, ok.as_str()));
        }
        for bad in [
            format!("product/{id}/display.jpg"),
            format!("evidence/{id}/display.jpg"),
            format!("story/{id}/other.jpg"),
            format!("story/{id}/display.jpg/x"),
            format!("story/{}/display.jpg", id.simple()),
            format!("story/{}/display.jpg", id.to_string().to_uppercase()),
            "story/../display.jpg".to_owned(),
            String::new(),
        ] {
            assert!(parse_public_key(&bad).is_none(), "{bad}");
        }
    }
}
