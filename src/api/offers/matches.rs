//! `GET /api/v1/offers/{id}/matches`: open needs an active offer can serve (the same words, units
//! that meet, see [`crate::matching`]), ranked, each with its
//! score and the reasons for it.

use super::{is_public, load_visible};
use crate::api::actor;
use crate::api::extract::PageQuery;
use crate::api::needs::matches::{match_error, page_of};
use crate::api::needs::views::{region_map, view, NeedView};
use crate::auth::AuthUser;
use crate::domain::matching::Reason;
use crate::error::ApiResult;
use crate::matching::needs_for_offer;
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct NeedMatch {
    /// 0–100: the share of title words matched, region proximity, quantity covered, urgency, deadline, waiting time, verified.
    pub score: f64,
    pub reasons: Vec<Reason>,
    /// Why the item fits: the words of the searching side's title the other side matched.
    pub matched_terms: Vec<String>,
    /// How the offer's unit meets the need's (units that never meet are no match).
    pub unit_fit: crate::domain::unit::UnitFit,
    pub need: NeedView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct NeedMatches {
    pub items: Vec<NeedMatch>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

pub use crate::service::offers::not_active;

#[utoipa::path(
    get, path = "/api/v1/offers/{id}/matches", tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, description = "Open needs ranked for the offer, with scores and reasons", body = NeedMatches),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 404, description = "No such offer for you", body = crate::error::Problem),
        (status = 409, description = "offer_not_active", body = crate::error::Problem),
        (status = 503, description = "search_unavailable", body = crate::error::Problem),
    )
)]
pub async fn offer_matches(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (offer, _) = load_visible(&mut conn, &actor, *id).await?;
    let now = Utc::now();
    if !is_public(&offer, now) {
        return Err(not_active(offer.status));
    }
    let ranked = needs_for_offer(&mut conn, &state.search, &offer, now)
        .await
        .map_err(match_error)?;
    let total = ranked.len() as u64;
    let ranked = page_of(ranked, page);
    let needs: Vec<_> = ranked.iter().map(|s| s.item.clone()).collect();
    let regions = region_map(&mut conn, &needs).await?;
    let items = ranked
        .into_iter()
        .map(|s| NeedMatch {
            score: s.score,
            reasons: s.reasons,
            matched_terms: s.matched_terms,
            unit_fit: s.unit_fit,
            need: view(s.item, &regions, false),
        })
        .collect();
    Ok(HttpResponse::Ok().json(NeedMatches {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
