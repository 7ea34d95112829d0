//! `POST /api/v1/orders/{id}/receive`: the buyer confirms a shipped order arrived, with an optional
//! rating (1–5) and review; the seller is told.

use super::views::{view_one, OrderView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::order::{OrderParty, NOTE_CHARS, RATING};
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::orders::{self, Receipt};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReceiveRequest {
    /// 1 to 5.
    pub rating: Option<i64>,
    /// Up to 500 characters.
    pub review: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/orders/{id}/receive", tag = "orders",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ReceiveRequest,
    responses(
        (status = 200, description = "Received", body = OrderView),
        (status = 400, description = "Invalid fields, every violation at once", body = crate::error::Problem),
        (status = 403, description = "Not the buyer", body = crate::error::Problem),
        (status = 404, description = "No such order for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition (not shipped)", body = crate::error::Problem),
    )
)]
pub async fn receive_order(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ReceiveRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    if body.rating.is_some_and(|r| !RATING.contains(&r)) {
        errors.push(FieldError::new(
            "rating",
            "out_of_range",
            "a rating is 1 to 5",
        ));
    }
    let review = body.review.as_deref().and_then(|r| {
        text::bounded(r, NOTE_CHARS.0, NOTE_CHARS.1)
            .map_err(|(c, m)| errors.push(FieldError::new("review", c, m)))
            .ok()
    });
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let receipt = Receipt {
        rating: body.rating.map(|r| r as i16),
        review: review.as_deref().filter(|r| !r.is_empty()),
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let order = orders::receive(&mut conn, &auth, &actor, *id, receipt).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, order, OrderParty::Buyer).await?))
}
