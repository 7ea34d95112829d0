//! Users (accounts) and jurisdictions.

use crate::domain::Role;
use crate::schema::{jurisdictions, organizations, users};
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use std::collections::HashMap;
use uuid::Uuid;

use super::Conn;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct User {
    pub id: Uuid,
    pub email: String,
    pub password_hash: String,
    pub display_name: String,
    pub role: Role,
    pub organization_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub email_verified_at: Option<DateTime<Utc>>,
    /// `zh` or `en`: the language of the mail this user gets.
    pub language: String,
    /// Notification kinds this user turned off.
    pub mail_opt_out: Vec<Option<String>>,
    pub digest_sent_on: Option<chrono::NaiveDate>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = users)]
pub struct NewUser<'a> {
    pub id: Uuid,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub organization_id: Option<Uuid>,
    pub household_id: Option<Uuid>,
    /// Set for accounts whose address is vouched for (admins, officials, demo accounts).
    pub email_verified_at: Option<DateTime<Utc>>,
}

#[derive(Debug, AsChangeset)]
#[diesel(table_name = users)]
pub struct UserUpdate<'a> {
    pub password_hash: Option<&'a str>,
    pub display_name: Option<&'a str>,
    pub updated_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = jurisdictions)]
pub struct JurisdictionRow {
    pub official_id: Uuid,
    pub region_code: String,
    pub granted_by: Option<Uuid>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Insertable)]
#[diesel(table_name = jurisdictions)]
pub struct NewJurisdiction<'a> {
    pub official_id: Uuid,
    pub region_code: &'a str,
    pub granted_by: Option<Uuid>,
}

pub const EMAIL_UNIQUE: &str = "users_email_key";

pub async fn insert(conn: &mut Conn, new: &NewUser<'_>) -> QueryResult<User> {
    diesel::insert_into(users::table)
        .values(new)
        .returning(User::as_returning())
        .get_result(conn)
        .await
}

