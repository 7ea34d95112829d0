//! The households in reach of a job, ranked (`GET /jobs/{id}/matches`): a read model over
//! `household_work`, `job_applications` and the job. PostgreSQL filters and orders, so only a page
//! leaves the database: one scan of the able members' profiles with the three travel reaches as one
//! condition (skills through `&&`), the score computed with the weights of
//! [`crate::domain::employment::matching::weights`], passed as parameters, the page taken by a top-N
//! sort and the total counted beside it. Only the ids, figures and scores are ranked; the page's
//! details are read after.

use super::Conn;
use crate::domain::employment::application::ApplicationStatus;
use crate::domain::employment::matching::{weights, Distance, FREE_MEMBERS_CAP};
use crate::domain::employment::JobStatus;
use crate::domain::employment::{Skill, Travel};
use crate::schema::job_postings;
use diesel::prelude::*;
use diesel::sql_types::{
    Array, BigInt, Double, Integer, Nullable, SmallInt, Text, Uuid as SqlUuid,
};
use diesel::QueryResult;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

/// What matching needs to know of a job.
#[derive(Debug, Clone, Queryable)]
pub struct JobForMatching {
    pub id: Uuid,
    pub employer_id: Uuid,
    pub region_code: String,
    pub skills: Vec<Option<String>>,
    pub status: JobStatus,
}

pub async fn job(conn: &mut Conn, id: Uuid) -> QueryResult<Option<JobForMatching>> {
    job_postings::table
        .find(id)
        .select((
            job_postings::id,
            job_postings::employer_id,
            job_postings::region_code,
            job_postings::skills,
            job_postings::status,
        ))
        .first(conn)
        .await
        .optional()
}

