//! The moves without terms: the employer invites or declines; the household (or its official)
//! accepts an invitation or withdraws. Hiring has its own flow (`hire.rs`).

use super::{check, load_visible, record};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::employment::application::ApplicationAction;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::mail;
use crate::store::job_applications::{self as store, ApplicationChange, JobApplication};
use crate::store::Conn;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// Invites, accepts, declines or withdraws (`reason` for the last two).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, application_id = %id))]
pub async fn act(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    action: ApplicationAction,
    reason: Option<&str>,
) -> ApiResult<JobApplication> {
    if action == ApplicationAction::Hire {
        return Err(ApiError::internal(
            "a hire goes through service::job_applications::hire",
        ));
    }
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (before, job, party) = load_visible(conn, actor, id, true).await?;
        let to = check(&before, action, party)?;
        let now = Utc::now();
        let mut change = ApplicationChange {
            status: Some(to),
            updated_at: Some(now),
            ..ApplicationChange::default()
        };
        match action {
            ApplicationAction::Invite => change.invited_at = Some(now),
            ApplicationAction::Accept => {
                change.accepted_at = Some(now);
                change.accepted_by = Some(auth.id);
            }
            ApplicationAction::Decline | ApplicationAction::Withdraw => {
                change.ended_at = Some(now);
                change.ended_by = Some(Some(auth.id));
                change.end_reason = Some(reason);
            }
            ApplicationAction::Hire => {}
        }
        let after = store::change(conn, id, before.status, &change)
            .await?
            .ok_or_else(|| {
                ApiError::new(
                    ErrorCode::InvalidTransition,
                    "the application changed meanwhile",
                )
            })?;
        record(
            conn,
            Some(auth.id),
            action,
            party,
            Some(before.status),
            &after,
            json!({}),
        )
        .await?;
        if action == ApplicationAction::Invite {
            mail::jobs::invited(conn, &job, &after).await?;
        }
        Ok(after)
    })
    .await
}
