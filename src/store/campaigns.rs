//! Campaigns and their matching funds. A fund's `drawn_fen` only moves through [`draw`]: one
//! conditional update that takes what is asked or what is left, never more than the cap.

use super::Conn;
use crate::domain::campaign::CampaignPhase;
use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Integer, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::{OptionalExtension, QueryableByName};
use diesel_async::RunQueryDsl;
use uuid::Uuid;

#[derive(Debug, Clone, QueryableByName)]
pub struct Campaign {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = Text)]
    pub name: String,
    #[diesel(sql_type = Text)]
    pub description: String,
    #[diesel(sql_type = Timestamptz)]
    pub starts_at: DateTime<Utc>,
    #[diesel(sql_type = Timestamptz)]
    pub ends_at: DateTime<Utc>,
    #[diesel(sql_type = Array<Text>)]
    pub region_codes: Vec<String>,
    #[diesel(sql_type = Array<Text>)]
    pub categories: Vec<String>,
    #[diesel(sql_type = SqlUuid)]
    pub created_by: Uuid,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

pub struct NewCampaign<'a> {
    pub id: Uuid,
    pub name: &'a str,
    pub description: &'a str,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub region_codes: Vec<String>,
    pub categories: Vec<String>,
    pub created_by: Uuid,
    pub created_at: DateTime<Utc>,
}

const COLUMNS: &str =
    "id, name, description, starts_at, ends_at, region_codes, categories, created_by, created_at";

pub async fn insert(conn: &mut Conn, c: &NewCampaign<'_>) -> diesel::QueryResult<Campaign> {
    diesel::sql_query(format!(
        "INSERT INTO campaigns ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         RETURNING {COLUMNS}"
    ))
    .bind::<SqlUuid, _>(c.id)
    .bind::<Text, _>(c.name)
    .bind::<Text, _>(c.description)
    .bind::<Timestamptz, _>(c.starts_at)
    .bind::<Timestamptz, _>(c.ends_at)
    .bind::<Array<Text>, _>(&c.region_codes)
    .bind::<Array<Text>, _>(&c.categories)
    .bind::<SqlUuid, _>(c.created_by)
    .bind::<Timestamptz, _>(c.created_at)
    .get_result(conn)
    .await
}

pub async fn find(conn: &mut Conn, id: Uuid) -> diesel::QueryResult<Option<Campaign>> {
    diesel::sql_query(format!("SELECT {COLUMNS} FROM campaigns WHERE id = $1"))
        .bind::<SqlUuid, _>(id)
        .get_result(conn)
        .await
        .optional()
}

/// The condition and order of a list of campaigns in one phase at `$1`.
fn phase_sql(phase: Option<CampaignPhase>) -> (&'static str, &'static str) {
    match phase {
        Some(CampaignPhase::Current) => ("starts_at <= $1 AND ends_at > $1", "ends_at, id"),
        Some(CampaignPhase::Upcoming) => ("starts_at > $1", "starts_at, id"),
        Some(CampaignPhase::Past) => ("ends_at <= $1", "ends_at DESC, id"),
        None => ("$1 = $1", "starts_at DESC, id"),
    }
}

/// One page of campaigns in `phase` (all when `None`) as of `now`, and how many there are: current
/// ones ending soonest first, upcoming ones starting soonest first, past ones latest first.
pub async fn list(
    conn: &mut Conn,
    phase: Option<CampaignPhase>,
    now: DateTime<Utc>,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<(Vec<Campaign>, i64)> {
    let (cond, order) = phase_sql(phase);
    let rows = diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM campaigns WHERE {cond} ORDER BY {order} LIMIT $2 OFFSET $3"
    ))
    .bind::<Timestamptz, _>(now)
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(offset)
    .load(conn)
    .await?;
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = BigInt)]
        n: i64,
    }
    let total: Count =
        diesel::sql_query(format!("SELECT count(*) AS n FROM campaigns WHERE {cond}"))
            .bind::<Timestamptz, _>(now)
            .get_result(conn)
            .await?;
    Ok((rows, total.n))
}

/// Campaigns running at `at` (started, not ended); scope is decided by the caller.
pub async fn running_at(conn: &mut Conn, at: DateTime<Utc>) -> diesel::QueryResult<Vec<Campaign>> {
    diesel::sql_query(format!(
        "SELECT {COLUMNS} FROM campaigns WHERE ends_at > $1 AND starts_at <= $1 ORDER BY id"
    ))
    .bind::<Timestamptz, _>(at)
    .load(conn)
    .await
}

#[derive(Debug, Clone, QueryableByName)]
pub struct Fund {
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub campaign_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub enterprise_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    pub organization_id: Uuid,
    #[diesel(sql_type = Integer)]
    pub ratio_percent: i32,
    #[diesel(sql_type = BigInt)]
    pub cap_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub drawn_fen: i64,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
    /// The organization's name (public: funds are pledged in its name).
    #[diesel(sql_type = Text)]
    pub organization_name: String,
}

pub struct NewFund {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub enterprise_id: Uuid,
    pub organization_id: Uuid,
    pub ratio_percent: i32,
    pub cap_fen: i64,
    pub created_at: DateTime<Utc>,
}

const FUND_COLUMNS: &str =
    "f.id, f.campaign_id, f.enterprise_id, f.organization_id, f.ratio_percent,
    f.cap_fen, f.drawn_fen, f.created_at, o.name AS organization_name";

