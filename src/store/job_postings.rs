//! Job postings (就业扶贫). Status changes and hires are conditional updates; every change queues
//! the posting's search index update in the same transaction, so no caller can forget it.

use crate::domain::employment::{JobStatus, PayPeriod, Skill};
use crate::schema::job_postings;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::index_jobs::enqueue_job_posting;
use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_postings)]
pub struct JobPosting {
    pub id: Uuid,
    pub employer_id: Uuid,
    pub organization_id: Uuid,
    pub title: String,
    pub description: String,
    pub region_code: String,
    pub positions: i32,
    pub hired: i32,
    pub pay_min_fen: i64,
    pub pay_max_fen: i64,
    pub pay_period: PayPeriod,
    pub skills: Vec<Option<Skill>>,
    pub housing: bool,
    pub valid_until: DateTime<Utc>,
    pub status: JobStatus,
    pub closed_reason: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl JobPosting {
    pub fn skills(&self) -> Vec<Skill> {
        self.skills.iter().flatten().copied().collect()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = job_postings)]
pub struct NewJobPosting<'a> {
    pub id: Uuid,
    pub employer_id: Uuid,
    pub organization_id: Uuid,
    pub title: &'a str,
    pub description: &'a str,
    pub region_code: &'a str,
    pub positions: i32,
    pub pay_min_fen: i64,
    pub pay_max_fen: i64,
    pub pay_period: PayPeriod,
    pub skills: Vec<Option<Skill>>,
    pub housing: bool,
    pub valid_until: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The columns a change writes; unset ones stay as they are.
#[derive(Debug, Default, AsChangeset)]
#[diesel(table_name = job_postings)]
pub struct JobPostingChange<'a> {
    pub title: Option<&'a str>,
    pub description: Option<&'a str>,
    pub region_code: Option<&'a str>,
    pub positions: Option<i32>,
    pub pay_min_fen: Option<i64>,
    pub pay_max_fen: Option<i64>,
    pub pay_period: Option<PayPeriod>,
    pub skills: Option<Vec<Option<Skill>>>,
    pub housing: Option<bool>,
    pub valid_until: Option<DateTime<Utc>>,
    pub status: Option<JobStatus>,
    pub closed_reason: Option<Option<&'a str>>,
    pub closed_at: Option<Option<DateTime<Utc>>>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub async fn insert(conn: &mut Conn, new: &NewJobPosting<'_>) -> QueryResult<JobPosting> {
    let p = diesel::insert_into(job_postings::table)
        .values(new)
        .returning(JobPosting::as_returning())
        .get_result(conn)
        .await?;
    enqueue_job_posting(conn, p.id).await?;
    Ok(p)
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<JobPosting>> {
    job_postings::table
        .find(id)
        .select(JobPosting::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<JobPosting>> {
    job_postings::table
        .find(id)
        .select(JobPosting::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Reads a posting and holds a share lock on it: an application is placed only while the posting
/// cannot be closed under it (closing takes the row for update).
pub async fn find_for_share(conn: &mut Conn, id: Uuid) -> QueryResult<Option<JobPosting>> {
    job_postings::table
        .find(id)
        .select(JobPosting::as_select())
        .for_share()
        .first(conn)
        .await
        .optional()
}

/// Applies a change only if the posting is still in `from` and has no more hires than
/// `positions_at_least` (so a PATCH never sets positions below the hires made meanwhile).
pub async fn change(
    conn: &mut Conn,
    id: Uuid,
    from: JobStatus,
    positions_at_least: i32,
    c: &JobPostingChange<'_>,
) -> QueryResult<Option<JobPosting>> {
    let changed = diesel::update(
        job_postings::table
            .find(id)
            .filter(job_postings::status.eq(from))
            .filter(job_postings::hired.le(positions_at_least)),
    )
    .set(c)
    .returning(JobPosting::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    if changed.is_some() {
        enqueue_job_posting(conn, id).await?;
    }
    Ok(changed)
}

/// Takes one position of an open posting in one statement (never a read, then a write): hires
/// racing for the last position never exceed the positions. `None` when none is left (or the
/// posting is no longer open).
pub async fn take_position(
    conn: &mut Conn,
    id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<JobPosting>> {
    let taken = diesel::update(
        job_postings::table
            .find(id)
            .filter(job_postings::status.eq(JobStatus::Open))
            .filter(job_postings::hired.lt(job_postings::positions)),
    )
    .set((
        job_postings::hired.eq(job_postings::hired + 1),
        job_postings::updated_at.eq(now),
    ))
    .returning(JobPosting::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    if taken.is_some() {
        enqueue_job_posting(conn, id).await?;
    }
    Ok(taken)
}

/// An employer's postings in every status, newest first, with their total.
pub async fn of_employer(
    conn: &mut Conn,
    employer_id: Uuid,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<JobPosting>, i64)> {
    let total = job_postings::table
        .filter(job_postings::employer_id.eq(employer_id))
        .count()
        .get_result(conn)
        .await?;
    let rows = job_postings::table
        .filter(job_postings::employer_id.eq(employer_id))
        .order((job_postings::created_at.desc(), job_postings::id))
        .offset(offset)
        .limit(limit)
        .select(JobPosting::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

/// Open postings whose closing time has passed, locked (skipping those another worker holds), in
/// id order.
pub async fn due_for_expiry(
    conn: &mut Conn,
    now: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<JobPosting>> {
    job_postings::table
        .filter(job_postings::status.eq(JobStatus::Open))
        .filter(job_postings::valid_until.le(now))
        .order(job_postings::id)
        .limit(limit)
        .select(JobPosting::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}
