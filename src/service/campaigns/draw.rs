//! Drawing matches. A donor's pledge confirmed while campaigns run, in their scope, is recorded in
//! each campaign's ledger and draws its match from their funds — value × ratio, or what is left —
//! by one conditional update per fund, in fund id order, so no fund is ever overdrawn and two
//! confirmations never wait on each other's funds in opposite orders.
//!
//! Lock order: the caller holds the pledge and its need; the funds are locked here, all of them
//! before this function's first audit append (which takes the chain's lock), and the caller appends
//! the pledge's own event after it returns.

use crate::domain::campaign::{self, match_fen};
use crate::domain::contribution::pledge_value_fen;
use crate::domain::need::Category;
use crate::domain::{RegionCode, Role};
use crate::error::{ApiError, ApiResult};
use crate::store::campaign_matches::{self, NewMatch};
use crate::store::campaigns::{self, Campaign, Draw, Fund};
use crate::store::pledges::Pledge;
use crate::store::{audit, needs, users, Conn};
use chrono::{DateTime, Utc};
use serde_json::json;
use uuid::Uuid;

fn in_scope(c: &Campaign, region: &RegionCode, category: Category) -> bool {
    let regions: Vec<RegionCode> = c
        .region_codes
        .iter()
        .map(|r| RegionCode::from_trusted(r.clone()))
        .collect();
    let categories: Vec<Category> = c
        .categories
        .iter()
        .filter_map(|s| Category::parse(s))
        .collect();
    campaign::covers(&regions, &categories, region, category)
}

/// Records `pledge` (confirmed at `confirmed_at`; its need locked by the caller) in the ledger of
/// every campaign running then whose scope holds it, and draws its matches. Only a donor's pledge
/// (an individual) with a value counts. Runs once per pledge: a pledge already in a ledger is not
/// drawn again.
pub async fn draw_for_confirmation(
    conn: &mut Conn,
    pledge: &Pledge,
    confirmed_at: DateTime<Utc>,
) -> ApiResult<()> {
    let running = campaigns::running_at(conn, confirmed_at).await?;
    if running.is_empty() {
        return Ok(());
    }
    let need = needs::find(conn, pledge.need_id)
        .await?
        .ok_or_else(|| ApiError::internal("pledge without need"))?;
    let Some(value) = pledge_value_fen(need.estimated_value_fen, pledge.quantity, need.quantity)
        .filter(|v| *v > 0)
    else {
        return Ok(());
    };
    let donor = users::find(conn, pledge.supporter_id)
        .await?
        .is_some_and(|u| u.role == Role::Donor);
    if !donor {
        return Ok(());
    }
    let region = RegionCode::from_trusted(need.region_code.clone());
    let scope: Vec<Uuid> = running
        .iter()
        .filter(|c| in_scope(c, &region, need.category))
        .map(|c| c.id)
        .collect();
    let mut recorded = 0;
    for id in &scope {
        recorded +=
            campaign_matches::insert_pledge(conn, *id, pledge.id, need.id, value, confirmed_at)
                .await?;
    }
    if recorded == 0 {
        // Nothing in scope, or drawn already.
        return Ok(());
    }
    let funds = campaigns::funds_to_draw(conn, &scope, pledge.supporter_id).await?;
    let mut drawn: Vec<(Fund, Draw, Uuid)> = Vec::new();
    for fund in funds {
        let want = match_fen(value, fund.ratio_percent);
        let Some(d) = campaigns::draw(conn, fund.id, want, confirmed_at).await? else {
            continue;
        };
        let match_id = Uuid::new_v4();
        campaign_matches::insert_match(
            conn,
            &NewMatch {
                id: match_id,
                campaign_id: fund.campaign_id,
                fund_id: fund.id,
                pledge_id: pledge.id,
                need_id: need.id,
                enterprise_id: fund.enterprise_id,
                amount_fen: d.amount_fen,
                created_at: confirmed_at,
            },
        )
        .await?;
        drawn.push((fund, d, match_id));
    }
    // Every fund row is locked by now: the audit events may take the chain's lock.
    for (fund, d, match_id) in drawn {
        audit::append(
            conn,
            audit::Entry {
                chain: audit::AuditChain::of_code(&pledge.region_code),
                actor_id: None,
                action: "campaign_fund.drawn",
                subject_type: "campaign_fund",
                subject_id: fund.id,
                details: json!({ "campaign_id": fund.campaign_id, "match_id": match_id,
                    "pledge_id": pledge.id, "need_id": need.id, "enterprise_id": fund.enterprise_id,
                    "value_fen": value, "ratio_percent": fund.ratio_percent,
                    "amount_fen": d.amount_fen, "drawn_fen": d.drawn_fen, "cap_fen": fund.cap_fen }),
            },
        )
        .await?;
    }
    Ok(())
}
