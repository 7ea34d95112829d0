//! Evidence rows (证明材料): what is needed to list and serve the images of a need's evidence. The
//! bytes themselves live in the media store.

use super::Conn;
use crate::schema::evidence;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde::Serialize;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = evidence)]
pub struct Evidence {
    pub id: Uuid,
    pub need_id: Uuid,
    pub uploaded_by: Uuid,
    pub label: String,
    pub content_type: String,
    pub width: i32,
    pub height: i32,
    pub thumb_width: i32,
    pub thumb_height: i32,
    pub byte_size: i32,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = evidence)]
pub struct NewEvidence<'a> {
    pub id: Uuid,
    pub need_id: Uuid,
    pub uploaded_by: Uuid,
    pub label: &'a str,
    pub content_type: &'a str,
    pub width: i32,
    pub height: i32,
    pub thumb_width: i32,
    pub thumb_height: i32,
    pub byte_size: i32,
    pub sha256: &'a str,
    pub created_at: DateTime<Utc>,
}

pub async fn insert(conn: &mut Conn, new: &NewEvidence<'_>) -> QueryResult<Evidence> {
    diesel::insert_into(evidence::table)
        .values(new)
        .returning(Evidence::as_returning())
        .get_result(conn)
        .await
}

/// One item of one need; `None` when it does not exist or belongs to another need.
pub async fn find(conn: &mut Conn, need_id: Uuid, id: Uuid) -> QueryResult<Option<Evidence>> {
    evidence::table
        .filter(evidence::id.eq(id).and(evidence::need_id.eq(need_id)))
        .select(Evidence::as_select())
        .first(conn)
        .await
        .optional()
}

/// A need's evidence, oldest first.
pub async fn of_need(conn: &mut Conn, need_id: Uuid) -> QueryResult<Vec<Evidence>> {
    evidence::table
        .filter(evidence::need_id.eq(need_id))
        .order((evidence::created_at.asc(), evidence::id.asc()))
        .select(Evidence::as_select())
        .load(conn)
        .await
}

pub async fn count_of_need(conn: &mut Conn, need_id: Uuid) -> QueryResult<i64> {
    evidence::table
        .filter(evidence::need_id.eq(need_id))
        .count()
        .get_result(conn)
        .await
}

/// Removes one item; returns whether it was there (a concurrent delete finds nothing).
pub async fn delete(conn: &mut Conn, need_id: Uuid, id: Uuid) -> QueryResult<bool> {
    diesel::delete(evidence::table.filter(evidence::id.eq(id).and(evidence::need_id.eq(need_id))))
        .execute(conn)
        .await
        .map(|n| n > 0)
}
