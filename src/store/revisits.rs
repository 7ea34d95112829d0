//! 回头看 revisits: a set time after a confirmed delivery, the household's officials look again.

use super::Conn;
use crate::schema::revisits;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Interval, Timestamptz};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = revisits)]
pub struct Revisit {
    pub id: Uuid,
    pub pledge_id: Uuid,
    pub need_id: Uuid,
    pub household_id: Uuid,
    pub region_code: String,
    pub due_at: DateTime<Utc>,
    pub outcome: Option<String>,
    pub note: Option<String>,
    pub answered_by: Option<Uuid>,
    pub answered_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

/// Creates the revisits that fell due: one per confirmed pledge confirmed at least `after` before
/// `now`. Idempotent (one revisit per pledge). Returns those created.
pub async fn create_due(
    conn: &mut Conn,
    after: chrono::Duration,
    now: DateTime<Utc>,
) -> QueryResult<Vec<Revisit>> {
    let interval = diesel::data_types::PgInterval::from_microseconds(
        after.num_microseconds().unwrap_or(i64::MAX),
    );
    diesel::sql_query(
        "INSERT INTO revisits (id, pledge_id, need_id, household_id, region_code, due_at, created_at)
         SELECT gen_random_uuid(), p.id, p.need_id, n.household_id, n.region_code, p.confirmed_at + $1, $2
         FROM pledges p JOIN needs n ON n.id = p.need_id
         WHERE p.status = 'confirmed' AND p.confirmed_at + $1 <= $2
         ON CONFLICT (pledge_id) DO NOTHING
         RETURNING *",
    )
    .bind::<Interval, _>(interval)
    .bind::<Timestamptz, _>(now)
    .load::<RevisitRow>(conn)
    .await
    .map(|rows| rows.into_iter().map(Revisit::from).collect())
}

#[derive(QueryableByName)]
#[diesel(table_name = revisits)]
struct RevisitRow {
    id: Uuid,
    pledge_id: Uuid,
    need_id: Uuid,
    household_id: Uuid,
    region_code: String,
    due_at: DateTime<Utc>,
    outcome: Option<String>,
    note: Option<String>,
    answered_by: Option<Uuid>,
    answered_at: Option<DateTime<Utc>>,
    created_at: DateTime<Utc>,
}

impl From<RevisitRow> for Revisit {
    fn from(r: RevisitRow) -> Self {
        Self {
            id: r.id,
            pledge_id: r.pledge_id,
            need_id: r.need_id,
            household_id: r.household_id,
            region_code: r.region_code,
            due_at: r.due_at,
            outcome: r.outcome,
            note: r.note,
            answered_by: r.answered_by,
            answered_at: r.answered_at,
            created_at: r.created_at,
        }
    }
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Revisit>> {
    revisits::table
        .find(id)
        .select(Revisit::as_select())
        .first(conn)
        .await
        .optional()
}

/// Revisits in a jurisdiction (`region_pattern`), open ones only unless `answered`; oldest due first.
pub async fn in_scope(
    conn: &mut Conn,
    region_pattern: &str,
    answered: bool,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Revisit>, i64)> {
    let filtered = || {
        let q = revisits::table
            .filter(revisits::region_code.like(region_pattern.to_owned()))
            .into_boxed();
        if answered {
            q.filter(revisits::outcome.is_not_null())
        } else {
            q.filter(revisits::outcome.is_null())
        }
    };
    let total = filtered().count().get_result(conn).await?;
    let items = filtered()
        .order((revisits::due_at, revisits::id))
        .offset(offset)
        .limit(limit)
        .select(Revisit::as_select())
        .load(conn)
        .await?;
    Ok((items, total))
}

/// Records the outcome of an open revisit; `None` when it was answered already.
pub async fn answer(
    conn: &mut Conn,
    id: Uuid,
    outcome: &str,
    note: &str,
    by: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Option<Revisit>> {
    diesel::update(
        revisits::table
            .filter(revisits::id.eq(id))
            .filter(revisits::outcome.is_null()),
    )
    .set((
        revisits::outcome.eq(outcome),
        revisits::note.eq(note),
        revisits::answered_by.eq(by),
        revisits::answered_at.eq(now),
    ))
    .returning(Revisit::as_returning())
    .get_result(conn)
    .await
    .optional()
}
