//! The honour roll and supporters' public figures: a read model over confirmed pledges (see
//! `domain::honour` for the definitions), and the supporters' honour settings on `users`.

use super::contribution::PLEDGE_VALUE_FEN;
use super::Conn;
use crate::domain::Role;
use crate::schema::users;
use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Double, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// Supporter roles as stored.
const SUPPORTERS: &str = "('donor', 'enterprise', 'social_org')";

/// One supporter on the roll, or on its own page.
#[derive(Debug, Clone, QueryableByName)]
pub struct Standing {
    #[diesel(sql_type = SqlUuid)]
    pub user_id: Uuid,
    #[diesel(sql_type = Text)]
    pub role: Role,
    #[diesel(sql_type = Text)]
    pub display_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    pub organization_name: Option<String>,
    #[diesel(sql_type = Bool)]
    pub organization_verified: bool,
    #[diesel(sql_type = Bool)]
    pub show_name: bool,
    #[diesel(sql_type = BigInt)]
    pub value_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub households: i64,
    #[diesel(sql_type = BigInt)]
    pub confirmed: i64,
    #[diesel(sql_type = Nullable<Double>)]
    pub rating_average: Option<f64>,
    #[diesel(sql_type = BigInt)]
    pub rating_count: i64,
}

fn confirmed_help(filter: &str) -> String {
    format!(
        "SELECT p.supporter_id, n.household_id, p.rating,
                coalesce({PLEDGE_VALUE_FEN}, 0)::bigint AS value_fen
         FROM pledges p JOIN needs n ON n.id = p.need_id
         WHERE p.status = 'confirmed' AND {filter}"
    )
}

const STANDING: &str = "u.id AS user_id, u.role, u.display_name, o.name AS organization_name,
       (o.verified_at IS NOT NULL) AS organization_verified, u.honour_show_name AS show_name,
       coalesce(sum(c.value_fen), 0)::bigint AS value_fen,
       count(DISTINCT c.household_id) AS households, count(c.supporter_id) AS confirmed,
       avg(c.rating)::float8 AS rating_average, count(c.rating) AS rating_count";

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    n: i64,
}

/// One page of the roll: listed supporters with confirmed help in the region's subtree
/// (`region_like`) confirmed in `[from, to)`, by value delivered, then households helped, then
/// ratings; and how many supporters the roll holds.
pub async fn roll(
    conn: &mut Conn,
    region_like: &str,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    offset: i64,
    limit: i64,
) -> QueryResult<(Vec<Standing>, i64)> {
    let help =
        confirmed_help("p.region_code LIKE $1 AND p.confirmed_at >= $2 AND p.confirmed_at < $3");
    let rows = diesel::sql_query(format!(
        "SELECT {STANDING}
         FROM ({help}) c JOIN users u ON u.id = c.supporter_id
         LEFT JOIN organizations o ON o.id = u.organization_id
         WHERE u.role IN {SUPPORTERS} AND u.honour_listed
         GROUP BY u.id, o.id
         ORDER BY value_fen DESC, households DESC, rating_count DESC, u.id
         LIMIT $4 OFFSET $5"
    ))
    .bind::<Text, _>(region_like)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(offset)
    .load(conn)
    .await?;
    let total: Count = diesel::sql_query(format!(
        "SELECT count(DISTINCT c.supporter_id) AS n
         FROM ({help}) c JOIN users u ON u.id = c.supporter_id
         WHERE u.role IN {SUPPORTERS} AND u.honour_listed"
    ))
    .bind::<Text, _>(region_like)
    .bind::<Timestamptz, _>(from)
    .bind::<Timestamptz, _>(to)
    .get_result(conn)
    .await?;
    Ok((rows, total.n))
}

