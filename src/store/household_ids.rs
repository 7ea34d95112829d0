//! Household ID numbers: confirmation by an official of the village (only confirmed numbers must be
//! unique) and the re-keying of digests written before they were keyed.

use crate::domain::id_number::IdDigestKey;
use crate::schema::households;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use uuid::Uuid;

use super::Conn;

/// The old unkeyed SHA-256 digest.
pub const SCHEME_UNKEYED: i16 = 1;
/// HMAC-SHA256 of the old digest under the ID digest key.
pub const SCHEME_HMAC: i16 = 2;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = households)]
pub struct IdState {
    pub id: Uuid,
    pub id_number_digest: Option<Vec<u8>>,
    pub id_number_confirmed_at: Option<DateTime<Utc>>,
}

pub async fn state(conn: &mut Conn, id: Uuid) -> QueryResult<Option<IdState>> {
    households::table
        .find(id)
        .select(IdState::as_select())
        .first(conn)
        .await
        .optional()
}

/// Marks the household's ID number confirmed. A number confirmed for another household already
/// violates [`super::households::ID_NUMBER_UNIQUE`].
pub async fn confirm(
    conn: &mut Conn,
    id: Uuid,
    official: Uuid,
    now: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::update(
        households::table
            .find(id)
            .filter(households::id_number_digest.is_not_null())
            .filter(households::id_number_confirmed_at.is_null()),
    )
    .set((
        households::id_number_confirmed_at.eq(now),
        households::id_number_confirmed_by.eq(official),
    ))
    .execute(conn)
    .await
}

/// Re-keys every unkeyed digest in one transaction; running it again finds nothing to do.
pub async fn rekey_unkeyed(conn: &mut Conn, key: &IdDigestKey) -> QueryResult<usize> {
    conn.transaction::<_, diesel::result::Error, _>(async |conn| {
        let rows: Vec<(Uuid, Option<Vec<u8>>)> = households::table
            .filter(households::id_digest_scheme.eq(SCHEME_UNKEYED))
            .select((households::id, households::id_number_digest))
            .for_update()
            .load(conn)
            .await?;
        for (id, digest) in &rows {
            diesel::update(households::table.find(id))
                .set((
                    households::id_number_digest.eq(digest.as_deref().map(|d| key.rekey(d))),
                    households::id_digest_scheme.eq(SCHEME_HMAC),
                ))
                .execute(conn)
                .await?;
        }
        Ok(rows.len())
    })
    .await
}
