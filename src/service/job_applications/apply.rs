//! Applying for a job: a household for itself, or an official for a household of its jurisdiction.
//! A household holds at most as many applications (under way or hired) as it has members able to
//! work (its work profile; none without one).

use super::record;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::employment::application::{ApplicationAction, ApplicationParty};
use crate::domain::employment::application_fields::ApplicationContent;
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::mail;
use crate::service::job_postings::ensure_open;
use crate::store::job_applications::{self as store, JobApplication, NewJobApplication};
use crate::store::job_postings as postings;
use crate::store::{households, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

fn field(name: &str, code: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldError::new(name, code, message)])
}

/// The household the caller applies for, and its village.
async fn household_for(
    conn: &mut Conn,
    actor: &Actor,
    household_id: Option<Uuid>,
) -> ApiResult<(Uuid, String)> {
    match actor {
        Actor::Household {
            household_id: own, ..
        } => {
            if household_id.is_some_and(|h| h != *own) {
                return Err(field(
                    "household_id",
                    "not_allowed",
                    "a household applies for itself",
                ));
            }
            let h = households::find(conn, *own)
                .await?
                .ok_or_else(|| ApiError::internal("household account without profile"))?;
            Ok((h.id, h.region_code))
        }
        Actor::Official { .. } => {
            let Some(hid) = household_id else {
                return Err(field(
                    "household_id",
                    "required",
                    "officials apply for a household of their jurisdiction",
                ));
            };
            let h = households::find(conn, hid)
                .await?
                .filter(|h| actor.is_official_for(&RegionCode::from_trusted(h.region_code.clone())))
                .ok_or_else(|| {
                    field(
                        "household_id",
                        "unknown_household",
                        "no such household in your jurisdiction",
                    )
                })?;
            Ok((h.id, h.region_code))
        }
        _ => Err(ApiError::forbidden(
            "households apply for jobs (or their officials for them)",
        )),
    }
}

/// Whether the caller may ever apply (checked before its fields).
pub fn ensure_may_apply(actor: &Actor) -> ApiResult<()> {
    match actor {
        Actor::Household { .. } | Actor::Official { .. } => Ok(()),
        _ => Err(ApiError::forbidden(
            "households apply for jobs (or their officials for them)",
        )),
    }
}

/// Places an application (201 `applied`).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, job_id = %job_id))]
pub async fn apply(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    job_id: Uuid,
    household_id: Option<Uuid>,
    content: &ApplicationContent,
) -> ApiResult<JobApplication> {
    ensure_may_apply(actor)?;
    let (household_id, region_code) = household_for(conn, actor, household_id).await?;
    if matches!(actor, Actor::Household { .. }) {
        crate::service::require_verified_email(conn, auth.id).await?;
    }
    conn.transaction::<_, ApiError, _>(async |conn| {
        // The household first (its row lock orders its applications), then the posting, shared:
        // it cannot close under a new application.
        let (able, held) = store::able_and_held(conn, household_id)
            .await?
            .ok_or_else(|| ApiError::internal("household vanished"))?;
        let job = postings::find_for_share(conn, job_id)
            .await?
            .ok_or_else(|| ApiError::not_found("job"))?;
        ensure_open(&job)?;
        let now = Utc::now();
        if job.valid_until <= now {
            return Err(
                ApiError::new(ErrorCode::JobNotOpen, "the job's closing date has passed")
                    .with_extra("job_status", job.status.as_str()),
            );
        }
        if held >= i64::from(able) {
            return Err(ApiError::new(
                ErrorCode::NoAbleMember,
                "every member of the household able to work already has an application or a job",
            )
            .with_extra("able_to_work", able)
            .with_extra("applications", held));
        }
        let application = store::insert(
            conn,
            &NewJobApplication {
                id: Uuid::new_v4(),
                job_id,
                household_id,
                region_code: &region_code,
                applied_by: auth.id,
                age_band: content.age_band,
                skills: content.skills.iter().copied().map(Some).collect(),
                note: &content.note,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        record(
            conn,
            Some(auth.id),
            ApplicationAction::Invite,
            ApplicationParty::Household,
            None,
            &application,
            json!({}),
        )
        .await?;
        mail::jobs::application_received(conn, &job, &application).await?;
        Ok(application)
    })
    .await
}
