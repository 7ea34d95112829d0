//! `POST /api/v1/pledges/{id}/deliver`: the supporter records the delivery. With the household's
//! receipt code it is confirmed on the spot; a wrong code is refused, and five wrong codes lock the
//! pledge's code for an hour.

use super::views::{view, PledgeView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::pledges::{self, Delivery};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

pub use crate::service::pledges::{CODE_LOCK_MINUTES, MAX_CODE_FAILURES};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliverRequest {
    /// What was delivered, how (1–500 characters).
    pub note: String,
    /// A parcel tracking number or similar (up to 100 characters).
    pub tracking_ref: Option<String>,
    /// The household's six-digit receipt code: confirms the delivery on the spot.
    pub receipt_code: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/deliver", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = DeliverRequest,
    responses(
        (status = 200, description = "Delivered (confirmed too when the receipt code was given)", body = PledgeView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Not the pledge's supporter", body = crate::error::Problem),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition (not approved)", body = crate::error::Problem),
        (status = 422, description = "wrong_receipt_code, with attempts_left", body = crate::error::Problem),
        (status = 423, description = "receipt_code_locked, with Retry-After", body = crate::error::Problem),
    )
)]
pub async fn deliver_pledge(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<DeliverRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let note = text::bounded(&body.note, 1, 500)
        .map_err(|(c, m)| errors.push(FieldError::new("note", c, m)))
        .ok();
    let tracking = body.tracking_ref.as_deref().and_then(|t| {
        text::bounded(t, 1, 100)
            .map_err(|(c, m)| errors.push(FieldError::new("tracking_ref", c, m)))
            .ok()
    });
    let code = body.receipt_code.as_deref().map(str::trim);
    if let Some(c) = code {
        if c.len() != 6 || !c.bytes().all(|b| b.is_ascii_digit()) {
            errors.push(FieldError::new(
                "receipt_code",
                "format",
                "the receipt code has six digits",
            ));
        }
    }
    let Some(note) = note.filter(|_| errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let delivery = Delivery {
        note: &note,
        tracking_ref: tracking.as_deref(),
        receipt_code: code,
    };
    let pledge = pledges::deliver(&mut conn, &auth, &actor, *id, delivery).await?;
    Ok(HttpResponse::Ok().json(view(pledge, false)))
}
