//! `GET /api/v1/offers/{id}`: anyone while the offer is public; its owner always.

use super::{load_visible, view, OfferView};
use crate::api::actor;
use crate::auth::MaybeAuthUser;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/offers/{id}", tag = "offers",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The offer", body = OfferView),
        (status = 404, description = "No such offer for you", body = crate::error::Problem),
    )
)]
pub async fn get_offer(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let (offer, _) = load_visible(&mut conn, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, offer).await?))
}
