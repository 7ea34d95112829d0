//! Posting a need (it waits for review) and editing one under review or rejected (resubmitted).

use super::{load_visible, require_manage};
use crate::auth::AuthUser;
use crate::domain::access::{household_access, Access, Actor};
use crate::domain::need::NeedStatus;
use crate::domain::need_fields::{apply_patch, content_from, NeedFields};
use crate::domain::RegionCode;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::needs::{self, Need};
use crate::store::{audit, households, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// A need as posted: its fields, where, and for which household.
pub struct NeedDraft {
    pub fields: NeedFields,
    /// The household's village (12 digits); must be the household's own.
    pub region_code: Option<String>,
    /// Required when an official posts; a household posts for itself.
    pub household_id: Option<Uuid>,
}

/// A household posts a need for itself, or an official for a household of its jurisdiction.
#[tracing::instrument(skip_all, fields(user_id = %auth.id))]
pub async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    draft: NeedDraft,
    now: DateTime<Utc>,
) -> ApiResult<Need> {
    let household_id = match (actor, draft.household_id) {
        (Actor::Household { household_id, .. }, None) => *household_id,
        (Actor::Household { household_id, .. }, Some(h)) if h == *household_id => h,
        (Actor::Household { .. }, Some(_)) => {
            return Err(ApiError::forbidden(
                "a household posts needs for itself only",
            ))
        }
        (Actor::Official { .. }, Some(h)) => h,
        (Actor::Official { .. }, None) => {
            return Err(ApiError::validation(vec![FieldError::new(
                "household_id",
                "required",
                "officials post for a household: give its id",
            )]))
        }
        _ => {
            return Err(ApiError::forbidden(
                "only households and officials post needs",
            ))
        }
    };
    let mut errors = Vec::new();
    let content = content_from(&draft.fields, now, &mut errors);
    let household = match households::find(conn, household_id).await? {
        Some(h)
            if household_access(
                actor,
                h.id,
                &RegionCode::from_trusted(h.region_code.clone()),
            ) == Access::Manage =>
        {
            h
        }
        // A household outside the official's jurisdiction is one it cannot see.
        _ => {
            return Err(ApiError::validation(vec![FieldError::new(
                "household_id",
                "unknown_household",
                "no household with this id in your jurisdiction",
            )]))
        }
    };
    match draft.region_code.as_deref().map(RegionCode::parse) {
        None => errors.push(FieldError::new(
            "region_code",
            "required",
            "this field is required",
        )),
        Some(Err(m)) => errors.push(FieldError::new("region_code", "invalid_region_code", m)),
        Some(Ok(r)) if r.as_str() != household.region_code => errors.push(FieldError::new(
            "region_code",
            "region_mismatch",
            "a need is located in its household's village",
        )),
        Some(Ok(_)) => {}
    }
    let content = match content {
        Some(c) if errors.is_empty() => c,
        _ => return Err(ApiError::validation(errors)),
    };
    conn.transaction::<_, ApiError, _>(async |conn| {
        let need = needs::insert(
            conn,
            &needs::NewNeed {
                id: Uuid::new_v4(),
                household_id: household.id,
                region_code: &household.region_code,
                posted_by: auth.id,
                title: &content.title,
                description: &content.description,
                category: content.category,
                urgency: content.urgency,
                quantity: content.quantity,
                unit: &content.unit,
                estimated_value_fen: content.estimated_value_fen,
                deadline: content.deadline,
                status: NeedStatus::PendingReview,
                rejection_reason: None,
                published_at: None,
                created_at: now,
            },
        )
        .await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::of_code(&need.region_code),
                actor_id: Some(auth.id),
                action: "need.posted",
                subject_type: "need",
                subject_id: need.id,
                details: json!({ "role": auth.role.as_str(), "from": null, "to": need.status,
                    "category": need.category, "quantity": need.quantity, "region": need.region_code }),
            },
        )
        .await?;
        Ok(need)
    })
    .await
}

/// Its household or an official in scope edits a need (fields already checked) while it is under
/// review or rejected; editing a rejected need resubmits it.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, need_id = %id))]
pub async fn update(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    fields: &NeedFields,
    now: DateTime<Utc>,
) -> ApiResult<Need> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let (need, access) = load_visible(conn, actor, id, true).await?;
        require_manage(access)?;
        let status = need.status;
        if !status.is_editable() {
            return Err(ApiError::new(
                ErrorCode::NeedNotEditable,
                format!("a need that is {status} cannot be edited"),
            ));
        }
        let c = apply_patch(need.content(), fields);
        needs::update_content(
            conn,
            id,
            &needs::NeedContentChange {
                title: &c.title,
                description: &c.description,
                category: c.category,
                urgency: c.urgency,
                quantity: c.quantity,
                unit: &c.unit,
                estimated_value_fen: c.estimated_value_fen,
                deadline: c.deadline,
                updated_at: now,
            },
        )
        .await?;
        let resubmitted = status == NeedStatus::Rejected;
        let need = if resubmitted {
            let from = &[NeedStatus::Rejected];
            needs::transition(conn, id, from, NeedStatus::PendingReview, None, now)
                .await?
                .ok_or_else(|| {
                    ApiError::new(ErrorCode::InvalidTransition, "the need changed meanwhile")
                })?
        } else {
            needs::find(conn, id)
                .await?
                .ok_or_else(|| ApiError::not_found("need"))?
        };
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::of_code(&need.region_code),
                actor_id: Some(auth.id),
                action: if resubmitted {
                    "need.resubmitted"
                } else {
                    "need.edited"
                },
                subject_type: "need",
                subject_id: id,
                details: json!({ "role": auth.role.as_str(), "from": status.as_str(),
                    "to": need.status, "fields": changed_fields(fields) }),
            },
        )
        .await?;
        Ok(need)
    })
    .await
}

fn changed_fields(f: &NeedFields) -> Vec<&'static str> {
    [
        ("title", f.title.is_some()),
        ("description", f.description.is_some()),
        ("category", f.category.is_some()),
        ("quantity", f.quantity.is_some()),
        ("unit", f.unit.is_some()),
        ("estimated_value_fen", f.estimated_value_fen.is_some()),
        ("urgency", f.urgency.is_some()),
        ("deadline", f.deadline.is_some()),
    ]
    .into_iter()
    .filter_map(|(n, p)| p.then_some(n))
    .collect()
}
