//! Evidence for needs (证明材料): the household or an official in scope attaches images reviewers ask
//! for; only they see them. Adding stores the re-encoded bytes, then records the row and an audit
//! event (the bytes' SHA-256, never the label, which may name a person) in one transaction; removing
//! does the reverse. Whoever may not see a need's evidence gets 404 for all of it.

use crate::domain::access::Actor;
use crate::domain::evidence::{accepts_evidence, can_delete, can_see, MAX_PER_NEED};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::media::images::CONTENT_TYPE;
use crate::media::{MediaKey, MediaStore, ProcessedImage, Variant};
use crate::service::needs::village_of;
use crate::store::evidence::{self, Evidence, NewEvidence};
use crate::store::needs::{self, Need};
use crate::store::{audit, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

const KIND: &str = "evidence";

/// Where a variant of an item is stored.
pub fn key(evidence_id: Uuid, variant: Variant) -> MediaKey {
    MediaKey::new(KIND, evidence_id, variant.file_name())
}

fn role_of(actor: &Actor) -> &'static str {
    match actor {
        Actor::Household { .. } => "household",
        Actor::Official { .. } => "official",
        Actor::Admin { .. } => "admin",
        Actor::Supporter { role, .. } => role.as_str(),
        Actor::Anonymous => "anonymous",
    }
}

fn not_found() -> ApiError {
    ApiError::not_found("need")
}

/// The need, when the caller may see its evidence; 404 otherwise (even for a published need).
async fn need_for(conn: &mut Conn, actor: &Actor, need_id: Uuid, lock: bool) -> ApiResult<Need> {
    let need = if lock {
        needs::find_for_update(conn, need_id).await?
    } else {
        needs::find(conn, need_id).await?
    };
    match need {
        Some(n) if can_see(actor, n.household_id, &village_of(&n)) => Ok(n),
        _ => Err(not_found()),
    }
}

fn too_many() -> ApiError {
    ApiError::new(
        ErrorCode::TooManyFiles,
        format!("a need has at most {MAX_PER_NEED} items of evidence"),
    )
    .with_extra("max", MAX_PER_NEED)
}

/// Checks that the caller may add evidence to the need, before any upload is decoded.
pub async fn check_can_add(conn: &mut Conn, actor: &Actor, need_id: Uuid) -> ApiResult<()> {
    let need = need_for(conn, actor, need_id, false).await?;
    if !accepts_evidence(need.status) {
        return Err(ApiError::new(
            ErrorCode::InvalidTransition,
            "evidence cannot be added to a withdrawn or expired need",
        ));
    }
    if evidence::count_of_need(conn, need_id).await? >= MAX_PER_NEED {
        return Err(too_many());
    }
    Ok(())
}

fn dim(n: u32) -> i32 {
    i32::try_from(n).unwrap_or(i32::MAX)
}

/// Adds an accepted image to a need's evidence: the bytes go to the media store first, then the row
/// and the `need.evidence_added` event commit together (the need row locked, so the count holds). If
/// the transaction fails, the stored bytes are removed again.
#[tracing::instrument(skip_all, fields(need_id = %need_id))]
pub async fn add(
    conn: &mut Conn,
    media: &dyn MediaStore,
    actor: &Actor,
    need_id: Uuid,
    label: &str,
    image: &ProcessedImage,
) -> ApiResult<(Evidence, RegionCode)> {
    let user_id = actor.user_id().ok_or_else(not_found)?;
    check_can_add(conn, actor, need_id).await?;
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
            let need = need_for(conn, actor, need_id, true).await?;
            if !accepts_evidence(need.status) {
                return Err(ApiError::new(
                    ErrorCode::InvalidTransition,
                    "evidence cannot be added to a withdrawn or expired need",
                ));
            }
            if evidence::count_of_need(conn, need_id).await? >= MAX_PER_NEED {
                return Err(too_many());
            }
            let (d, t) = (&image.display, &image.thumb);
            let row = evidence::insert(
                conn,
                &NewEvidence {
                    id,
                    need_id,
                    uploaded_by: user_id,
                    label,
                    content_type: CONTENT_TYPE,
                    width: dim(d.width),
                    height: dim(d.height),
                    thumb_width: dim(t.width),
                    thumb_height: dim(t.height),
                    byte_size: i32::try_from(d.bytes.len()).unwrap_or(i32::MAX),
                    sha256: &d.sha256,
                    created_at: Utc::now(),
                },
            )
            .await?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::of_code(&need.region_code),
                    actor_id: Some(user_id),
                    action: "need.evidence_added",
                    subject_type: "need",
                    subject_id: need_id,
                    details: json!({ "role": role_of(actor), "evidence_id": id,
                        "sha256": d.sha256, "thumb_sha256": t.sha256, "bytes": d.bytes.len(),
                        "width": d.width, "height": d.height, "source_format": image.source_format }),
                },
            )
            .await?;
            Ok((row, village_of(&need)))
        })
        .await;
    if result.is_err() {
        remove_bytes(media, &keys).await;
    }
    result
}