pub async fn update(conn: &mut Conn, id: Uuid, changes: &UserUpdate<'_>) -> QueryResult<User> {
    diesel::update(users::table.find(id))
        .set(changes)
        .returning(User::as_returning())
        .get_result(conn)
        .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> QueryResult<Option<User>> {
    users::table
        .find(id)
        .select(User::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn find_by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<User>> {
    users::table
        .filter(users::email.eq(email))
        .select(User::as_select())
        .first(conn)
        .await
        .optional()
}

pub async fn insert_jurisdiction(
    conn: &mut Conn,
    new: &NewJurisdiction<'_>,
) -> QueryResult<JurisdictionRow> {
    diesel::insert_into(jurisdictions::table)
        .values(new)
        .on_conflict(jurisdictions::official_id)
        .do_update()
        .set((
            jurisdictions::region_code.eq(new.region_code),
            jurisdictions::granted_by.eq(new.granted_by),
        ))
        .returning(JurisdictionRow::as_returning())
        .get_result(conn)
        .await
}

pub async fn jurisdiction_of(
    conn: &mut Conn,
    official_id: Uuid,
) -> QueryResult<Option<JurisdictionRow>> {
    jurisdictions::table
        .find(official_id)
        .select(JurisdictionRow::as_select())
        .first(conn)
        .await
        .optional()
}

impl User {
    /// Whether this user turned off mail of `kind`.
    pub fn opted_out_of(&self, kind: &str) -> bool {
        self.mail_opt_out.iter().flatten().any(|k| k == kind)
    }
}

pub async fn mark_email_verified(conn: &mut Conn, id: Uuid, at: DateTime<Utc>) -> QueryResult<()> {
    diesel::update(
        users::table
            .find(id)
            .filter(users::email_verified_at.is_null()),
    )
    .set(users::email_verified_at.eq(at))
    .execute(conn)
    .await
    .map(|_| ())
}

/// The language of a user's mail and the notification kinds turned off.
pub async fn set_mail_preferences(
    conn: &mut Conn,
    id: Uuid,
    language: &str,
    opt_out: &[String],
) -> QueryResult<User> {
    let opt_out: Vec<Option<String>> = opt_out.iter().cloned().map(Some).collect();
    diesel::update(users::table.find(id))
        .set((
            users::language.eq(language),
            users::mail_opt_out.eq(opt_out),
            users::updated_at.eq(chrono::Utc::now()),
        ))
        .returning(User::as_returning())
        .get_result(conn)
        .await
}

/// Who stands behind a pledge or an offer, as the public may see it: an organization's name, or an
/// individual's masked display name.
#[derive(Debug, Clone)]
pub struct Supporter {
    pub name: String,
    /// The organization was verified by an admin.
    pub verified: bool,
}

/// The public face of each of these users (unknown ids are left out).
pub async fn supporters(conn: &mut Conn, ids: &[Uuid]) -> QueryResult<HashMap<Uuid, Supporter>> {
    type Row = (Uuid, String, Option<String>, Option<DateTime<Utc>>);
    let rows: Vec<Row> = users::table
        .left_join(organizations::table.on(users::organization_id.eq(organizations::id.nullable())))
        .filter(users::id.eq_any(ids))
        .select((
            users::id,
            users::display_name,
            organizations::name.nullable(),
            organizations::verified_at.nullable(),
        ))
        .load(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(id, display, org, verified_at)| {
            let supporter = match org {
                Some(name) => Supporter {
                    name,
                    verified: verified_at.is_some(),
                },
                None => Supporter {
                    name: crate::domain::text::mask_name(&display),
                    verified: false,
                },
            };
            (id, supporter)
        })
        .collect())
}

/// The accounts of a household (usually one).
pub async fn of_household(conn: &mut Conn, household_id: Uuid) -> QueryResult<Vec<Uuid>> {
    users::table
        .filter(users::household_id.eq(household_id))
        .select(users::id)
        .load(conn)
        .await
}

/// The accounts of an organization.
pub async fn of_organization(conn: &mut Conn, organization_id: Uuid) -> QueryResult<Vec<Uuid>> {
    users::table
        .filter(users::organization_id.eq(organization_id))
        .select(users::id)
        .load(conn)
        .await
}

/// Every official with its jurisdiction's region code.
pub async fn officials_with_jurisdiction(conn: &mut Conn) -> QueryResult<Vec<(Uuid, String)>> {
    jurisdictions::table
        .select((jurisdictions::official_id, jurisdictions::region_code))
        .load(conn)
        .await
}

/// Officials whose digest of `today` is not sent yet, with their jurisdiction's region code.
pub async fn officials_due_digest(
    conn: &mut Conn,
    today: chrono::NaiveDate,
) -> QueryResult<Vec<(Uuid, String)>> {
    users::table
        .inner_join(jurisdictions::table.on(jurisdictions::official_id.eq(users::id)))
        .filter(users::role.eq(Role::Official))
        .filter(
            users::digest_sent_on
                .is_null()
                .or(users::digest_sent_on.lt(today)),
        )
        .select((users::id, jurisdictions::region_code))
        .load(conn)
        .await
}

/// Claims an official's digest of `today` by a conditional update: with several workers, one digest
/// a day. True when this caller won.
pub async fn claim_digest(
    conn: &mut Conn,
    official: Uuid,
    today: chrono::NaiveDate,
) -> QueryResult<bool> {
    let claimed = diesel::update(
        users::table.find(official).filter(
            users::digest_sent_on
                .is_null()
                .or(users::digest_sent_on.lt(today)),
        ),
    )
    .set(users::digest_sent_on.eq(today))
    .execute(conn)
    .await?;
    Ok(claimed == 1)
}

/// The officials whose jurisdiction covers `region`: those of the region itself or of a region
/// above it (the prefix rule of `Jurisdiction::covers`, as the region's ancestry).
pub async fn officials_covering(
    conn: &mut Conn,
    region: &crate::domain::RegionCode,
) -> QueryResult<Vec<Uuid>> {
    let codes: Vec<String> = region
        .ancestry()
        .iter()
        .map(|c| c.as_str().to_owned())
        .collect();
    jurisdictions::table
        .filter(jurisdictions::region_code.eq_any(codes))
        .order(jurisdictions::official_id)
        .select(jurisdictions::official_id)
        .load(conn)
        .await
}
