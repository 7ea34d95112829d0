//! How an application is shown. It names no person: a masked household label, the village, an
//! age band and skills. The household's phone (`contact_phone`) is shown to the household itself
//! and its officials, and to the employer only once the household accepted an invitation; never
//! the head's name or ID number to anyone here.

use crate::api::jobs::views::region_path;
use crate::domain::employment::application::{ApplicationParty, ApplicationStatus};
use crate::domain::employment::{AgeBand, Skill};
use crate::domain::household_label;
use crate::error::ApiResult;
use crate::store::job_applications::JobApplication;
use crate::store::job_postings::JobPosting;
use crate::store::{households, organizations, Conn};
use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// The job an application is for.
#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationJob {
    pub id: Uuid,
    pub title: String,
    /// The employer's organization.
    pub organization: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ApplicationView {
    pub id: Uuid,
    pub job: ApplicationJob,
    /// Identifies no one: `某户 · 7F3A`.
    pub household_label: String,
    /// The household's village.
    pub region_code: String,
    /// The names from the province down to the village.
    pub region_path: Vec<String>,
    pub age_band: AgeBand,
    pub skills: Vec<Skill>,
    pub note: String,
    /// `applied`, `invited`, `accepted`, `hired`, `declined` or `withdrawn`.
    pub status: ApplicationStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub invited_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub hired_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    /// Why it was declined or withdrawn (`job_closed`, `job_filled`, `job_expired` when the job
    /// ended).
    pub end_reason: Option<String>,
    /// Once hired.
    pub start_date: Option<NaiveDate>,
    /// Once hired: the agreed pay per the job's period, in fen.
    pub pay_fen: Option<i64>,
    /// The household's phone: for the household and its officials; for the employer once the
    /// household accepted an invitation (`accepted`, `hired`); otherwise null.
    pub contact_phone: Option<String>,
    /// The caller's side: `employer` or `household` (the household or its officials).
    pub my_party: String,
}

/// Whether `party` sees the household's phone on an application in `status`.
pub fn sees_phone(party: ApplicationParty, status: ApplicationStatus) -> bool {
    match party {
        ApplicationParty::Household => true,
        ApplicationParty::Employer => status.shares_phone(),
        ApplicationParty::System => false,
    }
}

/// Renders an application for a caller whose side is `party`.
pub async fn view(
    conn: &mut Conn,
    a: JobApplication,
    job: &JobPosting,
    party: ApplicationParty,
) -> ApiResult<ApplicationView> {
    let organization = organizations::find(conn, job.organization_id)
        .await?
        .map(|o| o.name)
        .unwrap_or_default();
    let contact_phone = if sees_phone(party, a.status) {
        households::find(conn, a.household_id)
            .await?
            .and_then(|h| h.phone)
    } else {
        None
    };
    Ok(ApplicationView {
        job: ApplicationJob {
            id: job.id,
            title: job.title.clone(),
            organization,
        },
        household_label: household_label(a.household_id),
        region_path: region_path(conn, &a.region_code).await?,
        skills: a.skills(),
        id: a.id,
        region_code: a.region_code,
        age_band: a.age_band,
        note: a.note,
        status: a.status,
        created_at: a.created_at,
        updated_at: a.updated_at,
        invited_at: a.invited_at,
        accepted_at: a.accepted_at,
        hired_at: a.hired_at,
        ended_at: a.ended_at,
        end_reason: a.end_reason,
        start_date: a.start_date,
        pay_fen: a.pay_fen,
        contact_phone,
        my_party: match party {
            ApplicationParty::Employer => "employer",
            _ => "household",
        }
        .to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_employer_sees_the_phone_only_after_acceptance() {
        for status in ApplicationStatus::ALL {
            assert_eq!(
                sees_phone(ApplicationParty::Employer, *status),
                matches!(
                    status,
                    ApplicationStatus::Accepted | ApplicationStatus::Hired
                ),
                "{status}"
            );
            assert!(sees_phone(ApplicationParty::Household, *status));
            assert!(!sees_phone(ApplicationParty::System, *status));
        }
    }
}
