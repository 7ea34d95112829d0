//! Search engine tasks waiting for their outcome (see `search/tasks.rs`): recorded by the index
//! worker in its own transaction, read and cleared by the `search.tasks` job.

use crate::schema::search_tasks;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use serde_json::Value;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = search_tasks)]
pub struct SearchTask {
    pub id: i64,
    pub task_uid: i64,
    pub index_name: String,
    pub ids: Value,
    pub refusals: i32,
    pub created_at: DateTime<Utc>,
}

impl SearchTask {
    /// The row ids the task carried.
    pub fn id_list(&self) -> Vec<String> {
        self.ids
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Debug, Insertable)]
#[diesel(table_name = search_tasks)]
pub struct NewSearchTask<'a> {
    pub task_uid: i64,
    pub index_name: &'a str,
    pub ids: Value,
    pub refusals: i32,
}

pub async fn record(conn: &mut Conn, new: &[NewSearchTask<'_>]) -> QueryResult<()> {
    if new.is_empty() {
        return Ok(());
    }
    diesel::insert_into(search_tasks::table)
        .values(new)
        .execute(conn)
        .await
        .map(|_| ())
}

/// The oldest waiting tasks, locked until the caller's transaction ends (two workers never check
/// the same task).
pub async fn claim_oldest(conn: &mut Conn, limit: i64) -> QueryResult<Vec<SearchTask>> {
    search_tasks::table
        .order(search_tasks::id)
        .limit(limit)
        .select(SearchTask::as_select())
        .for_update()
        .skip_locked()
        .load(conn)
        .await
}

pub async fn remove(conn: &mut Conn, ids: &[i64]) -> QueryResult<usize> {
    diesel::delete(search_tasks::table.filter(search_tasks::id.eq_any(ids)))
        .execute(conn)
        .await
}

pub async fn count(conn: &mut Conn) -> QueryResult<i64> {
    search_tasks::table.count().get_result(conn).await
}
