//! `POST /api/v1/auth/verify-email`: the token from the verification mail confirms the address.

use super::mail_tokens::consume;
use crate::api::extract::Body;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{audit, email_tokens, users};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    /// The token from the mail's link.
    pub token: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Verified {
    pub email_verified: bool,
}

/// Shared by the API and the page the mail links to.
pub async fn verify(state: &AppState, token: &str) -> ApiResult<()> {
    let mut conn = state.pool.get().await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let now = Utc::now();
        let user = consume(conn, token, email_tokens::VERIFY_EMAIL, now).await?;
        users::mark_email_verified(conn, user, now).await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(user),
                action: "account.email_verified",
                subject_type: "user",
                subject_id: user,
                details: serde_json::json!({}),
            },
        )
        .await?;
        Ok(())
    })
    .await
}

#[utoipa::path(
    post, path = "/api/v1/auth/verify-email", tag = "auth",
    request_body = TokenRequest,
    responses(
        (status = 200, description = "The address is verified", body = Verified),
        (status = 400, description = "invalid_mail_token (unknown or used) or mail_token_expired", body = crate::error::Problem),
    )
)]
pub async fn verify_email(
    state: web::Data<AppState>,
    body: Body<TokenRequest>,
) -> ApiResult<HttpResponse> {
    verify(&state, &body.0.token).await?;
    Ok(HttpResponse::Ok().json(Verified {
        email_verified: true,
    }))
}
