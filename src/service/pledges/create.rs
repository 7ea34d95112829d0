//! Placing pledges: one from a supporter's request, or many from an allocation, through the same
//! rules. The quantity is taken in the database, so pledges never add up to more than the need.

use super::{record, record_need_change};
use crate::auth::AuthUser;
use crate::config::Config;
use crate::domain::access::{Access, Actor};
use crate::domain::need::NeedStatus;
use crate::domain::unit::{Exchange, Unit};
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::service::needs::access_to;
use crate::store::needs::{self, TakeError};
use crate::store::offers;
use crate::store::pledges::{self, NewPledge, Pledge};
use crate::store::Conn;
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// A supporter's pledge request, its fields already checked.
pub struct NewPledgeInput<'a> {
    pub quantity: i32,
    /// The supporter's own offer this pledge comes from: its quantity is taken too.
    pub offer_id: Option<Uuid>,
    pub message: &'a str,
}

/// A supporter pledges all or part of an open need: the caller's role, the need's visibility, a
/// confirmed address, and (from an offer) the offer's owner, category and service area, then
/// [`place`] in one transaction.
#[tracing::instrument(skip_all, fields(user_id = %auth.id, need_id = %need_id))]
pub async fn create(
    conn: &mut Conn,
    config: &Config,
    auth: &AuthUser,
    actor: &Actor,
    need_id: Uuid,
    input: NewPledgeInput<'_>,
) -> ApiResult<Pledge> {
    let supporter = match actor {
        Actor::Supporter { user_id, .. } => *user_id,
        Actor::Household { .. } => {
            return Err(ApiError::forbidden(
                "households receive help; they do not pledge",
            ))
        }
        _ => {
            return Err(ApiError::forbidden(
                "donors, enterprises and social organizations pledge",
            ))
        }
    };
    let need = needs::find(conn, need_id)
        .await?
        .ok_or_else(|| ApiError::not_found("need"))?;
    if access_to(actor, &need) == Access::Hidden {
        return Err(ApiError::not_found("need"));
    }
    crate::service::require_verified_email(conn, supporter).await?;
    // A pledge from an offer: the supporter's own, for the need's category, serving the need's
    // village, in a unit that measures what the need counts, in whole units of both.
    let mut from_offer = None;
    if let Some(offer_id) = input.offer_id {
        let offer = offers::find(conn, offer_id)
            .await?
            .filter(|o| o.owner_id == supporter);
        let Some(offer) = offer else {
            return Err(offer_error("unknown_offer", "no such offer of yours"));
        };
        if offer.category != need.category {
            return Err(offer_error(
                "category_mismatch",
                "the offer is for another category",
            ));
        }
        let serves = offer
            .service_area_code
            .as_deref()
            .is_none_or(|a| need.region_code.starts_with(a));
        if !serves {
            return Err(offer_error(
                "outside_service_area",
                "the need's village is outside the offer's service area",
            ));
        }
        from_offer = Some(FromOffer {
            id: offer_id,
            quantity: offer_quantity(&need.unit, &offer.unit, input.quantity)?,
        });
    }
    let placement = Placement {
        need_id,
        supporter,
        quantity: input.quantity,
        offer: from_offer,
        message: input.message,
    };
    conn.transaction::<_, ApiError, _>(async |conn| {
        place(conn, config, auth, placement, Utc::now()).await
    })
    .await
}

/// How many of the offer's units give `quantity` of the need's: the units must measure the same
/// thing (money never goods) and the quantity must be whole in both (2 斤 is 1 公斤; 3 斤 is not).
fn offer_quantity(need_unit: &str, offer_unit: &str, quantity: i32) -> ApiResult<i32> {
    let Some(exchange) = Exchange::between(&Unit::parse(need_unit), &Unit::parse(offer_unit))
    else {
        return Err(offer_error(
            "unit_mismatch",
            &format!("the offer counts in {offer_unit}, which does not measure what the need counts in {need_unit}"),
        ));
    };
    exchange
        .offer_quantity(i64::from(quantity))
        .and_then(|q| i32::try_from(q).ok())
        .ok_or_else(|| {
            ApiError::validation(vec![FieldError::new(
                "quantity",
                "not_whole_in_offer_unit",
                format!(
                    "give a multiple of {} {need_unit} ({} {offer_unit} of the offer)",
                    exchange.need_step, exchange.offer_step
                ),
            )])
        })
}

