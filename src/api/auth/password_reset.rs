//! `POST /api/v1/auth/password-reset`: mails a one-time link (valid one hour) when the address
//! belongs to an account, and answers the same whatever the address, so it reveals no accounts. At
//! most three mails an hour go to one account.

use crate::api::extract::Body;
use crate::domain::Email;
use crate::error::ApiResult;
use crate::mail::notify::queued_since;
use crate::mail::templates::MailKind;
use crate::state::AppState;
use crate::store::users;
use actix_web::{web, HttpResponse};
use chrono::{Duration, Utc};
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PasswordResetRequest {
    pub email: String,
}

#[utoipa::path(
    post, path = "/api/v1/auth/password-reset", tag = "auth",
    request_body = PasswordResetRequest,
    responses((status = 202, description = "If the address has an account, a link is on its way"))
)]
pub async fn password_reset(
    state: web::Data<AppState>,
    body: Body<PasswordResetRequest>,
) -> ApiResult<HttpResponse> {
    let answer = HttpResponse::Accepted().json(json!({
        "status": "accepted",
        "detail": "if this address belongs to an account, a link to set a new password is on its way",
    }));
    let Ok(email) = Email::parse(&body.0.email) else {
        return Ok(answer);
    };
    let mut conn = state.pool.get().await?;
    let Some(user) = users::find_by_email(&mut conn, email.as_str()).await? else {
        return Ok(answer);
    };
    let recent = queued_since(
        &mut conn,
        MailKind::PasswordReset,
        user.id,
        Utc::now() - Duration::hours(1),
    )
    .await?;
    if recent < 3 {
        crate::mail::notify::enqueue(&mut conn, MailKind::PasswordReset, user.id, json!({}))
            .await?;
    }
    Ok(answer)
}
