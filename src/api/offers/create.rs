//! `POST /api/v1/offers`: a donor, enterprise or social organization publishes what it can give.

use super::{check, view, OfferFields, OfferView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::access::Actor;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::offers::{self, NewOffer};
use crate::store::{audit, regions};
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::{json, Value};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/offers", tag = "offers",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "A UUID; a replay returns the stored response")),
    request_body = OfferFields,
    responses(
        (status = 201, description = "Published", body = OfferView),
        (status = 400, description = "Invalid fields, each reported", body = crate::error::Problem),
        (status = 403, description = "Only donors, enterprises and social organizations offer", body = crate::error::Problem),
    )
)]
pub async fn create_offer(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<OfferFields>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, || {
        create(&state, &auth, input)
    })
    .await
}

async fn create(
    state: &AppState,
    auth: &AuthUser,
    input: OfferFields,
) -> ApiResult<(StatusCode, Value)> {
    let mut conn = state.pool.get().await?;
    if !matches!(
        actor::load(&mut conn, Some(auth)).await?,
        Actor::Supporter { .. }
    ) {
        return Err(ApiError::forbidden(
            "donors, enterprises and social organizations publish offers",
        ));
    }
    actor::require_verified_email(&mut conn, auth.id).await?;
    let mut errors = Vec::new();
    let c = check(&input, Utc::now(), &mut errors);
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
        if regions::find(&mut conn, r).await?.is_none() {
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
    let offer = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let offer = offers::insert(
                conn,
                &NewOffer {
                    id: Uuid::new_v4(),
                    owner_id: auth.id,
                    title: &title,
                    description: &description,
                    category: category.as_str(),
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
                    actor_id: Some(auth.id),
                    action: "offer.published",
                    subject_type: "offer",
                    subject_id: offer.id,
                    details: json!({ "role": auth.role.as_str(), "category": offer.category, "quantity": offer.quantity, "region": offer.service_area_code }),
                },
            )
            .await?;
            Ok(offer)
        })
        .await?;
    let v = view(&mut conn, offer).await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(v).map_err(ApiError::internal)?,
    ))
}
