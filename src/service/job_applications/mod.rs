//! Applications for jobs: a household (or an official for a household of its jurisdiction)
//! applies; the employer invites; the household accepts, which shows its phone to the employer;
//! the employer hires, with a start date and the agreed pay. Every move asks
//! `domain::employment::application::next`, changes the row by a conditional update and leaves an
//! audit event, in one transaction. Lock order: the posting, then the application.

mod act;
mod apply;
mod hire;

pub use act::act;
pub use apply::{apply, ensure_may_apply};
pub use hire::hire;

use crate::domain::access::Actor;
use crate::domain::employment::application::{
    self, ApplicationAction, ApplicationParty, ApplicationStatus, TransitionError,
};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::job_applications::{self as store, JobApplication};
use crate::store::job_postings::{self as postings, JobPosting};
use crate::store::{audit, Conn};
use serde_json::{json, Value};
use uuid::Uuid;

/// The caller's part in an application: the employer who posted the job, or the household side
/// (its own account, or an official whose jurisdiction covers its village). `None`: the caller may
/// not see it (404).
pub fn party_of(actor: &Actor, a: &JobApplication, job: &JobPosting) -> Option<ApplicationParty> {
    if actor.user_id() == Some(job.employer_id) {
        Some(ApplicationParty::Employer)
    } else if actor.is_household(a.household_id)
        || actor.is_official_for(&RegionCode::from_trusted(a.region_code.clone()))
    {
        Some(ApplicationParty::Household)
    } else {
        None
    }
}

/// Loads an application the caller may see, with its posting (404 otherwise); `for_update` locks
/// the application's row.
pub async fn load_visible(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    for_update: bool,
) -> ApiResult<(JobApplication, JobPosting, ApplicationParty)> {
    let found = if for_update {
        store::find_for_update(conn, id).await?
    } else {
        store::find(conn, id).await?
    };
    let not_found = || ApiError::not_found("application");
    let a = found.ok_or_else(not_found)?;
    let job = postings::find(conn, a.job_id)
        .await?
        .ok_or_else(|| ApiError::internal("application without its job"))?;
    let party = party_of(actor, &a, &job).ok_or_else(not_found)?;
    Ok((a, job, party))
}

/// The 403 or 409 of a refused move.
pub fn refusal(
    e: TransitionError,
    a: &JobApplication,
    action: ApplicationAction,
    party: ApplicationParty,
) -> ApiError {
    match e {
        TransitionError::NotYours => ApiError::forbidden(match party {
            ApplicationParty::Employer => {
                "the household (or its officials) does this, not the employer"
            }
            _ => "the employer does this, not the household",
        }),
        TransitionError::Invalid => ApiError::new(
            ErrorCode::InvalidTransition,
            format!(
                "an application that is {} cannot be {}",
                a.status,
                past_tense(action)
            ),
        )
        .with_extra("application_status", a.status.as_str()),
    }
}

fn past_tense(action: ApplicationAction) -> &'static str {
    match action {
        ApplicationAction::Invite => "invited",
        ApplicationAction::Accept => "accepted",
        ApplicationAction::Hire => "hired",
        ApplicationAction::Decline => "declined",
        ApplicationAction::Withdraw => "withdrawn",
    }
}

/// The status after `action` by `party`, or the problem to answer.
pub fn check(
    a: &JobApplication,
    action: ApplicationAction,
    party: ApplicationParty,
) -> ApiResult<ApplicationStatus> {
    application::next(a.status, action, party).map_err(|e| refusal(e, a, action, party))
}

/// An audit event for an application's move (`from` is `None` when it was just placed): ids and
/// statuses only, never the household's personal data.
pub async fn record(
    conn: &mut Conn,
    actor_id: Option<Uuid>,
    action: ApplicationAction,
    party: ApplicationParty,
    from: Option<ApplicationStatus>,
    after: &JobApplication,
    extra: Value,
) -> ApiResult<()> {
    let kind = if from.is_none() {
        "job_application.applied"
    } else {
        action.event_kind()
    };
    let mut details = json!({
        "from": from.map_or("none", ApplicationStatus::as_str),
        "to": after.status,
        "party": format!("{party:?}").to_lowercase(),
        "job_id": after.job_id,
        "household_id": after.household_id,
        "region_code": after.region_code,
    });
    if let (Some(d), Value::Object(e)) = (details.as_object_mut(), extra) {
        d.extend(e);
    }
    audit::append(
        conn,
        audit::Entry {
            chain: audit::AuditChain::National,
            actor_id,
            action: kind,
            subject_type: "job_application",
            subject_id: after.id,
            details,
        },
    )
    .await?;
    Ok(())
}
