//! `GET /api/v1/needs/{id}/evidence`: a need's evidence, for its household and officials in scope.

use super::views::{view, EvidenceList};
use crate::api::actor;
use crate::auth::AuthUser;
use crate::domain::evidence::MAX_PER_NEED;
use crate::error::ApiResult;
use crate::service::evidence;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/needs/{id}/evidence", tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The need's evidence, oldest first", body = EvidenceList),
        (status = 404, description = "No such need, or not the caller's household or jurisdiction", body = crate::error::Problem),
    )
)]
pub async fn list_evidence(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (items, village) = evidence::list(&mut conn, &actor, *id).await?;
    Ok(HttpResponse::Ok().json(EvidenceList {
        items: items
            .into_iter()
            .map(|e| view(e, &actor, &village))
            .collect(),
        max: MAX_PER_NEED,
    }))
}
