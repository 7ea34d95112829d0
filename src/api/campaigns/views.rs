//! What the public sees of a campaign: its scope with region names, its funds in the enterprises'
//! organization names, and its totals. No household appears here.

use crate::domain::campaign::{phase, ratio_string, CampaignPhase};
use crate::domain::need::Category;
use crate::domain::RegionCode;
use crate::error::ApiResult;
use crate::store::campaigns::{self, Campaign, Fund, Totals};
use crate::store::{regions, Conn};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignRegion {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct FundView {
    pub id: Uuid,
    pub campaign_id: Uuid,
    /// The pledging enterprise's organization.
    pub organization_id: Uuid,
    pub organization_name: String,
    /// The ratio as a decimal string (`"1"` is 1:1, `"0.5"` adds half of each donor fen).
    #[schema(example = "1")]
    pub ratio: String,
    /// The same ratio in percent (100 is 1:1), exact.
    pub ratio_percent: i32,
    pub cap_fen: i64,
    pub drawn_fen: i64,
    pub remaining_fen: i64,
    pub created_at: DateTime<Utc>,
}

impl From<Fund> for FundView {
    fn from(f: Fund) -> Self {
        Self {
            id: f.id,
            campaign_id: f.campaign_id,
            organization_id: f.organization_id,
            organization_name: f.organization_name,
            ratio: ratio_string(f.ratio_percent),
            ratio_percent: f.ratio_percent,
            cap_fen: f.cap_fen,
            drawn_fen: f.drawn_fen,
            remaining_fen: f.cap_fen - f.drawn_fen,
            created_at: f.created_at,
        }
    }
}

/// What a campaign adds up to so far.
#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignTotals {
    /// Matching funds pledged, and their caps added up.
    pub funds: i64,
    pub pledged_fen: i64,
    /// Matches drawn from them so far, and what is left.
    pub drawn_fen: i64,
    pub remaining_fen: i64,
    /// Donor pledges confirmed in scope during the period, and their value (each pledge's share of
    /// its need's estimated value).
    pub donor_pledges: i64,
    pub donor_value_fen: i64,
    /// Matches drawn (one per pledge and fund), and the pledges that drew at least one.
    pub matches: i64,
    pub matched_pledges: i64,
    pub last_confirmed_at: Option<DateTime<Utc>>,
}

impl From<Totals> for CampaignTotals {
    fn from(t: Totals) -> Self {
        Self {
            funds: t.funds,
            pledged_fen: t.pledged_fen,
            drawn_fen: t.drawn_fen,
            remaining_fen: t.pledged_fen - t.drawn_fen,
            donor_pledges: t.donor_pledges,
            donor_value_fen: t.donor_value_fen,
            matches: t.matches,
            matched_pledges: t.matched_pledges,
            last_confirmed_at: t.last_confirmed_at,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CampaignView {
    pub id: Uuid,
    pub name: String,
    pub description: String,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    /// `upcoming`, `current` or `past`, now.
    pub phase: CampaignPhase,
    /// The regions in scope (needs under any of them).
    pub regions: Vec<CampaignRegion>,
    /// The need categories in scope; empty: every category.
    pub categories: Vec<Category>,
    pub created_at: DateTime<Utc>,
    pub totals: CampaignTotals,
    /// Its matching funds, oldest first.
    pub funds: Vec<FundView>,
}

pub async fn view(conn: &mut Conn, c: Campaign, now: DateTime<Utc>) -> ApiResult<CampaignView> {
    let codes: Vec<RegionCode> = c
        .region_codes
        .iter()
        .map(|r| RegionCode::from_trusted(r.clone()))
        .collect();
    let names = regions::find_many(conn, &codes).await?;
    let regions = c
        .region_codes
        .iter()
        .map(|code| CampaignRegion {
            code: code.clone(),
            name: names
                .iter()
                .find(|r| &r.code == code)
                .map(|r| r.name.clone())
                .unwrap_or_default(),
        })
        .collect();
    let totals = campaigns::totals(conn, c.id).await?;
    let funds = campaigns::funds_of(conn, c.id).await?;
    Ok(CampaignView {
        id: c.id,
        phase: phase(c.starts_at, c.ends_at, now),
        name: c.name,
        description: c.description,
        starts_at: c.starts_at,
        ends_at: c.ends_at,
        regions,
        categories: c
            .categories
            .iter()
            .filter_map(|s| Category::parse(s))
            .collect(),
        created_at: c.created_at,
        totals: totals.into(),
        funds: funds.into_iter().map(FundView::from).collect(),
    })
}
