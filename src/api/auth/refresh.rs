//! `POST /api/v1/auth/refresh`: trade a refresh token for a new pair (rotation).

use super::tokens::{self, TokenPair};
use crate::api::extract::Body;
use crate::auth::token_digest;
use crate::domain::Role;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{refresh_tokens, users};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    pub refresh_token: String,
}

enum Outcome {
    Rotated(TokenPair),
    Refused(ApiError),
}

#[utoipa::path(
    post, path = "/api/v1/auth/refresh", tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "A new token pair; the presented token is used up", body = TokenPair),
        (status = 401, description = "invalid_refresh_token, or refresh_token_reused (the whole family is revoked)", body = crate::error::Problem),
    )
)]
pub async fn refresh(
    state: web::Data<AppState>,
    body: Body<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let digest = token_digest(body.refresh_token.trim());
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
        Outcome::Rotated(pair) => Ok(HttpResponse::Ok()
            .insert_header(("Cache-Control", "no-store"))
            .json(pair)),
        Outcome::Refused(e) => Err(e),
    }
}
