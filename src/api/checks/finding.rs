//! `POST /api/v1/checks/{id}/items/{item_id}/finding`: the round's checker records what it found. A
//! problem — also a suspected one (疑似从有) — opens a rectification for the item's township.

use super::{load_visible, FindingView};
use crate::api::actor;
use crate::api::extract::Body;
use crate::auth::AuthUser;
use crate::domain::checks::{township_of, PROBLEM_KINDS};
use crate::domain::{text, RegionCode};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::audit;
use crate::store::checks::{self, Finding};
use crate::store::rectifications::{self, Rectification};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FindingRequest {
    /// `ok` or `problem`.
    pub result: String,
    /// With a problem: `not_eligible`, `not_delivered`, `quantity_short`, `quality`, `data_wrong`, `other`.
    pub problem_kind: Option<String>,
    /// A suspicion counts as a problem (疑似从有): `result` `ok` with `suspected` true is refused.
    #[serde(default)]
    pub suspected: bool,
    /// Up to 2,000 characters.
    #[serde(default)]
    pub note: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FindingAnswer {
    pub finding: FindingView,
    /// The rectification opened for a problem.
    pub rectification_id: Option<Uuid>,
    pub rectification_deadline: Option<chrono::DateTime<Utc>>,
}

#[utoipa::path(
    post, path = "/api/v1/checks/{id}/items/{item_id}/finding", tag = "checks",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("item_id" = Uuid, Path)),
    request_body = FindingRequest,
    responses(
        (status = 201, description = "Recorded; a problem opened a rectification", body = FindingAnswer),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 403, description = "Not the round's checker", body = crate::error::Problem),
        (status = 404, description = "No such round or item for the caller", body = crate::error::Problem),
        (status = 409, description = "`finding_already_recorded`", body = crate::error::Problem),
    )
)]
pub async fn record_finding(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
    body: Body<FindingRequest>,
) -> ApiResult<HttpResponse> {
    let (round_id, item_id) = *path;
    let Body(input, _) = body;
    let mut errors = Vec::new();
    let problem = match input.result.as_str() {
        "problem" => true,
        "ok" if input.suspected => {
            errors.push(FieldError::new(
                "result",
                "suspected_is_problem",
                "a suspected problem is recorded as a problem (疑似从有)",
            ));
            false
        }
        "ok" => false,
        _ => {
            errors.push(FieldError::new(
                "result",
                "invalid_result",
                "`ok` or `problem`",
            ));
            false
        }
    };
    match (&input.problem_kind, problem) {
        (Some(k), true) if PROBLEM_KINDS.contains(&k.as_str()) => {}
        (None, false) => {}
        (None, true) => errors.push(FieldError::new(
            "problem_kind",
            "required",
            "a problem names its kind",
        )),
        (Some(_), false) => errors.push(FieldError::new(
            "problem_kind",
            "not_allowed",
            "only a problem has a kind",
        )),
        (Some(_), true) => errors.push(FieldError::new(
            "problem_kind",
            "invalid_problem_kind",
            PROBLEM_KINDS.join(", "),
        )),
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
    let round = load_visible(&mut conn, &actor, round_id).await?;
    let item = checks::find_item(&mut conn, round_id, item_id)
        .await?
        .ok_or_else(|| ApiError::not_found("check item"))?;
    if round.checker_id != auth.id {
        return Err(ApiError::forbidden(
            "only the round's checker records findings",
        ));
    }
    let window = state.config.rectification_window;
    let (finding, rect) = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let now = Utc::now();
            let finding = checks::insert_finding(
                conn,
                &Finding {
                    id: Uuid::new_v4(),
                    item_id,
                    result: input.result.clone(),
                    problem_kind: input.problem_kind.clone(),
                    suspected: input.suspected,
                    note: note.clone(),
                    recorded_by: auth.id,
                    created_at: now,
                },
            )
            .await?
            .ok_or_else(|| ApiError::new(ErrorCode::FindingAlreadyRecorded, "this item already has a finding"))?;
            audit::append(
                conn,
                audit::Entry {
                    chain: audit::AuditChain::National,
                    actor_id: Some(auth.id),
                    action: "check.finding",
                    subject_type: "check_round",
                    subject_id: round_id,
                    details: json!({ "item_id": item_id, "subject": format!("{}:{}", item.subject_type, item.subject_id),
                        "result": finding.result, "problem_kind": finding.problem_kind, "suspected": finding.suspected }),
                },
            )
            .await?;
            let mut rect = None;
            if let Some(kind) = &finding.problem_kind {
                let township = township_of(&RegionCode::from_trusted(item.region_code.clone()));
                let r = rectifications::insert(
                    conn,
                    &Rectification {
                        id: Uuid::new_v4(),
                        finding_id: finding.id,
                        round_id,
                        item_id,
                        township_code: township.as_str().to_owned(),
                        problem_kind: kind.clone(),
                        status: crate::domain::rectification::RectificationStatus::Open,
                        deadline: now + window,
                        answer: None,
                        answered_by: None,
                        answered_at: None,
                        accepted_at: None,
                        reopened_count: 0,
                        escalation_level: 0,
                        escalated_at: None,
                        created_at: now,
                    },
                )
                .await?;
                audit::append(
                    conn,
                    audit::Entry {
                        chain: audit::AuditChain::National,
                        actor_id: Some(auth.id),
                        action: "rectification.opened",
                        subject_type: "rectification",
                        subject_id: r.id,
                        details: json!({ "round_id": round_id, "item_id": item_id, "township_code": r.township_code,
                            "problem_kind": r.problem_kind, "deadline": r.deadline }),
                    },
                )
                .await?;
                rect = Some(r);
            }
            Ok((finding, rect))
        })
        .await?;
    Ok(HttpResponse::Created().json(FindingAnswer {
        finding: FindingView::from(finding),
        rectification_id: rect.as_ref().map(|r| r.id),
        rectification_deadline: rect.map(|r| r.deadline),
    }))
}
