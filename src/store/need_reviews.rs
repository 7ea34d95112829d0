//! The officials' decisions on needs (approve or reject, with the reviewer's flags).

use crate::schema::need_reviews;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::Value;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = need_reviews)]
pub struct NeedReview {
    pub id: Uuid,
    pub need_id: Uuid,
    pub official_id: Uuid,
    pub decision: String,
    pub reason: Option<String>,
    pub flags: Value,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = need_reviews)]
pub struct NewNeedReview<'a> {
    pub id: Uuid,
    pub need_id: Uuid,
    pub official_id: Uuid,
    pub decision: &'a str,
    pub reason: Option<&'a str>,
    pub flags: Value,
}

pub async fn insert_review(conn: &mut Conn, new: &NewNeedReview<'_>) -> QueryResult<NeedReview> {
    diesel::insert_into(need_reviews::table)
        .values(new)
        .returning(NeedReview::as_returning())
        .get_result(conn)
        .await
}

pub async fn reviews_of(conn: &mut Conn, need_id: Uuid) -> QueryResult<Vec<NeedReview>> {
    need_reviews::table
        .filter(need_reviews::need_id.eq(need_id))
        .order(need_reviews::created_at)
        .select(NeedReview::as_select())
        .load(conn)
        .await
}
