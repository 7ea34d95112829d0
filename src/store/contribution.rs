//! A supporter's contribution (`GET /me/contribution`): its pledges and its purchases in one list,
//! newest first, and their summary. A read model over `pledges` and `orders`; the summary also
//! counts the hires into the supporter's job postings.

use super::Conn;
use crate::domain::contribution::ContributionKind;
use crate::domain::order::OrderStatus;
use crate::domain::pledge::PledgeStatus;
use chrono::{DateTime, Utc};
use diesel::sql_types::{Array, BigInt, Nullable, Text, Timestamptz, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// A pledge or a purchase.
#[derive(Debug, Clone, QueryableByName)]
pub struct ContributionRow {
    /// `pledge` or `purchase`.
    #[diesel(sql_type = Text)]
    pub kind: ContributionKind,
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// The need's or the product's title.
    #[diesel(sql_type = Text)]
    pub title: String,
    #[diesel(sql_type = BigInt)]
    pub quantity: i64,
    #[diesel(sql_type = Text)]
    pub unit: String,
    /// A purchase: what it cost. A pledge: its share of the need's estimated value, when the need
    /// has one.
    #[diesel(sql_type = Nullable<BigInt>)]
    pub value_fen: Option<i64>,
    #[diesel(sql_type = Text)]
    pub status: String,
    #[diesel(sql_type = Text)]
    pub region_code: String,
    #[diesel(sql_type = Timestamptz)]
    pub created_at: DateTime<Utc>,
}

/// What the list adds up to: active pledges (pending approval to confirmed) and sold orders (paid,
/// shipped, received).
#[derive(Debug, Clone, Default, QueryableByName)]
pub struct Summary {
    #[diesel(sql_type = BigInt)]
    pub pledges: i64,
    #[diesel(sql_type = BigInt)]
    pub pledged_quantity: i64,
    #[diesel(sql_type = BigInt)]
    pub purchases: i64,
    #[diesel(sql_type = BigInt)]
    pub purchases_fen: i64,
    #[diesel(sql_type = BigInt)]
    pub total: i64,
    /// Household members hired into the supporter's job postings (就业扶贫), ended hires included.
    #[diesel(sql_type = BigInt)]
    pub hires: i64,
    /// Matches drawn from the supporter's campaign funds (an enterprise's support of the needs whose
    /// donor pledges drew them), and what they add up to.
    #[diesel(sql_type = BigInt)]
    pub matches: i64,
    #[diesel(sql_type = BigInt)]
    pub matched_fen: i64,
}

/// A pledge's share of its need's estimated value in fen (null when the need has none), over a
/// pledge `p` joined to its need `n`. The honour roll (`store::honour`) counts value the same way.
macro_rules! pledge_value_fen {
    () => {
        "CASE WHEN n.estimated_value_fen > 0
                THEN (n.estimated_value_fen * p.quantity / n.quantity)::bigint END"
    };
}

/// [`pledge_value_fen!`] as a constant, for queries built at run time.
pub const PLEDGE_VALUE_FEN: &str = pledge_value_fen!();

const ITEMS: &str = concat!(
    "
    SELECT 'pledge' AS kind, p.id, n.title, p.quantity::bigint AS quantity, n.unit,
           ",
    pledge_value_fen!(),
    " AS value_fen,
           p.status, p.region_code::text AS region_code, p.created_at
    FROM pledges p JOIN needs n ON n.id = p.need_id
    WHERE p.supporter_id = $1
    UNION ALL
    SELECT 'purchase', o.id, pr.title, o.quantity::bigint, pr.unit, o.total_fen::bigint,
           o.status, o.region_code::text, o.created_at
    FROM orders o JOIN products pr ON pr.id = o.product_id
    WHERE o.buyer_id = $1"
);

fn names<T: Copy>(all: &[T], name: fn(T) -> &'static str) -> Vec<String> {
    all.iter().map(|s| name(*s).to_owned()).collect()
}

/// One page of a supporter's pledges and purchases, newest first, and the summary of all of them.
pub async fn of_supporter(
    conn: &mut Conn,
    user_id: Uuid,
    offset: i64,
    limit: i64,
) -> diesel::QueryResult<(Vec<ContributionRow>, Summary)> {
    let rows = diesel::sql_query(format!(
        "SELECT * FROM ({ITEMS}) items ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"
    ))
    .bind::<SqlUuid, _>(user_id)
    .bind::<BigInt, _>(limit)
    .bind::<BigInt, _>(offset)
    .load(conn)
    .await?;
    let summary = diesel::sql_query(
        "SELECT
           (SELECT count(*) FROM pledges WHERE supporter_id = $1 AND status = ANY($2)) AS pledges,
           (SELECT coalesce(sum(quantity), 0)::bigint FROM pledges
             WHERE supporter_id = $1 AND status = ANY($2)) AS pledged_quantity,
           (SELECT count(*) FROM orders WHERE buyer_id = $1 AND status = ANY($3)) AS purchases,
           (SELECT coalesce(sum(total_fen), 0)::bigint FROM orders
             WHERE buyer_id = $1 AND status = ANY($3)) AS purchases_fen,
           (SELECT count(*) FROM pledges WHERE supporter_id = $1)
             + (SELECT count(*) FROM orders WHERE buyer_id = $1) AS total,
           (SELECT count(*) FROM job_applications a JOIN job_postings j ON j.id = a.job_id
             WHERE j.employer_id = $1 AND a.hired_at IS NOT NULL) AS hires,
           (SELECT count(*) FROM campaign_matches WHERE enterprise_id = $1) AS matches,
           (SELECT coalesce(sum(amount_fen), 0)::bigint FROM campaign_matches
             WHERE enterprise_id = $1) AS matched_fen",
    )
    .bind::<SqlUuid, _>(user_id)
    .bind::<Array<Text>, _>(names(&PledgeStatus::ACTIVE, PledgeStatus::as_str))
    .bind::<Array<Text>, _>(names(&OrderStatus::SOLD, OrderStatus::as_str))
    .get_result(conn)
    .await?;
    Ok((rows, summary))
}