/// A listed supporter's standing over all its confirmed help; `None` when the account is no
/// supporter or opted out.
pub async fn standing(conn: &mut Conn, user_id: Uuid) -> QueryResult<Option<Standing>> {
    let help = confirmed_help("p.supporter_id = $1");
    diesel::sql_query(format!(
        "SELECT {STANDING}
         FROM users u LEFT JOIN ({help}) c ON c.supporter_id = u.id
         LEFT JOIN organizations o ON o.id = u.organization_id
         WHERE u.id = $1 AND u.role IN {SUPPORTERS} AND u.honour_listed
         GROUP BY u.id, o.id"
    ))
    .bind::<SqlUuid, _>(user_id)
    .get_result(conn)
    .await
    .optional()
}

/// What a supporter's page adds to its standing.
#[derive(Debug, Clone, Default)]
pub struct Record {
    /// Pledges ever approved (see `domain::honour`).
    pub approved: i64,
    /// Seconds from approval to confirmation, one per confirmed pledge.
    pub delivery_seconds: Vec<i64>,
    /// Ratings 1 to 5: how many of each.
    pub distribution: [i64; 5],
}

#[derive(QueryableByName)]
struct Approved {
    #[diesel(sql_type = BigInt)]
    approved: i64,
}

#[derive(QueryableByName)]
struct Seconds {
    #[diesel(sql_type = BigInt)]
    seconds: i64,
}

#[derive(QueryableByName)]
struct RatingCount {
    #[diesel(sql_type = diesel::sql_types::SmallInt)]
    rating: i16,
    #[diesel(sql_type = BigInt)]
    n: i64,
}

pub async fn record(conn: &mut Conn, user_id: Uuid) -> QueryResult<Record> {
    let approved: Approved = diesel::sql_query(
        "SELECT count(*) AS approved FROM pledges
         WHERE supporter_id = $1 AND decided_at IS NOT NULL
           AND status IN ('approved', 'delivered', 'confirmed', 'expired', 'cancelled')",
    )
    .bind::<SqlUuid, _>(user_id)
    .get_result(conn)
    .await?;
    let seconds: Vec<Seconds> = diesel::sql_query(
        "SELECT greatest(0, extract(epoch FROM confirmed_at - decided_at))::bigint AS seconds
         FROM pledges
         WHERE supporter_id = $1 AND status = 'confirmed'
           AND decided_at IS NOT NULL AND confirmed_at IS NOT NULL",
    )
    .bind::<SqlUuid, _>(user_id)
    .load(conn)
    .await?;
    let ratings: Vec<RatingCount> = diesel::sql_query(
        "SELECT rating, count(*) AS n FROM pledges
         WHERE supporter_id = $1 AND status = 'confirmed' AND rating BETWEEN 1 AND 5
         GROUP BY rating",
    )
    .bind::<SqlUuid, _>(user_id)
    .load(conn)
    .await?;
    let mut distribution = [0; 5];
    for r in ratings {
        if let Some(slot) = usize::try_from(r.rating - 1)
            .ok()
            .and_then(|i| distribution.get_mut(i))
        {
            *slot = r.n;
        }
    }
    Ok(Record {
        approved: approved.approved,
        delivery_seconds: seconds.into_iter().map(|s| s.seconds).collect(),
        distribution,
    })
}

/// A supporter's honour settings: (show its name, listed).
pub async fn settings(conn: &mut Conn, user_id: Uuid) -> QueryResult<Option<(bool, bool)>> {
    users::table
        .find(user_id)
        .select((users::honour_show_name, users::honour_listed))
        .first(conn)
        .await
        .optional()
}

/// Changes the settings given; returns them as they are afterwards.
pub async fn set_settings(
    conn: &mut Conn,
    user_id: Uuid,
    show_name: Option<bool>,
    listed: Option<bool>,
) -> QueryResult<(bool, bool)> {
    #[derive(AsChangeset)]
    #[diesel(table_name = users)]
    struct Change {
        honour_show_name: Option<bool>,
        honour_listed: Option<bool>,
        updated_at: DateTime<Utc>,
    }
    diesel::update(users::table.find(user_id))
        .set(Change {
            honour_show_name: show_name,
            honour_listed: listed,
            updated_at: Utc::now(),
        })
        .returning((users::honour_show_name, users::honour_listed))
        .get_result(conn)
        .await
}
