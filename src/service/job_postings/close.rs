//! A posting ends: closed by its employer (or an admin), filled by its last hire, or closed by the
//! expiry job once its date passed. Every end declines the applications still under way, by the
//! system, in the same transaction.

use super::{ensure_open, is_employer, load, record};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::employment::application::{self, ApplicationAction, ApplicationParty};
use crate::domain::employment::JobStatus;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::service::job_applications;
use crate::store::job_applications::{self as applications, ApplicationChange};
use crate::store::job_postings::{self as store, JobPosting, JobPostingChange};
use crate::store::Conn;
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// How a posting ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Its employer or an admin closed it.
    Closed,
    /// Its hires reached its positions.
    Filled,
    /// Its date passed.
    Expired,
}

impl End {
    fn status(self) -> JobStatus {
        match self {
            End::Filled => JobStatus::Filled,
            End::Closed | End::Expired => JobStatus::Closed,
        }
    }

    fn event_kind(self) -> &'static str {
        match self {
            End::Closed => "job_posting.closed",
            End::Filled => "job_posting.filled",
            End::Expired => "job_posting.expired",
        }
    }

    /// The reason the declined applications carry.
    fn decline_reason(self) -> &'static str {
        match self {
            End::Closed => "job_closed",
            End::Filled => "job_filled",
            End::Expired => "job_expired",
        }
    }
}

/// Ends a posting the caller has locked and found open: declines its live applications (but
/// `except`, the hire that filled it), then changes the posting, then records every move. All row
/// locks come before the first audit append.
pub async fn end(
    conn: &mut Conn,
    actor_id: Option<Uuid>,
    posting: &JobPosting,
    how: End,
    reason: Option<&str>,
    except: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<JobPosting> {
    let live = applications::live_of_job_for_update(conn, posting.id, except).await?;
    let mut declined = Vec::with_capacity(live.len());
    for a in &live {
        let Ok(to) = application::next(
            a.status,
            ApplicationAction::Decline,
            ApplicationParty::System,
        ) else {
            continue;
        };
        let change = ApplicationChange {
            status: Some(to),
            ended_at: Some(now),
            ended_by: Some(None),
            end_reason: Some(Some(how.decline_reason())),
            updated_at: Some(now),
            ..ApplicationChange::default()
        };
        if let Some(after) = applications::change(conn, a.id, a.status, &change).await? {
            declined.push((a.status, after));
        }
    }
    let change = JobPostingChange {
        status: Some(how.status()),
        closed_reason: Some(reason),
        closed_at: Some(Some(now)),
        updated_at: Some(now),
        ..JobPostingChange::default()
    };
    let after = store::change(conn, posting.id, JobStatus::Open, i32::MAX, &change)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::JobNotOpen, "the job changed meanwhile"))?;
    record(
        conn,
        actor_id,
        how.event_kind(),
        Some(posting.status),
        &after,
        json!({ "declined": declined.len() }),
    )
    .await?;
    for (from, a) in &declined {
        job_applications::record(
            conn,
            None,
            ApplicationAction::Decline,
            ApplicationParty::System,
            Some(*from),
            a,
            json!({ "reason": how.decline_reason() }),
        )
        .await?;
    }
    Ok(after)
}

/// The employer (or an admin) closes an open posting.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, job_id = %id))]
pub async fn close(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    reason: Option<&str>,
) -> ApiResult<JobPosting> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let before = load(conn, id, true).await?;
        if !is_employer(actor, &before) && !matches!(actor, Actor::Admin { .. }) {
            return Err(ApiError::forbidden(
                "only the employer (or an admin) closes a job",
            ));
        }
        ensure_open(&before)?;
        end(
            conn,
            Some(auth.id),
            &before,
            End::Closed,
            reason,
            None,
            Utc::now(),
        )
        .await
    })
    .await
}

/// Closes up to `limit` open postings whose date has passed, one transaction each (a posting's
/// applications are locked before its audit events, never after another posting's); returns how
/// many were closed.
#[tracing::instrument(skip_all)]
pub async fn expire_due(conn: &mut Conn, now: DateTime<Utc>, limit: i64) -> ApiResult<usize> {
    let mut closed = 0;
    while (closed as i64) < limit {
        let done = conn
            .transaction::<_, ApiError, _>(async |conn| {
                // Skips postings another worker holds.
                let Some(p) = store::due_for_expiry(conn, now, 1).await?.pop() else {
                    return Ok(false);
                };
                end(conn, None, &p, End::Expired, Some("expired"), None, now).await?;
                Ok(true)
            })
            .await?;
        if !done {
            break;
        }
        closed += 1;
    }
    Ok(closed)
}
