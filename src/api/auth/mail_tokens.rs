//! Using a one-time token from a mail: it must exist for this purpose, be unused and unexpired.
//! Using it marks every open token of the same user and purpose used.

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::{email_tokens, Conn};
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// The user the token belongs to; call inside the transaction that acts on it.
pub async fn consume(
    conn: &mut Conn,
    token: &str,
    purpose: &str,
    now: DateTime<Utc>,
) -> ApiResult<Uuid> {
    let invalid = || {
        ApiError::new(
            ErrorCode::InvalidMailToken,
            "this link is not valid or was used already",
        )
    };
    if token.is_empty() || token.len() > 200 {
        return Err(invalid());
    }
    let row = email_tokens::find_for_update(conn, &crate::auth::token_digest(token), purpose)
        .await?
        .ok_or_else(invalid)?;
    if row.used_at.is_some() {
        return Err(invalid());
    }
    if row.expires_at <= now {
        return Err(ApiError::new(
            ErrorCode::MailTokenExpired,
            "this link has expired; ask for a new one",
        ));
    }
    email_tokens::use_all(conn, row.user_id, purpose, now).await?;
    Ok(row.user_id)
}
