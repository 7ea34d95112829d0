//! `GET /api/v1/needs/{id}/matches`: active offers that can serve an open need (the same words, units
//! that meet, see [`crate::matching`]), ranked, each with
//! its score and the reasons for it.

use super::load_visible;
use crate::api::extract::{Page, PageQuery};
use crate::api::offers::{views, OfferView};
use crate::api::{actor, search::unavailable};
use crate::auth::AuthUser;
use crate::domain::matching::Reason;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::matching::{is_open, offers_for_need, MatchError};
use crate::state::AppState;
use actix_web::{web, HttpResponse};
use chrono::Utc;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferMatch {
    /// 0–100: the share of title words matched, region proximity, quantity covered, urgency, deadline, waiting time, verified.
    pub score: f64,
    pub reasons: Vec<Reason>,
    /// Why the item fits: the words of the searching side's title the other side matched.
    pub matched_terms: Vec<String>,
    /// How the offer's unit meets the need's (units that never meet are no match).
    pub unit_fit: crate::domain::unit::UnitFit,
    pub offer: OfferView,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OfferMatches {
    pub items: Vec<OfferMatch>,
    pub total: u64,
    pub page: u32,
    pub per_page: u32,
}

/// A match failure as a problem: the engine down is 503, the database is the usual 500.
pub fn match_error(e: MatchError) -> ApiError {
    match e {
        MatchError::Search(e) => unavailable(e),
        MatchError::Database(e) => e.into(),
    }
}

/// The page of a ranked list.
pub fn page_of<T>(items: Vec<T>, page: Page) -> Vec<T> {
    items
        .into_iter()
        .skip(page.offset() as usize)
        .take(page.per_page as usize)
        .collect()
}

#[utoipa::path(
    get, path = "/api/v1/needs/{id}/matches", tag = "matching",
    security(("bearer" = [])),
    params(("id" = Uuid, Path), PageQuery),
    responses(
        (status = 200, description = "Offers ranked for the need, with scores and reasons", body = OfferMatches),
        (status = 401, description = "Not signed in", body = crate::error::Problem),
        (status = 404, description = "No such need for you", body = crate::error::Problem),
        (status = 409, description = "need_not_open", body = crate::error::Problem),
        (status = 503, description = "search_unavailable", body = crate::error::Problem),
    )
)]
pub async fn need_matches(
    state: web::Data<AppState>,
    auth: AuthUser,
    id: web::Path<Uuid>,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    let mut conn = state.pool.get().await?;
    let actor = actor::load(&mut conn, Some(&auth)).await?;
    let (need, _) = load_visible(&mut conn, &actor, *id, false).await?;
    let now = Utc::now();
    if !is_open(&need, now) {
        return Err(ApiError::new(
            ErrorCode::NeedNotOpen,
            format!("the need is {} and takes no pledges", need.status),
        )
        .with_extra("need_status", need.status.as_str()));
    }
    let ranked = offers_for_need(&mut conn, &state.search, &need, now)
        .await
        .map_err(match_error)?;
    let total = ranked.len() as u64;
    let ranked = page_of(ranked, page);
    let (scores, offers): (Vec<_>, Vec<_>) = ranked
        .into_iter()
        .map(|s| ((s.score, s.reasons, s.matched_terms, s.unit_fit), s.item))
        .unzip();
    let offers = views(&mut conn, offers).await?;
    let items = scores
        .into_iter()
        .zip(offers)
        .map(
            |((score, reasons, matched_terms, unit_fit), offer)| OfferMatch {
                score,
                reasons,
                matched_terms,
                unit_fit,
                offer,
            },
        )
        .collect();
    Ok(HttpResponse::Ok().json(OfferMatches {
        items,
        total,
        page: page.page,
        per_page: page.per_page,
    }))
}
