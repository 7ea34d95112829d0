//! `PATCH /api/v1/me/notifications`: `{language?, notifications?: {kind: bool}}`; kinds not named
//! keep their setting.

use super::MailSettings;
use crate::api::extract::Body;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::mail::templates::{Language, MailKind};
use crate::state::AppState;
use crate::store::users;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MailSettingsChange {
    pub language: Option<String>,
    pub notifications: Option<BTreeMap<String, bool>>,
}

#[utoipa::path(
    patch, path = "/api/v1/me/notifications", tag = "auth",
    security(("bearer" = [])),
    request_body = MailSettingsChange,
    responses(
        (status = 200, description = "The new settings", body = MailSettings),
        (status = 400, description = "An unknown language or kind (account mail cannot be turned off)", body = crate::error::Problem),
    )
)]
pub async fn update_notifications(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Body<MailSettingsChange>,
) -> ApiResult<HttpResponse> {
    let change = body.0;
    let mut errors = Vec::new();
    if let Some(l) = change.language.as_deref() {
        if Language::parse(l).is_none() {
            errors.push(FieldError::new("language", "invalid_language", "zh or en"));
        }
    }
    for kind in change.notifications.iter().flat_map(|m| m.keys()) {
        if MailKind::parse(kind).is_none_or(|k| k.is_account()) {
            errors.push(FieldError::new(
                &format!("notifications.{kind}"),
                "unknown_kind",
                "not a notification kind (account mail cannot be turned off)",
            ));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let user = users::find(&mut conn, auth.id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    let mut off: Vec<String> = user.mail_opt_out.iter().flatten().cloned().collect();
    for (kind, on) in change.notifications.unwrap_or_default() {
        off.retain(|k| *k != kind);
        if !on {
            off.push(kind);
        }
    }
    off.sort();
    let language = change.language.unwrap_or(user.language);
    let user = users::set_mail_preferences(&mut conn, auth.id, &language, &off).await?;
    Ok(HttpResponse::Ok().json(MailSettings::from(&user)))
}
