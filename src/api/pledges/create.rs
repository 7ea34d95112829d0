//! `POST /api/v1/needs/{id}/pledges`: a donor, enterprise or social organization pledges all or part
//! of an open need. Requires `Idempotency-Key`. The quantity is taken in the database, so pledges never
//! add up to more than the need, whatever runs at the same time.

use super::views::{view, PledgeView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::domain::text;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::pledges::{self, NewPledgeInput};
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreatePledgeRequest {
    /// 1 to what remains of the need.
    pub quantity: i64,
    /// The supporter's own offer this pledge comes from: its quantity is taken too.
    pub offer_id: Option<Uuid>,
    /// Up to 500 characters, shown on the need's page.
    pub message: Option<String>,
}

#[utoipa::path(
    post, path = "/api/v1/needs/{id}/pledges", tag = "pledges",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("Idempotency-Key" = String, Header, description = "Required: a UUID")),
    request_body = CreatePledgeRequest,
    responses(
        (status = 201, description = "Pledged, waiting for an official's approval", body = PledgeView),
        (status = 400, description = "Invalid fields or a missing Idempotency-Key", body = crate::error::Problem),
        (status = 403, description = "Households and officials do not pledge", body = crate::error::Problem),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
        (status = 409, description = "insufficient_remaining (with remaining_quantity), need_not_open, or a replay still running", body = crate::error::Problem),
        (status = 422, description = "The Idempotency-Key was used with another body", body = crate::error::Problem),
    )
)]
pub async fn create_pledge(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    id: web::Path<Uuid>,
    body: Body<CreatePledgeRequest>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    let need_id = *id;
    idempotency::run(&state, &auth, &req, &raw, true, async |conn: &mut Conn| {
        create(conn, &state, &auth, need_id, input).await
    })
    .await
}

async fn create(
    conn: &mut Conn,
    state: &AppState,
    auth: &AuthUser,
    need_id: Uuid,
    input: CreatePledgeRequest,
) -> ApiResult<(StatusCode, Value)> {
    let mut errors = Vec::new();
    if !crate::domain::need::QUANTITY.contains(&input.quantity) {
        errors.push(FieldError::new(
            "quantity",
            "out_of_range",
            crate::domain::need::QUANTITY_MESSAGE,
        ));
    }
    let message = match input.message.as_deref() {
        None => String::new(),
        Some(m) => text::bounded(m, 0, 500)
            .map_err(|(c, m)| errors.push(FieldError::new("message", c, m)))
            .unwrap_or_default(),
    };
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let actor = actor::load(conn, Some(auth)).await?;
    let new = NewPledgeInput {
        quantity: input.quantity as i32,
        offer_id: input.offer_id,
        message: &message,
    };
    let pledge = pledges::create(conn, &state.config, auth, &actor, need_id, new).await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(view(pledge, false)).map_err(ApiError::internal)?,
    ))
}
