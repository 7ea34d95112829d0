//! `POST /api/v1/pledges/{id}/confirm`: the household (or an official of its village) confirms the
//! help arrived, optionally with a rating and thanks shown on the need's page.

use super::views::{view, PledgeView};
use super::{check, load_visible, record_need_change, transition};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::domain::pledge::{Party, PledgeAction};
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::state::AppState;
use crate::store::needs;
use crate::store::needs::Need;
use crate::store::pledges::{Pledge, PledgeChange};
use crate::store::Conn;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use diesel_async::AsyncConnection;
use serde::Deserialize;
use serde_json::json;
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

/// What a confirmation records: how it was confirmed, and the household's rating and thanks.
pub struct Receipt<'a> {
    pub how: &'a str,
    pub rating: Option<i16>,
    pub thanks: Option<&'a str>,
}

/// Marks a delivered pledge confirmed and counts its quantity on `need` (locked by the caller).
pub async fn confirm_delivered(
    conn: &mut Conn,
    auth: &AuthUser,
    pledge: &Pledge,
    need: &Need,
    receipt: Receipt<'_>,
    now: DateTime<Utc>,
) -> ApiResult<Pledge> {
    let Receipt {
        how,
        rating,
        thanks,
    } = receipt;
    let change = PledgeChange {
        confirmed_at: Some(now),
        confirmed_by: Some(auth.id),
        rating,
        thanks,
        closed_at: Some(now),
        updated_at: Some(now),
        ..PledgeChange::default()
    };
    let to = crate::domain::pledge::PledgeStatus::Confirmed;
    let updated = transition(
        conn,
        Some(auth),
        pledge,
        to,
        change,
        None,
        json!({ "confirmed_by": how, "rating": rating }),
    )
    .await?;
    let after = needs::confirm_quantity(conn, pledge.need_id, pledge.quantity, now).await?;
    record_need_change(conn, Some(auth), need, &after, pledge.id).await?;
    Ok(updated)
}

#[utoipa::path(
    post, path = "/api/v1/pledges/{id}/confirm", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = ConfirmRequest,
    responses(
        (status = 200, description = "Confirmed", body = PledgeView),
        (status = 400, description = "Rating outside 1–5 or thanks too long", body = crate::error::Problem),
        (status = 403, description = "Not the household or an official of its village", body = crate::error::Problem),
        (status = 404, description = "No such pledge for you", body = crate::error::Problem),
        (status = 409, description = "invalid_transition (not delivered)", body = crate::error::Problem),
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
    let id = *id;
    let pledge = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (pledge, need, party) = load_visible(conn, &actor, id, true).await?;
            check(&pledge, PledgeAction::Confirm, party)?;
            let how = if party == Some(Party::Household) {
                "household"
            } else {
                "official"
            };
            let receipt = Receipt {
                how,
                rating: body.rating,
                thanks: thanks.as_deref(),
            };
            confirm_delivered(conn, &auth, &pledge, &need, receipt, Utc::now()).await
        })
        .await?;
    Ok(HttpResponse::Ok().json(view(pledge, true)))
}
