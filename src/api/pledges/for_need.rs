//! `GET /api/v1/needs/{id}/pledges`: the public summary of a need's pledges — who (an organization's
//! name or a masked individual), how much, the state, and the household's thanks.

use super::views::PledgeSummary;
use crate::api::actor;
use crate::api::extract::{PageQuery, Paginated};
use crate::api::needs::load_visible as load_need;
use crate::auth::MaybeAuthUser;
use crate::domain::pledge::PledgeStatus;
use crate::domain::text::mask_name;
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::pledges_queries;
use actix_web::{web, HttpResponse};
use uuid::Uuid;

#[utoipa::path(
    get, path = "/api/v1/needs/{id}/pledges", tag = "pledges",
    params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, description = "Active and confirmed pledges, newest first", body = Paginated<PledgeSummary>),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
    )
)]
pub async fn need_pledges(
    state: web::Data<AppState>,
    auth: MaybeAuthUser,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, auth.0.as_ref()).await?;
    let (need, _) = load_need(&mut conn, &actor, *id, false).await?;
    let (rows, total) = pledges_queries::public_of_need(
        &mut conn,
        need.id,
        &PledgeStatus::ACTIVE,
        page.offset(),
        page.limit(),
    )
    .await?;
    let items = rows
        .into_iter()
        .map(|p| PledgeSummary {
            id: p.id,
            quantity: p.quantity,
            status: p.status,
            verified_organization: p.organization.is_some() && p.organization_verified_at.is_some(),
            supporter: p.organization.unwrap_or_else(|| mask_name(&p.display_name)),
            message: p.message,
            rating: p.rating,
            thanks: p.thanks,
            created_at: p.created_at,
            confirmed_at: p.confirmed_at,
        })
        .collect();
    Ok(HttpResponse::Ok().json(Paginated {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
