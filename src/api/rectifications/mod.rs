//! Rectifications (整改): the township's officials answer a problem a check found; the round's checker
//! accepts the answer or reopens it.

pub mod act;
pub mod list;

use crate::domain::access::Actor;
use crate::domain::checks::rectification_in_scope;
use crate::domain::rectification::RectificationStatus;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult};
use crate::store::rectifications::{self, Rectification};
use crate::store::{checks, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct RectificationView {
    pub id: Uuid,
    pub round_id: Uuid,
    pub item_id: Uuid,
    pub township_code: String,
    pub problem_kind: String,
    pub status: RectificationStatus,
    pub deadline: DateTime<Utc>,
    pub overdue: bool,
    pub answer: Option<String>,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub reopened_count: i32,
    /// 0 at first; each week overdue widens who is told: county, city, province.
    pub escalation_level: i16,
    pub created_at: DateTime<Utc>,
}

impl From<Rectification> for RectificationView {
    fn from(r: Rectification) -> Self {
        Self {
            overdue: r.status == RectificationStatus::Open && r.deadline < Utc::now(),
            id: r.id,
            round_id: r.round_id,
            item_id: r.item_id,
            township_code: r.township_code,
            problem_kind: r.problem_kind,
            status: r.status,
            deadline: r.deadline,
            answer: r.answer,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
            accepted_at: r.accepted_at,
            reopened_count: r.reopened_count,
            escalation_level: r.escalation_level,
            created_at: r.created_at,
        }
    }
}

/// What the caller is to a rectification.
pub struct Loaded {
    pub rect: Rectification,
    pub in_scope: bool,
    pub is_checker: bool,
}

/// The rectification, or 404 for callers who are neither in scope, its checker, nor an admin.
pub async fn load_visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<Loaded> {
    let rect = rectifications::find(conn, id)
        .await?
        .ok_or_else(|| ApiError::not_found("rectification"))?;
    let round = checks::find_round(conn, rect.round_id).await?;
    let township = RegionCode::from_trusted(rect.township_code.clone());
    let in_scope = matches!(actor, Actor::Official { jurisdiction, .. } if rectification_in_scope(jurisdiction, &township));
    let is_checker = round.is_some_and(|r| Some(r.checker_id) == actor.user_id());
    if !(in_scope || is_checker || matches!(actor, Actor::Admin { .. })) {
        return Err(ApiError::not_found("rectification"));
    }
    Ok(Loaded {
        rect,
        in_scope,
        is_checker,
    })
}
