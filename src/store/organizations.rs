//! Organizations: enterprises and social organizations, identified by their credit code.

use crate::schema::organizations;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = organizations)]
pub struct Organization {
    pub id: Uuid,
    pub kind: String,
    pub name: String,
    pub credit_code: String,
    pub verified_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub verified_by: Option<Uuid>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = organizations)]
pub struct NewOrganization<'a> {
    pub id: Uuid,
    pub kind: &'a str,
    pub name: &'a str,
    pub credit_code: &'a str,
}

pub const CREDIT_CODE_UNIQUE: &str = "organizations_credit_code_key";

pub async fn insert(conn: &mut Conn, new: &NewOrganization<'_>) -> QueryResult<Organization> {
    diesel::insert_into(organizations::table)
        .values(new)
        .returning(Organization::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Organization>> {
    organizations::table
        .find(id)
        .select(Organization::as_select())
        .first(conn)
        .await
        .optional()
}
