//! `DELETE /api/v1/needs/{id}/evidence/{evidence_id}`: its uploader or an official in scope removes
//! an item; the household may see but not remove what an official attached (403).

use crate::api::actor;
use crate::auth::AuthUser;
use crate::error::ApiResult;
use crate::service::evidence;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    delete, path = "/api/v1/needs/{id}/evidence/{evidence_id}", tag = "needs",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), ("evidence_id" = Uuid, Path)),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Visible, but neither the uploader nor an official in scope", body = crate::error::Problem),
        (status = 404, description = "No such item, or not the caller's household or jurisdiction", body = crate::error::Problem),
    )
)]
pub async fn delete_evidence(
    state: web::Data<AppState>,
    auth: AuthUser,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let (need_id, evidence_id) = path.into_inner();
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    evidence::remove(
        &mut conn,
        state.media.as_ref(),
        &actor,
        need_id,
        evidence_id,
    )
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
