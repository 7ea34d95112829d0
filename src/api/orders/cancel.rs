//! `POST /api/v1/orders/{id}/cancel`: the buyer cancels before payment, the seller before shipping;
//! the units go back to the product's stock.

use super::views::{view_one, OrderView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::order::{OrderParty, NOTE_CHARS};
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::orders;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelOrderRequest {
    /// Why (up to 500 characters).
    pub reason: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/orders/{id}/cancel", tag = "orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = CancelOrderRequest,
    responses(
        (status = 200, description = "Cancelled; the stock is given back", body = OrderView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Neither the buyer nor the seller", body = crate::error::Problem),
        (status = 404, description = "No such order for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition (paid, for the buyer; shipped or closed)", body = crate::error::Problem),
    )
)]
pub async fn cancel_order(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<CancelOrderRequest>,
) -> ApiResult<HttpResponse> {
    let reason = match body.reason.as_deref() {
        None => None,
        Some(r) => Some(
            text::bounded(r, NOTE_CHARS.0.max(1), NOTE_CHARS.1)
                .map_err(|(c, m)| ApiError::validation(vec![FieldError::new("reason", c, m)]))?,
        ),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let order = orders::cancel(&mut conn, &auth, &actor, *id, reason.as_deref()).await?;
    let party = orders::party_of(&actor, &order).unwrap_or(OrderParty::Buyer);
    Ok(HttpResponse::Ok().json(view_one(&mut conn, order, party).await?))
}
