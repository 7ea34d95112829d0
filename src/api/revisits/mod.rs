//! 回头看 revisits: after a confirmed delivery the household's officials look again; a household at
//! risk becomes monitored (监测户) and a new need is offered, pre-filled.

pub mod answer;
pub mod list;

use crate::store::revisits::Revisit;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisitView {
    pub id: Uuid,
    pub pledge_id: Uuid,
    pub need_id: Uuid,
    pub household_id: Uuid,
    pub region_code: String,
    pub due_at: DateTime<Utc>,
    /// `improved`, `same`, `worse` or `at_risk`; absent while open.
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<Revisit> for RevisitView {
    fn from(r: Revisit) -> Self {
        Self {
            id: r.id,
            pledge_id: r.pledge_id,
            need_id: r.need_id,
            household_id: r.household_id,
            region_code: r.region_code,
            due_at: r.due_at,
            outcome: r.outcome,
            note: r.note,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
            created_at: r.created_at,
        }
    }
}
