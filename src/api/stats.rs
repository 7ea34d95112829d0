//! `GET /api/v1/stats?region=CODE`: public figures for a region (default: the whole country).
//! Aggregates only; nothing identifies a household.

use crate::api::regions::{not_found, parse_code};
use crate::error::ApiResult;
use crate::state::AppState;
use crate::store::regions;
use actix_web::{web, HttpResponse};
use diesel::sql_types::{BigInt, Double, Nullable, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};

#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StatsQuery {
    /// A region code at any level; without it, the whole country.
    pub region: Option<String>,
}

#[derive(Debug, Serialize, ToSchema, Default)]
pub struct Flow {
    pub quantity: i64,
    pub estimated_value_fen: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct OrganizationFulfilment {
    pub organization: String,
    pub approved_pledges: i64,
    pub confirmed_pledges: i64,
    /// Confirmed over approved.
    pub fulfilment_rate: f64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    /// The region's code, or null for the whole country.
    pub region: Option<String>,
    pub needs_by_status: BTreeMap<String, i64>,
    pub needs_by_category: BTreeMap<String, i64>,
    /// Active pledges (pending approval, approved, delivered, confirmed).
    pub pledged: Flow,
    /// Delivered or confirmed.
    pub delivered: Flow,
    pub confirmed: Flow,
    pub supporters: i64,
    pub median_hours_publication_to_first_pledge: Option<f64>,
    pub median_hours_approval_to_confirmation: Option<f64>,
    pub complaints_filed: i64,
    pub complaints_resolved: i64,
    pub median_hours_to_resolve_complaints: Option<f64>,
    /// Organizations with at least five approved pledges.
    pub organizations: Vec<OrganizationFulfilment>,
}

#[derive(QueryableByName)]
struct KeyCount {
    #[diesel(sql_type = Text)]
    k: String,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct Flows {
    #[diesel(sql_type = BigInt)]
    pq: i64,
    #[diesel(sql_type = BigInt)]
    pv: i64,
    #[diesel(sql_type = BigInt)]
    dq: i64,
    #[diesel(sql_type = BigInt)]
    dv: i64,
    #[diesel(sql_type = BigInt)]
    cq: i64,
    #[diesel(sql_type = BigInt)]
    cv: i64,
    #[diesel(sql_type = BigInt)]
    supporters: i64,
    #[diesel(sql_type = Nullable<Double>)]
    to_confirm: Option<f64>,
}

#[derive(QueryableByName)]
struct One {
    #[diesel(sql_type = Nullable<Double>)]
    v: Option<f64>,
}

#[derive(QueryableByName)]
struct Complaints {
    #[diesel(sql_type = BigInt)]
    filed: i64,
    #[diesel(sql_type = BigInt)]
    resolved: i64,
    #[diesel(sql_type = Nullable<Double>)]
    hours: Option<f64>,
}

#[derive(QueryableByName)]
struct Org {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = BigInt)]
    approved: i64,
    #[diesel(sql_type = BigInt)]
    confirmed: i64,
}

