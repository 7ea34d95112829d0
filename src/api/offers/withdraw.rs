//! `POST /api/v1/offers/{id}/withdraw`: the owner takes an offer back. Pledges already made from it
//! stay (they are tracked on their own); no new ones can be made.

use super::{view, OfferView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::offers;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    post, path = "/api/v1/offers/{id}/withdraw", tag = "offers",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "Withdrawn", body = OfferView),
        (status = 403, description = "Not the owner", body = crate::error::Problem),
        (status = 404, description = "No such offer for you", body = crate::error::Problem),
        (status = 409, description = "Already withdrawn", body = crate::error::Problem),
    )
)]
pub async fn withdraw_offer(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let updated = offers::withdraw(&mut conn, &auth, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, updated).await?))
}
