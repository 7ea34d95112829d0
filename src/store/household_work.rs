//! Who in a household can work (`household_work`): personal data, read by the household and its
//! officials only. The village is copied from `households.region_code` on every write, so matching
//! reads one table.

use super::Conn;
use crate::schema::household_work;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::QueryResult;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

#[derive(Debug, Clone, Queryable, Selectable, QueryableByName)]
#[diesel(table_name = household_work)]
pub struct HouseholdWork {
    pub household_id: Uuid,
    pub region_code: String,
    pub able_to_work: i16,
    /// Names of [`crate::domain::employment::Skill`] (the column's elements are never null).
    pub skills: Vec<Option<String>>,
    pub willing_to_travel: String,
    pub updated_by: Uuid,
    pub updated_at: DateTime<Utc>,
}

/// What a write records.
#[derive(Debug, Clone)]
pub struct WorkWrite<'a> {
    pub able_to_work: i16,
    pub skills: &'a [String],
    pub willing_to_travel: &'a str,
    pub updated_by: Uuid,
    pub updated_at: DateTime<Utc>,
}

pub async fn find(conn: &mut Conn, household_id: Uuid) -> QueryResult<Option<HouseholdWork>> {
    household_work::table
        .find(household_id)
        .select(HouseholdWork::as_select())
        .first(conn)
        .await
        .optional()
}

/// Inserts or replaces the household's profile, its village read from the household row in the
/// same statement. `None` when the household does not exist.
pub async fn upsert(
    conn: &mut Conn,
    household_id: Uuid,
    w: &WorkWrite<'_>,
) -> QueryResult<Option<HouseholdWork>> {
    use diesel::sql_types::{Array, SmallInt, Text, Timestamptz, Uuid as SqlUuid};
    diesel::sql_query(
        "INSERT INTO household_work (household_id, region_code, able_to_work, skills,
                                     willing_to_travel, updated_by, updated_at)
         SELECT h.id, h.region_code, $2, $3, $4, $5, $6 FROM households h WHERE h.id = $1
         ON CONFLICT (household_id) DO UPDATE SET
             region_code = EXCLUDED.region_code, able_to_work = EXCLUDED.able_to_work,
             skills = EXCLUDED.skills, willing_to_travel = EXCLUDED.willing_to_travel,
             updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at
         RETURNING household_id, region_code, able_to_work, skills, willing_to_travel,
                   updated_by, updated_at",
    )
    .bind::<SqlUuid, _>(household_id)
    .bind::<SmallInt, _>(w.able_to_work)
    .bind::<Array<Text>, _>(w.skills)
    .bind::<Text, _>(w.willing_to_travel)
    .bind::<SqlUuid, _>(w.updated_by)
    .bind::<Timestamptz, _>(w.updated_at)
    .get_result(conn)
    .await
    .optional()
}
