//! Aggregates over checks: public figures by region, the public list of rectified problems, and an
//! official's record. Nothing here returns a person's name or a household.

use super::Conn;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Double, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct RegionFigures {
    #[diesel(sql_type = BigInt)]
    pub rounds: i64,
    #[diesel(sql_type = BigInt)]
    pub items_sampled: i64,
    #[diesel(sql_type = BigInt)]
    pub items_checked: i64,
    #[diesel(sql_type = BigInt)]
    pub problems: i64,
    #[diesel(sql_type = BigInt)]
    pub rectifications: i64,
    /// Accepted, or still open past their deadline: those whose on-time question is settled.
    #[diesel(sql_type = BigInt)]
    pub rectifications_due: i64,
    #[diesel(sql_type = BigInt)]
    pub rectified_on_time: i64,
    #[diesel(sql_type = BigInt)]
    pub overdue: i64,
}

pub async fn region_figures(
    conn: &mut Conn,
    pattern: &str,
    now: DateTime<Utc>,
) -> QueryResult<RegionFigures> {
    diesel::sql_query(
        "SELECT
           (SELECT count(*) FROM check_rounds WHERE region_code LIKE $1) AS rounds,
           (SELECT count(*) FROM check_items WHERE region_code LIKE $1) AS items_sampled,
           (SELECT count(*) FROM check_findings f JOIN check_items i ON i.id = f.item_id WHERE i.region_code LIKE $1) AS items_checked,
           (SELECT count(*) FROM check_findings f JOIN check_items i ON i.id = f.item_id
              WHERE i.region_code LIKE $1 AND f.result = 'problem') AS problems,
           (SELECT count(*) FROM rectifications WHERE township_code LIKE $1) AS rectifications,
           (SELECT count(*) FROM rectifications WHERE township_code LIKE $1 AND (status = 'accepted' OR deadline < $2)) AS rectifications_due,
           (SELECT count(*) FROM rectifications WHERE township_code LIKE $1 AND status = 'accepted' AND answered_at <= deadline) AS rectified_on_time,
           (SELECT count(*) FROM rectifications WHERE township_code LIKE $1 AND status = 'open' AND deadline < $2) AS overdue",
    )
    .bind::<Text, _>(pattern)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
}

#[derive(Debug, Clone, QueryableByName)]
pub struct Counted {
    #[diesel(sql_type = Text)]
    pub key: String,
    #[diesel(sql_type = BigInt)]
    pub n: i64,
}

pub async fn problems_by_kind(conn: &mut Conn, pattern: &str) -> QueryResult<Vec<Counted>> {
    diesel::sql_query(
        "SELECT f.problem_kind AS key, count(*) AS n FROM check_findings f JOIN check_items i ON i.id = f.item_id
         WHERE i.region_code LIKE $1 AND f.result = 'problem' GROUP BY f.problem_kind ORDER BY f.problem_kind",
    )
    .bind::<Text, _>(pattern)
    .load(conn)
    .await
}

pub async fn rounds_by_kind(conn: &mut Conn, pattern: &str) -> QueryResult<Vec<Counted>> {
    diesel::sql_query(
        "SELECT kind AS key, count(*) AS n FROM check_rounds WHERE region_code LIKE $1 GROUP BY kind ORDER BY kind",
    )
    .bind::<Text, _>(pattern)
    .load(conn)
    .await
}

/// A problem found and rectified, as the public sees it: no person, no household.
#[derive(Debug, Clone, QueryableByName)]
pub struct Disclosure {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub problem_kind: String,
    #[diesel(sql_type = Text)]
    pub check_kind: String,
    #[diesel(sql_type = Text)]
    pub subject_type: String,
    #[diesel(sql_type = Text)]
    pub township_code: String,
    #[diesel(sql_type = Text)]
    pub township_name: String,
    #[diesel(sql_type = Timestamptz)]
    pub found_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub deadline: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub answered_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub accepted_at: Option<DateTime<Utc>>,
}

pub async fn disclosures(
    conn: &mut Conn,
    pattern: &str,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Disclosure>, i64)> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let total: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM rectifications WHERE township_code LIKE $1 AND status = 'accepted'",
    )
    .bind::<Text, _>(pattern)
    .get_result(conn)
    .await?;
    let items = diesel::sql_query(
        "SELECT r.id, r.problem_kind, c.kind AS check_kind, i.subject_type, r.township_code::text AS township_code,
                g.name AS township_name, f.created_at AS found_at, r.deadline, r.answered_at, r.accepted_at
         FROM rectifications r
         JOIN check_findings f ON f.id = r.finding_id
         JOIN check_items i ON i.id = r.item_id
         JOIN check_rounds c ON c.id = r.round_id
         JOIN regions g ON g.code = r.township_code
         WHERE r.township_code LIKE $1 AND r.status = 'accepted'
         ORDER BY r.accepted_at DESC, r.id OFFSET $2 LIMIT $3",
    )
    .bind::<Text, _>(pattern)
    .bind::<BigInt, _>(offset)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok((items, total.n))
}

#[derive(Debug, Clone, QueryableByName)]
pub struct OfficialFigures {
    #[diesel(sql_type = BigInt)]
    pub reviews: i64,
    #[diesel(sql_type = BigInt)]
    pub rejections: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub median_review_seconds: Option<f64>,
    #[diesel(sql_type = BigInt)]
    pub pledge_decisions: i64,
    #[diesel(sql_type = BigInt)]
    pub decisions_checked: i64,
    #[diesel(sql_type = BigInt)]
    pub problems_found: i64,
}

/// An official's record: its need reviews (time from the need's creation to the review), its pledge
/// decisions, and what checks found in the decisions sampled.
pub async fn official_figures(conn: &mut Conn, official: Uuid) -> QueryResult<OfficialFigures> {
    diesel::sql_query(
        "SELECT
           (SELECT count(*) FROM need_reviews WHERE official_id = $1) AS reviews,
           (SELECT count(*) FROM need_reviews WHERE official_id = $1 AND decision = 'reject') AS rejections,
           (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.created_at - n.created_at))
              FROM need_reviews r JOIN needs n ON n.id = r.need_id WHERE r.official_id = $1)::float8 AS median_review_seconds,
           (SELECT count(*) FROM pledges WHERE decided_by = $1) AS pledge_decisions,
           (SELECT count(*) FROM check_findings f JOIN check_items i ON i.id = f.item_id WHERE i.decided_by = $1) AS decisions_checked,
           (SELECT count(*) FROM check_findings f JOIN check_items i ON i.id = f.item_id
              WHERE i.decided_by = $1 AND f.result = 'problem') AS problems_found",
    )
    .bind::<SqlUuid, _>(official)
    .get_result(conn)
    .await
}
