//! `POST /api/v1/products/{id}/orders`: anyone signed in but the seller orders a listed product.
//! Requires `Idempotency-Key`. The stock is taken by one conditional update, so no stock is ever
//! oversold, whatever runs at the same time.

use super::views::{view_one, OrderView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::order::{parse_delivery, OrderParty, NOTE_CHARS, QUANTITY};
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::orders::{self, NewOrderInput};
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryRequest {
    /// 1–30 characters.
    pub name: String,
    /// 7–20 characters: digits, spaces, `+` and `-`.
    pub phone: String,
    /// 5–200 characters.
    pub address: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateOrderRequest {
    /// 1 to 10,000 units, at most what is in stock.
    pub quantity: i64,
    /// Seen by the buyer and the seller only; erased 90 days after the order ends.
    pub delivery: DeliveryRequest,
    /// Up to 500 characters, for the seller.
    pub note: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/products/{id}/orders", tag = "orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header, description = "Required: a UUID")),
    request_body = CreateOrderRequest,
    responses(
        (status = 201, description = "Placed: the seller records the payment next", body = OrderView),
        (status = 400, description = "Invalid fields (every violation at once) or a missing Idempotency-Key", body = crate::error::Problem),
        (status = 403, description = "The seller's own product, or an unverified email", body = crate::error::Problem),
        (status = 404, description = "No such product for you", body = crate::error::Problem),
        (status = 409, description = "insufficient_stock (with stock), product_not_listed, or a replay still running", body = crate::error::Problem),
        (status = 422, description = "The Idempotency-Key was used with another body", body = crate::error::Problem),
    )
)]
pub async fn create_order(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Body<CreateOrderRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let product_id = *id;
    // The answer carries the delivery details: the key keeps only the order's id (so erasing the
    // order erases them everywhere), and a replay renders the order afresh.
    idempotency::run_by_reference(
        &state,
        &auth,
        &req,
        &raw,
        true,
        replay,
        async |conn: &mut Conn| {
            let mut errors = Vec::new();
            if !QUANTITY.contains(&input.quantity) {
                errors.push(FieldError::new(
                    "quantity",
                    "out_of_range",
                    format!("must be {} to {}", QUANTITY.start(), QUANTITY.end()),
                ));
            }
            let d = &input.delivery;
            let delivery = parse_delivery(&d.name, &d.phone, &d.address, &mut errors);
            let note = text::bounded(
                input.note.as_deref().unwrap_or(""),
                NOTE_CHARS.0,
                NOTE_CHARS.1,
            )
            .map_err(|(c, m)| errors.push(FieldError::new("note", c, m)))
            .ok();
            let (Some(delivery), Some(note), true) = (delivery, note, errors.is_empty()) else {
                return Err(ApiError::validation(errors));
            };
            let actor = actor::load(conn, Some(&auth)).await?;
            let new = NewOrderInput {
                quantity: input.quantity as i32,
                delivery: &delivery,
                note: &note,
            };
            let order = orders::place(conn, &state.config, &auth, &actor, product_id, new).await?;
            let v = view_one(conn, order, OrderParty::Buyer).await?;
            Ok((
                StatusCode::CREATED,
                serde_json::to_value(v).map_err(ApiError::internal)?,
            ))
        },
    )
    .await
}

fn replay<'c>(
    conn: &'c mut Conn,
    auth: &'c AuthUser,
    id: Uuid,
) -> futures_util::future::BoxFuture<'c, ApiResult<serde_json::Value>> {
    Box::pin(async move {
        let actor = actor::load(conn, Some(auth)).await?;
        let (order, party) = orders::load_visible(conn, &actor, id, false).await?;
        serde_json::to_value(view_one(conn, order, party).await?).map_err(ApiError::internal)
    })
}
