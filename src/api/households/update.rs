//! `PATCH /api/v1/households/{id}`: the household updates its phone, size and causes; officials of
//! its village also its head's name and monitoring status, and they confirm the ID number the
//! household registered with (`id_number_confirmed: true`): only a confirmed number must be unique,
//! and an official, not the registration form, learns that a number is taken (409 `id_number_taken`).
//! The ID number and village never change here.

use super::load_visible;
use crate::api::auth::register::conflict;
use crate::api::views::HouseholdView;
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::household::{parse_causes, parse_monitoring, parse_phone};
use crate::domain::text;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::{audit, household_ids, households};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HouseholdPatch {
    /// Officials only.
    pub head_name: Option<String>,
    /// An empty string removes it.
    pub phone: Option<String>,
    pub size: Option<i16>,
    pub causes: Option<Vec<String>>,
    /// Officials only.
    pub monitoring_status: Option<String>,
    /// Officials only: `true` confirms the ID number the household gave (checked against the papers).
    /// 409 `id_number_taken` when another household's confirmed number is the same.
    pub id_number_confirmed: Option<bool>,
}

#[utoipa::path(
    patch, path = "/api/v1/households/{id}", tag = "households",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = HouseholdPatch,
    responses(
        (status = 200, description = "Updated", body = HouseholdView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "A field only officials may change", body = crate::error::Problem),
        (status = 404, description = "No such household for you", body = crate::error::Problem),
        (status = 409, description = "id_number_taken: another household's confirmed ID number is the same", body = crate::error::Problem),
    )
)]
pub async fn update_household(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<HouseholdPatch>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let head_name = body.head_name.as_deref().and_then(|n| {
        text::bounded(n, 1, 50)
            .map_err(|(c, m)| errors.push(FieldError::new("head_name", c, m)))
            .ok()
    });
    let phone = match body.phone.as_deref().map(str::trim) {
        None => None,
        Some("") => Some(None),
        Some(p) => parse_phone(p)
            .map(Some)
            .map_err(|m| errors.push(FieldError::new("phone", "invalid_phone", m)))
            .ok(),
    };
    if let Some(size) = body.size {
        if !(1..=30).contains(&size) {
            errors.push(FieldError::new(
                "size",
                "out_of_range",
                "a household has 1 to 30 members",
            ));
        }
    }
    let causes = body
        .causes
        .as_deref()
        .and_then(|c| parse_causes(c, "causes", &mut errors));
    let monitoring = body
        .monitoring_status
        .as_deref()
        .and_then(|m| parse_monitoring(m, "monitoring_status", &mut errors));
    if body.id_number_confirmed == Some(false) {
        errors.push(FieldError::new(
            "id_number_confirmed",
            "not_allowed",
            "a confirmation is not taken back; only `true` is accepted",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let id = *id;
    let household = load_visible(&mut conn, &actor, id).await?;
    if !matches!(actor, Actor::Official { .. })
        && (body.head_name.is_some()
            || body.monitoring_status.is_some()
            || body.id_number_confirmed.is_some())
    {
        return Err(ApiError::forbidden(
            "the head's name, the monitoring status and the ID number's confirmation are officials' to change",
        ));
    }
    let confirm = body.id_number_confirmed == Some(true);
    if confirm && household.id_number_digest.is_none() {
        return Err(ApiError::validation(vec![FieldError::new(
            "id_number_confirmed",
            "no_id_number",
            "this household gave no ID number",
        )]));
    }
    let changed: Vec<&str> = [
        ("head_name", body.head_name.is_some()),
        ("phone", body.phone.is_some()),
        ("size", body.size.is_some()),
        ("causes", body.causes.is_some()),
        ("monitoring_status", body.monitoring_status.is_some()),
        ("id_number_confirmed", confirm),
    ]
    .into_iter()
    .filter_map(|(n, p)| p.then_some(n))
    .collect();
    let updated = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let h = households::update(
                conn,
                household.id,
                &households::HouseholdUpdate {
                    head_name: head_name.as_deref(),
                    phone: phone.as_ref().map(|p| p.as_deref()),
                    size: body.size.map(Some),
                    causes,
                    monitoring_status: monitoring,
                    updated_at: Some(Utc::now()),
                },
            )
            .await?;
            if confirm {
                household_ids::confirm(conn, h.id, auth.id, Utc::now())
                    .await
                    .map_err(|e| {
                        conflict(
                            e,
                            households::ID_NUMBER_UNIQUE,
                            ErrorCode::IdNumberTaken,
                            "another household's confirmed ID number is the same",
                        )
                    })?;
            }
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::of_code(&h.region_code),
                    actor_id: Some(auth.id),
                    action: "household.updated",
                    subject_type: "household",
                    subject_id: h.id,
                    details: json!({ "fields": changed, "monitoring_status": monitoring.map(|m| m.as_str()) }),
                },
            )
            .await?;
            Ok(h)
        })
        .await?;
    Ok(HttpResponse::Ok().json(HouseholdView::from(updated)))
}
