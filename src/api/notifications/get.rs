//! `GET /api/v1/me/notifications`.

use super::MailSettings;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::users;
use actix_web::{web, HttpResponse};

#[utoipa::path(
    get, path = "/api/v1/me/notifications", tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller's mail settings", body = MailSettings))
)]
pub async fn get_notifications(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let user = users::find(&mut conn, auth.id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    Ok(HttpResponse::Ok().json(MailSettings::from(&user)))
}
