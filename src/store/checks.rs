//! 三查 check rounds, their sampled items and the findings on them.

use super::Conn;
use crate::schema::{check_findings, check_items, check_rounds};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = check_rounds)]
pub struct Round {
    pub id: Uuid,
    pub kind: String,
    pub region_code: String,
    pub period_from: DateTime<Utc>,
    pub period_to: DateTime<Utc>,
    pub subjects: Vec<Option<String>>,
    pub sample_size: i32,
    pub seed: Vec<u8>,
    pub seed_event_id: i64,
    pub candidates: i32,
    pub checker_id: Uuid,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = check_items)]
pub struct Item {
    pub id: Uuid,
    pub round_id: Uuid,
    pub position: i32,
    pub subject_type: String,
    pub subject_id: Uuid,
    pub region_code: String,
    pub decided_by: Option<Uuid>,
    pub decided_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = check_findings)]
pub struct Finding {
    pub id: Uuid,
    pub item_id: Uuid,
    pub result: String,
    pub problem_kind: Option<String>,
    pub suspected: bool,
    pub note: String,
    pub recorded_by: Uuid,
    pub created_at: DateTime<Utc>,
}

/// Something decided in the region and period that a round may sample.
#[derive(Debug, Clone, QueryableByName)]
pub struct Candidate {
    #[diesel(sql_type = Text)]
    pub subject_type: String,
    #[diesel(sql_type = SqlUuid)]
    pub subject_id: Uuid,
    #[diesel(sql_type = Text)]
    pub region_code: String,
    #[diesel(sql_type = Nullable<SqlUuid>)]
    pub decided_by: Option<Uuid>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub decided_at: Option<DateTime<Utc>>,
}

/// Needs approved in the period (by the time of their approving review), in region, ordered by id.
pub async fn need_candidates(
    conn: &mut Conn,
    region_pattern: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<Candidate>> {
    diesel::sql_query(
        "SELECT DISTINCT ON (n.id) 'need' AS subject_type, n.id AS subject_id, n.region_code::text AS region_code,
                r.official_id AS decided_by, r.created_at AS decided_at
         FROM need_reviews r JOIN needs n ON n.id = r.need_id
         WHERE r.decision = 'approve' AND r.created_at >= $1 AND r.created_at < $2 AND n.region_code LIKE $3
         ORDER BY n.id, r.created_at DESC",
    )
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Text, _>(region_pattern)
    .load(conn)
    .await
}

/// Deliveries confirmed in the period, in region, ordered by id; the decision checked is the
/// pledge's approval.
pub async fn delivery_candidates(
    conn: &mut Conn,
    region_pattern: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> QueryResult<Vec<Candidate>> {
    diesel::sql_query(
        "SELECT 'delivery' AS subject_type, p.id AS subject_id, p.region_code::text AS region_code,
                p.decided_by AS decided_by, p.decided_at AS decided_at
         FROM pledges p
         WHERE p.status = 'confirmed' AND p.confirmed_at >= $1 AND p.confirmed_at < $2 AND p.region_code LIKE $3
         ORDER BY p.id",
    )
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<Text, _>(region_pattern)
    .load(conn)
    .await
}

pub async fn insert_round(conn: &mut Conn, round: &Round) -> QueryResult<Round> {
    diesel::insert_into(check_rounds::table)
        .values(round)
        .returning(Round::as_returning())
        .get_result(conn)
        .await
}

pub async fn insert_items(conn: &mut Conn, items: &[Item]) -> QueryResult<usize> {
    diesel::insert_into(check_items::table)
        .values(items)
        .execute(conn)
        .await
}

pub async fn find_round(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Round>> {
    check_rounds::table
        .find(id)
        .select(Round::as_select())
        .first(conn)
        .await
        .optional()
}

/// Rounds whose region lies in `region_pattern` or that `checker` runs; `None` pattern: every round
/// (admins). Newest first.
pub async fn list_rounds(
    conn: &mut Conn,
    region_pattern: Option<&str>,
    checker: Option<Uuid>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Round>, i64)> {
    let filtered = || {
        let mut q = check_rounds::table.into_boxed();
        if let Some(p) = region_pattern {
            let c = checker.unwrap_or_else(Uuid::nil);
            q = q.filter(
                check_rounds::region_code
                    .like(p.to_owned())
                    .or(check_rounds::checker_id.eq(c)),
            );
        }
        q
    };
    let total = filtered().count().get_result(conn).await?;
    let rounds = filtered()
        .order((check_rounds::created_at.desc(), check_rounds::id))
        .offset(offset)
        .limit(limit)
        .select(Round::as_select())
        .load(conn)
        .await?;
    Ok((rounds, total))
}

/// A round's items with their findings, in sample order.
pub async fn items_of(
    conn: &mut Conn,
    round_id: Uuid,
) -> QueryResult<Vec<(Item, Option<Finding>)>> {
    check_items::table
        .left_join(check_findings::table)
        .filter(check_items::round_id.eq(round_id))
        .order(check_items::position)
        .select((Item::as_select(), Option::<Finding>::as_select()))
        .load(conn)
        .await
}

pub async fn find_item(
    conn: &mut Conn,
    round_id: Uuid,
    item_id: Uuid,
) -> QueryResult<Option<Item>> {
    check_items::table
        .filter(check_items::round_id.eq(round_id))
        .filter(check_items::id.eq(item_id))
        .select(Item::as_select())
        .first(conn)
        .await
        .optional()
}

/// Records a finding; `None` when the item already has one (one finding per item).
pub async fn insert_finding(conn: &mut Conn, finding: &Finding) -> QueryResult<Option<Finding>> {
    diesel::insert_into(check_findings::table)
        .values(finding)
        .on_conflict(check_findings::item_id)
        .do_nothing()
        .returning(Finding::as_returning())
        .get_result(conn)
        .await
        .optional()
}
