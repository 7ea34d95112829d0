//! How a job posting is shown: public facts for everyone (postings need no certification); its
//! employer also sees how many applications it has in each status.

use crate::domain::access::Actor;
use crate::domain::employment::application::ApplicationStatus;
use crate::domain::employment::{JobStatus, PayPeriod, Skill};
use crate::domain::{personal_data, RegionCode};
use crate::error::ApiResult;
use crate::service::job_postings::is_employer;
use crate::store::job_applications;
use crate::store::job_postings::JobPosting;
use crate::store::{organizations, regions, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct JobOrganization {
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct JobView {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    /// The place of work, at any level (a village for a workshop).
    pub region_code: String,
    /// The names from the province down to the place of work.
    pub region_path: Vec<String>,
    pub positions: i32,
    pub hired: i32,
    pub positions_left: i32,
    /// Pay per period in fen.
    pub pay_min_fen: i64,
    pub pay_max_fen: i64,
    pub pay_period: PayPeriod,
    pub skills: Vec<Skill>,
    pub housing: bool,
    pub valid_until: DateTime<Utc>,
    /// `open`, `filled` or `closed`.
    pub status: JobStatus,
    pub closed_at: Option<DateTime<Utc>>,
    /// Why its employer (or an admin) closed it; `expired` when its date passed.
    pub closed_reason: Option<String>,
    pub organization: JobOrganization,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Whether the caller posted it.
    pub is_mine: bool,
    /// For the employer only: its applications by status.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applications: Option<ApplicationCounts>,
}

/// A posting's applications in each status.
#[derive(Debug, Default, Serialize, ToSchema)]
pub struct ApplicationCounts {
    pub applied: i64,
    pub invited: i64,
    pub accepted: i64,
    pub hired: i64,
    pub declined: i64,
    pub withdrawn: i64,
}

/// The names of a region and its ancestors, province first.
pub async fn region_path(conn: &mut Conn, code: &str) -> ApiResult<Vec<String>> {
    Ok(
        regions::path(conn, &RegionCode::from_trusted(code.to_owned()))
            .await?
            .into_iter()
            .map(|r| r.name)
            .collect(),
    )
}

/// Renders a posting for `actor`.
pub async fn view(conn: &mut Conn, actor: &Actor, p: JobPosting) -> ApiResult<JobView> {
    let organization = JobOrganization {
        name: organizations::find(conn, p.organization_id)
            .await?
            .map(|o| o.name)
            .unwrap_or_default(),
    };
    let is_mine = is_employer(actor, &p);
    let applications = if is_mine {
        let mut counts = ApplicationCounts::default();
        for (status, n) in job_applications::counts_by_status(conn, p.id).await? {
            *match status {
                ApplicationStatus::Applied => &mut counts.applied,
                ApplicationStatus::Invited => &mut counts.invited,
                ApplicationStatus::Accepted => &mut counts.accepted,
                ApplicationStatus::Hired => &mut counts.hired,
                ApplicationStatus::Declined => &mut counts.declined,
                ApplicationStatus::Withdrawn => &mut counts.withdrawn,
            } = n;
        }
        Some(counts)
    } else {
        None
    };
    // Numbers are refused when written; names after a cue are masked for everyone but the
    // employer, as products and needs are.
    let (title, description) = if is_mine {
        (p.title.clone(), p.description.clone())
    } else {
        (
            personal_data::mask(&p.title, &[]),
            personal_data::mask(&p.description, &[]),
        )
    };
    Ok(JobView {
        region_path: region_path(conn, &p.region_code).await?,
        skills: p.skills(),
        id: p.id,
        title,
        description,
        region_code: p.region_code,
        positions: p.positions,
        hired: p.hired,
        positions_left: (p.positions - p.hired).max(0),
        pay_min_fen: p.pay_min_fen,
        pay_max_fen: p.pay_max_fen,
        pay_period: p.pay_period,
        housing: p.housing,
        valid_until: p.valid_until,
        status: p.status,
        closed_at: p.closed_at,
        closed_reason: p.closed_reason,
        organization,
        created_at: p.created_at,
        updated_at: p.updated_at,
        is_mine,
        applications,
    })
}
