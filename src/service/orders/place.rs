//! Placing an order: the product's stock is taken by one conditional update, so buyers racing for
//! the last units never take more than there is.

use super::record;
use crate::auth::AuthUser;
use crate::config::Config;
use crate::domain::access::{Access, Actor};
use crate::domain::order::Delivery;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::service::products::access_to;
use crate::store::orders::{self as store, NewOrder, Order};
use crate::store::products::{self, TakeError};
use crate::store::Conn;
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
use uuid::Uuid;

/// An order request, its fields already checked.
pub struct NewOrderInput<'a> {
    pub quantity: i32,
    pub delivery: &'a Delivery,
    pub note: &'a str,
}

/// Places an order of a listed product for the caller (anyone signed in but its seller).
#[tracing::instrument(skip_all, fields(user_id = %auth.id, product_id = %product_id))]
pub async fn place(
    conn: &mut Conn,
    config: &Config,
    auth: &AuthUser,
    actor: &Actor,
    product_id: Uuid,
    input: NewOrderInput<'_>,
) -> ApiResult<Order> {
    let product = products::find(conn, product_id)
        .await?
        .filter(|p| access_to(actor, p) != Access::Hidden)
        .ok_or_else(|| ApiError::not_found("product"))?;
    if product.seller_id == auth.id {
        return Err(ApiError::forbidden("sellers do not buy their own products"));
    }
    crate::service::require_verified_email(conn, auth.id).await?;
    conn.transaction::<_, ApiError, _>(async |conn| {
        let now = Utc::now();
        let p = match products::take_stock(conn, product_id, input.quantity, now).await? {
            Ok(p) => p,
            Err(TakeError::NotFound) => return Err(ApiError::not_found("product")),
            Err(TakeError::NotListed(status)) => {
                return Err(ApiError::new(
                    ErrorCode::ProductNotListed,
                    format!("the product is {status}"),
                )
                .with_extra("product_status", status.as_str()))
            }
            Err(TakeError::Insufficient { stock }) => {
                return Err(ApiError::new(
                    ErrorCode::InsufficientStock,
                    format!("only {stock} in stock"),
                )
                .with_extra("stock", stock))
            }
        };
        let order = store::insert(
            conn,
            &NewOrder {
                id: Uuid::new_v4(),
                product_id,
                buyer_id: auth.id,
                seller_id: p.seller_id,
                region_code: &p.region_code,
                quantity: input.quantity,
                unit_price_fen: p.price_fen,
                total_fen: p.price_fen * i64::from(input.quantity),
                note: input.note,
                delivery_name: &input.delivery.name,
                delivery_phone: &input.delivery.phone,
                delivery_address: &input.delivery.address,
                expires_at: now + config.order_payment_window,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        record(
            conn,
            Some(auth),
            None,
            &order,
            None,
            json!({ "stock": p.stock }),
        )
        .await?;
        Ok(order)
    })
    .await
}
