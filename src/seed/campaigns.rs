//! The demo's campaign: 扶贫日 (17 October) is past this year, so the city runs a 扶贫日 爱心接力
//! month over Lushi County now; the enterprise matches donors 1:1 up to ¥100,000, and the donor's
//! pledge for a 杜关村 need, confirmed by the village, draws the first match. Through the service
//! functions, as over the API.

use super::household_account::{person, Person, EMAIL as HOUSEHOLD};
use crate::domain::access::Actor;
use crate::domain::campaign::{CampaignFields, FundFields};
use crate::domain::need::NeedStatus;
use crate::service::campaigns as flow;
use crate::service::pledges as pledge_flow;
use crate::store::needs::{self, Need, NeedFilter};
use crate::store::{campaigns, Conn};
use chrono::{Duration, Utc};

/// The city official (三门峡市) who opens the campaign.
pub const CITY_OFFICIAL: &str = "official.sanmenxia@demo.bangfu.cn";
const ENTERPRISE: &str = "enterprise@demo.bangfu.cn";
const DONOR: &str = "donor@demo.bangfu.cn";
const VILLAGE: &str = "411224101200";
/// Approves the donor's pledge; the other village official confirms it arrived (two people).
const APPROVER: &str = "official.duguancun2@demo.bangfu.cn";
const CONFIRMER: &str = "official.duguancun@demo.bangfu.cn";

/// Seeds the campaign once (none yet): returns lines to print.
pub async fn seed(conn: &mut Conn, config: &crate::config::Config) -> anyhow::Result<Vec<String>> {
    let (_, n) = campaigns::list(conn, None, Utc::now(), 0, 1).await?;
    if n > 0 {
        return Ok(vec![format!("  campaigns: {n} already")]);
    }
    let now = Utc::now();
    let city = person(conn, CITY_OFFICIAL).await?;
    let fields = CampaignFields {
        name: Some("扶贫日爱心接力月 · 卢氏".to_owned()),
        description: Some(
            "10月17日扶贫日之后的爱心接力：一个月里，爱心人士为卢氏县的需求捐赠并确认送达，企业按1:1配捐。"
                .to_owned(),
        ),
        starts_at: Some((now - Duration::days(1)).to_rfc3339()),
        ends_at: Some((now + Duration::days(29)).to_rfc3339()),
        regions: Some(vec!["411224".to_owned()]),
        categories: None,
    };
    let campaign = flow::create(conn, &city.auth, &city.actor, &fields, now).await?;
    let enterprise = person(conn, ENTERPRISE).await?;
    let fund = FundFields {
        ratio: Some("1".to_owned()),
        cap_fen: Some(10_000_000),
    };
    flow::pledge_fund(
        conn,
        &enterprise.auth,
        &enterprise.actor,
        campaign.id,
        &fund,
        now,
    )
    .await?;
    let drawn = donor_pledge(conn, config).await?;
    Ok(vec![format!(
        "  campaigns: 扶贫日爱心接力月 over Lushi (by {CITY_OFFICIAL}), the enterprise matches 1:1 up to ¥100,000{}",
        if drawn { "; the donor's confirmed pledge drew the first match" } else { "" }
    )])
}

/// The donor pledges one unit to an open need of 杜关村, which is approved, delivered and confirmed.
async fn donor_pledge(conn: &mut Conn, config: &crate::config::Config) -> anyhow::Result<bool> {
    let filter = NeedFilter {
        region_like: Some(format!("{VILLAGE}%")),
        statuses: vec![NeedStatus::Open],
        oldest_first: true,
        ..NeedFilter::default()
    };
    let (open, _) = needs::list(conn, &filter, 0, 50).await?;
    // Not the README household's: its needs stand in the states the README walks through.
    let readme = match person(conn, HOUSEHOLD).await?.actor {
        Actor::Household { household_id, .. } => Some(household_id),
        _ => None,
    };
    let in_reach = |n: &Need| n.pledged_quantity < n.quantity && Some(n.household_id) != readme;
    let Some(need) = open.into_iter().find(in_reach) else {
        return Ok(false);
    };
    let donor: Person = person(conn, DONOR).await?;
    let input = pledge_flow::NewPledgeInput {
        quantity: 1,
        offer_id: None,
        message: "扶贫日接力，一点心意",
    };
    let p = pledge_flow::create(conn, config, &donor.auth, &donor.actor, need.id, input).await?;
    let approver = person(conn, APPROVER).await?;
    pledge_flow::approve(conn, config, &approver.auth, &approver.actor, p.id).await?;
    let delivery = pledge_flow::Delivery {
        note: "已送到村委会，由村干部转交",
        tracking_ref: None,
        receipt_code: None,
    };
    pledge_flow::deliver(conn, &donor.auth, &donor.actor, p.id, delivery).await?;
    let confirmer = person(conn, CONFIRMER).await?;
    let thanks = Some("谢谢！");
    pledge_flow::confirm(conn, &confirmer.auth, &confirmer.actor, p.id, None, thanks).await?;
    Ok(true)
}
