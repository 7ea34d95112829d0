//! The campaigns' ledger: donor pledges confirmed in a campaign's scope (`campaign_pledges`) and
//! the matches they drew from funds (`campaign_matches`), and the cumulative progress series both
//! make, read through their `(campaign_id, time)` indexes.

use super::Conn;
use chrono::{DateTime, Utc};
use diesel::sql_types::{BigInt, Integer, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// Records a donor pledge confirmed in a campaign's scope (once: a second call changes nothing).
pub async fn insert_pledge(
    conn: &mut Conn,
    campaign_id: Uuid,
    pledge_id: Uuid,
    need_id: Uuid,
    value_fen: i64,
    confirmed_at: DateTime<Utc>,
) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO campaign_pledges (campaign_id, pledge_id, need_id, value_fen, confirmed_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind::<SqlUuid, _>(campaign_id)
    .bind::<SqlUuid, _>(pledge_id)
    .bind::<SqlUuid, _>(need_id)
    .bind::<BigInt, _>(value_fen)
    .bind::<Timestamptz, _>(confirmed_at)
    .execute(conn)
    .await
}

pub struct NewMatch {
    pub id: Uuid,
    pub campaign_id: Uuid,
    pub fund_id: Uuid,
    pub pledge_id: Uuid,
    pub need_id: Uuid,
    pub enterprise_id: Uuid,
    pub amount_fen: i64,
    pub created_at: DateTime<Utc>,
}

pub async fn insert_match(conn: &mut Conn, m: &NewMatch) -> diesel::QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO campaign_matches
           (id, campaign_id, fund_id, pledge_id, need_id, enterprise_id, amount_fen, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind::<SqlUuid, _>(m.id)
    .bind::<SqlUuid, _>(m.campaign_id)
    .bind::<SqlUuid, _>(m.fund_id)
    .bind::<SqlUuid, _>(m.pledge_id)
    .bind::<SqlUuid, _>(m.need_id)
    .bind::<SqlUuid, _>(m.enterprise_id)
    .bind::<BigInt, _>(m.amount_fen)
    .bind::<Timestamptz, _>(m.created_at)
    .execute(conn)
    .await
}

/// One point of a progress series: totals up to the end of bucket `i`.
#[derive(Debug, Clone, QueryableByName)]
pub struct Point {
    #[diesel(sql_type = Integer)]
    pub i: i32,
    #[diesel(sql_type = BigInt)]
    pub donor_pledges: i64,
    #[diesel(sql_type = BigInt)]
    pub donor_value_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub matches: i64,
    #[diesel(sql_type = BigInt)]
    pub matched_fen: i64,
}

/// Cumulative totals at the end of each of `buckets` buckets of `step_seconds`, counted from
/// `origin` (at or before the campaign's `start`, see `domain::campaign_days`), of what happened
/// from `start` on: one grouped scan of each ledger table, summed up by a window.
pub async fn progress(
    conn: &mut Conn,
    campaign_id: Uuid,
    (start, origin): (DateTime<Utc>, DateTime<Utc>),
    step_seconds: i64,
    buckets: i32,
) -> diesel::QueryResult<Vec<Point>> {
    if buckets <= 0 {
        return Ok(Vec::new());
    }
    diesel::sql_query(
        "WITH b AS (SELECT generate_series(0, $4 - 1) AS i),
         until AS (SELECT $5 + make_interval(secs => $3::double precision * $4) AS t),
         p AS (SELECT floor(extract(epoch FROM confirmed_at - $5) / $3)::int AS i,
                      count(*) AS n, sum(value_fen) AS v
               FROM campaign_pledges
               WHERE campaign_id = $1 AND confirmed_at >= $2 AND confirmed_at < (SELECT t FROM until)
               GROUP BY 1),
         m AS (SELECT floor(extract(epoch FROM created_at - $5) / $3)::int AS i,
                      count(*) AS n, sum(amount_fen) AS v
               FROM campaign_matches
               WHERE campaign_id = $1 AND created_at >= $2 AND created_at < (SELECT t FROM until)
               GROUP BY 1)
         SELECT b.i,
                (sum(coalesce(p.n, 0)) OVER w)::bigint AS donor_pledges,
                (sum(coalesce(p.v, 0)) OVER w)::bigint AS donor_value_fen,
                (sum(coalesce(m.n, 0)) OVER w)::bigint AS matches,
                (sum(coalesce(m.v, 0)) OVER w)::bigint AS matched_fen
         FROM b LEFT JOIN p ON p.i = b.i LEFT JOIN m ON m.i = b.i
         WINDOW w AS (ORDER BY b.i)
         ORDER BY b.i",
    )
    .bind::<SqlUuid, _>(campaign_id)
    .bind::<Timestamptz, _>(start)
    .bind::<BigInt, _>(step_seconds)
    .bind::<Integer, _>(buckets)
    .bind::<Timestamptz, _>(origin)
    .load(conn)
    .await
}
