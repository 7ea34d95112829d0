//! Household profiles: the only table holding a household's personal data.

use crate::domain::household::ValidHousehold;
use crate::domain::need::{HardshipCause, MonitoringStatus};
use crate::domain::IdNumber;
use crate::schema::households;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Clone, Queryable, Selectable)]
#[diesel(table_name = households)]
pub struct Household {
    pub id: Uuid,
    pub head_name: String,
    pub region_code: String,
    pub id_number_digest: Option<Vec<u8>>,
    pub id_number_masked: Option<String>,
    pub phone: Option<String>,
    pub size: Option<i16>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub causes: Vec<Option<HardshipCause>>,
    pub monitoring_status: MonitoringStatus,
    pub created_by: Option<Uuid>,
}

impl Household {
    pub fn causes(&self) -> Vec<HardshipCause> {
        self.causes.iter().flatten().copied().collect()
    }
}

/// The row of a checked household. Written here, not in `domain`, so that the domain imports
/// nothing from storage; callers keep writing `valid.new_row(…)`.
impl ValidHousehold {
    pub fn new_row(
        &self,
        id: Uuid,
        created_by: Option<Uuid>,
        key: &crate::domain::id_number::IdDigestKey,
    ) -> NewHousehold<'_> {
        NewHousehold {
            id,
            head_name: &self.head_name,
            region_code: self.region.as_str(),
            id_number_digest: self.id_number.as_ref().map(|n| n.digest(key)),
            id_number_masked: self.id_number.as_ref().map(IdNumber::masked),
            phone: self.phone.as_deref(),
            size: self.size,
            causes: self.causes.clone(),
            monitoring_status: self.monitoring_status,
            created_by,
        }
    }
}

/// Personal data stays out of logs even when a row is debug-printed.
impl std::fmt::Debug for Household {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Household")
            .field("id", &self.id)
            .field("region_code", &self.region_code)
            .finish_non_exhaustive()
    }
}

#[derive(Insertable)]
#[diesel(table_name = households)]
pub struct NewHousehold<'a> {
    pub id: Uuid,
    pub head_name: &'a str,
    pub region_code: &'a str,
    pub id_number_digest: Option<Vec<u8>>,
    pub id_number_masked: Option<String>,
    pub phone: Option<&'a str>,
    pub size: Option<i16>,
    pub causes: Vec<HardshipCause>,
    pub monitoring_status: MonitoringStatus,
    pub created_by: Option<Uuid>,
}

/// Fields an official may change on a profile.
#[derive(AsChangeset, Default)]
#[diesel(table_name = households)]
pub struct HouseholdUpdate<'a> {
    pub head_name: Option<&'a str>,
    pub phone: Option<Option<&'a str>>,
    pub size: Option<Option<i16>>,
    pub causes: Option<Vec<HardshipCause>>,
    pub monitoring_status: Option<MonitoringStatus>,
    pub updated_at: Option<DateTime<Utc>>,
}

pub const ID_NUMBER_UNIQUE: &str = "households_id_number_digest_key";

pub async fn insert(conn: &mut Conn, new: &NewHousehold<'_>) -> QueryResult<Household> {
    diesel::insert_into(households::table)
        .values(new)
        .returning(Household::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Household>> {
    households::table
        .find(id)
        .select(Household::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn update(
    conn: &mut Conn,
    id: Uuid,
    changes: &HouseholdUpdate<'_>,
) -> QueryResult<Household> {
    diesel::update(households::table.find(id))
        .set(changes)
        .returning(Household::as_returning())
        .get_result(conn)
        .await
}

/// Profiles in a jurisdiction (by region code prefix), newest first.
pub async fn list_in_scope(
    conn: &mut Conn,
    region_like: &str,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Household>, i64)> {
    let total = households::table
        .filter(households::region_code.like(region_like))
        .count()
        .get_result(conn)
        .await?;
    let rows = households::table
        .filter(households::region_code.like(region_like))
        .order((households::created_at.desc(), households::id))
        .offset(offset)
        .limit(limit)
        .select(Household::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}
