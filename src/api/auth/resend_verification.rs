//! `POST /api/v1/auth/verify-email/resend`: a new verification mail for the signed-in account, at
//! most one a minute and five a day.

use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::mail::notify::queued_since;
use crate::mail::templates::MailKind;
use crate::state::AppState;
use crate::store::users;
use actix_web::{web, HttpResponse};
use chrono::{Duration, Utc};
use serde_json::json;

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
    if queued_since(
        &mut conn,
        MailKind::VerifyEmail,
        user.id,
        now - Duration::seconds(60),
    )
    .await?
        > 0
    {
        return Err(
            ApiError::new(ErrorCode::TooManyAttempts, "one verification mail a minute")
                .with_retry_after(60),
        );
    }
    if queued_since(
        &mut conn,
        MailKind::VerifyEmail,
        user.id,
        now - Duration::days(1),
    )
    .await?
        >= 5
    {
        return Err(
            ApiError::new(ErrorCode::TooManyAttempts, "five verification mails a day")
                .with_retry_after(3600),
        );
    }
    crate::mail::notify::enqueue(&mut conn, MailKind::VerifyEmail, user.id, json!({})).await?;
    Ok(HttpResponse::Accepted().json(json!({"email_verified": false})))
}