async fn remove_bytes(media: &dyn MediaStore, keys: &[MediaKey]) {
    for k in keys {
        if let Err(e) = media.delete(k).await {
            tracing::warn!(error = %e, key = k.as_str(), "media bytes not removed");
        }
    }
}

/// A need's evidence (and the need's village), for its household and officials in scope.
pub async fn list(
    conn: &mut Conn,
    actor: &Actor,
    need_id: Uuid,
) -> ApiResult<(Vec<Evidence>, RegionCode)> {
    let need = need_for(conn, actor, need_id, false).await?;
    Ok((evidence::of_need(conn, need_id).await?, village_of(&need)))
}

/// One item, for its need's household and officials in scope.
pub async fn find(
    conn: &mut Conn,
    actor: &Actor,
    need_id: Uuid,
    evidence_id: Uuid,
) -> ApiResult<Evidence> {
    need_for(conn, actor, need_id, false).await?;
    evidence::find(conn, need_id, evidence_id)
        .await?
        .ok_or_else(|| ApiError::not_found("evidence"))
}

/// The bytes of one size of an item, with their content type.
pub async fn image(
    conn: &mut Conn,
    media: &dyn MediaStore,
    actor: &Actor,
    need_id: Uuid,
    evidence_id: Uuid,
    variant: Variant,
) -> ApiResult<(Vec<u8>, String)> {
    let item = find(conn, actor, need_id, evidence_id).await?;
    match media.get(&key(item.id, variant)).await {
        Ok(Some(bytes)) => Ok((bytes, item.content_type)),
        Ok(None) => Err(ApiError::internal(format!(
            "media bytes of evidence {} are missing",
            item.id
        ))),
        Err(e) => Err(ApiError::internal(format!("media store: {e}"))),
    }
}

/// Removes an item: its uploader or an official in scope (403 for the household on an official's
/// upload). The row and the `need.evidence_removed` event commit together; the bytes go afterwards.
#[tracing::instrument(skip_all, fields(need_id = %need_id, evidence_id = %evidence_id))]
pub async fn remove(
    conn: &mut Conn,
    media: &dyn MediaStore,
    actor: &Actor,
    need_id: Uuid,
    evidence_id: Uuid,
) -> ApiResult<()> {
    let user_id = actor.user_id().ok_or_else(not_found)?;
    let item = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let need = need_for(conn, actor, need_id, true).await?;
            let item = evidence::find(conn, need_id, evidence_id)
                .await?
                .ok_or_else(|| ApiError::not_found("evidence"))?;
            if !can_delete(actor, item.uploaded_by, &village_of(&need)) {
                return Err(ApiError::forbidden(
                    "only the uploader or an official of the need's village may remove it",
                ));
            }
            if !evidence::delete(conn, need_id, evidence_id).await? {
                return Err(ApiError::not_found("evidence"));
            }
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::of_code(&need.region_code),
                    actor_id: Some(user_id),
                    action: "need.evidence_removed",
                    subject_type: "need",
                    subject_id: need_id,
                    details: json!({ "role": role_of(actor), "evidence_id": evidence_id,
                        "sha256": item.sha256 }),
                },
            )
            .await?;
            Ok(item)
        })
        .await?;
    remove_bytes(
        media,
        &[key(item.id, Variant::Display), key(item.id, Variant::Thumb)],
    )
    .await;
    Ok(())
}
