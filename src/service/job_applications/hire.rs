//! Hiring: the employer hires a household member who accepted its invitation. One position is
//! taken by one conditional update (never a read, then a write), so parallel hires never exceed
//! the positions; the hire that takes the last one fills the posting and declines its other
//! applications. The hire schedules its retention checks and tells the household's officials.

use super::{load_visible, record, refusal};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::employment::application::{self, ApplicationAction, TransitionError};
use crate::domain::employment::application_fields::HireTerms;
use crate::domain::employment::JobStatus;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::mail;
use crate::service::job_postings::{self, End};
use crate::store::job_applications::{self as store, ApplicationChange, JobApplication};
use crate::store::job_postings as postings;
use crate::store::{job_retention_checks, Conn};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

fn filled() -> ApiError {
    ApiError::new(
        ErrorCode::PositionsFilled,
        "every position of the job is filled",
    )
}

/// Hires the member of an accepted application on `terms`.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, application_id = %id))]
pub async fn hire(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    terms: HireTerms,
) -> ApiResult<JobApplication> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        // Who may see it, unlocked; then the posting, then the application, locked (the order of
        // closing, which takes the posting, then its applications).
        let (seen, _, _) = load_visible(conn, actor, id, false).await?;
        let job = postings::find_for_update(conn, seen.job_id)
            .await?
            .ok_or_else(|| ApiError::internal("application without its job"))?;
        let (before, _, party) = load_visible(conn, actor, id, true).await?;
        let action = ApplicationAction::Hire;
        let next = application::next(before.status, action, party);
        if let Err(TransitionError::NotYours) = next {
            return Err(refusal(TransitionError::NotYours, &before, action, party));
        }
        match job.status {
            JobStatus::Open => {}
            JobStatus::Filled => return Err(filled()),
            JobStatus::Closed => job_postings::ensure_open(&job)?,
        }
        let to = next.map_err(|e| refusal(e, &before, action, party))?;
        let now = Utc::now();
        let taken = postings::take_position(conn, job.id, now)
            .await?
            .ok_or_else(filled)?;
        let change = ApplicationChange {
            status: Some(to),
            hired_at: Some(now),
            start_date: Some(terms.start_date),
            pay_fen: Some(terms.pay_fen),
            updated_at: Some(now),
            ..ApplicationChange::default()
        };
        let after = store::change(conn, id, before.status, &change)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidTransition,
                    "the application changed meanwhile",
                )
            })?;
        job_retention_checks::schedule(conn, after.id, &after.region_code, terms.start_date)
            .await?;
        if taken.hired >= taken.positions {
            job_postings::end(
                conn,
                Some(auth.id),
                &taken,
                End::Filled,
                None,
                Some(after.id),
                now,
            )
            .await?;
        } else {
            job_postings::record(
                conn,
                Some(auth.id),
                "job_posting.position_taken",
                Some(taken.status),
                &taken,
                json!({ "application_id": after.id }),
            )
            .await?;
        }
        record(
            conn,
            Some(auth.id),
            action,
            party,
            Some(before.status),
            &after,
            json!({ "start_date": terms.start_date }),
        )
        .await?;
        mail::jobs::hired(conn, &taken, &after).await?;
        Ok(after)
    })
    .await
}
