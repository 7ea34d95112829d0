//! `POST /api/v1/auth/refresh`: trade a refresh token for a new pair (rotation). The token comes
//! from the body, or when the body has none from the `bangfu_refresh` cookie.

use super::cookie;
use super::tokens::{self, TokenPair};
use crate::api::extract::Body;
use crate::auth::token_digest;
use crate::domain::Role;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{refresh_tokens, users};
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use utoipa::ToSchema;

/// Send `{}` (or leave out `refresh_token`) to use the `bangfu_refresh` cookie that login and
/// refresh set: that is how the web app refreshes, never holding the token in script-readable
/// storage. API clients send the token here instead.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// Optional: when absent or empty, the `bangfu_refresh` cookie is used.
    #[serde(default)]
    pub refresh_token: Option<String>,
}

enum Outcome {
    Rotated(TokenPair),
    Refused(ApiError),
}

#[utoipa::path(
    post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair (the refresh token also as the `bangfu_refresh` cookie); the presented token is used up", body = TokenPair),
        (status = 401, description = "invalid_refresh_token, or refresh_token_reused (the whole family is revoked)", body = crate::error::Problem),
    )
)]
pub async fn refresh(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let token = cookie::token_from(body.refresh_token.as_deref(), &req).ok_or_else(|| {
        ApiError::new(
            ErrorCode::InvalidRefreshToken,
            "no refresh token: send `refresh_token` or the `bangfu_refresh` cookie",
        )
    })?;
    let digest = token_digest(&token);
    let mut conn = state.pool.get().await?;
    // The refusal of a reused token must commit (it revokes the family), so refusals are values
    // of the transaction, not errors that would roll it back.
    let outcome = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let now = Utc::now();
            let invalid = || Outcome::Refused(ApiError::new(ErrorCode::InvalidRefreshToken, "sign in again"));
            let Some(token) = refresh_tokens::find_for_update(conn, &digest).await? else { return Ok(invalid()) };
            if token.revoked_at.is_some() || token.expires_at <= now {
                return Ok(invalid());
            }
            if token.used_at.is_some() {
                refresh_tokens::revoke_family(conn, token.family_id, now).await?;
                tracing::warn!(user_id = %token.user_id, family = %token.family_id, "refresh token reused; family revoked");
                return Ok(Outcome::Refused(ApiError::new(
                    ErrorCode::RefreshTokenReused,
                    "this refresh token was already used; every session from that sign-in is now ended",
                )));
            }
            refresh_tokens::mark_used(conn, token.id, now).await?;
            let Some(user) = users::find(conn, token.user_id).await? else { return Ok(invalid()) };
            let role: Role = user.role;
            Ok(Outcome::Rotated(tokens::issue(&state, conn, user.id, role, token.family_id).await?))
        })
        .await?;
    match outcome {
        Outcome::Rotated(pair) => Ok(tokens::answer(&state, &pair)),
        Outcome::Refused(e) => Err(e),
    }
}
