//! The public figures of a region subtree: raw aggregates, before the disclosure rules of
//! `domain::disclosure` decide what may be published. Each call runs in one read-only transaction
//! with a statement timeout, so an anonymous request cannot hold the database for long.

use super::Conn;
use crate::domain::need::NeedStatus;
use crate::domain::pledge::PledgeStatus;
use diesel::sql_types::{Array, BigInt, Double, Nullable, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;

/// The longest one statement of the figures may run.
const STATEMENT_TIMEOUT: &str = "SET LOCAL statement_timeout = '5s'";

/// A median and how many observations it was taken over.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Median {
    pub hours: Option<f64>,
    pub observations: i64,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Flow {
    pub quantity: i64,
    pub estimated_value_fen: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComplaintFigures {
    pub filed: i64,
    pub resolved: i64,
    pub to_resolve: Median,
}

#[derive(Debug, Clone, PartialEq, Eq, QueryableByName)]
pub struct OrganizationRow {
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = BigInt)]
    pub approved: i64,
    #[diesel(sql_type = BigInt)]
    pub confirmed: i64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Figures {
    pub needs_by_status: Vec<(String, i64)>,
    pub needs_by_category: Vec<(String, i64)>,
    pub pledged: Flow,
    pub delivered: Flow,
    pub confirmed: Flow,
    pub supporters: i64,
    pub publication_to_first_pledge: Median,
    pub approval_to_confirmation: Median,
    /// `None` when complaints were not asked for.
    pub complaints: Option<ComplaintFigures>,
    /// Organizations with at least five approved pledges.
    pub organizations: Vec<OrganizationRow>,
}

/// What to count: the region subtree (`LIKE` pattern), the need statuses whose needs (and their
/// pledges) count, and whether complaints count.
pub struct Scope<'a> {
    pub region_like: &'a str,
    pub need_statuses: &'a [NeedStatus],
    pub with_complaints: bool,
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
    #[diesel(sql_type = BigInt)]
    to_confirm_n: i64,
}

