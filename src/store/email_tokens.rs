//! One-time tokens sent by mail (address verification, password reset), stored as SHA-256.

use crate::schema::email_tokens;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = email_tokens)]
pub struct EmailToken {
    pub token_hash: Vec<u8>,
    pub user_id: Uuid,
    pub purpose: String,
    pub expires_at: DateTime<Utc>,
    pub used_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub const VERIFY_EMAIL: &str = "verify_email";
pub const RESET_PASSWORD: &str = "reset_password";

pub async fn insert(
    conn: &mut Conn,
    token_hash: &[u8],
    user_id: Uuid,
    purpose: &str,
    expires_at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::insert_into(email_tokens::table)
        .values((
            email_tokens::token_hash.eq(token_hash),
            email_tokens::user_id.eq(user_id),
            email_tokens::purpose.eq(purpose),
            email_tokens::expires_at.eq(expires_at),
        ))
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn find_for_update(
    conn: &mut Conn,
    token_hash: &[u8],
    purpose: &str,
) -> QueryResult<Option<EmailToken>> {
    email_tokens::table
        .find(token_hash)
        .filter(email_tokens::purpose.eq(purpose))
        .select(EmailToken::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Marks the token used, and every other unused token of the same user and purpose: one link
/// works once, and a newer mail makes older links useless.
pub async fn use_all(
    conn: &mut Conn,
    user_id: Uuid,
    purpose: &str,
    at: DateTime<Utc>,
) -> QueryResult<()> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::user_id.eq(user_id))
            .filter(email_tokens::purpose.eq(purpose))
            .filter(email_tokens::used_at.is_null()),
    )
    .set(email_tokens::used_at.eq(at))
    .execute(conn)
    .await
    .map(|_| ())
}
