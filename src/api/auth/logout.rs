//! `POST /api/v1/auth/logout`: end a sign-in by revoking its refresh token family, and retire every
//! access token of the account (its token generation goes up: the other devices refresh once).

use super::cookie;
use crate::api::extract::Body;
use crate::auth::token_digest;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::{refresh_tokens, users_auth};
use actix_web::{web, HttpRequest, HttpResponse, ResponseError};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use utoipa::ToSchema;

/// Send `{}` (or leave out `refresh_token`) to sign out with the `bangfu_refresh` cookie, as the
/// web app does; API clients send the token here.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogoutRequest {
    /// Optional: when absent or empty, the `bangfu_refresh` cookie is used.
    #[serde(default)]
    pub refresh_token: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    request_body = LogoutRequest,
    responses(
        (status = 204, description = "The sign-in's refresh tokens and the account's access tokens are revoked; the `bangfu_refresh` cookie is cleared"),
        (status = 401, description = "invalid_refresh_token (the cookie is cleared all the same)", body = crate::error::Problem),
    )
)]
pub async fn logout(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: Body<LogoutRequest>,
) -> ApiResult<HttpResponse> {
    let outcome = revoke(
        &state,
        cookie::token_from(body.refresh_token.as_deref(), &req),
    )
    .await;
    // Whatever happened, the browser should not keep a cookie that signs nobody in.
    let mut resp = match outcome {
        Ok(()) => HttpResponse::NoContent().finish(),
        Err(e) => e.error_response(),
    };
    cookie::append(&mut resp, &cookie::clear(&state.config));
    Ok(resp)
}

async fn revoke(state: &AppState, token: Option<String>) -> ApiResult<()> {
    let unknown = || ApiError::new(ErrorCode::InvalidRefreshToken, "unknown refresh token");
    let digest = token_digest(&token.ok_or_else(unknown)?);
    let mut conn = state.pool.get().await?;
    let found = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let Some(token) = refresh_tokens::find_for_update(conn, &digest).await? else {
                return Ok(false);
            };
            refresh_tokens::revoke_family(conn, token.family_id, Utc::now()).await?;
            users_auth::bump_generation(conn, token.user_id).await?;
            Ok(true)
        })
        .await?;
    if found {
        Ok(())
    } else {
        Err(unknown())
    }
}
