//! `POST /api/v1/orders/{id}/ship`: the seller ships a paid order, with an optional tracking
//! reference.

use super::views::{view_one, OrderView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::order::{OrderParty, TRACKING_CHARS};
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
pub struct ShipRequest {
    /// A parcel tracking number or similar (1–100 characters).
    pub tracking_ref: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/orders/{id}/ship", tag = "orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ShipRequest,
    responses(
        (status = 200, description = "Shipped; the buyer is told", body = OrderView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Not the seller", body = crate::error::Problem),
        (status = 404, description = "No such order for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition (not paid)", body = crate::error::Problem),
    )
)]
pub async fn ship_order(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ShipRequest>,
) -> ApiResult<HttpResponse> {
    let tracking = match body.tracking_ref.as_deref() {
        None => None,
        Some(t) => Some(
            text::bounded(t, TRACKING_CHARS.0, TRACKING_CHARS.1).map_err(|(c, m)| {
                ApiError::validation(vec![FieldError::new("tracking_ref", c, m)])
            })?,
        ),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let order = orders::ship(&mut conn, &auth, &actor, *id, tracking.as_deref()).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, order, OrderParty::Seller).await?))
}
