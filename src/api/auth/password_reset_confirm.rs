//! `POST /api/v1/auth/password-reset/confirm`: the token from the reset mail and a new password. The
//! password is set, every refresh token of the account revoked and its token generation bumped (every
//! access token stops working at once): every device signs in again.

use super::mail_tokens::consume;
use crate::api::extract::Body;
use crate::domain::Password;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::{audit, email_tokens, refresh_tokens, users, users_auth};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetConfirm {
    pub token: String,
    /// 10–128 characters, not a common password.
    pub password: String,
}

/// Shared by the API and the page the mail links to.
pub async fn reset(state: &AppState, token: &str, password: &str) -> ApiResult<()> {
    let password = Password::parse(password).map_err(|e| {
        ApiError::validation(vec![FieldError::new("password", e.code(), e.message())])
    })?;
    let hash = state.hashing.hash(password.expose().to_owned()).await?;
    let mut conn = state.pool.get().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let now = Utc::now();
        let user = consume(conn, token, email_tokens::RESET_PASSWORD, now).await?;
        users::update(
            conn,
            user,
            &users::UserUpdate {
                password_hash: Some(&hash),
                display_name: None,
                updated_at: now,
            },
        )
        .await?;
        let revoked = refresh_tokens::revoke_all_of_user(conn, user, now).await?;
        users_auth::bump_generation(conn, user).await?;
        // The mail reached its owner: the address is confirmed too.
        users::mark_email_verified(conn, user, now).await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(user),
                action: "account.password_reset",
                subject_type: "user",
                subject_id: user,
                details: json!({ "refresh_tokens_revoked": revoked }),
            },
        )
        .await?;
        Ok(())
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/auth/password-reset/confirm", tag = "auth",
    request_body = PasswordResetConfirm,
    responses(
        (status = 200, description = "The new password is set; every session signs in again"),
        (status = 400, description = "A weak password, invalid_mail_token or mail_token_expired", body = crate::error::Problem),
    )
)]
pub async fn password_reset_confirm(
    state: web::Data<AppState>,
    body: Body<PasswordResetConfirm>,
) -> ApiResult<HttpResponse> {
    reset(&state, &body.0.token, &body.0.password).await?;
    Ok(HttpResponse::Ok().json(json!({"status": "password_changed"})))
}
