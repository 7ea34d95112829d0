//! How an item of evidence is shown to those who may see it.

use crate::domain::access::Actor;
use crate::domain::evidence::can_delete;
use crate::domain::RegionCode;
use crate::store::evidence::Evidence;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceView {
    pub id: Uuid,
    pub need_id: Uuid,
    /// What it shows ("诊断证明"), 1 to 60 characters.
    pub label: String,
    /// The content type of both sizes (`image/jpeg`: every upload is re-encoded).
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub thumb_width: i32,
    pub thumb_height: i32,
    /// Bytes of the display size.
    pub byte_size: i32,
    /// SHA-256 (hex) of the display size, as on the audit chain.
    pub sha256: String,
    /// Whether the caller uploaded it.
    pub uploaded_by_me: bool,
    /// Whether the caller may remove it (its uploader, or an official in scope).
    pub can_delete: bool,
    pub created_at: DateTime<Utc>,
    /// `GET` these with the bearer token.
    pub display_url: String,
    pub thumb_url: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EvidenceList {
    /// Oldest first.
    pub items: Vec<EvidenceView>,
    /// How many items a need may have.
    pub max: i64,
}

pub fn view(e: Evidence, actor: &Actor, village: &RegionCode) -> EvidenceView {
    let base = format!("/api/v1/needs/{}/evidence/{}/image", e.need_id, e.id);
    EvidenceView {
        uploaded_by_me: actor.user_id() == Some(e.uploaded_by),
        can_delete: can_delete(actor, e.uploaded_by, village),
        display_url: format!("{base}?size=display"),
        thumb_url: format!("{base}?size=thumb"),
        id: e.id,
        need_id: e.need_id,
        label: e.label,
        content_type: e.content_type,
        width: e.width,
        height: e.height,
        thumb_width: e.thumb_width,
        thumb_height: e.thumb_height,
        byte_size: e.byte_size,
        sha256: e.sha256,
        created_at: e.created_at,
    }
}
