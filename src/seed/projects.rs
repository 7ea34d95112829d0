//! The demo's village crowdfunding (扶贫众筹): 杜关村's officials propose two projects hosted by the
//! charity, the county approves them, the donor and the enterprise pledge, and the charity records
//! what arrived and what it spent, each spending with a receipt picture that the county official
//! published after looking at it. The cistern is completed
//! with its report; the workshop roof is still raising money. Every step goes through the service
//! functions, as over the API.

use super::household_account::{person, Person};
use super::pictures::{self, Motif, Picture};
use crate::domain::crowdfunding::fields::ProjectContent;
use crate::domain::crowdfunding::{CloseOutcome, ReceiptDecision};
use crate::domain::RegionCode;
use crate::media::{FsStore, MediaStore};
use crate::service::projects::{
    self as flow, CloseRequest, PledgeInput, ReceiptReview, Review, SpendingInput,
};
use crate::store::project_search::{self, Mine};
use crate::store::{projects, users, Conn};
use chrono::{Duration, Utc};
use uuid::Uuid;

const VILLAGE: &str = "411224101200";
const PROPOSER: &str = "official.duguancun@demo.bangfu.cn";
/// The county approves: another official than the proposer (two people).
const REVIEWER: &str = "official.lushi@demo.bangfu.cn";
const HOST: &str = "charity@demo.bangfu.cn";
const DONOR: &str = "donor@demo.bangfu.cn";
const ENTERPRISE: &str = "enterprise@demo.bangfu.cn";

/// A project: title, description, budget lines (item, yuan), days to its deadline.
struct Plan {
    title: &'static str,
    description: &'static str,
    budget: &'static [(&'static str, i64)],
    days: i64,
}

const CISTERN: Plan = Plan {
    title: "杜关村集中供水蓄水池",
    description: "村里地势高的二十多户夏天常常断水。修一座一百立方米的蓄水池，接通山泉水，铺设入户管道，让全村吃上稳定的自来水。",
    budget: &[("水泥、砂石和钢筋", 28_000), ("管材和阀门", 17_000), ("施工人工", 15_000)],
    days: 45,
};

const ROOF: Plan = Plan {
    title: "杜关村扶贫车间屋顶翻修",
    description: "扶贫车间的彩钢瓦屋顶锈蚀漏雨，雨天车间只能停工。换新屋顶和保温层，车间里的编织工人一年四季都能上班。",
    budget: &[("彩钢瓦和保温层", 24_000), ("檩条和人工", 12_000)],
    days: 30,
};

fn receipt_picture(variant: u32) -> Picture {
    Picture {
        motif: Motif::Roots,
        sky: [236, 232, 220],
        ground: [200, 196, 186],
        main: [120, 110, 96],
        variant,
    }
}

/// Seeds the projects once (none yet in 杜关村): returns lines to print.
pub async fn seed(conn: &mut Conn, config: &crate::config::Config) -> anyhow::Result<Vec<String>> {
    let (_, n) = project_search::mine(conn, &Mine::Jurisdiction(VILLAGE.to_owned()), 0, 1).await?;
    if n > 0 {
        return Ok(vec![format!("  projects: {n} already in 杜关村")]);
    }
    let media = FsStore::new(config.data_dir.join("media"));
    let people = People {
        proposer: person(conn, PROPOSER).await?,
        reviewer: person(conn, REVIEWER).await?,
        host: person(conn, HOST).await?,
        donor: person(conn, DONOR).await?,
        enterprise: person(conn, ENTERPRISE).await?,
    };
    let Some(host_org) = users::find(conn, people.host.auth.id)
        .await?
        .and_then(|u| u.organization_id)
    else {
        anyhow::bail!("{HOST} has no organization");
    };
    let cistern = people.open(conn, &CISTERN, host_org).await?;
    // The whole target arrives and is spent, line by line; then the charity reports.
    let pledges = [
        (&people.donor, 500_000, "给村里的孩子们一口干净水"),
        (&people.enterprise, 5_500_000, "绿源农业认捐管材和施工"),
    ];
    for (who, amount, message) in pledges {
        let p = people.pledge(conn, who, cistern, amount, message).await?;
        people.receive(conn, cistern, p, amount).await?;
    }
    let lines = projects::lines(conn, cistern).await?;
    for (i, line) in lines.iter().enumerate() {
        let spending = SpendingInput {
            budget_line_id: line.id,
            amount_fen: line.amount_fen,
            description: format!("{}（发票已存档）", line.item),
            spent_on: Utc::now().date_naive(),
        };
        people
            .spend(conn, &media, cistern, &spending, i as u32)
            .await?;
    }
    let h = &people.host;
    let report = CloseRequest {
        outcome: CloseOutcome::Completed,
        report: Some("蓄水池已建成并通水，二十三户接通入户管道，村委会负责日常维护。".to_owned()),
        reason: None,
    };
    flow::close(conn, &h.auth, &h.actor, cistern, &report).await?;

    // Still raising money: the donor's pledge arrived and part of it is spent; the enterprise's
    // has not arrived yet.
    let roof = people.open(conn, &ROOF, host_org).await?;
    let by_donor = people
        .pledge(conn, &people.donor, roof, 200_000, "车间早日修好")
        .await?;
    people.receive(conn, roof, by_donor, 200_000).await?;
    people
        .pledge(conn, &people.enterprise, roof, 1_000_000, "认捐彩钢瓦")
        .await?;
    if let Some(line) = projects::lines(conn, roof).await?.first() {
        let spending = SpendingInput {
            budget_line_id: line.id,
            amount_fen: 150_000,
            description: "屋顶勘测和旧瓦拆除".to_owned(),
            spent_on: Utc::now().date_naive(),
        };
        people.spend(conn, &media, roof, &spending, 9).await?;
    }
    Ok(vec![
        "  projects: 杜关村's cistern (completed, with its ledger and receipts) and workshop roof (raising money), hosted by the charity".to_owned(),
    ])
}

