//! Queries over queued mail (`mail.send` jobs), for the rate limits of account mail.

use super::Conn;
use crate::schema::jobs;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// How many jobs of `job_kind` carrying mail of `mail_kind` to `user_id` were queued since `since`.
pub async fn queued_since(
    conn: &mut Conn,
    job_kind: &str,
    mail_kind: &str,
    user_id: Uuid,
    since: DateTime<Utc>,
) -> QueryResult<i64> {
    jobs::table
        .filter(jobs::kind.eq(job_kind))
        .filter(jobs::payload.retrieve_as_text("kind").eq(mail_kind))
        .filter(
            jobs::payload
                .retrieve_as_text("user_id")
                .eq(user_id.to_string()),
        )
        .filter(jobs::created_at.gt(since))
        .count()
        .get_result(conn)
        .await
}