#[derive(QueryableByName)]
struct MedianRow {
    #[diesel(sql_type = Nullable<Double>)]
    v: Option<f64>,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

#[derive(QueryableByName)]
struct ComplaintRow {
    #[diesel(sql_type = BigInt)]
    filed: i64,
    #[diesel(sql_type = BigInt)]
    resolved: i64,
    #[diesel(sql_type = Nullable<Double>)]
    hours: Option<f64>,
    #[diesel(sql_type = BigInt)]
    hours_n: i64,
}

fn needs_by(col: &str) -> String {
    format!(
        "SELECT {col} AS k, count(*) AS n FROM needs \
         WHERE region_code LIKE $1 AND status = ANY($2) GROUP BY {col} ORDER BY {col}"
    )
}

fn flows_sql() -> String {
    // A pledge's value is its share of the need's estimated value. The active ($3) and delivered ($4)
    // statuses are bound from `PledgeStatus`; 'confirmed' is `PledgeStatus::Confirmed`.
    let value = "n.estimated_value_fen * p.quantity / n.quantity";
    format!(
        "SELECT \
           coalesce(sum(p.quantity) FILTER (WHERE p.status = ANY($3)), 0)::int8 AS pq, \
           coalesce(sum({value}) FILTER (WHERE p.status = ANY($3)), 0)::int8 AS pv, \
           coalesce(sum(p.quantity) FILTER (WHERE p.status = ANY($4)), 0)::int8 AS dq, \
           coalesce(sum({value}) FILTER (WHERE p.status = ANY($4)), 0)::int8 AS dv, \
           coalesce(sum(p.quantity) FILTER (WHERE p.status = 'confirmed'), 0)::int8 AS cq, \
           coalesce(sum({value}) FILTER (WHERE p.status = 'confirmed'), 0)::int8 AS cv, \
           count(DISTINCT p.supporter_id) FILTER (WHERE p.status = ANY($3)) AS supporters, \
           percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM p.confirmed_at - p.decided_at) / 3600) \
             FILTER (WHERE p.status = 'confirmed') AS to_confirm, \
           count(p.confirmed_at - p.decided_at) FILTER (WHERE p.status = 'confirmed') AS to_confirm_n \
         FROM pledges p JOIN needs n ON n.id = p.need_id \
         WHERE p.region_code LIKE $1 AND n.status = ANY($2)"
    )
}

const FIRST_PLEDGE: &str = "SELECT percentile_cont(0.5) WITHIN GROUP \
       (ORDER BY extract(epoch FROM f.first - n.published_at) / 3600) AS v, count(*) AS n \
     FROM needs n JOIN (SELECT need_id, min(created_at) AS first FROM pledges GROUP BY need_id) f \
       ON f.need_id = n.id \
     WHERE n.region_code LIKE $1 AND n.status = ANY($2) AND n.published_at IS NOT NULL";

/// 'resolved' is `ComplaintStatus::Resolved`.
const COMPLAINTS: &str = "SELECT count(*) AS filed, count(*) FILTER (WHERE status = 'resolved') AS resolved, \
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at) / 3600) \
         FILTER (WHERE status = 'resolved') AS hours, \
       count(resolved_at - created_at) FILTER (WHERE status = 'resolved') AS hours_n \
     FROM complaints WHERE region_code LIKE $1";

/// 'confirmed' and 'rejected' are `PledgeStatus` names.
const ORGANIZATIONS: &str = "SELECT o.name AS name, count(*) AS approved, \
       count(*) FILTER (WHERE p.status = 'confirmed') AS confirmed \
     FROM pledges p JOIN needs n ON n.id = p.need_id JOIN users u ON u.id = p.supporter_id \
       JOIN organizations o ON o.id = u.organization_id \
     WHERE p.region_code LIKE $1 AND n.status = ANY($2) AND p.decided_at IS NOT NULL \
       AND p.status <> 'rejected' \
     GROUP BY o.id, o.name HAVING count(*) >= 5 ORDER BY o.name";

/// Computes the figures of `scope` in one read-only transaction.
pub async fn figures(conn: &mut Conn, scope: &Scope<'_>) -> diesel::QueryResult<Figures> {
    let like = scope.region_like;
    let statuses = scope.need_statuses;
    conn.build_transaction()
        .read_only()
        .run::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query(STATEMENT_TIMEOUT).execute(conn).await?;
            let mut by = Vec::new();
            for col in ["status", "category"] {
                let rows: Vec<KeyCount> = diesel::sql_query(needs_by(col))
                    .bind::<Text, _>(like)
                    .bind::<Array<Text>, _>(statuses)
                    .load(conn)
                    .await?;
                by.push(rows.into_iter().map(|r| (r.k, r.n)).collect::<Vec<_>>());
            }
            let needs_by_category = by.pop().unwrap_or_default();
            let needs_by_status = by.pop().unwrap_or_default();
            let flows: Flows = diesel::sql_query(flows_sql())
                .bind::<Text, _>(like)
                .bind::<Array<Text>, _>(statuses)
                .bind::<Array<Text>, _>(&PledgeStatus::ACTIVE[..])
                .bind::<Array<Text>, _>(&PledgeStatus::DELIVERED[..])
                .get_result(conn)
                .await?;
            let first: MedianRow = diesel::sql_query(FIRST_PLEDGE)
                .bind::<Text, _>(like)
                .bind::<Array<Text>, _>(statuses)
                .get_result(conn)
                .await?;
            let complaints = if scope.with_complaints {
                let c: ComplaintRow = diesel::sql_query(COMPLAINTS)
                    .bind::<Text, _>(like)
                    .get_result(conn)
                    .await?;
                Some(ComplaintFigures {
                    filed: c.filed,
                    resolved: c.resolved,
                    to_resolve: Median {
                        hours: c.hours,
                        observations: c.hours_n,
                    },
                })
            } else {
                None
            };
            let organizations: Vec<OrganizationRow> = diesel::sql_query(ORGANIZATIONS)
                .bind::<Text, _>(like)
                .bind::<Array<Text>, _>(statuses)
                .load(conn)
                .await?;
            Ok(Figures {
                needs_by_status,
                needs_by_category,
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
                publication_to_first_pledge: Median {
                    hours: first.v,
                    observations: first.n,
                },
                approval_to_confirmation: Median {
                    hours: flows.to_confirm,
                    observations: flows.to_confirm_n,
                },
                complaints,
                organizations,
            })
        })
        .await
}
