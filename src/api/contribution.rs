//! `GET /api/v1/me/contribution`: a supporter's record of help, pledges to needs and purchases of
//! products (消费扶贫) in one list, newest first, with what they add up to.

use crate::api::extract::PageQuery;
use crate::auth::AuthUser;
use crate::domain::contribution::ContributionKind;
use crate::domain::personal_data;
use crate::error::{ApiError, ApiResult};
use crate::state::AppState;
use crate::store::contribution;
use actix_web::{web, HttpResponse};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionItem {
    /// `pledge` or `purchase`.
    pub kind: ContributionKind,
    /// The pledge's or the order's id.
    pub id: Uuid,
    /// The need's or the product's title.
    pub title: String,
    pub quantity: i64,
    pub unit: String,
    /// A purchase: quantity × price. A pledge: its share of the need's estimated value, or null
    /// when the need has none.
    pub value_fen: Option<i64>,
    /// The pledge's or the order's status.
    pub status: String,
    /// The need's village, or the product's region.
    pub region_code: String,
    pub created_at: DateTime<Utc>,
}

/// What the whole record (not only this page) adds up to.
#[derive(Debug, Serialize, ToSchema)]
pub struct ContributionSummary {
    /// Active pledges (pending approval, approved, delivered, confirmed).
    pub pledges: i64,
    /// Their quantities added up (each in its need's unit).
    pub pledged_quantity: i64,
    /// Orders paid, shipped or received.
    pub purchases: i64,
    /// What they cost.
    pub purchases_fen: i64,
    /// Household members hired into the caller's job postings (就业扶贫), whether or not the work
    /// has ended since.
    pub hires: i64,
    /// Matches drawn from the caller's campaign matching funds: its support of the needs whose
    /// donors' confirmed pledges drew them.
    pub matches: i64,
    /// What those matches add up to, in fen.
    pub matched_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Contribution {
    /// Newest first; pledges and orders in every status.
    pub items: Vec<ContributionItem>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub summary: ContributionSummary,
}

#[utoipa::path(
    get, path = "/api/v1/me/contribution", tag = "pledges",
    security(("bearer" = [])),
    params(PageQuery),
    responses(
        (status = 200, description = "The caller's pledges and purchases, newest first, with their summary", body = Contribution),
        (status = 403, description = "Not a donor, enterprise or social organization", body = crate::error::Problem),
    )
)]
pub async fn my_contribution(
    state: web::Data<AppState>,
    auth: AuthUser,
    query: web::Query<PageQuery>,
) -> ApiResult<HttpResponse> {
    let page = PageQuery::parse(query.page, query.per_page)?;
    if !auth.role.is_supporter() {
        return Err(ApiError::forbidden(
            "the contribution record is for donors, enterprises and social organizations",
        ));
    }
    let mut conn = state.pool.get().await?;
    let (rows, s) =
        contribution::of_supporter(&mut conn, auth.id, page.offset(), page.limit()).await?;
    let items = rows
        .into_iter()
        .map(|r| ContributionItem {
            kind: r.kind,
            id: r.id,
            // Supporters see a need's text as the public does: names and numbers masked.
            title: personal_data::mask(&r.title, &[]),
            quantity: r.quantity,
            unit: r.unit,
            value_fen: r.value_fen,
            status: r.status,
            region_code: r.region_code,
            created_at: r.created_at,
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "private, no-store"))
        .json(Contribution {
            items,
            total: s.total,
            page: page.page,
            per_page: page.per_page,
            summary: ContributionSummary {
                pledges: s.pledges,
                pledged_quantity: s.pledged_quantity,
                purchases: s.purchases,
                purchases_fen: s.purchases_fen,
                hires: s.hires,
                matches: s.matches,
                matched_fen: s.matched_fen,
            },
        }))
}