/// One household in reach.
#[derive(Debug, Clone, QueryableByName)]
pub struct MatchRow {
    #[diesel(sql_type = SqlUuid)]
    pub household_id: Uuid,
    #[diesel(sql_type = Text)]
    pub region_code: String,
    #[diesel(sql_type = SmallInt)]
    pub able_to_work: i16,
    #[diesel(sql_type = Array<Text>)]
    pub skills: Vec<String>,
    #[diesel(sql_type = Text)]
    pub willing_to_travel: String,
    /// Able members not hired (and still at work) through any job.
    #[diesel(sql_type = BigInt)]
    pub free_members: i64,
    /// [`Distance::rank`].
    #[diesel(sql_type = Integer)]
    pub distance: i32,
    #[diesel(sql_type = Double)]
    pub score: f64,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

/// The region-code pattern a travel distance needs a job's place of work to share with a village,
/// or `None` when the job lies above that level (see `domain::employment::matching::in_reach`).
fn reach_pattern(travel: Travel, job_region: &str) -> Option<String> {
    let p = travel.shared_prefix();
    job_region
        .get(..p)
        .filter(|_| p > 0)
        .map(|prefix| format!("{prefix}%"))
}

// One scan of the work profiles (the three reaches as one condition), the page by a top-N sort, and
// the total counted apart, so no window over every candidate forces a full sort.
const MATCHES: &str = "
WITH hired AS (
    SELECT household_id, count(*) AS n FROM job_applications
    WHERE status = 'hired' AND ended_at IS NULL GROUP BY household_id
),
facts AS (
    SELECT w.household_id,
           w.able_to_work - coalesce(h.n, 0) AS free_members,
           CASE WHEN cardinality($4::text[]) = 0 THEN 0
                ELSE (SELECT count(*) FROM unnest(w.skills) s WHERE s = ANY($4::text[])) END::float8 AS matched,
           CASE WHEN left(w.region_code, 12) = $5 THEN 5
                WHEN left(w.region_code, 9) = $6 THEN 4
                WHEN left(w.region_code, 6) = $7 THEN 3
                WHEN left(w.region_code, 4) = $8 THEN 2
                WHEN left(w.region_code, 2) = $9 THEN 1
                ELSE 0 END AS distance
    FROM household_work w
    LEFT JOIN hired h ON h.household_id = w.household_id
    WHERE w.able_to_work > 0
      AND ((w.willing_to_travel = 'county' AND w.region_code LIKE $2)
           OR (w.willing_to_travel = 'province' AND w.region_code LIKE $3)
           OR w.willing_to_travel = 'anywhere')
      AND (cardinality($4::text[]) = 0 OR w.skills && $4::text[])
      AND w.able_to_work > coalesce(h.n, 0)
      AND NOT EXISTS (SELECT 1 FROM job_applications a
                      WHERE a.job_id = $1 AND a.household_id = w.household_id
                        AND a.status = ANY($10::text[]))
),
scored AS (
    SELECT household_id, free_members, distance,
           $11 * (CASE WHEN cardinality($4::text[]) = 0 THEN 1.0
                       ELSE matched / cardinality($4::text[]) END)
             + ($12::float8[])[distance + 1]
             + $13 * least(free_members, $14)::float8 / $14 AS score
    FROM facts
),
ranked AS (
    SELECT s.*, (SELECT count(*) FROM scored) AS total
    FROM scored s
    ORDER BY score DESC, household_id
    LIMIT $15 OFFSET $16
)
SELECT r.household_id, w.region_code::text AS region_code, w.able_to_work,
       array_remove(w.skills, NULL)::text[] AS skills, w.willing_to_travel, r.free_members,
       r.distance, r.score, r.total
FROM ranked r JOIN household_work w ON w.household_id = r.household_id
ORDER BY r.score DESC, r.household_id";

/// A page of the households in reach of `job`, best first, and how many there are in all.
pub async fn page(
    conn: &mut Conn,
    job: &JobForMatching,
    job_skills: &[Skill],
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<MatchRow>, i64)> {
    let skills: Vec<String> = job_skills.iter().map(|s| s.as_str().to_owned()).collect();
    let prefix = |len: usize| job.region_code.get(..len).map(str::to_owned);
    let level = |d: Distance| {
        Distance::LEVELS
            .iter()
            .find(|(_, l)| *l == d)
            .and_then(|(len, _)| prefix(*len))
    };
    let live: Vec<String> = ApplicationStatus::LIVE
        .iter()
        .chain(std::iter::once(&ApplicationStatus::Hired))
        .map(|s| s.as_str().to_owned())
        .collect();
    let query = diesel::sql_query(MATCHES)
        .bind::<SqlUuid, _>(job.id)
        .bind::<Nullable<Text>, _>(reach_pattern(Travel::County, &job.region_code))
        .bind::<Nullable<Text>, _>(reach_pattern(Travel::Province, &job.region_code))
        .bind::<Array<Text>, _>(&skills)
        .bind::<Nullable<Text>, _>(level(Distance::SameVillage))
        .bind::<Nullable<Text>, _>(level(Distance::SameTownship))
        .bind::<Nullable<Text>, _>(level(Distance::SameCounty))
        .bind::<Nullable<Text>, _>(level(Distance::SameCity))
        .bind::<Nullable<Text>, _>(level(Distance::SameProvince))
        .bind::<Array<Text>, _>(&live)
        .bind::<Double, _>(weights::SKILLS)
        .bind::<Array<Double>, _>(weights::DISTANCE.to_vec())
        .bind::<Double, _>(weights::FREE_MEMBERS)
        .bind::<BigInt, _>(FREE_MEMBERS_CAP)
        .bind::<BigInt, _>(limit)
        .bind::<BigInt, _>(offset);
    // The planner's estimate for tens of thousands of candidates can pass the JIT threshold, and
    // compiling costs more than this query runs.
    let rows: Vec<MatchRow> = conn
        .transaction::<_, diesel::result::Error, _>(async |conn| {
            diesel::sql_query("SET LOCAL jit = off")
                .execute(conn)
                .await?;
            query.load(conn).await
        })
        .await?;
    // Called on the slice: diesel's `FirstDsl` would take `rows.first()`.
    let total = <[MatchRow]>::first(&rows).map_or(0, |r| r.total);
    Ok((rows, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reach_patterns_follow_the_jobs_level() {
        assert_eq!(
            reach_pattern(Travel::County, "411224101200").as_deref(),
            Some("411224%")
        );
        assert_eq!(reach_pattern(Travel::County, "4112"), None);
        assert_eq!(
            reach_pattern(Travel::Province, "41").as_deref(),
            Some("41%")
        );
        assert_eq!(reach_pattern(Travel::Anywhere, "41"), None);
    }
}
