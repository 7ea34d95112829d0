//! `POST /api/v1/needs/{id}/pledges`: a donor, enterprise or social organization pledges all or part
//! of an open need. Requires `Idempotency-Key`. The quantity is taken in the database, so pledges never
//! add up to more than the need, whatever runs at the same time.

use super::views::{view, PledgeView};
use super::{record, record_need_change};
use crate::api::extract::Body;
use crate::api::needs::access_to;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::access::Access;
use crate::domain::access::Actor;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::needs::{self, TakeError};
use crate::store::offers;
use crate::store::pledges::{self, NewPledge};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::{json, Value};
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePledgeRequest {
    /// 1 to what remains of the need.
    pub quantity: i64,
    /// The supporter's own offer this pledge comes from: its quantity is taken too.
    pub offer_id: Option<Uuid>,
    /// Up to 500 characters, shown on the need's page.
    pub message: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/needs/{id}/pledges", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header, description = "Required: a UUID")),
    request_body = CreatePledgeRequest,
    responses(
        (status = 201, description = "Pledged, waiting for an official's approval", body = PledgeView),
        (status = 400, description = "Invalid fields or a missing Idempotency-Key", body = crate::error::Problem),
        (status = 403, description = "Households and officials do not pledge", body = crate::error::Problem),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
        (status = 409, description = "insufficient_remaining (with remaining_quantity), need_not_open, or a replay still running", body = crate::error::Problem),
        (status = 422, description = "The Idempotency-Key was used with another body", body = crate::error::Problem),
    )
)]
pub async fn create_pledge(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Body<CreatePledgeRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let need_id = *id;
    idempotency::run(&state, &auth, &req, &raw, true, || {
        create(&state, &auth, need_id, input)
    })
    .await
}

async fn create(
    state: &AppState,
    auth: &AuthUser,
    need_id: Uuid,
    input: CreatePledgeRequest,
) -> ApiResult<(StatusCode, Value)> {
    let mut errors = Vec::new();
    if !(1..=1_000_000).contains(&input.quantity) {
        errors.push(FieldError::new(
            "quantity",
            "out_of_range",
            "a quantity is 1 to 1,000,000",
        ));
    }
    let message = match input.message.as_deref() {
        None => String::new(),
        Some(m) => text::bounded(m, 0, 500)
            .map_err(|(c, m)| errors.push(FieldError::new("message", c, m)))
            .unwrap_or_default(),
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let quantity = input.quantity as i32;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(auth)).await?;
    let supporter = match &actor {
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
    let need = needs::find(&mut conn, need_id)
        .await?
        .ok_or_else(|| ApiError::not_found("need"))?;
    if access_to(&actor, &need) == Access::Hidden {
        return Err(ApiError::not_found("need"));
    }
    crate::api::actor::require_verified_email(&mut conn, supporter).await?;
    if access_to(&actor, &need) == Access::Hidden {
        return Err(ApiError::not_found("need"));
    }
    // A pledge from an offer: the supporter's own, for the need's category, serving the need's village.
    if let Some(offer_id) = input.offer_id {
        let offer = offers::find(&mut conn, offer_id)
            .await?
            .filter(|o| o.owner_id == supporter);
        let Some(offer) = offer else {
            return Err(ApiError::validation(vec![FieldError::new(
                "offer_id",
                "unknown_offer",
                "no such offer of yours",
            )]));
        };
        let serves = offer
            .service_area_code
            .as_deref()
            .is_none_or(|a| need.region_code.starts_with(a));
        if offer.category != need.category {
            return Err(ApiError::validation(vec![FieldError::new(
                "offer_id",
                "category_mismatch",
                "the offer is for another category",
            )]));
        }
        if !serves {
            return Err(ApiError::validation(vec![FieldError::new(
                "offer_id",
                "outside_service_area",
                "the need's village is outside the offer's service area",
            )]));
        }
    }
    let offer_id = input.offer_id;
    let pledge = conn
        .transaction::<_, ApiError, _>(async |conn| {
            place(
                conn,
                state,
                auth,
                Placement {
                    need_id,
                    supporter,
                    quantity,
                    offer_id,
                    message: &message,
                },
                Utc::now(),
            )
            .await
        })
        .await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(view(pledge, false)).map_err(ApiError::internal)?,
    ))
}

/// One pledge to place: who, on which need, how much, from which offer.
pub struct Placement<'a> {
    pub need_id: Uuid,
    pub supporter: Uuid,
    pub quantity: i32,
    pub offer_id: Option<Uuid>,
    pub message: &'a str,
}

/// Places a pledge in the caller's transaction through the pledge rules: the need's quantity, then
/// the offer's, are taken by conditional updates (every transaction locks need, then offer), the
/// pledge is written `pending_approval`, and both changes go to the audit trail.
pub async fn place(
    conn: &mut crate::store::Conn,
    state: &AppState,
    auth: &AuthUser,
    p: Placement<'_>,
    now: chrono::DateTime<Utc>,
) -> ApiResult<pledges::Pledge> {
    let Placement {
        need_id,
        supporter,
        quantity,
        offer_id,
        message,
    } = p;
    let after = match needs::take_quantity(conn, need_id, quantity, now).await? {
        Ok(n) => n,
        Err(TakeError::NotFound) => return Err(ApiError::not_found("need")),
        Err(TakeError::NotOpen(status)) => {
            return Err(
                ApiError::new(ErrorCode::NeedNotOpen, format!("the need is {status}"))
                    .with_extra("need_status", status),
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
    if let Some(offer_id) = offer_id {
        if offers::take_quantity(conn, offer_id, quantity, now)
            .await?
            .is_none()
        {
            let left = offers::find(conn, offer_id)
                .await?
                .map_or(0, |o| o.quantity - o.pledged_quantity);
            return Err(ApiError::new(
                ErrorCode::OfferInsufficient,
                format!("the offer cannot cover {quantity}: {left} left, or withdrawn or expired"),
            )
            .with_extra("offer_remaining_quantity", left));
        }
    }
    let before = needs::Need {
        status: "open".to_owned(),
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
            expires_at: now + state.config.pledge_approval_window,
            created_at: now,
            updated_at: now,
            offer_id,
        },
    )
    .await?;
    let none = pledges::Pledge {
        status: "none".to_owned(),
        ..pledge.clone()
    };
    record(conn, Some(auth), &none, &pledge, None, json!({})).await?;
    record_need_change(conn, Some(auth), &before, &after, pledge.id).await?;
    Ok(pledge)
}
