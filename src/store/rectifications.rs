//! Rectifications (整改): a problem a check found, for the officials of the item's township to answer
//! by a deadline; the checker accepts or reopens the answer. Every change is a conditional UPDATE on
//! the status, so two people acting at once get one winner.

use super::Conn;
use crate::domain::rectification::RectificationStatus;
use crate::schema::rectifications;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable, QueryableByName)]
#[diesel(table_name = rectifications)]
pub struct Rectification {
    pub id: Uuid,
    pub finding_id: Uuid,
    pub round_id: Uuid,
    pub item_id: Uuid,
    pub township_code: String,
    pub problem_kind: String,
    pub status: RectificationStatus,
    pub deadline: DateTime<Utc>,
    pub answer: Option<String>,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTime<Utc>>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub reopened_count: i32,
    pub escalation_level: i16,
    pub escalated_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut Conn, r: &Rectification) -> QueryResult<Rectification> {
    diesel::insert_into(rectifications::table)
        .values(r)
        .returning(Rectification::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Rectification>> {
    rectifications::table
        .find(id)
        .select(Rectification::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn for_round(conn: &mut Conn, round_id: Uuid) -> QueryResult<Vec<Rectification>> {
    rectifications::table
        .filter(rectifications::round_id.eq(round_id))
        .select(Rectification::as_select())
        .load(conn)
        .await
}

/// Rectifications an official sees: of townships its jurisdiction covers or lies in, and of rounds
/// it runs; `jurisdiction` `None` (admins): all. Optionally one status. Nearest deadline first.
pub async fn list(
    conn: &mut Conn,
    jurisdiction: Option<&str>,
    checker: Uuid,
    status: Option<RectificationStatus>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Rectification>, i64)> {
    const WHERE: &str = "WHERE ($1::text IS NULL OR r.township_code LIKE $1 || '%' OR $1 LIKE r.township_code || '%'
              OR EXISTS (SELECT 1 FROM check_rounds c WHERE c.id = r.round_id AND c.checker_id = $2))
          AND ($3::text IS NULL OR r.status = $3)";
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let total: Count = diesel::sql_query(format!(
        "SELECT count(*) AS n FROM rectifications r {WHERE}"
    ))
    .bind::<Nullable<Text>, _>(jurisdiction)
    .bind::<SqlUuid, _>(checker)
    .bind::<Nullable<Text>, _>(status.map(RectificationStatus::as_str))
    .get_result(conn)
    .await?;
    let items = diesel::sql_query(format!(
        "SELECT r.* FROM rectifications r {WHERE} ORDER BY r.deadline, r.id OFFSET $4 LIMIT $5"
    ))
    .bind::<Nullable<Text>, _>(jurisdiction)
    .bind::<SqlUuid, _>(checker)
    .bind::<Nullable<Text>, _>(status.map(RectificationStatus::as_str))
    .bind::<BigInt, _>(offset)
    .bind::<BigInt, _>(limit)
    .load(conn)
    .await?;
    Ok((items, total.n))
}

/// `open` → `answered`.
pub async fn answer(
    conn: &mut Conn,
    id: Uuid,
    by: Uuid,
    text: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<Rectification>> {
    diesel::update(
        rectifications::table
            .filter(rectifications::id.eq(id))
            .filter(rectifications::status.eq(RectificationStatus::Open)),
    )
    .set((
        rectifications::status.eq(RectificationStatus::Answered),
        rectifications::answer.eq(text),
        rectifications::answered_by.eq(by),
        rectifications::answered_at.eq(now),
    ))
    .returning(Rectification::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// `answered` → `accepted`.
pub async fn accept(
    conn: &mut Conn,
    id: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<Rectification>> {
    diesel::update(
        rectifications::table
            .filter(rectifications::id.eq(id))
            .filter(rectifications::status.eq(RectificationStatus::Answered)),
    )
    .set((
        rectifications::status.eq(RectificationStatus::Accepted),
        rectifications::accepted_at.eq(now),
    ))
    .returning(Rectification::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// `answered` → `open` again, with a new deadline.
pub async fn reopen(
    conn: &mut Conn,
    id: Uuid,
    deadline: DateTime<Utc>,
) -> QueryResult<Option<Rectification>> {
    diesel::update(
        rectifications::table
            .filter(rectifications::id.eq(id))
            .filter(rectifications::status.eq(RectificationStatus::Answered)),
    )
    .set((
        rectifications::status.eq(RectificationStatus::Open),
        rectifications::deadline.eq(deadline),
        rectifications::reopened_count.eq(rectifications::reopened_count + 1),
    ))
    .returning(Rectification::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Open rectifications overdue by a week (or a week since their last escalation) go one level up.
pub async fn escalate_due(
    conn: &mut Conn,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Rectification>> {
    diesel::update(
        rectifications::table
            .filter(rectifications::status.eq(RectificationStatus::Open))
            .filter(rectifications::escalation_level.lt(3))
            .filter(
                rectifications::escalated_at
                    .lt(before)
                    .or(rectifications::escalated_at
                        .is_null()
                        .and(rectifications::deadline.lt(before))),
            ),
    )
    .set((
        rectifications::escalation_level.eq(rectifications::escalation_level + 1),
        rectifications::escalated_at.eq(now),
    ))
    .returning(Rectification::as_returning())
    .get_results(conn)
    .await
}

/// For the officials' digest mail: how many open rectifications past their deadline are this
/// official's to chase — of its township(s), or escalated far enough to reach its level (the rule of
/// [`crate::domain::checks::escalation_reaches`], in SQL).
pub async fn overdue_count_for(
    conn: &mut Conn,
    jurisdiction: &str,
    now: DateTime<Utc>,
) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let c: Count = diesel::sql_query(
        "SELECT count(*) AS n FROM rectifications r
         WHERE r.status = 'open' AND r.deadline < $2
           AND ($1 LIKE r.township_code || '%'
                OR (r.township_code LIKE $1 || '%'
                    AND length($1) >= CASE r.escalation_level WHEN 0 THEN 9 WHEN 1 THEN 6 WHEN 2 THEN 4 ELSE 2 END))",
    )
    .bind::<Text, _>(jurisdiction)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await?;
    Ok(c.n)
}
