//! Offer flows: publish, edit, withdraw, and allocating an offer over open needs.

mod allocate;

pub use allocate::{commit_allocation, plan_over, preview_allocation, AllocationSpec, Committed};

use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::domain::offer::{check, CheckedOffer, OfferFields, OfferStatus};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::store::offers::{self, NewOffer, Offer, OfferChange};
use crate::store::{audit, regions, Conn};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

pub fn is_public(o: &Offer, now: DateTime<Utc>) -> bool {
    crate::domain::offer::is_public(
        o.status,
        o.valid_until,
        o.quantity - o.pledged_quantity,
        now,
    )
}

/// 409 `offer_not_active` for an offer that cannot give any more.
pub fn not_active(status: OfferStatus) -> ApiError {
    ApiError::new(
        ErrorCode::OfferNotActive,
        format!("the offer is {status}, past its validity or used up"),
    )
    .with_extra("offer_status", status.as_str())
}

/// Loads an offer the caller may see: its owner always, everyone while it is public; else 404.
pub async fn load_visible(conn: &mut Conn, actor: &Actor, id: Uuid) -> ApiResult<(Offer, bool)> {
    let offer = offers::find(conn, id)
        .await?
        .ok_or_else(|| ApiError::not_found("offer"))?;
    let owner = actor.user_id() == Some(offer.owner_id);
    if owner || is_public(&offer, Utc::now()) {
        Ok((offer, owner))
    } else {
        Err(ApiError::not_found("offer"))
    }
}

/// A donor, enterprise or social organization with a confirmed address publishes an offer.
#[tracing::instrument(skip_all, fields(user_id = %auth.id))]
pub async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    input: &OfferFields,
) -> ApiResult<Offer> {
    if !matches!(actor, Actor::Supporter { .. }) {
        return Err(ApiError::forbidden(
            "donors, enterprises and social organizations publish offers",
        ));
    }
    crate::service::require_verified_email(conn, auth.id).await?;
    let mut errors = Vec::new();
    let c = check(input, Utc::now(), &mut errors);
    for (name, present) in [
        ("title", input.title.is_some()),
        ("category", input.category.is_some()),
        ("quantity", input.quantity.is_some()),
        ("unit", input.unit.is_some()),
        ("valid_until", input.valid_until.is_some()),
    ] {
        if !present {
            errors.push(FieldError::new(name, "required", "this field is required"));
        }
    }
    if let Some(r) = &c.region {
        if regions::find(conn, r).await?.is_none() {
            errors.push(FieldError::new(
                "region_code",
                "unknown_region",
                "no region has this code",
            ));
        }
    }
    let (Some(title), Some(category), Some(quantity), Some(unit), Some(valid_until), true) = (
        c.title,
        c.category,
        c.quantity,
        c.unit,
        c.valid_until,
        errors.is_empty(),
    ) else {
        return Err(ApiError::validation(errors));
    };
    let description = c.description.unwrap_or_default();
    conn.transaction::<_, ApiError, _>(async |conn| {
        let offer = offers::insert(
            conn,
            &NewOffer {
                id: Uuid::new_v4(),
                owner_id: auth.id,
                title: &title,
                description: &description,
                category,
                quantity,
                unit: &unit,
                service_area_code: c.region.as_ref().map(|r| r.as_str()),
                valid_until,
                value_per_unit_fen: input.value_per_unit_fen,
            },
        )
        .await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(auth.id),
                action: "offer.published",
                subject_type: "offer",
                subject_id: offer.id,
                details: json!({ "role": auth.role.as_str(), "category": offer.category,
                    "quantity": offer.quantity, "region": offer.service_area_code }),
            },
        )
        .await?;
        Ok(offer)
    })
    .await
}

/// The owner edits an active offer (fields already checked). The quantity never drops below what
/// pledges already took.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, offer_id = %id))]
pub async fn update(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
    c: &CheckedOffer,
    value_per_unit_fen: Option<i64>,
) -> ApiResult<Offer> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let offer = owned_for_update(conn, actor, id, "only its owner edits an offer").await?;
        if offer.status != OfferStatus::Active {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                "a withdrawn offer cannot be edited",
            ));
        }
        if let Some(q) = c.quantity {
            if q < offer.pledged_quantity {
                return Err(ApiError::validation(vec![FieldError::new(
                    "quantity",
                    "below_pledged",
                    format!("pledges already took {}", offer.pledged_quantity),
                )]));
            }
        }
        let change = OfferChange {
            title: c.title.as_deref(),
            description: c.description.as_deref(),
            quantity: c.quantity,
            unit: c.unit.as_deref(),
            valid_until: c.valid_until,
            value_per_unit_fen: value_per_unit_fen.map(Some),
            status: None,
            updated_at: Some(Utc::now()),
        };
        let updated = offers::update(conn, id, &change).await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(auth.id),
                action: "offer.edited",
                subject_type: "offer",
                subject_id: id,
                details: json!({ "role": auth.role.as_str(), "quantity": updated.quantity }),
            },
        )
        .await?;
        Ok(updated)
    })
    .await
}

/// The owner takes an offer back. Pledges already made from it stay; no new ones can be made.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, offer_id = %id))]
pub async fn withdraw(
    conn: &mut Conn,
    auth: &AuthUser,
    actor: &Actor,
    id: Uuid,
) -> ApiResult<Offer> {
    conn.transaction::<_, ApiError, _>(async |conn| {
        let offer = owned_for_update(conn, actor, id, "only its owner withdraws an offer").await?;
        if offer.status != OfferStatus::Active {
            return Err(ApiError::new(
                ErrorCode::InvalidTransition,
                "the offer is withdrawn already",
            ));
        }
        let change = OfferChange {
            status: Some(OfferStatus::Withdrawn),
            updated_at: Some(Utc::now()),
            ..OfferChange::default()
        };
        let updated = offers::update(conn, id, &change).await?;
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::National,
                actor_id: Some(auth.id),
                action: "offer.withdrawn",
                subject_type: "offer",
                subject_id: id,
                details: json!({ "role": auth.role.as_str(),
                    "pledged_quantity": updated.pledged_quantity }),
            },
        )
        .await?;
        Ok(updated)
    })
    .await
}

/// The offer locked for a change by its owner: 404 when the caller may not see it, 403 when it is
/// not theirs.
async fn owned_for_update(
    conn: &mut Conn,
    actor: &Actor,
    id: Uuid,
    not_owner: &str,
) -> ApiResult<Offer> {
    let (_, owner) = load_visible(conn, actor, id).await?;
    if !owner {
        return Err(ApiError::forbidden(not_owner.to_owned()));
    }
    offers::find_for_update(conn, id)
        .await?
        .ok_or_else(|| ApiError::not_found("offer"))
}
