//! `POST /api/v1/pledges/{id}/deliver`: the supporter records the delivery. With the household's
//! receipt code it is confirmed on the spot; a wrong code is refused, and five wrong codes lock the
//! pledge's code for an hour.

use super::confirm::{confirm_delivered, Receipt};
use super::views::{view, PledgeView};
use super::{check, load_visible, transition};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::pledge::PledgeAction;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, ErrorCode, FieldError};
use crate::state::AppState;
use crate::store::pledges::{self, PledgeChange};
use actix_web::{web, HttpResponse};
use chrono::{Duration, Utc};
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
use utoipa::ToSchema;
use uuid::Uuid;

pub const MAX_CODE_FAILURES: i32 = 5;
pub const CODE_LOCK_MINUTES: i64 = 60;

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

enum Outcome {
    Done(Box<pledges::Pledge>),
    /// A refusal whose bookkeeping (failure count, lock) must still be committed.
    Refused(ApiError),
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
    let id = *id;
    let outcome = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (pledge, need, party) = load_visible(conn, &actor, id, true).await?;
            let to = check(&pledge, PledgeAction::Deliver, party)?;
            let now = Utc::now();
            if let Some(given) = code {
                if let Some(until) = pledge.receipt_locked_until.filter(|u| *u > now) {
                    let wait = (until - now).num_seconds().max(1) as u64;
                    return Ok(Outcome::Refused(
                        ApiError::new(
                            ErrorCode::ReceiptCodeLocked,
                            "too many wrong codes; try again later or deliver without the code",
                        )
                        .with_retry_after(wait),
                    ));
                }
                if pledge.receipt_code.as_deref() != Some(given) {
                    let failures = pledge.receipt_code_failures + 1;
                    let locked = failures >= MAX_CODE_FAILURES;
                    let change = PledgeChange {
                        receipt_code_failures: Some(if locked { 0 } else { failures }),
                        receipt_locked_until: locked
                            .then_some(Some(now + Duration::minutes(CODE_LOCK_MINUTES))),
                        ..PledgeChange::default()
                    };
                    pledges::change(conn, pledge.id, &pledge.status, &change).await?;
                    let e = if locked {
                        ApiError::new(
                            ErrorCode::ReceiptCodeLocked,
                            "too many wrong codes: the code is locked for an hour",
                        )
                        .with_retry_after(CODE_LOCK_MINUTES as u64 * 60)
                    } else {
                        ApiError::new(
                            ErrorCode::WrongReceiptCode,
                            "the receipt code does not match",
                        )
                        .with_extra("attempts_left", MAX_CODE_FAILURES - failures)
                    };
                    return Ok(Outcome::Refused(e));
                }
            }
            let change = PledgeChange {
                delivered_at: Some(now),
                delivery_note: Some(&note),
                tracking_ref: tracking.as_deref(),
                receipt_code_failures: Some(0),
                updated_at: Some(now),
                ..PledgeChange::default()
            };
            let delivered = transition(
                conn,
                Some(&auth),
                &pledge,
                to,
                change,
                None,
                json!({ "tracking_ref": tracking }),
            )
            .await?;
            if code.is_some() {
                let confirmed = confirm_delivered(
                    conn,
                    &auth,
                    &delivered,
                    &need,
                    Receipt {
                        how: "receipt_code",
                        rating: None,
                        thanks: None,
                    },
                    now,
                )
                .await?;
                return Ok(Outcome::Done(Box::new(confirmed)));
            }
            Ok(Outcome::Done(Box::new(delivered)))
        })
        .await?;
    match outcome {
        Outcome::Done(p) => Ok(HttpResponse::Ok().json(view(*p, false))),
        Outcome::Refused(e) => Err(e),
    }
}
