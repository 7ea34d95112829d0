//! `POST /api/v1/auth/login`.

use super::tokens::{self, TokenPair};
use crate::api::extract::Body;
use crate::auth::password_hash;
use crate::domain::{Email, Role};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::users;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use std::time::Instant;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[utoipa::path(
    post, path = "/api/v1/auth/login", tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in; the refresh token is also set as the `bangfu_refresh` cookie", body = TokenPair),
        (status = 401, description = "invalid_credentials", body = crate::error::Problem),
        (status = 429, description = "too_many_attempts, with Retry-After", body = crate::error::Problem),
        (status = 503, description = "overloaded (too many password checks at once), with Retry-After", body = crate::error::Problem),
    )
)]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let account = body.email.trim().to_lowercase();
    // The real client: the peer, or behind a trusted proxy the address it forwarded for.
    let address = state.client_key(&req);
    // The attempt counts before the password is checked, so parallel guesses cannot all slip
    // through one check; a right password takes its count back.
    let reservation = state
        .throttle
        .reserve(&account, address, Instant::now())
        .map_err(|wait| {
            ApiError::new(
                ErrorCode::TooManyAttempts,
                format!("too many failed logins; try again in {wait} s"),
            )
            .with_retry_after(wait)
        })?;
    let mut conn = state.pool.get().await?;
    // Something that is not an email address cannot be an account: no lookup, same answer.
    let user = match Email::parse(&account) {
        Ok(email) => users::find_by_email(&mut conn, email.as_str()).await?,
        Err(_) => None,
    };
    // Verify against a dummy hash for unknown accounts so both cases take the same time.
    let stored = user
        .as_ref()
        .map(|u| u.password_hash.clone())
        .unwrap_or_else(|| password_hash::dummy_hash().to_owned());
    // The connection goes back while argon2 runs (or waits for its turn).
    drop(conn);
    let password_ok = state.hashing.verify(body.password.clone(), stored).await?;
    let user = match user {
        Some(u) if password_ok => u,
        _ => {
            return Err(ApiError::new(
                ErrorCode::InvalidCredentials,
                "wrong email or password",
            ));
        }
    };
    state.throttle.succeeded(reservation);
    let role: Role = user.role;
    let mut conn = state.pool.get().await?;
    let pair = tokens::issue(&state, &mut conn, user.id, role, Uuid::new_v4()).await?;
    tracing::info!(user_id = %user.id, "signed in");
    Ok(tokens::answer(&state, &pair))
}
