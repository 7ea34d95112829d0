//! `POST /api/v1/offers/{id}/withdraw`: the owner takes an offer back. Pledges already made from it
//! stay (they are tracked on their own); no new ones can be made.

use super::{load_visible, view, OfferView};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::state::AppState;
use crate::store::audit;
use crate::store::offers::{self, OfferChange};
use actix_web::{web, HttpResponse};
use chrono::Utc;
use diesel_async::AsyncConnection;
use serde_json::json;
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
    let id = *id;
    let updated = conn
        .transaction::<_, ApiError, _>(async |conn| {
            let (_, owner) = load_visible(conn, &actor, id).await?;
            if !owner {
                return Err(ApiError::forbidden("only its owner withdraws an offer"));
            }
            let offer = offers::find_for_update(conn, id).await?.ok_or_else(|| ApiError::not_found("offer"))?;
            if offer.status != "active" {
                return Err(ApiError::new(ErrorCode::InvalidTransition, "the offer is withdrawn already"));
            }
            let updated = offers::update(conn, id, &OfferChange { status: Some("withdrawn"), updated_at: Some(Utc::now()), ..OfferChange::default() }).await?;
            audit::append(
                conn,
                audit::Entry {
                    actor_id: Some(auth.id),
                    action: "offer.withdrawn",
                    subject_type: "offer",
                    subject_id: id,
                    details: json!({ "role": auth.role.as_str(), "pledged_quantity": updated.pledged_quantity }),
                },
            )
            .await?;
            Ok(updated)
        })
        .await?;
    Ok(HttpResponse::Ok().json(view(&mut conn, updated).await?))
}
