//! Retention checks (就业回访): 30 and 180 days after a hire, the officials of the household's
//! village record whether the member is still employed.

pub mod answer;
pub mod list;

use super::{get, post, resource};
use crate::domain::household_label;
use crate::store::job_retention_checks::{CheckRow, RetentionCheck};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The retention routes, inside `/api/v1`.
pub fn routes(cfg: &mut actix_web::web::ServiceConfig) {
    cfg.service(resource("/review/retention-checks").route(get().to(list::retention_checks)))
        .service(
            resource("/retention-checks/{id}").route(post().to(answer::answer_retention_check)),
        );
}

/// The answer to a check, once given.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionAnswer {
    pub still_employed: bool,
    pub note: Option<String>,
    pub answered_at: DateTime<Utc>,
}

/// A check as officials see it. The household is named by its masked label only: the member's
/// name, phone and ID number are not part of a job's record.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionCheckView {
    pub id: Uuid,
    pub application_id: Uuid,
    pub job_id: Uuid,
    pub job_title: String,
    /// The employer's organization.
    pub organization: String,
    /// `某户 · 7F3A`.
    pub household_label: String,
    /// The household's village.
    pub region_code: String,
    /// 30 or 180.
    pub days_after_hire: i16,
    pub due_at: DateTime<Utc>,
    pub start_date: Option<NaiveDate>,
    /// Null until answered.
    pub answer: Option<RetentionAnswer>,
}

fn answer_of(
    still_employed: Option<bool>,
    note: Option<String>,
    answered_at: Option<DateTime<Utc>>,
) -> Option<RetentionAnswer> {
    match (still_employed, answered_at) {
        (Some(still_employed), Some(answered_at)) => Some(RetentionAnswer {
            still_employed,
            note,
            answered_at,
        }),
        _ => None,
    }
}

impl From<CheckRow> for RetentionCheckView {
    fn from(r: CheckRow) -> Self {
        Self {
            id: r.id,
            application_id: r.application_id,
            job_id: r.job_id,
            job_title: r.job_title,
            organization: r.organization,
            household_label: household_label(r.household_id),
            region_code: r.region_code,
            days_after_hire: r.days_after_hire,
            due_at: r.due_at,
            start_date: r.start_date,
            answer: answer_of(r.still_employed, r.note, r.answered_at),
        }
    }
}

/// What `POST /retention-checks/{id}` answers: the check's own facts and its answer.
#[derive(Debug, Serialize, ToSchema)]
pub struct RetentionCheckAnswered {
    pub id: Uuid,
    pub application_id: Uuid,
    pub region_code: String,
    pub days_after_hire: i16,
    pub due_at: DateTime<Utc>,
    pub answer: Option<RetentionAnswer>,
}

impl From<RetentionCheck> for RetentionCheckAnswered {
    fn from(c: RetentionCheck) -> Self {
        Self {
            id: c.id,
            application_id: c.application_id,
            region_code: c.region_code,
            days_after_hire: c.days_after_hire,
            due_at: c.due_at,
            answer: answer_of(c.still_employed, c.note, c.answered_at),
        }
    }
}
