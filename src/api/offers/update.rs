//! `PATCH /api/v1/offers/{id}`: the owner edits an active offer. The quantity never drops below what
//! pledges already took; the category and service area stay as published (pledges rely on them).

use super::{check, view, OfferFields, OfferView};
use crate::api::{actor, extract::Body};
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, FieldError};
use crate::service::offers;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use uuid::Uuid;

#[utoipa::path(
    patch, path = "/api/v1/offers/{id}", tag = "offers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    request_body = OfferFields,
    responses(
        (status = 200, description = "Edited", body = OfferView),
        (status = 400, description = "Invalid fields", body = crate::error::Problem),
        (status = 403, description = "Not the owner", body = crate::error::Problem),
        (status = 404, description = "No such offer for you", body = crate::error::Problem),
        (status = 409, description = "The offer is withdrawn", body = crate::error::Problem),
    )
)]
pub async fn update_offer(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    body: Body<OfferFields>,
) -> ApiResult<HttpResponse> {
    let mut errors = Vec::new();
    let c = check(&body, Utc::now(), &mut errors);
    if body.category.is_some() {
        errors.push(FieldError::new(
            "category",
            "not_editable",
            "publish another offer for another category",
        ));
    }
    if body.region_code.is_some() {
        errors.push(FieldError::new(
            "region_code",
            "not_editable",
            "publish another offer for another area",
        ));
    }
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let updated =
        offers::update(&mut conn, &auth, &actor, *id, &c, body.value_per_unit_fen).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, updated).await?))
}