struct People {
    proposer: Person,
    reviewer: Person,
    host: Person,
    donor: Person,
    enterprise: Person,
}

impl People {
    /// Proposed by the village, approved by the county.
    async fn open(&self, conn: &mut Conn, plan: &Plan, host: Uuid) -> anyhow::Result<Uuid> {
        let content = ProjectContent {
            title: plan.title.to_owned(),
            description: plan.description.to_owned(),
            region_code: RegionCode::from_trusted(VILLAGE.to_owned()),
            host_organization_id: host,
            target_fen: plan.budget.iter().map(|(_, yuan)| yuan * 100).sum(),
            deadline: Utc::now() + Duration::days(plan.days),
            budget: plan
                .budget
                .iter()
                .map(|(item, yuan)| ((*item).to_owned(), yuan * 100))
                .collect(),
        };
        let p = &self.proposer;
        let project = flow::create(conn, &p.auth, &p.actor, &content).await?;
        let r = &self.reviewer;
        flow::review(conn, &r.auth, &r.actor, project.id, Review::Approve).await?;
        Ok(project.id)
    }

    async fn pledge(
        &self,
        conn: &mut Conn,
        who: &Person,
        project: Uuid,
        amount_fen: i64,
        message: &str,
    ) -> anyhow::Result<Uuid> {
        let input = PledgeInput {
            amount_fen,
            message: message.to_owned(),
            anonymous: false,
        };
        let pledge = flow::pledge(conn, &who.auth, &who.actor, project, &input).await?;
        Ok(pledge.id)
    }

    async fn receive(
        &self,
        conn: &mut Conn,
        project: Uuid,
        pledge: Uuid,
        amount_fen: i64,
    ) -> anyhow::Result<()> {
        let (h, today) = (&self.host, Utc::now().date_naive());
        flow::receipt(conn, &h.auth, &h.actor, project, pledge, amount_fen, today).await?;
        Ok(())
    }

    async fn spend(
        &self,
        conn: &mut Conn,
        media: &FsStore,
        project: Uuid,
        spending: &SpendingInput,
        picture: u32,
    ) -> anyhow::Result<()> {
        let image =
            crate::media::accept_blocking(pictures::draw(&receipt_picture(picture))?).await?;
        let h = &self.host;
        let media = media as &dyn MediaStore;
        let stored = flow::store_image(media, &image).await?;
        let done =
            flow::add_spending(conn, &h.auth, &h.actor, project, spending, &image, &stored).await;
        if done.is_err() {
            flow::remove_bytes(media, &stored.1).await;
        }
        let row = done?;
        // The county's official (not the proposer) looked at the picture and published it.
        let r = &self.reviewer;
        let publish = ReceiptReview {
            decision: ReceiptDecision::Publish,
            reason: None,
        };
        flow::review_receipt(conn, &r.auth, &r.actor, project, row.id, &publish).await?;
        Ok(())
    }
}
