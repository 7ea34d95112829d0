//! `POST /api/v1/auth/verify-email/resend`: a new verification mail for the signed-in account, at
//! most one a minute and five a day.

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::mail::templates::MailKind;
use crate::schema::jobs;
use crate::state::AppState;
use crate::store::users;
use actix_web::{web, HttpResponse};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::json;

async fn sent_since(
    conn: &mut crate::store::Conn,
    user: uuid::Uuid,
    since: chrono::DateTime<Utc>,
) -> QueryResult<i64> {
    jobs::table
        .filter(jobs::kind.eq(crate::mail::SEND))
        .filter(
            jobs::payload
                .retrieve_as_text("kind")
                .eq(MailKind::VerifyEmail.as_str()),
        )
        .filter(
            jobs::payload
                .retrieve_as_text("user_id")
                .eq(user.to_string()),
        )
        .filter(jobs::created_at.gt(since))
        .count()
        .get_result(conn)
        .await
}

#[utoipa::path(
    post, path = "/api/v1/auth/verify-email/resend", tag = "auth",
    security(("bearer" = [])),
    responses(
        (status = 202, description = "A new link is on its way (or the address is verified already)"),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 429, description = "too_many_attempts, with Retry-After", body = crate::error::Problem),
    )
)]
pub async fn resend_verification(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let user = users::find(&mut conn, auth.id)
        .await?
        .ok_or_else(|| ApiError::new(ErrorCode::InvalidToken, "the account no longer exists"))?;
    if user.email_verified_at.is_some() {
        return Ok(HttpResponse::Accepted().json(json!({"email_verified": true})));
    }
    let now = Utc::now();
    if sent_since(&mut conn, user.id, now - Duration::seconds(60)).await? > 0 {
        return Err(
            ApiError::new(ErrorCode::TooManyAttempts, "one verification mail a minute")
                .with_retry_after(60),
        );
    }
    if sent_since(&mut conn, user.id, now - Duration::days(1)).await? >= 5 {
        return Err(
            ApiError::new(ErrorCode::TooManyAttempts, "five verification mails a day")
                .with_retry_after(3600),
        );
    }
    crate::mail::notify::enqueue(&mut conn, MailKind::VerifyEmail, user.id, json!({})).await?;
    Ok(HttpResponse::Accepted().json(json!({"email_verified": false})))
}
