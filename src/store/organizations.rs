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

/// Organizations, newest first: all (`registered_in` `None`), or those registered in a county under
/// this region prefix (characters 3–8 of the credit code); optionally only (un)verified ones.
pub async fn list(
    conn: &mut Conn,
    registered_in: Option<&str>,
    verified: Option<bool>,
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Organization>, i64)> {
    use diesel::dsl::sql;
    use diesel::sql_types::{Bool, Text};
    let filtered = || {
        let mut q = organizations::table.into_boxed();
        if let Some(prefix) = registered_in {
            q = q.filter(
                sql::<Bool>("substring(credit_code from 3 for 6) LIKE ")
                    .bind::<Text, _>(format!("{prefix}%")),
            );
        }
        match verified {
            Some(true) => q = q.filter(organizations::verified_at.is_not_null()),
            Some(false) => q = q.filter(organizations::verified_at.is_null()),
            None => {}
        }
        q
    };
    let total = filtered().count().get_result(conn).await?;
    let rows = filtered()
        .order((organizations::created_at.desc(), organizations::id))
        .offset(offset)
        .limit(limit)
        .select(Organization::as_select())
        .load(conn)
        .await?;
    Ok((rows, total))
}

pub async fn find_for_update(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Organization>> {
    organizations::table
        .find(id)
        .select(Organization::as_select())
        .for_update()
        .first(conn)
        .await
        .optional()
}

/// Marks the credit code verified (once; a second verification keeps the first's time and person)
/// and queues the organization's offers for indexing, since they now carry the verified mark.
pub async fn verify(
    conn: &mut Conn,
    id: Uuid,
    by: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<Organization> {
    let org = diesel::update(
        organizations::table
            .find(id)
            .filter(organizations::verified_at.is_null()),
    )
    .set((
        organizations::verified_at.eq(now),
        organizations::verified_by.eq(by),
    ))
    .returning(Organization::as_returning())
    .get_result(conn)
    .await
    .optional()?;
    match org {
        Some(org) => {
            super::offers::enqueue_of_organization(conn, id).await?;
            Ok(org)
        }
        None => {
            organizations::table
                .find(id)
                .select(Organization::as_select())
                .first(conn)
                .await
        }
    }
}
