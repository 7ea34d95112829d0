//! `PATCH /api/v1/offers/{id}`: the owner edits an active offer. The quantity never drops below what
//! pledges already took; the category and service area stay as published (pledges rely on them).

use super::{check, load_visible, view, OfferFields, OfferView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::audit;
use crate::store::offers::{self, OfferChange};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

#[utoipa::path(
    patch, path = "/api/v1/offers/{id}", tag = "offers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = OfferFields,
    responses(
        (status = 200, description = "Edited", body = OfferView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Not the owner", body = crate::error::Problem),
        (status = 404, description = "No such offer for you", body = crate::error::Problem),
        (status = 409, description = "The offer is withdrawn", body = crate::error::Problem),
    )
)]
pub async fn update_offer(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<OfferFields>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let c = check(&body, Utc::now(), &mut errors);
    if body.category.is_some() {
        errors.push(FieldError::new(
            "category",
            "not_editable",
            "publish another offer for another category",
        ));
    }
    if body.region_code.is_some() {
        errors.push(FieldError::new(
            "region_code",
            "not_editable",
            "publish another offer for another area",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let id = *id;
    let updated = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (offer, owner) = load_visible(conn, &actor, id).await?;
            if !owner {
                return Err(ApiError::forbidden("only its owner edits an offer"));
            }
            let offer = offers::find_for_update(conn, offer.id)
                .await?
                .ok_or_else(|| ApiError::not_found("offer"))?;
            if offer.status != "active" {
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
                value_per_unit_fen: body.value_per_unit_fen.map(Some),
                status: None,
                updated_at: Some(Utc::now()),
            };
            let updated = offers::update(conn, id, &change).await?;
            audit::append(
                conn,
                audit::Entry {
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
        .await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, updated).await?))
}
