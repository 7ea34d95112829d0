//! What authentication reads and changes on a user: the role and the token generation. Access tokens
//! carry the generation they were issued in; bumping it (logout, password reset) retires them all.

use crate::schema::users;
use diesel::prelude::*;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

use super::Conn;

/// The role and token generation of a user, as the extractor checks them on every request.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct Credentials {
    pub id: Uuid,
    pub role: String,
    pub token_generation: i32,
}

pub async fn credentials(conn: &mut Conn, id: Uuid) -> QueryResult<Option<Credentials>> {
    users::table
        .find(id)
        .select(Credentials::as_select())
        .first(conn)
        .await
        .optional()
}

/// Retires every access token of the user; returns the new generation.
pub async fn bump_generation(conn: &mut Conn, id: Uuid) -> QueryResult<i32> {
    diesel::update(users::table.find(id))
        .set(users::token_generation.eq(users::token_generation + 1))
        .returning(users::token_generation)
        .get_result(conn)
        .await
}
