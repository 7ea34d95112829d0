//! Issuing the token pair that login and refresh return.

use crate::auth::{random_token, token_digest};
use crate::domain::Role;
use crate::error::ApiError;
use crate::state::AppState;
use crate::store::{refresh_tokens, users_auth, Conn};
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct TokenPair {
    /// A JWT for `Authorization: Bearer`, valid `expires_in` seconds.
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    pub expires_in: u64,
    /// Single use: `POST /auth/refresh` returns a new pair and retires this one. The same token is
    /// also set as the `bangfu_refresh` cookie (HttpOnly, SameSite=Strict, Path=/api/v1/auth), which
    /// the web app uses instead of storing this field.
    pub refresh_token: String,
    pub refresh_expires_in: u64,
}

/// Stores a new refresh token in `family_id` and signs an access token in the user's current token
/// generation.
pub async fn issue(
    state: &AppState,
    conn: &mut Conn,
    user_id: Uuid,
    role: Role,
    family_id: Uuid,
) -> Result<TokenPair, ApiError> {
    let refresh = random_token(32);
    let ttl = state.config.refresh_token_ttl;
    let expires_at = Utc::now() + chrono::Duration::from_std(ttl).map_err(ApiError::internal)?;
    refresh_tokens::insert(
        conn,
        &refresh_tokens::NewRefreshToken {
            id: Uuid::new_v4(),
            user_id,
            family_id,
            token_hash: &token_digest(&refresh),
            expires_at,
        },
    )
    .await?;
    let generation = users_auth::credentials(conn, user_id)
        .await?
        .ok_or_else(|| ApiError::internal(format!("user {user_id} vanished while signing in")))?
        .token_generation;
    let (access, _) = state
        .jwt
        .issue(user_id, role, generation)
        .map_err(ApiError::internal)?;
    Ok(TokenPair {
        access_token: access,
        token_type: "Bearer",
        expires_in: state.jwt.ttl().as_secs(),
        refresh_token: refresh,
        refresh_expires_in: ttl.as_secs(),
    })
}

/// The 200 answer of login and refresh: the pair, and the refresh token as a cookie too.
pub fn answer(state: &AppState, pair: &TokenPair) -> actix_web::HttpResponse {
    let mut resp = actix_web::HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .json(pair);
    super::cookie::append(
        &mut resp,
        &super::cookie::set(&state.config, &pair.refresh_token),
    );
    resp
}
