//! `GET /api/v1/needs/{id}`: public once published; before that only its household and the officials
//! in scope see it (404 for everyone else).

use super::load_visible;
use super::views::{view_one, NeedView};
use crate::api::actor;
use crate::auth::MaybeAuthUser;
use crate::domain::access::Access;
use crate::error::ApiResult;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/needs/{id}", tag = "needs",
    params(("id" = Uuid, Path)),
    responses(
        (status = 200, description = "The need; `private` only for its household and officials in scope", body = NeedView),
        (status = 404, description = "No such need, or not published and not yours", body = crate::error::Problem),
    )
)]
pub async fn get_need(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let (need, access) = load_visible(&mut conn, &actor, *id, false).await?;
    Ok(HttpResponse::Ok().json(view_one(&mut conn, need, access == Access::Manage).await?))
}