#[utoipa::path(
    get, path = "/api/v1/stats", tag = "stats",
    params(StatsQuery),
    responses(
        (status = 200, description = "Aggregated public figures", body = Stats),
        (status = 400, description = "invalid_region_code", body = crate::error::Problem),
        (status = 404, description = "region_not_found", body = crate::error::Problem),
    )
)]
pub async fn stats(
    state: web::Data<AppState>,
    query: web::Query<StatsQuery>,
) -> ApiResult<HttpResponse> {
    let region = query.region.as_deref().map(parse_code).transpose()?;
    let mut conn = state.pool.get().await?;
    if let Some(r) = &region {
        if regions::find(&mut conn, r).await?.is_none() {
            return Err(not_found(r));
        }
    }
    let like = region
        .as_ref()
        .map_or_else(|| "%".to_owned(), |r| format!("{r}%"));
    let by = |col: &str| {
        format!("SELECT {col} AS k, count(*) AS n FROM needs WHERE region_code LIKE $1 GROUP BY {col} ORDER BY {col}")
    };
    let statuses: Vec<KeyCount> = diesel::sql_query(by("status"))
        .bind::<Text, _>(&like)
        .load(&mut conn)
        .await?;
    let categories: Vec<KeyCount> = diesel::sql_query(by("category"))
        .bind::<Text, _>(&like)
        .load(&mut conn)
        .await?;
    // A pledge's value is its share of the need's estimated value.
    let flows: Flows = diesel::sql_query(
        "SELECT \
           coalesce(sum(p.quantity) FILTER (WHERE p.status IN ('pending_approval','approved','delivered','confirmed')), 0)::int8 AS pq, \
           coalesce(sum(n.estimated_value_fen * p.quantity / n.quantity) FILTER (WHERE p.status IN ('pending_approval','approved','delivered','confirmed')), 0)::int8 AS pv, \
           coalesce(sum(p.quantity) FILTER (WHERE p.status IN ('delivered','confirmed')), 0)::int8 AS dq, \
           coalesce(sum(n.estimated_value_fen * p.quantity / n.quantity) FILTER (WHERE p.status IN ('delivered','confirmed')), 0)::int8 AS dv, \
           coalesce(sum(p.quantity) FILTER (WHERE p.status = 'confirmed'), 0)::int8 AS cq, \
           coalesce(sum(n.estimated_value_fen * p.quantity / n.quantity) FILTER (WHERE p.status = 'confirmed'), 0)::int8 AS cv, \
           count(DISTINCT p.supporter_id) FILTER (WHERE p.status IN ('pending_approval','approved','delivered','confirmed')) AS supporters, \
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.confirmed_at - p.decided_at) / 3600) \
             FILTER (WHERE p.status = 'confirmed') AS to_confirm \
         FROM pledges p JOIN needs n ON n.id = p.need_id WHERE p.region_code LIKE $1",
    )
    .bind::<Text, _>(&like)
    .get_result(&mut conn)
    .await?;
    let first_pledge: One = diesel::sql_query(
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.first - n.published_at) / 3600) AS v \
         FROM needs n JOIN (SELECT need_id, min(created_at) AS first FROM pledges GROUP BY need_id) f ON f.need_id = n.id \
         WHERE n.region_code LIKE $1 AND n.published_at IS NOT NULL",
    )
    .bind::<Text, _>(&like)
    .get_result(&mut conn)
    .await?;
    let complaints: Complaints = diesel::sql_query(
        "SELECT count(*) AS filed, count(*) FILTER (WHERE status = 'resolved') AS resolved, \
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600) \
             FILTER (WHERE status = 'resolved') AS hours \
         FROM complaints WHERE region_code LIKE $1",
    )
    .bind::<Text, _>(&like)
    .get_result(&mut conn)
    .await?;
    let orgs: Vec<Org> = diesel::sql_query(
        "SELECT o.name AS name, count(*) AS approved, count(*) FILTER (WHERE p.status = 'confirmed') AS confirmed \
         FROM pledges p JOIN users u ON u.id = p.supporter_id JOIN organizations o ON o.id = u.organization_id \
         WHERE p.region_code LIKE $1 AND p.decided_at IS NOT NULL AND p.status <> 'rejected' \
         GROUP BY o.id, o.name HAVING count(*) >= 5 ORDER BY o.name",
    )
    .bind::<Text, _>(&like)
    .load(&mut conn)
    .await?;
    let body = Stats {
        region: region.map(|r| r.as_str().to_owned()),
        needs_by_status: statuses.into_iter().map(|r| (r.k, r.n)).collect(),
        needs_by_category: categories.into_iter().map(|r| (r.k, r.n)).collect(),
        pledged: Flow {
            quantity: flows.pq,
            estimated_value_fen: flows.pv,
        },
        delivered: Flow {
            quantity: flows.dq,
            estimated_value_fen: flows.dv,
        },
        confirmed: Flow {
            quantity: flows.cq,
            estimated_value_fen: flows.cv,
        },
        supporters: flows.supporters,
        median_hours_publication_to_first_pledge: first_pledge.v,
        median_hours_approval_to_confirmation: flows.to_confirm,
        complaints_filed: complaints.filed,
        complaints_resolved: complaints.resolved,
        median_hours_to_resolve_complaints: complaints.hours,
        organizations: orgs
            .into_iter()
            .map(|o| OrganizationFulfilment {
                fulfilment_rate: o.confirmed as f64 / o.approved as f64,
                organization: o.name,
                approved_pledges: o.approved,
                confirmed_pledges: o.confirmed,
            })
            .collect(),
    };
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "public, max-age=60"))
        .json(body))
}
