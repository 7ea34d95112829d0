//! `POST /api/v1/offers`: a donor, enterprise or social organization publishes what it can give.

use super::{view, OfferFields, OfferView};
use crate::api::extract::Body;
use crate::api::{actor, idempotency};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult};
use crate::service::offers;
use crate::state::AppState;
use crate::store::Conn;
use actix_web::http::StatusCode;
use actix_web::{web, HttpRequest, HttpResponse};
use serde_json::Value;

#[utoipa::path(
    post, path = "/api/v1/offers", tag = "offers",
    security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "A UUID; a replay returns the stored response")),
    request_body = OfferFields,
    responses(
        (status = 201, description = "Published", body = OfferView),
        (status = 400, description = "Invalid fields, each reported", body = crate::error::Problem),
        (status = 403, description = "Only donors, enterprises and social organizations offer", body = crate::error::Problem),
    )
)]
pub async fn create_offer(
    state: web::Data<AppState>,
    auth: AuthUser,
    req: HttpRequest,
    body: Body<OfferFields>,
) -> ApiResult<HttpResponse> {
    let Body(input, raw) = body;
    idempotency::run(&state, &auth, &req, &raw, false, async |conn: &mut Conn| {
        create(conn, &auth, input).await
    })
    .await
}

async fn create(
    conn: &mut Conn,
    auth: &AuthUser,
    input: OfferFields,
) -> ApiResult<(StatusCode, Value)> {
    let actor = actor::load(conn, Some(auth)).await?;
    let offer = offers::create(conn, auth, &actor, &input).await?;
    let v = view(conn, offer).await?;
    Ok((
        StatusCode::CREATED,
        serde_json::to_value(v).map_err(ApiError::internal)?,
    ))
}