pub async fn insert_fund(conn: &mut Conn, f: &NewFund) -> diesel::QueryResult<Fund> {
    diesel::sql_query(format!(
        "WITH f AS (
           INSERT INTO campaign_funds (id, campaign_id, enterprise_id, organization_id, ratio_percent,
                                       cap_fen, created_at, updated_at)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING *)
         SELECT {FUND_COLUMNS} FROM f JOIN organizations o ON o.id = f.organization_id"
    ))
    .bind::<SqlUuid, _>(f.id)
    .bind::<SqlUuid, _>(f.campaign_id)
    .bind::<SqlUuid, _>(f.enterprise_id)
    .bind::<SqlUuid, _>(f.organization_id)
    .bind::<Integer, _>(f.ratio_percent)
    .bind::<BigInt, _>(f.cap_fen)
    .bind::<Timestamptz, _>(f.created_at)
    .get_result(conn)
    .await
}

/// A campaign's funds, oldest first.
pub async fn funds_of(conn: &mut Conn, campaign_id: Uuid) -> diesel::QueryResult<Vec<Fund>> {
    diesel::sql_query(format!(
        "SELECT {FUND_COLUMNS} FROM campaign_funds f JOIN organizations o ON o.id = f.organization_id
         WHERE f.campaign_id = $1 ORDER BY f.created_at, f.id"
    ))
    .bind::<SqlUuid, _>(campaign_id)
    .load(conn)
    .await
}

/// The funds of `campaigns` with something left, not `supporter`'s own, in id order: the one order
/// every draw locks them in.
pub async fn funds_to_draw(
    conn: &mut Conn,
    campaigns: &[Uuid],
    supporter: Uuid,
) -> diesel::QueryResult<Vec<Fund>> {
    diesel::sql_query(format!(
        "SELECT {FUND_COLUMNS} FROM campaign_funds f JOIN organizations o ON o.id = f.organization_id
         WHERE f.campaign_id = ANY($1) AND f.enterprise_id <> $2 AND f.drawn_fen < f.cap_fen
         ORDER BY f.id"
    ))
    .bind::<Array<SqlUuid>, _>(campaigns)
    .bind::<SqlUuid, _>(supporter)
    .load(conn)
    .await
}

/// A draw: what was taken and the fund's drawn total after it.
#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct Draw {
    #[diesel(sql_type = BigInt)]
    pub amount_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub drawn_fen: i64,
}

/// Takes `want` fen from a fund, or what is left when less remains, in one conditional statement
/// (the row lock is held to the end of the transaction): `None` when nothing is left.
pub async fn draw(
    conn: &mut Conn,
    fund_id: Uuid,
    want: i64,
    now: DateTime<Utc>,
) -> diesel::QueryResult<Option<Draw>> {
    diesel::sql_query(
        "UPDATE campaign_funds
         SET drawn_fen = drawn_fen + LEAST($2, cap_fen - drawn_fen),
             last_draw_fen = LEAST($2, cap_fen - drawn_fen),
             updated_at = $3
         WHERE id = $1 AND $2 > 0 AND drawn_fen < cap_fen
         RETURNING last_draw_fen AS amount_fen, drawn_fen",
    )
    .bind::<SqlUuid, _>(fund_id)
    .bind::<BigInt, _>(want)
    .bind::<Timestamptz, _>(now)
    .get_result(conn)
    .await
    .optional()
}

/// What a campaign adds up to.
#[derive(Debug, Clone, Default, QueryableByName)]
pub struct Totals {
    #[diesel(sql_type = BigInt)]
    pub funds: i64,
    #[diesel(sql_type = BigInt)]
    pub pledged_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub drawn_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub donor_pledges: i64,
    #[diesel(sql_type = BigInt)]
    pub donor_value_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub matches: i64,
    #[diesel(sql_type = BigInt)]
    pub matched_pledges: i64,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    pub last_confirmed_at: Option<DateTime<Utc>>,
}

pub async fn totals(conn: &mut Conn, campaign_id: Uuid) -> diesel::QueryResult<Totals> {
    diesel::sql_query(
        "SELECT
           (SELECT count(*) FROM campaign_funds WHERE campaign_id = $1) AS funds,
           (SELECT coalesce(sum(cap_fen), 0)::bigint FROM campaign_funds WHERE campaign_id = $1)
             AS pledged_fen,
           (SELECT coalesce(sum(drawn_fen), 0)::bigint FROM campaign_funds WHERE campaign_id = $1)
             AS drawn_fen,
           (SELECT count(*) FROM campaign_pledges WHERE campaign_id = $1) AS donor_pledges,
           (SELECT coalesce(sum(value_fen), 0)::bigint FROM campaign_pledges WHERE campaign_id = $1)
             AS donor_value_fen,
           (SELECT count(*) FROM campaign_matches WHERE campaign_id = $1) AS matches,
           (SELECT count(DISTINCT pledge_id) FROM campaign_matches WHERE campaign_id = $1)
             AS matched_pledges,
           (SELECT max(confirmed_at) FROM campaign_pledges WHERE campaign_id = $1)
             AS last_confirmed_at",
    )
    .bind::<SqlUuid, _>(campaign_id)
    .get_result(conn)
    .await
}
