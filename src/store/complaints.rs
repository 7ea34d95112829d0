//! Complaints (投诉): filed about a need or a pledge, answered by officials, escalated while unanswered.

use crate::domain::complaint::ComplaintStatus;
use crate::schema::complaints;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = complaints)]
pub struct Complaint {
    pub id: Uuid,
    pub subject_type: String,
    pub subject_id: Uuid,
    pub region_code: String,
    pub complainant_id: Uuid,
    pub body: String,
    pub status: ComplaintStatus,
    pub escalation_level: i16,
    pub escalated_at: Option<DateTime<Utc>>,
    pub response: Option<String>,
    pub resolved_by: Option<Uuid>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = complaints)]
pub struct NewComplaint<'a> {
    pub id: Uuid,
    pub subject_type: &'a str,
    pub subject_id: Uuid,
    pub region_code: &'a str,
    pub complainant_id: Uuid,
    pub body: &'a str,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut Conn, new: &NewComplaint<'_>) -> QueryResult<Complaint> {
    diesel::insert_into(complaints::table)
        .values(new)
        .returning(Complaint::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Complaint>> {
    complaints::table
        .find(id)
        .select(Complaint::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Complaint>> {
    complaints::table
        .find(id)
        .select(Complaint::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Answers an open complaint; `None` when it was answered already (the conditional update lost).
pub async fn resolve(
    conn: &mut Conn,
    id: Uuid,
    by: Uuid,
    response: &str,
    now: DateTime<Utc>,
) -> QueryResult<Option<Complaint>> {
    diesel::update(
        complaints::table
            .find(id)
            .filter(complaints::status.eq(ComplaintStatus::Open)),
    )
    .set((
        complaints::status.eq(ComplaintStatus::Resolved),
        complaints::response.eq(response),
        complaints::resolved_by.eq(by),
        complaints::resolved_at.eq(now),
    ))
    .returning(Complaint::as_returning())
    .get_result(conn)
    .await
    .optional()
}

/// Open complaints in a region subtree, oldest first.
pub async fn open_in(conn: &mut Conn, region_like: &str) -> QueryResult<Vec<Complaint>> {
    complaints::table
        .filter(complaints::status.eq(ComplaintStatus::Open))
        .filter(complaints::region_code.like(region_like))
        .order((complaints::created_at, complaints::id))
        .select(Complaint::as_select())
        .load(conn)
        .await
}

/// How many complaints wait for an answer in a region subtree (the officials' digest).
pub async fn count_open_in(conn: &mut Conn, region_like: &str) -> QueryResult<i64> {
    complaints::table
        .filter(complaints::status.eq(ComplaintStatus::Open))
        .filter(complaints::region_code.like(region_like))
        .count()
        .get_result(conn)
        .await
}

/// Escalates open complaints older than `before` (each time they wait that long again).
pub async fn escalate_due(
    conn: &mut Conn,
    before: DateTime<Utc>,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Complaint>> {
    diesel::update(
        complaints::table
            .filter(complaints::status.eq(ComplaintStatus::Open))
            .filter(complaints::escalation_level.lt(3))
            .filter(
                complaints::escalated_at
                    .lt(before)
                    .or(complaints::escalated_at
                        .is_null()
                        .and(complaints::created_at.lt(before))),
            ),
    )
    .set((
        complaints::escalation_level.eq(complaints::escalation_level + 1),
        complaints::escalated_at.eq(now),
    ))
    .returning(Complaint::as_returning())
    .get_results(conn)
    .await
}
