//! How a pledge is shown. The receipt code is shown to the household and its officials only; the
//! public summary names the supporter as an organization or a masked individual.

use crate::store::pledges::Pledge;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeView {
    pub id: Uuid,
    pub need_id: Uuid,
    pub supporter_id: Uuid,
    /// The supporter's offer this pledge was made from, if any.
    pub offer_id: Option<Uuid>,
    /// In the need's unit.
    pub quantity: i32,
    /// What the offer gave in its own unit, when its unit is not the need's one for one (1 公斤 of
    /// an offer for a pledge of 2 斤); absent otherwise.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offer_quantity: Option<i32>,
    pub message: String,
    pub status: crate::domain::pledge::PledgeStatus,
    pub rejection_reason: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub delivered_at: Option<DateTime<Utc>>,
    pub delivery_note: Option<String>,
    pub tracking_ref: Option<String>,
    pub confirmed_at: Option<DateTime<Utc>>,
    pub rating: Option<i16>,
    pub thanks: Option<String>,
    /// When the pledge expires if it does not move on.
    pub expires_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    /// Six digits, for the household and its officials only (the supporter enters it on delivery).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub receipt_code: Option<String>,
}

pub fn view(p: Pledge, show_receipt_code: bool) -> PledgeView {
    PledgeView {
        id: p.id,
        need_id: p.need_id,
        supporter_id: p.supporter_id,
        offer_id: p.offer_id,
        quantity: p.quantity,
        offer_quantity: p.offer_quantity,
        message: p.message,
        status: p.status,
        rejection_reason: p.rejection_reason,
        decided_at: p.decided_at,
        delivered_at: p.delivered_at,
        delivery_note: p.delivery_note,
        tracking_ref: p.tracking_ref,
        confirmed_at: p.confirmed_at,
        rating: p.rating,
        thanks: p.thanks,
        expires_at: p.expires_at,
        created_at: p.created_at,
        receipt_code: if show_receipt_code {
            p.receipt_code
        } else {
            None
        },
    }
}

/// A pledge as listed on a need's public page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PledgeSummary {
    pub id: Uuid,
    pub quantity: i32,
    pub status: crate::domain::pledge::PledgeStatus,
    /// An organization's name, or an individual's masked name (陈**).
    pub supporter: String,
    /// Whether the supporter is an organization whose credit code was verified.
    pub verified_organization: bool,
    pub message: String,
    pub rating: Option<i16>,
    pub thanks: Option<String>,
    pub created_at: DateTime<Utc>,
    pub confirmed_at: Option<DateTime<Utc>>,
}
