//! `POST /api/v1/needs/{id}/review`: an official of the need's village approves it (it becomes public)
//! or rejects it with a reason the poster sees. Two officials deciding at once: one wins, the other
//! gets 409. The flags the reviewer saw are recorded with the decision.

use super::views::{view_one, NeedView};
use super::{load_visible, village_of};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::access::{can_review_need, Actor};
use crate::domain::need::{Category, MonitoringStatus};
use crate::domain::review::{self, Flag, ReviewRules, SiblingNeed};
use crate::domain::text;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::needs::{self, Need};
use crate::store::{audit, households, Conn};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReviewRequest {
    /// `approve` or `reject`.
    pub decision: String,
    /// Required to reject (shown to the poster); optional note when approving. Up to 500 characters.
    pub reason: Option<String>,
}

/// The review flags of a need, from its household and the household's other active needs.
pub async fn flags_for(
    conn: &mut Conn,
    rules: &ReviewRules,
    need: &Need,
) -> Result<Vec<Flag>, ApiError> {
    let household = households::find(conn, need.household_id).await?;
    let monitoring = household
        .as_ref()
        .and_then(|h| MonitoringStatus::parse(&h.monitoring_status))
        .unwrap_or(MonitoringStatus::None);
    let others = needs::active_of_household(conn, need.household_id, need.id).await?;
    let siblings: Vec<SiblingNeed<'_>> = others
        .iter()
        .map(|o| SiblingNeed {
            id: o.id,
            category: Category::parse(&o.category).unwrap_or(Category::Other),
            title: &o.title,
            description: &o.description,
        })
        .collect();
    Ok(review::flags(rules, &need.content(), monitoring, &siblings))
}

#[utoipa::path(
    post, path = "/api/v1/needs/{id}/review", tag = "review",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReviewRequest,
    responses(
        (status = 200, description = "Decided", body = NeedView),
        (status = 400, description = "A rejection without a reason, or an unknown decision", body = crate::error::Problem),
        (status = 403, description = "Not an official of the need's village", body = crate::error::Problem),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
        (status = 409, description = "need_already_reviewed", body = crate::error::Problem),
    )
)]
pub async fn review_need(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReviewRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let approve = match body.decision.as_str() {
        "approve" => Some(true),
        "reject" => Some(false),
        _ => {
            errors.push(FieldError::new(
                "decision",
                "invalid_decision",
                "`approve` or `reject`",
            ));
            None
        }
    };
    let reason = match body
        .reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
    {
        Some(r) => text::bounded(r, 1, 500)
            .map_err(|(c, m)| errors.push(FieldError::new("reason", c, m)))
            .ok(),
        None => {
            if approve == Some(false) {
                errors.push(FieldError::new(
                    "reason",
                    "required",
                    "a rejection needs a reason the poster can act on",
                ));
            }
            None
        }
    };
    let Some(approve) = approve.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };

    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let id = *id;
    let rules = &state.config.review_rules;
    let view = conn
        .transaction::<_, ApiError, _>(async |conn| {
            // No row lock here: the conditional transition below decides between concurrent reviewers.
            let (need, _) = load_visible(conn, &actor, id, false).await?;
            if !can_review_need(&actor, &village_of(&need)) {
                let what = if matches!(actor, Actor::Official { .. }) {
                    "outside your jurisdiction"
                } else {
                    "for officials"
                };
                return Err(ApiError::forbidden(format!(
                    "reviewing this need is {what}"
                )));
            }
            let flags = flags_for(conn, rules, &need).await?;
            let now = Utc::now();
            let (to, rejection) = if approve {
                ("open", None)
            } else {
                ("rejected", reason.as_deref())
            };
            let Some(decided) =
                needs::transition(conn, id, &["pending_review"], to, rejection, now).await?
            else {
                return Err(ApiError::new(
                    ErrorCode::NeedAlreadyReviewed,
                    format!("the need is {} already", need.status),
                ));
            };
            needs::insert_review(
                conn,
                &needs::NewNeedReview {
                    id: Uuid::new_v4(),
                    need_id: id,
                    official_id: auth.id,
                    decision: if approve { "approve" } else { "reject" },
                    reason: reason.as_deref(),
                    flags: serde_json::to_value(&flags).map_err(ApiError::internal)?,
                },
            )
            .await?;
            audit::append(
                conn,
                audit::Entry {
                    actor_id: Some(auth.id),
                    action: if approve {
                        "need.approved"
                    } else {
                        "need.rejected"
                    },
                    subject_type: "need",
                    subject_id: id,
                    details: json!({
                        "role": auth.role.as_str(), "from": "pending_review", "to": decided.status, "reason": reason,
                        "flags": flags.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
                    }),
                },
            )
            .await?;
            crate::mail::notify::need_reviewed(conn, &decided, approve, reason.as_deref()).await?;
            view_one(conn, decided, true).await
        })
        .await?;
    Ok(HttpResponse::Ok().json(view))
}
