//! `POST /api/v1/pledges/{id}/confirm`: the household (or an official of its village) confirms the
//! help arrived, optionally with a rating and thanks shown on the need's page. A pledge confirmed on
//! the spot with the receipt code is rated afterwards the same way, once.

use super::views::{view, PledgeView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::pledges;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use serde::Deserialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ConfirmRequest {
    /// 1–5.
    pub rating: Option<i16>,
    /// A thank-you (up to 500 characters), shown on the need's public page.
    pub thanks: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/confirm", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ConfirmRequest,
    responses(
        (status = 200, description = "Confirmed (or, on a pledge confirmed already and not rated, rated)", body = PledgeView),
        (status = 400, description = "Rating outside 1–5 or thanks too long; a rating is required on a pledge confirmed already", body = crate::error::Problem),
        (status = 403, description = "Not the household or an official of its village; the official who approved the pledge (second_official_required)", body = crate::error::Problem),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition: not delivered yet, or confirmed and already rated (a rating is given once)", body = crate::error::Problem),
    )
)]
pub async fn confirm_pledge(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<ConfirmRequest>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    if let Some(r) = body.rating {
        if !(1..=5).contains(&r) {
            errors.push(FieldError::new(
                "rating",
                "out_of_range",
                "a rating is 1 to 5",
            ));
        }
    }
    let thanks = body.thanks.as_deref().and_then(|t| {
        text::bounded(t, 1, 500)
            .map_err(|(c, m)| errors.push(FieldError::new("thanks", c, m)))
            .ok()
    });
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let pledge = pledges::confirm(
        &mut conn,
        &auth,
        &actor,
        *id,
        body.rating,
        thanks.as_deref(),
    )
    .await?;
    Ok(HttpResponse::Ok().json(view(pledge, true)))
}
