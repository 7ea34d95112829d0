//! `POST /api/v1/complaints/{id}/resolve`: an official who handles the complaint answers it; the
//! complainant reads the response. An official never answers a complaint about its own decision.

use super::ComplaintView;
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::access::{can_handle_complaint, Actor};
use crate::domain::two_people::Decision;
use crate::domain::{text, RegionCode};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::{audit, complaints, deciders};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ResolveRequest {
    /// The answer the complainant reads (1–2,000 characters).
    pub response: String,
}

#[utoipa::path(
    post, path = "/api/v1/complaints/{id}/resolve", tag = "complaints",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ResolveRequest,
    responses(
        (status = 200, description = "Resolved", body = ComplaintView),
        (status = 403, description = "Not an official who handles it (yet), or `second_official_required`: it is about the official's own decision", body = crate::error::Problem),
        (status = 404, description = "No such complaint for you", body = crate::error::Problem),
        (status = 409, description = "Already resolved", body = crate::error::Problem),
    )
)]
pub async fn resolve_complaint(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ResolveRequest>,
) -> ApiResult<HttpResponse> {
    let response = text::bounded(&body.response, 1, 2000)
        .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("response", c, m)]))?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let id = *id;
    let resolved = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let c = complaints::find_for_update(conn, id)
                .await?
                .ok_or_else(|| ApiError::not_found("complaint"))?;
            let village = RegionCode::from_trusted(c.region_code.clone());
            let in_scope = actor.is_official_for(&village);
            if !in_scope && c.complainant_id != auth.id {
                return Err(ApiError::not_found("complaint"));
            }
            if !can_handle_complaint(&actor, &village, c.escalation_level) {
                let why = if matches!(actor, Actor::Official { .. }) {
                    "it has not been escalated to your level"
                } else {
                    "officials answer complaints"
                };
                return Err(ApiError::forbidden(why));
            }
            let deciders = deciders::of_subject(conn, &c.subject_type, c.subject_id).await?;
            let rule = Decision::AnswerComplaint {
                decided_by: &deciders,
            };
            if let Some(why) = rule.refusal(auth.id) {
                return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
            }
            let done = complaints::resolve(conn, id, auth.id, &response, Utc::now())
                .await?
                .ok_or_else(|| {
                    ApiError::new(
                        ErrorCode::InvalidTransition,
                        "the complaint is resolved already",
                    )
                })?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::of_code(&done.region_code),
                    actor_id: Some(auth.id),
                    action: "complaint.resolved",
                    subject_type: "complaint",
                    subject_id: id,
                    details: json!({ "escalation_level": done.escalation_level }),
                },
            )
            .await?;
            crate::mail::notify::complaint_answered(
                conn,
                done.complainant_id,
                &done.subject_type,
                done.subject_id,
                &response,
            )
            .await?;
            Ok(done)
        })
        .await?;
    Ok(HttpResponse::Ok().json(ComplaintView::from(resolved)))
}
