//! The ledger's totals checked against their rows, for `bangfu audit verify`: each project's
//! pledged (pledges that did not lapse), received, spent and refunded columns equal the sums of its
//! pledge, receipt, spending and refund rows; each pledge's received and refunded equal its receipts
//! and refunds; each budget line's spent equals its spending rows.

use super::Conn;
use diesel::sql_types::{BigInt, Text, Uuid as SqlUuid};
use diesel::QueryableByName;
use diesel_async::RunQueryDsl;
use uuid::Uuid;

/// One total that does not equal the sum of its rows.
#[derive(Debug, Clone, QueryableByName)]
pub struct Mismatch {
    /// `project`, `pledge` or `budget_line`.
    #[diesel(sql_type = Text)]
    pub subject: String,
    #[diesel(sql_type = SqlUuid)]
    pub id: Uuid,
    /// The column, e.g. `received_fen`.
    #[diesel(sql_type = Text)]
    pub column: String,
    #[diesel(sql_type = BigInt)]
    pub recorded: i64,
    #[diesel(sql_type = BigInt)]
    pub sum: i64,
}

const QUERY: &str = r#"
WITH p AS (
    SELECT pr.id, pr.pledged_fen, pr.received_fen, pr.spent_fen, pr.refunded_fen,
        (SELECT coalesce(sum(amount_fen), 0) FROM project_pledges
          WHERE project_id = pr.id AND status <> 'lapsed')::bigint AS pledges,
        (SELECT coalesce(sum(amount_fen), 0) FROM project_receipts WHERE project_id = pr.id)::bigint AS receipts,
        (SELECT coalesce(sum(amount_fen), 0) FROM project_spending WHERE project_id = pr.id)::bigint AS spending,
        (SELECT coalesce(sum(amount_fen), 0) FROM project_refunds WHERE project_id = pr.id)::bigint AS refunds
    FROM projects pr
), pl AS (
    SELECT pp.id, pp.received_fen, pp.refunded_fen,
        (SELECT coalesce(sum(amount_fen), 0) FROM project_receipts WHERE pledge_id = pp.id)::bigint AS receipts,
        (SELECT coalesce(sum(amount_fen), 0) FROM project_refunds WHERE pledge_id = pp.id)::bigint AS refunds
    FROM project_pledges pp
), bl AS (
    SELECT b.id, b.spent_fen,
        (SELECT coalesce(sum(amount_fen), 0) FROM project_spending WHERE budget_line_id = b.id)::bigint AS spending
    FROM project_budget_lines b
)
SELECT * FROM (
    SELECT 'project' AS subject, id, 'pledged_fen' AS "column", pledged_fen AS recorded, pledges AS sum FROM p WHERE pledged_fen <> pledges
    UNION ALL SELECT 'project', id, 'received_fen', received_fen, receipts FROM p WHERE received_fen <> receipts
    UNION ALL SELECT 'project', id, 'spent_fen', spent_fen, spending FROM p WHERE spent_fen <> spending
    UNION ALL SELECT 'project', id, 'refunded_fen', refunded_fen, refunds FROM p WHERE refunded_fen <> refunds
    UNION ALL SELECT 'pledge', id, 'received_fen', received_fen, receipts FROM pl WHERE received_fen <> receipts
    UNION ALL SELECT 'pledge', id, 'refunded_fen', refunded_fen, refunds FROM pl WHERE refunded_fen <> refunds
    UNION ALL SELECT 'budget_line', id, 'spent_fen', spent_fen, spending FROM bl WHERE spent_fen <> spending
) m ORDER BY subject, id, "column"
"#;

/// Every total that does not equal the sum of its rows (none on a sound ledger).
pub async fn mismatches(conn: &mut Conn) -> diesel::QueryResult<Vec<Mismatch>> {
    diesel::sql_query(QUERY).load(conn).await
}
