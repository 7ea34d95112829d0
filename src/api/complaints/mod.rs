//! Complaints (投诉): anyone signed in files one about a need or pledge they can see; officials close
//! to the household answer it; unanswered ones escalate to the levels above.

pub mod create;
pub mod get;
pub mod queue;
pub mod resolve;

use crate::store::complaints::Complaint;
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct ComplaintView {
    pub id: Uuid,
    /// `need` or `pledge`.
    pub subject_type: String,
    pub subject_id: Uuid,
    pub body: String,
    pub status: crate::domain::complaint::ComplaintStatus,
    /// 0 when filed; each week unanswered widens who answers: township, county, city, province.
    pub escalation_level: i16,
    pub response: Option<String>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl From<Complaint> for ComplaintView {
    fn from(c: Complaint) -> Self {
        Self {
            id: c.id,
            subject_type: c.subject_type,
            subject_id: c.subject_id,
            body: c.body,
            status: c.status,
            escalation_level: c.escalation_level,
            response: c.response,
            resolved_at: c.resolved_at,
            created_at: c.created_at,
        }
    }
}
