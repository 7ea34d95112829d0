//! An official of the need's village approves a need (it becomes public) or rejects it with a
//! reason; its household or an official in scope withdraws one nobody has pledged to.

use super::{load_visible, require_manage, village_of};
use crate::auth::AuthUser;
use crate::domain::access::{can_review_need, Actor};
use crate::domain::need::{MonitoringStatus, NeedStatus};
use crate::domain::review::{self, Flag, ReviewRules, SiblingNeed};
use crate::domain::two_people::Decision;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::store::needs::{self, Need};
use crate::store::{audit, households, need_reviews, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// The review flags of a need, from its household and the household's other active needs.
pub async fn flags_for(conn: &mut Conn, rules: &ReviewRules, need: &Need) -> ApiResult<Vec<Flag>> {
    let household = households::find(conn, need.household_id).await?;
    let monitoring = household
        .as_ref()
        .map_or(MonitoringStatus::None, |h| h.monitoring_status);
    let others = needs::active_of_household(conn, need.household_id, need.id).await?;
    let siblings: Vec<SiblingNeed<'_>> = others
        .iter()
        .map(|o| SiblingNeed {
            id: o.id,
            category: o.category,
            title: &o.title,
            description: &o.description,
        })
        .collect();
    Ok(review::flags(rules, &need.content(), monitoring, &siblings))
}

/// A reviewer's decision: approve or reject (with the reason), and optionally the version of the
/// need (its `updated_at`) the reviewer saw.
pub struct ReviewDecision<'a> {
    pub approve: bool,
    pub reason: Option<&'a str>,
    pub seen_updated_at: Option<DateTime<Utc>>,
}

/// Decides a need under review. The official who posted the need may not (403
/// `second_official_required`); a need edited after the reviewer saw it answers 409 `need_changed`. Two officials deciding at once: one wins, the other gets 409. The
/// flags the reviewer saw are recorded with the decision, and the poster is told.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, need_id = %id))]
pub async fn review(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    rules: &ReviewRules,
    id: Uuid,
    decision: ReviewDecision<'_>,
) -> ApiResult<Need> {
    let ReviewDecision {
        approve,
        reason,
        seen_updated_at,
    } = decision;
    conn.transaction::<_, ApiError, _>(async |conn| {
        // Without a version the conditional transition below decides between concurrent reviewers;
        // with one, the row is locked so that no edit slips in between the comparison and the decision.
        let (need, _) = load_visible(conn, actor, id, seen_updated_at.is_some()).await?;
        if !can_review_need(actor, &village_of(&need)) {
            let what = if matches!(actor, Actor::Official { .. }) {
                "outside your jurisdiction"
            } else {
                "for officials"
            };
            return Err(ApiError::forbidden(format!(
                "reviewing this need is {what}"
            )));
        }
        let rule = Decision::ReviewNeed {
            posted_by: need.posted_by,
        };
        if let Some(why) = rule.refusal(auth.id) {
            return Err(ApiError::new(ErrorCode::SecondOfficialRequired, why));
        }
        if let Some(seen) = seen_updated_at {
            // Milliseconds: a browser's clock keeps no finer, and an edit is never that close.
            if need.updated_at.timestamp_millis() > seen.timestamp_millis() {
                return Err(ApiError::new(
                    ErrorCode::NeedChanged,
                    "the need was changed after you opened it: look at it again",
                )
                .with_extra("updated_at", need.updated_at.to_rfc3339()));
            }
        }
        let flags = flags_for(conn, rules, &need).await?;
        let now = Utc::now();
        let (to, rejection) = if approve {
            (NeedStatus::Open, None)
        } else {
            (NeedStatus::Rejected, reason)
        };
        let from = &[NeedStatus::PendingReview];
        let Some(decided) = needs::transition(conn, id, from, to, rejection, now).await?
        else {
            return Err(ApiError::new(
                ErrorCode::NeedAlreadyReviewed,
                format!("the need is {} already", need.status),
            ));
        };
        need_reviews::insert_review(
            conn,
            &need_reviews::NewNeedReview {
                id: Uuid::new_v4(),
                need_id: id,
                official_id: auth.id,
                decision: if approve { "approve" } else { "reject" },
                reason,
                flags: serde_json::to_value(&flags).map_err(ApiError::internal)?,
            },
        )
        .await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::of_code(&decided.region_code),
                actor_id: Some(auth.id),
                action: if approve {
                    "need.approved"
                } else {
                    "need.rejected"
                },
                subject_type: "need",
                subject_id: id,
                details: json!({
                    "role": auth.role.as_str(), "from": NeedStatus::PendingReview, "to": decided.status, "reason": reason,
                    "flags": flags.iter().map(|f| f.code.as_str()).collect::<Vec<_>>(),
                }),
            },
        )
        .await?;
        crate::mail::notify::need_reviewed(conn, &decided, approve, reason).await?;
        Ok(decided)
    })
    .await
}

/// Takes a need back, as long as nobody has pledged to it.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, need_id = %id))]
pub async fn withdraw(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    reason: Option<&str>,
) -> ApiResult<Need> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (need, access) = load_visible(conn, actor, id, true).await?;
        require_manage(access)?;
        let status = need.status;
        if need.pledged_quantity > 0 {
            return Err(ApiError::new(
                ErrorCode::NeedHasPledges,
                "a need with active pledges cannot be withdrawn",
            ));
        }
        if !status.is_withdrawable() {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                format!("a need that is {status} cannot be withdrawn"),
            ));
        }
        let from = &NeedStatus::WITHDRAWABLE;
        let need = needs::transition(conn, id, from, NeedStatus::Withdrawn, None, Utc::now())
            .await?
            .ok_or_else(|| {
                ApiError::new(ErrorCode::InvalidTransition, "the need changed meanwhile")
            })?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::of_code(&need.region_code),
                actor_id: Some(auth.id),
                action: "need.withdrawn",
                subject_type: "need",
                subject_id: id,
                details: json!({ "role": auth.role.as_str(), "from": status.as_str(),
                    "to": NeedStatus::Withdrawn, "reason": reason }),
            },
        )
        .await?;
        Ok(need)
    })
    .await
}
