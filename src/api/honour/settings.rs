//! `GET` and `PATCH /api/v1/me/honour`: a supporter's honour settings — `show_name` (an individual
//! shows its name instead of `爱心人士 · 3F2A`; organizations always show theirs) and `listed`
//! (false: absent from the roll, and its public page is 404).

use crate::api::extract::Body;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::service::honour as service;
use crate::state::AppState;
use crate::store::honour;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Serialize, ToSchema)]
pub struct HonourSettings {
    pub show_name: bool,
    pub listed: bool,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HonourSettingsUpdate {
    pub show_name: Option<bool>,
    pub listed: Option<bool>,
}

#[utoipa::path(
    get, path = "/api/v1/me/honour", tag = "honour",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's honour settings", body = HonourSettings),
        (status = 403, description = "Not a donor, enterprise or social organization", body = crate::error::Problem),
    )
)]
pub async fn get_honour_settings(
    state: web::Data<AppState>,
    auth: AuthUser,
) -> ApiResult<HttpResponse> {
    if !auth.role.is_supporter() {
        return Err(ApiError::forbidden(
            "the honour roll lists donors, enterprises and social organizations",
        ));
    }
    let mut conn = state.pool.get().await?;
    let (show_name, listed) = honour::settings(&mut conn, auth.id)
        .await?
        .ok_or_else(|| ApiError::not_found("account"))?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(HonourSettings { show_name, listed }))
}

#[utoipa::path(
    patch, path = "/api/v1/me/honour", tag = "honour",
    security(("bearer" = [])),
    request_body = HonourSettingsUpdate,
    responses(
        (status = 200, description = "The settings as they are now", body = HonourSettings),
        (status = 403, description = "Not a donor, enterprise or social organization", body = crate::error::Problem),
    )
)]
pub async fn update_honour_settings(
    state: web::Data<AppState>,
    auth: AuthUser,
    body: Body<HonourSettingsUpdate>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let (show_name, listed) = service::set(&mut conn, &auth, body.show_name, body.listed).await?;
    Ok(HttpResponse::Ok().json(HonourSettings { show_name, listed }))
}
