//! The job postings as search sees them (a read model): the public columns of `job_postings` with
//! the employer organization's name, read by id for index jobs and search hits, and listed for
//! rebuilds and drift checks. The postings' own store (create, edit, close) lives elsewhere; it
//! queues `search.index_jobs` in every transaction that changes a posting.

use super::Conn;
use crate::domain::employment::{JobStatus, PayPeriod, Skill};
use crate::schema::{job_postings, organizations};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// A posting's public columns. No employer account: the organization's name stands for it.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = job_postings)]
pub struct PostingColumns {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub region_code: String,
    pub positions: i32,
    pub hired: i32,
    pub pay_min_fen: i64,
    pub pay_max_fen: i64,
    pub pay_period: PayPeriod,
    pub skills: Vec<Option<String>>,
    pub housing: bool,
    pub valid_until: DateTime<Utc>,
    pub status: JobStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A posting with the name of the organization that posted it.
#[derive(Debug, Clone)]
pub struct SearchPosting {
    pub id: Uuid,
    pub title: String,
    pub description: String,
    pub organization: String,
    pub region_code: String,
    pub positions: i32,
    pub hired: i32,
    pub pay_min_fen: i64,
    pub pay_max_fen: i64,
    pub pay_period: PayPeriod,
    /// Known skills only, in the posting's order.
    pub skills: Vec<Skill>,
    pub housing: bool,
    pub valid_until: DateTime<Utc>,
    pub status: JobStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl SearchPosting {
    fn from_row((p, organization): (PostingColumns, String)) -> Self {
        Self {
            id: p.id,
            title: p.title,
            description: p.description,
            organization,
            region_code: p.region_code,
            positions: p.positions,
            hired: p.hired,
            pay_min_fen: p.pay_min_fen,
            pay_max_fen: p.pay_max_fen,
            pay_period: p.pay_period,
            skills: p
                .skills
                .iter()
                .flatten()
                .filter_map(|s| Skill::parse(s))
                .collect(),
            housing: p.housing,
            valid_until: p.valid_until,
            status: p.status,
            created_at: p.created_at,
            updated_at: p.updated_at,
        }
    }
}

/// The postings with these ids (any status), each with its organization's name.
pub async fn by_ids(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<Vec<SearchPosting>> {
    let rows: Vec<(PostingColumns, String)> = job_postings::table
        .inner_join(organizations::table)
        .filter(job_postings::id.eq_any(ids))
        .select((PostingColumns::as_select(), organizations::name))
        .load(conn)
        .await?;
    Ok(rows.into_iter().map(SearchPosting::from_row).collect())
}

/// Open postings whose closing date is after `now` (those the index holds), each with its last
/// change.
pub async fn open_versions(
    conn: &mut Conn,
    now: DateTime<Utc>,
) -> QueryResult<Vec<(Uuid, DateTime<Utc>)>> {
    job_postings::table
        .filter(job_postings::status.eq(JobStatus::Open))
        .filter(job_postings::valid_until.gt(now))
        .select((job_postings::id, job_postings::updated_at))
        .load(conn)
        .await
}

pub async fn all_ids(conn: &mut Conn) -> QueryResult<Vec<Uuid>> {
    job_postings::table
        .select(job_postings::id)
        .load(conn)
        .await
}