fn offer_error(code: &str, message: &str) -> ApiError {
    ApiError::validation(vec![FieldError::new("offer_id", code, message)])
}

/// The offer a pledge comes from, and how many of the offer's own units it takes (1 公斤 for a
/// pledge of 2 斤).
pub struct FromOffer {
    pub id: Uuid,
    pub quantity: i32,
}

/// One pledge to place: who, on which need, how much (in the need's unit), from which offer.
pub struct Placement<'a> {
    pub need_id: Uuid,
    pub supporter: Uuid,
    pub quantity: i32,
    pub offer: Option<FromOffer>,
    pub message: &'a str,
}

/// Places a pledge in the caller's transaction through the pledge rules: the need's quantity, then
/// the offer's, are taken by conditional updates (every transaction locks need, then offer), the
/// pledge is written `pending_approval`, and both changes go to the audit trail.
pub async fn place(
    conn: &mut Conn,
    config: &Config,
    auth: &AuthUser,
    p: Placement<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Pledge> {
    let Placement {
        need_id,
        supporter,
        quantity,
        offer,
        message,
    } = p;
    let after = match needs::take_quantity(conn, need_id, quantity, now).await? {
        Ok(n) => n,
        Err(TakeError::NotFound) => return Err(ApiError::not_found("need")),
        Err(TakeError::NotOpen(status)) => {
            return Err(
                ApiError::new(ErrorCode::NeedNotOpen, format!("the need is {status}"))
                    .with_extra("need_status", status.as_str()),
            )
        }
        Err(TakeError::Insufficient { remaining }) => {
            return Err(ApiError::new(
                ErrorCode::InsufficientRemaining,
                format!("only {remaining} remain"),
            )
            .with_extra("remaining_quantity", remaining))
        }
    };
    if let Some(from) = &offer {
        if offers::take_quantity(conn, from.id, from.quantity, now)
            .await?
            .is_none()
        {
            let left = offers::find(conn, from.id)
                .await?
                .map_or(0, |o| o.quantity - o.pledged_quantity);
            let wanted = from.quantity;
            return Err(ApiError::new(
                ErrorCode::OfferInsufficient,
                format!("the offer cannot cover {wanted}: {left} left, or withdrawn or expired"),
            )
            .with_extra("offer_remaining_quantity", left));
        }
    }
    let before = needs::Need {
        status: NeedStatus::Open,
        pledged_quantity: after.pledged_quantity - quantity,
        ..after.clone()
    };
    let pledge = pledges::insert(
        conn,
        &NewPledge {
            id: Uuid::new_v4(),
            need_id,
            supporter_id: supporter,
            region_code: &after.region_code,
            quantity,
            message,
            expires_at: now + config.pledge_approval_window,
            created_at: now,
            updated_at: now,
            offer_id: offer.as_ref().map(|o| o.id),
            // Recorded only when the offer's units are not the need's one for one.
            offer_quantity: offer
                .as_ref()
                .map(|o| o.quantity)
                .filter(|q| *q != quantity),
        },
    )
    .await?;
    let extra = match pledge.offer_quantity {
        Some(q) => json!({ "offer_id": pledge.offer_id, "offer_quantity": q }),
        None => json!({}),
    };
    record(conn, Some(auth), None, &pledge, None, extra).await?;
    record_need_change(conn, Some(auth), &before, &after, pledge.id).await?;
    Ok(pledge)
}
