//! The public jobs figures (`GET /stats/jobs`): job postings, applications, hires, retention answers
//! and the median monthly pay, by the county of the place of work, aggregated in one statement.
//! A job posted above county level (a city or a province) belongs to no county: it is counted in a
//! row of its own region's code, so no county is credited with work that may lie elsewhere.

use super::Conn;
use diesel::sql_types::{BigInt, Bool, Nullable, Text};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;

#[derive(Debug, Clone, QueryableByName)]
pub struct JobsRow {
    /// The county (6 digits), or the region of jobs posted above county level.
    #[diesel(sql_type = Text)]
    pub county_code: String,
    #[diesel(sql_type = Text)]
    pub county_name: String,
    #[diesel(sql_type = Bool)]
    pub above_county: bool,
    #[diesel(sql_type = BigInt)]
    pub jobs: i64,
    #[diesel(sql_type = BigInt)]
    pub positions: i64,
    #[diesel(sql_type = BigInt)]
    pub applications: i64,
    #[diesel(sql_type = BigInt)]
    pub hires: i64,
    #[diesel(sql_type = BigInt)]
    pub still_employed_30: i64,
    #[diesel(sql_type = BigInt)]
    pub answered_30: i64,
    #[diesel(sql_type = BigInt)]
    pub still_employed_180: i64,
    #[diesel(sql_type = BigInt)]
    pub answered_180: i64,
    /// Hires into jobs paid by the month, and the median of their agreed pay (fen).
    #[diesel(sql_type = BigInt)]
    pub month_paid_hires: i64,
    #[diesel(sql_type = Nullable<BigInt>)]
    pub median_month_pay_fen: Option<i64>,
}

/// The figures of the jobs whose place of work is under `region_like` (a region's pattern; `%` for
/// the country), by county, in code order.
pub async fn by_county(conn: &mut Conn, region_like: &str) -> diesel::QueryResult<Vec<JobsRow>> {
    diesel::sql_query(
        "WITH j AS (
             SELECT id, positions, pay_period,
                    CASE WHEN length(region_code) >= 6 THEN left(region_code, 6)
                         ELSE region_code::text END AS county_code
             FROM job_postings WHERE region_code LIKE $1),
         p AS (SELECT county_code, count(*) AS jobs, sum(positions)::bigint AS positions
               FROM j GROUP BY county_code),
         a AS (SELECT j.county_code, count(*) AS applications,
                      count(*) FILTER (WHERE x.hired_at IS NOT NULL) AS hires,
                      count(*) FILTER (WHERE x.hired_at IS NOT NULL AND j.pay_period = 'month')
                          AS month_paid_hires,
                      percentile_cont(0.5) WITHIN GROUP (ORDER BY x.pay_fen)
                          FILTER (WHERE x.hired_at IS NOT NULL AND j.pay_period = 'month')
                          AS median_pay
               FROM job_applications x JOIN j ON j.id = x.job_id GROUP BY j.county_code),
         c AS (SELECT j.county_code,
                      count(*) FILTER (WHERE c.days_after_hire = 30 AND c.still_employed) AS s30,
                      count(*) FILTER (WHERE c.days_after_hire = 30 AND c.answered_at IS NOT NULL) AS a30,
                      count(*) FILTER (WHERE c.days_after_hire = 180 AND c.still_employed) AS s180,
                      count(*) FILTER (WHERE c.days_after_hire = 180 AND c.answered_at IS NOT NULL) AS a180
               FROM job_retention_checks c
               JOIN job_applications x ON x.id = c.application_id
               JOIN j ON j.id = x.job_id
               GROUP BY j.county_code)
         SELECT p.county_code, coalesce(r.name, '') AS county_name,
                length(p.county_code) < 6 AS above_county, p.jobs, p.positions,
                coalesce(a.applications, 0) AS applications, coalesce(a.hires, 0) AS hires,
                coalesce(c.s30, 0) AS still_employed_30, coalesce(c.a30, 0) AS answered_30,
                coalesce(c.s180, 0) AS still_employed_180, coalesce(c.a180, 0) AS answered_180,
                coalesce(a.month_paid_hires, 0) AS month_paid_hires,
                round(a.median_pay)::bigint AS median_month_pay_fen
         FROM p
         LEFT JOIN a ON a.county_code = p.county_code
         LEFT JOIN c ON c.county_code = p.county_code
         LEFT JOIN regions r ON r.code = p.county_code
         ORDER BY p.county_code",
    )
    .bind::<Text, _>(region_like)
    .load(conn)
    .await
}
