//! How a need is shown: the public view (anyone, once published) and the full view (its household
//! and the officials in scope). Neither carries the household's name, ID number, phone, size or causes.

use crate::api::views::RegionSummary;
use crate::domain::household_label;
use crate::domain::review::Flag;
use crate::domain::RegionCode;
use crate::error::ApiError;
use crate::store::needs::Need;
use crate::store::{regions, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::collections::HashMap;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct NeedRegion {
    /// The village's 12-digit code.
    pub code: String,
    /// 河南省 三门峡市 卢氏县 杜关镇 杜关村村委会
    pub full_name: String,
    /// From the province down to the village.
    pub path: Vec<RegionSummary>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NeedView {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub category: crate::domain::need::Category,
    pub urgency: crate::domain::need::Urgency,
    pub quantity: i32,
    pub unit: String,
    pub estimated_value_fen: i64,
    pub pledged_quantity: i32,
    pub remaining_quantity: i32,
    pub confirmed_quantity: i32,
    pub deadline: DateTime<Utc>,
    pub status: crate::domain::need::NeedStatus,
    pub region: NeedRegion,
    /// Identifies no one: `某户 · 7F3A`.
    pub household_label: String,
    pub published_at: Option<DateTime<Utc>>,
    /// Only for the household and officials in scope.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub private: Option<NeedPrivate>,
}

/// What the household and its officials see beyond the public view.
#[derive(Debug, Serialize, ToSchema)]
pub struct NeedPrivate {
    pub household_id: Uuid,
    pub posted_by: Uuid,
    /// Why the need was rejected, for the poster.
    pub rejection_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ReviewQueueItem {
    pub need: NeedView,
    /// Checks that help the reviewer; never a rejection by themselves.
    pub flags: Vec<Flag>,
}

/// Names of every region on the path of each need's village, loaded in one query.
pub async fn region_map(
    conn: &mut Conn,
    needs: &[Need],
) -> Result<HashMap<String, regions::Region>, ApiError> {
    Ok(regions::ancestry_map(conn, needs.iter().map(|n| n.region_code.as_str())).await?)
}

use crate::domain::personal_data;

pub fn view(
    need: Need,
    regions: &HashMap<String, regions::Region>,
    with_private: bool,
) -> NeedView {
    let path: Vec<RegionSummary> = RegionCode::from_trusted(need.region_code.clone())
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
    NeedView {
        private: with_private.then(|| NeedPrivate {
            household_id: need.household_id,
            posted_by: need.posted_by,
            rejection_reason: need.rejection_reason.clone(),
            created_at: need.created_at,
            updated_at: need.updated_at,
        }),
        household_label: household_label(need.household_id),
        remaining_quantity: need.quantity - need.pledged_quantity,
        region: NeedRegion {
            code: need.region_code,
            full_name,
            path,
        },
        id: need.id,
        // The public sees the text with anything that looks like a person's number or name masked;
        // the household and its officials see what was written.
        title: if with_private {
            need.title
        } else {
            personal_data::mask(&need.title, &[])
        },
        description: if with_private {
            need.description
        } else {
            personal_data::mask(&need.description, &[])
        },
        category: need.category,
        urgency: need.urgency,
        quantity: need.quantity,
        unit: need.unit,
        estimated_value_fen: need.estimated_value_fen,
        pledged_quantity: need.pledged_quantity,
        confirmed_quantity: need.confirmed_quantity,
        deadline: need.deadline,
        status: need.status,
        published_at: need.published_at,
    }
}

/// One need's view (loads its regions).
pub async fn view_one(
    conn: &mut Conn,
    need: Need,
    with_private: bool,
) -> Result<NeedView, ApiError> {
    let regions = region_map(conn, std::slice::from_ref(&need)).await?;
    Ok(view(need, &regions, with_private))
}
