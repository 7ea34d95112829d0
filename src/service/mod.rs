//! The flows: one function per change a caller can ask for (post a need, approve a pledge, expire
//! what is due…). Each owns its transaction — the rule (from `domain`), the conditional update and
//! the audit event (in `store`), and the follow-up jobs — so that handlers and jobs run the same
//! code. Handlers parse and render around one call here; jobs call the same functions.
//! Errors are [`ApiResult`] values; tracing spans carry ids only, never personal data.

pub mod campaigns;
pub mod evidence;
pub mod honour;
pub mod household_work;
pub mod job_applications;
pub mod job_postings;
pub mod needs;
pub mod offers;
pub mod orders;
pub mod pledges;
pub mod products;
pub mod projects;
pub mod retention_checks;
pub mod stories;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::{users, Conn};

/// The organization a user acts for and whether an official or admin verified it; `None` for a user
/// without one. Job postings, matching funds and unpaid project pledges ask it.
pub async fn organization_of(
    conn: &mut Conn,
    user_id: uuid::Uuid,
) -> ApiResult<Option<(uuid::Uuid, bool)>> {
    let Some(org_id) = users::find(conn, user_id)
        .await?
        .and_then(|u| u.organization_id)
    else {
        return Ok(None);
    };
    let org = crate::store::organizations::find(conn, org_id)
        .await?
        .ok_or_else(|| ApiError::internal("missing organization"))?;
    Ok(Some((org.id, org.verified_at.is_some())))
}

/// Pledging and publishing offers need a confirmed address (403 `email_unverified`).
pub async fn require_verified_email(conn: &mut Conn, user_id: uuid::Uuid) -> ApiResult<()> {
    let verified = users::find(conn, user_id)
        .await?
        .is_some_and(|u| u.email_verified_at.is_some());
    if verified {
        Ok(())
    } else {
        Err(ApiError::new(
            ErrorCode::EmailUnverified,
            "confirm your email address through the link we mailed you (or ask for a new one)",
        ))
    }
}
