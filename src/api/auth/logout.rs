//! `POST /api/v1/auth/logout`: end a sign-in by revoking its refresh token family.

use crate::api::extract::Body;
use crate::auth::token_digest;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::refresh_tokens;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LogoutRequest {
    pub refresh_token: String,
}

#[utoipa::path(
    post, path = "/api/v1/auth/logout", tag = "auth",
    request_body = LogoutRequest,
    responses(
        (status = 204, description = "The sign-in's refresh tokens are revoked"),
        (status = 401, description = "invalid_refresh_token", body = crate::error::Problem),
    )
)]
pub async fn logout(
    state: web::Data<AppState>,
    body: Body<LogoutRequest>,
) -> ApiResult<HttpResponse> {
    let digest = token_digest(body.refresh_token.trim());
    let mut conn = state.pool.get().await?;
    let found = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let Some(token) = refresh_tokens::find_for_update(conn, &digest).await? else {
                return Ok(false);
            };
            refresh_tokens::revoke_family(conn, token.family_id, Utc::now()).await?;
            Ok(true)
        })
        .await?;
    if found {
        Ok(HttpResponse::NoContent().finish())
    } else {
        Err(ApiError::new(
            ErrorCode::InvalidRefreshToken,
            "unknown refresh token",
        ))
    }
}
