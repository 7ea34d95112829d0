//! `POST /api/v1/revisits/{id}`: an official of the household's region records the outcome.

use super::RevisitView;
use crate::api::actor;
use crate::api::extract::Body;
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::{text, RegionCode};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::{audit, household_monitoring, needs, revisits};
use actix_web::{web, HttpResponse};
use chrono::{Duration, Utc};
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RevisitAnswer {
    /// `improved`, `same`, `worse` or `at_risk` (at risk of falling back into poverty).
    pub outcome: String,
    /// Up to 2,000 characters.
    #[serde(default)]
    pub note: String,
}

/// A new need, pre-filled from the one that was helped, for the official to check and post with
/// `POST /needs`.
#[derive(Debug, Serialize, ToSchema)]
pub struct SuggestedNeed {
    pub household_id: Uuid,
    pub region_code: String,
    pub title: String,
    pub description: String,
    pub category: crate::domain::need::Category,
    pub quantity: i32,
    pub unit: String,
    pub estimated_value_fen: i64,
    pub urgency: crate::domain::need::Urgency,
    pub deadline: chrono::DateTime<Utc>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RevisitAnswered {
    pub revisit: RevisitView,
    /// Set when the outcome is `at_risk`: the household is now monitored (监测户).
    pub household_monitoring_status: Option<String>,
    pub suggested_need: Option<SuggestedNeed>,
}

#[utoipa::path(
    post, path = "/api/v1/revisits/{id}", tag = "checks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = RevisitAnswer,
    responses(
        (status = 200, description = "Recorded; at risk marks the household monitored and suggests a new need", body = RevisitAnswered),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 404, description = "No such revisit for the caller", body = crate::error::Problem),
        (status = 409, description = "`invalid_transition`: already answered", body = crate::error::Problem),
    )
)]
pub async fn answer_revisit(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<RevisitAnswer>,
) -> ApiResult<HttpResponse> {
    let input = body.0;
    let mut errors = Vec::new();
    if !matches!(
        input.outcome.as_str(),
        "improved" | "same" | "worse" | "at_risk"
    ) {
        errors.push(FieldError::new(
            "outcome",
            "invalid_outcome",
            "`improved`, `same`, `worse` or `at_risk`",
        ));
    }
    let note = if input.note.is_empty() {
        Some(String::new())
    } else {
        text::bounded(&input.note, 1, 2000)
            .map_err(|(c, m)| errors.push(FieldError::new("note", c, m)))
            .ok()
    };
    let Some(note) = note.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let revisit = revisits::find(&mut conn, *id)
        .await?
        .filter(|r| {
            matches!(actor, Actor::Official { .. })
                && actor.is_official_for(&RegionCode::from_trusted(r.region_code.clone()))
        })
        .ok_or_else(|| ApiError::not_found("revisit"))?;
    let at_risk = input.outcome == "at_risk";
    let (answered, status) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let now = Utc::now();
            let mut status = None;
            if at_risk {
                // The household row is locked before the first audit append (see ARCHITECTURE.md).
                let before = household_monitoring::mark_monitored(conn, revisit.household_id, now).await?;
                status = Some("monitored".to_owned());
                if before.as_deref() != Some("monitored") {
                    audit::append(conn, audit::Entry {
                        chain: audit::AuditChain::of_code(&revisit.region_code),
                        actor_id: Some(auth.id),
                        action: "household.monitored",
                        subject_type: "household",
                        subject_id: revisit.household_id,
                        details: json!({ "from": before, "to": "monitored", "revisit_id": revisit.id }),
                    })
                    .await?;
                }
            }
            let r = revisits::answer(conn, revisit.id, &input.outcome, &note, auth.id, now)
                .await?
                .ok_or_else(|| ApiError::new(ErrorCode::InvalidTransition, "this revisit was answered already"))?;
            audit::append(conn, audit::Entry {
                chain: audit::AuditChain::of_code(&revisit.region_code),
                actor_id: Some(auth.id),
                action: "revisit.answered",
                subject_type: "revisit",
                subject_id: r.id,
                details: json!({ "outcome": r.outcome, "pledge_id": r.pledge_id }),
            })
            .await?;
            Ok((r, status))
        })
        .await?;
    let suggested_need = if at_risk {
        needs::find(&mut conn, answered.need_id)
            .await?
            .map(|n| SuggestedNeed {
                household_id: n.household_id,
                region_code: n.region_code,
                title: n.title,
                description: format!("回头看：返贫风险。{}", n.description),
                category: n.category,
                quantity: n.quantity,
                unit: n.unit,
                estimated_value_fen: n.estimated_value_fen,
                urgency: crate::domain::need::Urgency::Urgent,
                deadline: Utc::now() + Duration::days(30),
            })
    } else {
        None
    };
    Ok(HttpResponse::Ok().json(RevisitAnswered {
        revisit: RevisitView::from(answered),
        household_monitoring_status: status,
        suggested_need,
    }))
}
