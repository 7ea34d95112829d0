//! `POST /api/v1/admin/organizations/{id}/verify`: an admin, or an official of the county the
//! organization is registered in, confirms its credit code. Its offers show a verified mark from
//! then on (they are re-indexed in the same transaction). Verifying again changes nothing.

use super::OrganizationRecord;
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::access::{can_verify_organization, Actor};
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::{audit, organizations};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/admin/organizations/{id}/verify", tag = "admin",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Verified (or already verified)", body = OrganizationRecord),
        (status = 403, description = "Neither admin nor official", body = crate::error::Problem),
        (status = 404, description = "No such organization in the caller's scope", body = crate::error::Problem),
    )
)]
pub async fn verify_organization(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    if !matches!(actor, Actor::Admin { .. } | Actor::Official { .. }) {
        return Err(ApiError::forbidden(
            "admins and officials verify organizations",
        ));
    }
    let id = *id;
    let org = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let org = organizations::find_for_update(conn, id)
                .await?
                .filter(|o| can_verify_organization(&actor, &o.credit_code))
                .ok_or_else(|| ApiError::not_found("organization"))?;
            if org.verified_at.is_some() {
                return Ok(org);
            }
            let verified = organizations::verify(conn, id, auth.id, Utc::now()).await?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: "organization.verified",
                    subject_type: "organization",
                    subject_id: id,
                    details: json!({ "role": auth.role.as_str(), "credit_code": verified.credit_code }),
                },
            )
            .await?;
            Ok(verified)
        })
        .await?;
    Ok(HttpResponse::Ok().json(OrganizationRecord::from(org)))
}
