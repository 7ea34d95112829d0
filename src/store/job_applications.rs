//! Applications for job postings. They name no person (an age band and skills); every move is a
//! conditional update on the status the caller saw.

use crate::domain::employment::application::ApplicationStatus;
use crate::domain::employment::{AgeBand, Skill};
use crate::schema::job_applications;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, SmallInt, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_applications)]
pub struct JobApplication {
    pub id: Uuid,
    pub job_id: Uuid,
    pub household_id: Uuid,
    pub region_code: String,
    pub applied_by: Uuid,
    pub age_band: AgeBand,
    pub skills: Vec<Option<Skill>>,
    pub note: String,
    pub status: ApplicationStatus,
    pub invited_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub accepted_by: Option<Uuid>,
    pub hired_at: Option<DateTime<Utc>>,
    pub start_date: Option<NaiveDate>,
    pub pay_fen: Option<i64>,
    pub ended_at: Option<DateTime<Utc>>,
    pub ended_by: Option<Uuid>,
    pub end_reason: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl JobApplication {
    pub fn skills(&self) -> Vec<Skill> {
        self.skills.iter().flatten().copied().collect()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = job_applications)]
pub struct NewJobApplication<'a> {
    pub id: Uuid,
    pub job_id: Uuid,
    pub household_id: Uuid,
    pub region_code: &'a str,
    pub applied_by: Uuid,
    pub age_band: AgeBand,
    pub skills: Vec<Option<Skill>>,
    pub note: &'a str,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns a move writes; unset ones stay as they are.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = job_applications)]
pub struct ApplicationChange<'a> {
    pub status: Option<ApplicationStatus>,
    pub invited_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub accepted_by: Option<Uuid>,
    pub hired_at: Option<DateTime<Utc>>,
    pub start_date: Option<NaiveDate>,
    pub pay_fen: Option<i64>,
    pub ended_at: Option<DateTime<Utc>>,
    pub ended_by: Option<Option<Uuid>>,
    pub end_reason: Option<Option<&'a str>>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub async fn insert(conn: &mut Conn, new: &NewJobApplication<'_>) -> QueryResult<JobApplication> {
    diesel::insert_into(job_applications::table)
        .values(new)
        .returning(JobApplication::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<JobApplication>> {
    job_applications::table
        .find(id)
        .select(JobApplication::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<JobApplication>> {
    job_applications::table
        .find(id)
        .select(JobApplication::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Applies a move only if the application is still in `from`.
pub async fn change(
    conn: &mut Conn,
    id: Uuid,
    from: ApplicationStatus,
    c: &ApplicationChange<'_>,
) -> QueryResult<Option<JobApplication>> {
    diesel::update(
        job_applications::table
            .find(id)
            .filter(job_applications::status.eq(from)),
    )
    .set(c)
    .returning(JobApplication::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// A posting's applications still under way, locked, in id order (the lock order of every flow
/// that takes several), leaving out `except`.
pub async fn live_of_job_for_update(
    conn: &mut Conn,
    job_id: Uuid,
    except: Option<Uuid>,
) -> QueryResult<Vec<JobApplication>> {
    // The nil id names no application: nothing is left out without `except`.
    job_applications::table
        .filter(job_applications::job_id.eq(job_id))
        .filter(job_applications::status.eq_any(ApplicationStatus::LIVE))
        .filter(job_applications::id.ne(except.unwrap_or_else(Uuid::nil)))
        .order(job_applications::id)
        .select(JobApplication::as_select())
        .for_update()
        .load(conn)
        .await
}

/// How many applications a posting has in each status.
pub async fn counts_by_status(
    conn: &mut Conn,
    job_id: Uuid,
) -> QueryResult<Vec<(ApplicationStatus, i64)>> {
    job_applications::table
        .filter(job_applications::job_id.eq(job_id))
        .group_by(job_applications::status)
        .select((job_applications::status, diesel::dsl::count_star()))
        .load(conn)
        .await
}

#[derive(QueryableByName)]
struct AbleAndHeld {
    #[diesel(sql_type = SmallInt)]
    able: i16,
    #[diesel(sql_type = BigInt)]
    held: i64,
}

/// For a household: the members its work profile says can work (0 without a profile) and its
/// applications that hold one of them (under way or hired). The household's row is locked, so two
/// applications of one household are counted one after the other. `None`: no such household.
pub async fn able_and_held(conn: &mut Conn, household_id: Uuid) -> QueryResult<Option<(i16, i64)>> {
    let row: Option<AbleAndHeld> = diesel::sql_query(
        "SELECT COALESCE(w.able_to_work, 0::int2) AS able, \
                (SELECT count(*) FROM job_applications a \
                  WHERE a.household_id = h.id \
                    AND a.status IN ('applied', 'invited', 'accepted', 'hired')) AS held \
           FROM households h LEFT JOIN household_work w ON w.household_id = h.id \
          WHERE h.id = $1 \
            FOR UPDATE OF h",
    )
    .bind::<SqlUuid, _>(household_id)
    .get_result(conn)
    .await
    .optional()?;
    Ok(row.map(|r| (r.able, r.held)))
}

/// Which applications a list shows.
#[derive(Debug, Clone, Copy)]
pub enum Scope<'a> {
    /// A posting's applications, all of them (its employer) or those whose household's region
    /// matches the pattern (an official).
    Job {
        job_id: Uuid,
        region_like: Option<&'a str>,
    },
    /// A household's own.
    Household(Uuid),
    /// Those whose household's region matches the pattern (an official's jurisdiction).
    Region(&'a str),
}

/// A page of applications, newest first, with their total; optionally in one status.
pub async fn list(
    conn: &mut Conn,
    scope: Scope<'_>,
    status: Option<ApplicationStatus>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<JobApplication>, i64)> {
    let build = || {
        let mut q = job_applications::table.into_boxed();
        match scope {
            Scope::Job {
                job_id,
                region_like,
            } => {
                q = q.filter(job_applications::job_id.eq(job_id));
                if let Some(like) = region_like {
                    q = q.filter(job_applications::region_code.like(like.to_owned()));
                }
            }
            Scope::Household(h) => q = q.filter(job_applications::household_id.eq(h)),
            Scope::Region(like) => {
                q = q.filter(job_applications::region_code.like(like.to_owned()));
            }
        }
        if let Some(s) = status {
            q = q.filter(job_applications::status.eq(s));
        }
        q
    };
    let total = build().count().get_result(conn).await?;
    let rows = build()
        .order((
            job_applications::created_at.desc(),
            job_applications::id.desc(),
        ))
        .offset(offset)
        .limit(limit)
        .select(JobApplication::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
