//! The checks 30 and 180 days after a hire (`job_retention_checks`): scheduled with the hire,
//! answered once by an official of the household's village, their reminders sent once.

use super::Conn;
use crate::domain::employment::retention::{self, RetentionFilter};
use crate::domain::employment::RETENTION_CHECK_DAYS;
use crate::schema::job_retention_checks as checks;
use chrono::{DateTime, NaiveDate, Utc};
use diesel::prelude::*;
use diesel::sql_types::{
    BigInt, Bool, Date, Nullable, SmallInt, Text, Timestamptz, Uuid as SqlUuid,
};
use diesel::QueryResult;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = checks)]
pub struct RetentionCheck {
    pub id: Uuid,
    pub application_id: Uuid,
    pub region_code: String,
    pub days_after_hire: i16,
    pub due_at: DateTime<Utc>,
    pub notified_at: Option<DateTime<Utc>>,
    pub still_employed: Option<bool>,
    pub note: Option<String>,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Schedules the checks of a hire starting on `start_date`, one per [`RETENTION_CHECK_DAYS`], each
/// due at 00:00 UTC that many days after the start. `region_code` is the household's village.
/// Scheduling the same hire again changes nothing.
pub async fn schedule(
    conn: &mut Conn,
    application_id: Uuid,
    region_code: &str,
    start_date: chrono::NaiveDate,
) -> QueryResult<()> {
    let now = Utc::now();
    let rows: Vec<_> = RETENTION_CHECK_DAYS
        .iter()
        .map(|days| {
            (
                checks::id.eq(Uuid::new_v4()),
                checks::application_id.eq(application_id),
                checks::region_code.eq(region_code),
                checks::days_after_hire.eq(*days),
                checks::due_at.eq(retention::due_at(start_date, *days)),
                checks::created_at.eq(now),
            )
        })
        .collect();
    diesel::insert_into(checks::table)
        .values(rows)
        .on_conflict((checks::application_id, checks::days_after_hire))
        .do_nothing()
        .execute(conn)
        .await
        .map(|_| ())
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<RetentionCheck>> {
    checks::table
        .find(id)
        .select(RetentionCheck::as_select())
        .first(conn)
        .await
        .optional()
}

/// Records the answer if none was recorded yet (`None`: answered already), one conditional update.
pub async fn answer(
    conn: &mut Conn,
    id: Uuid,
    still_employed: bool,
    note: Option<&str>,
    by: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<RetentionCheck>> {
    diesel::update(
        checks::table
            .filter(checks::id.eq(id))
            .filter(checks::answered_at.is_null()),
    )
    .set((
        checks::still_employed.eq(Some(still_employed)),
        checks::note.eq(note),
        checks::answered_by.eq(Some(by)),
        checks::answered_at.eq(Some(now)),
    ))
    .returning(RetentionCheck::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Marks the checks due at `now`, unanswered and not yet told, as told; returns their villages (one
/// per check), so each is told of once whichever worker runs.
pub async fn mark_due_notified(conn: &mut Conn, now: DateTime<Utc>) -> QueryResult<Vec<String>> {
    diesel::update(
        checks::table
            .filter(checks::due_at.le(now))
            .filter(checks::answered_at.is_null())
            .filter(checks::notified_at.is_null()),
    )
    .set(checks::notified_at.eq(Some(now)))
    .returning(checks::region_code)
    .get_results(conn)
    .await
}

/// One check as officials list it: the job, the employer's organization, the household (its id,
/// which the view masks), the hire's start and the answer.
#[derive(Debug, Clone, QueryableByName)]
pub struct CheckRow {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub application_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub job_id: Uuid,
    #[diesel(sql_type = Text)]
    pub job_title: String,
    #[diesel(sql_type = Text)]
    pub organization: String,
    #[diesel(sql_type = SqlUuid)]
    pub household_id: Uuid,
    #[diesel(sql_type = Text)]
    pub region_code: String,
    #[diesel(sql_type = SmallInt)]
    pub days_after_hire: i16,
    #[diesel(sql_type = Timestamptz)]
    pub due_at: DateTime<Utc>,
    #[diesel(sql_type = Nullable<Date>)]
    pub start_date: Option<NaiveDate>,
    #[diesel(sql_type = Nullable<Bool>)]
    pub still_employed: Option<bool>,
    #[diesel(sql_type = Nullable<Text>)]
    pub note: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub answered_at: Option<DateTime<Utc>>,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
}

/// A page of the checks in `region_like` (a jurisdiction's pattern) of one kind at `now`: due and
/// upcoming ones soonest first, answered ones latest answer first.
pub async fn in_scope(
    conn: &mut Conn,
    region_like: &str,
    filter: RetentionFilter,
    now: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<CheckRow>, i64)> {
    let (condition, order) = match filter {
        RetentionFilter::Due => ("c.answered_at IS NULL AND c.due_at <= $2", "c.due_at, c.id"),
        RetentionFilter::Upcoming => ("c.answered_at IS NULL AND c.due_at > $2", "c.due_at, c.id"),
        RetentionFilter::Answered => ("c.answered_at IS NOT NULL", "c.answered_at DESC, c.id"),
    };
    let rows: Vec<CheckRow> = diesel::sql_query(format!(
        "SELECT c.id, c.application_id, a.job_id, j.title AS job_title, o.name AS organization,
                a.household_id, c.region_code::text AS region_code, c.days_after_hire, c.due_at,
                a.start_date, c.still_employed, c.note, c.answered_at,
                count(*) OVER () AS total
         FROM job_retention_checks c
         JOIN job_applications a ON a.id = c.application_id
         JOIN job_postings j ON j.id = a.job_id
         JOIN organizations o ON o.id = j.organization_id
         WHERE c.region_code LIKE $1 AND {condition}
         ORDER BY {order}
         LIMIT $3 OFFSET $4"
    ))
    .bind::<Text, _>(region_like)
    .bind::<Timestamptz, _>(now)
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(offset)
    .load(conn)
    .await?;
    let total = match <[CheckRow]>::first(&rows) {
        Some(r) => r.total,
        // An empty page past the end still tells the total.
        None if offset > 0 => {
            diesel::sql_query(format!(
                "SELECT count(*) AS total FROM job_retention_checks c
                 WHERE c.region_code LIKE $1 AND {condition}"
            ))
            .bind::<Text, _>(region_like)
            .bind::<Timestamptz, _>(now)
            .get_result::<Total>(conn)
            .await?
            .total
        }
        None => 0,
    };
    Ok((rows, total))
}

#[derive(QueryableByName)]
struct Total {
    #[diesel(sql_type = BigInt)]
    total: i64,
}
