//! The README's household account (`household@demo.bangfu.cn`, 张建国's family in 杜关村) with a need
//! in every state, and pledges in the states that go with them. Unlike the bulk demo, every step goes
//! through the same service functions as the API (rules, audit chain, mail, index jobs), taken by
//! the demo's people: the household posts, a village official reviews, the second village official
//! approves pledges, the supporters pledge, deliver and cancel.

use crate::auth::AuthUser;
use crate::config::Config;
use crate::domain::access::Actor;
use crate::domain::need_fields::NeedFields;
use crate::domain::{Jurisdiction, RegionCode, Role};
use crate::service::{needs as need_flow, pledges as pledge_flow};
use crate::store::needs::{Need, NeedFilter};
use crate::store::pledges::Pledge;
use crate::store::{needs, users, Conn};
use chrono::{DateTime, Duration, Utc};
use diesel_async::AsyncConnection;
use uuid::Uuid;

pub const EMAIL: &str = "household@demo.bangfu.cn";

/// A demo person acting through the services, as its token would.
pub(super) struct Person {
    pub(super) auth: AuthUser,
    pub(super) actor: Actor,
}

pub(super) async fn person(conn: &mut Conn, email: &str) -> anyhow::Result<Person> {
    let Some(user) = users::find_by_email(conn, email).await? else {
        anyhow::bail!("the demo account {email} is missing");
    };
    let actor = match user.role {
        Role::Household => Actor::Household {
            user_id: user.id,
            household_id: user
                .household_id
                .ok_or_else(|| anyhow::anyhow!("{email} has no household"))?,
        },
        Role::Official => {
            let Some(j) = users::jurisdiction_of(conn, user.id).await? else {
                anyhow::bail!("{email} has no jurisdiction");
            };
            Actor::Official {
                user_id: user.id,
                jurisdiction: Jurisdiction::new(RegionCode::from_trusted(j.region_code)),
            }
        }
        role => Actor::Supporter {
            user_id: user.id,
            role,
        },
    };
    let auth = AuthUser {
        id: user.id,
        role: user.role,
        token_id: Uuid::nil(),
    };
    Ok(Person { auth, actor })
}

/// What the household asks for.
struct Ask {
    title: &'static str,
    description: &'static str,
    category: &'static str,
    quantity: i64,
    unit: &'static str,
    value_fen: i64,
    urgency: &'static str,
}

/// The demo's people, and when "now" is.
struct Demo<'a> {
    config: &'a Config,
    household: Person,
    village: String,
    reviewer: Person,
    approver: Person,
    donor: Person,
    enterprise: Person,
    charity: Person,
    now: DateTime<Utc>,
}

impl Demo<'_> {
    /// The household posts `ask`, `days_ago` days ago, due `due_in_days` days after posting.
    async fn post(
        &self,
        conn: &mut Conn,
        ask: &Ask,
        days_ago: i64,
        due_in_days: i64,
    ) -> anyhow::Result<Need> {
        let posted = self.now - Duration::days(days_ago);
        let fields = NeedFields {
            title: Some(ask.title.to_owned()),
            description: Some(ask.description.to_owned()),
            category: Some(ask.category.to_owned()),
            quantity: Some(ask.quantity),
            unit: Some(ask.unit.to_owned()),
            estimated_value_fen: Some(ask.value_fen),
            urgency: Some(ask.urgency.to_owned()),
            deadline: Some((posted + Duration::days(due_in_days)).to_rfc3339()),
        };
        let draft = need_flow::NeedDraft {
            fields,
            region_code: Some(self.village.clone()),
            household_id: None,
        };
        let h = &self.household;
        Ok(need_flow::create(conn, &h.auth, &h.actor, draft, posted).await?)
    }

    async fn review(
        &self,
        conn: &mut Conn,
        need: &Need,
        reason: Option<&str>,
    ) -> anyhow::Result<()> {
        let r = &self.reviewer;
        let decision = need_flow::ReviewDecision {
            approve: reason.is_none(),
            reason,
            seen_updated_at: None,
        };
        let rules = &self.config.review_rules;
        need_flow::review(conn, &r.auth, &r.actor, rules, need.id, decision).await?;
        Ok(())
    }

    async fn pledge(
        &self,
        conn: &mut Conn,
        who: &Person,
        need: &Need,
        quantity: i32,
        message: &str,
    ) -> anyhow::Result<Pledge> {
        let input = pledge_flow::NewPledgeInput {
            quantity,
            offer_id: None,
            message,
        };
        let (auth, actor) = (&who.auth, &who.actor);
        Ok(pledge_flow::create(conn, self.config, auth, actor, need.id, input).await?)
    }

    async fn approve(&self, conn: &mut Conn, p: &Pledge) -> anyhow::Result<Pledge> {
        let a = &self.approver;
        Ok(pledge_flow::approve(conn, self.config, &a.auth, &a.actor, p.id).await?)
    }

    /// The supporter delivers; with `by_code` the household's receipt code confirms it on the spot.
    async fn deliver(
        &self,
        conn: &mut Conn,
        who: &Person,
        p: &Pledge,
        by_code: bool,
    ) -> anyhow::Result<Pledge> {
        let d = pledge_flow::Delivery {
            note: "已送到家中，当面交给户主",
            tracking_ref: None,
            receipt_code: if by_code {
                p.receipt_code.as_deref()
            } else {
                None
            },
        };
        Ok(pledge_flow::deliver(conn, &who.auth, &who.actor, p.id, d).await?)
    }
}

/// Posts the household's needs once (none yet): returns lines to print.
pub async fn seed(conn: &mut Conn, config: &Config) -> anyhow::Result<Vec<String>> {
    let household = person(conn, EMAIL).await?;
    let Actor::Household { household_id, .. } = household.actor else {
        anyhow::bail!("{EMAIL} is not a household");
    };
    let filter = NeedFilter {
        household_id: Some(household_id),
        ..NeedFilter::default()
    };
    let (_, already) = needs::list(conn, &filter, 0, 1).await?;
    if already > 0 {
        return Ok(vec![format!("  {EMAIL}: {already} needs already there")]);
    }
    let Some(village) = crate::store::households::find(conn, household_id).await? else {
        anyhow::bail!("{EMAIL} has no household record");
    };
    let demo = Demo {
        config,
        household,
        village: village.region_code,
        reviewer: person(conn, "official.duguancun@demo.bangfu.cn").await?,
        approver: person(conn, "official.duguancun2@demo.bangfu.cn").await?,
        donor: person(conn, "donor@demo.bangfu.cn").await?,
        enterprise: person(conn, "enterprise@demo.bangfu.cn").await?,
        charity: person(conn, "charity@demo.bangfu.cn").await?,
        now: Utc::now(),
    };
    let made = conn
        .transaction::<_, anyhow::Error, _>(async |conn| walk(conn, &demo).await)
        .await?;
    Ok(vec![format!(
        "  {EMAIL}: {made} needs in every state (pending_review to expired), through the services"
    )])
}

/// Every state of a need, in the order a household lives them.
async fn walk(conn: &mut Conn, d: &Demo<'_>) -> anyhow::Result<usize> {
    // fulfilled: the charity delivered with the household's receipt code (confirmed on the spot, not
    // rated yet: the web app offers 评价并致谢), the donor's was confirmed by the household, rated.
    let quilts = d.post(conn, &QUILTS, 40, 60).await?;
    d.review(conn, &quilts, None).await?;
    let by_charity = d
        .pledge(conn, &d.charity, &quilts, 1, "冬天快到了，请收下")
        .await?;
    let by_donor = d.pledge(conn, &d.donor, &quilts, 1, "一点心意").await?;
    let by_charity = d.approve(conn, &by_charity).await?;
    let by_donor = d.approve(conn, &by_donor).await?;
    d.deliver(conn, &d.charity, &by_charity, true).await?;
    d.deliver(conn, &d.donor, &by_donor, false).await?;
    let h = &d.household;
    let thanks = Some("谢谢好心人，棉被很暖和！");
    pledge_flow::confirm(conn, &h.auth, &h.actor, by_donor.id, Some(5), thanks).await?;

    // fully_pledged: the enterprise delivered (waiting for the household's confirmation), the
    // donor's is approved and on its way (the household sees its receipt code).
    let bed = d.post(conn, &BED, 20, 60).await?;
    d.review(conn, &bed, None).await?;
    let first = d
        .pledge(conn, &d.enterprise, &bed, 1, "我们负责送货安装")
        .await?;
    let second = d
        .pledge(conn, &d.donor, &bed, 1, "希望老人早日康复")
        .await?;
    let first = d.approve(conn, &first).await?;
    d.approve(conn, &second).await?;
    d.deliver(conn, &d.enterprise, &first, false).await?;

    // open: one pledge approved (its code shown to the household), one waiting for approval, one
    // rejected by the official, one cancelled by its supporter.
    let fertiliser = d.post(conn, &FERTILISER, 10, 90).await?;
    d.review(conn, &fertiliser, None).await?;
    let approved = d.pledge(conn, &d.donor, &fertiliser, 2, "春耕用").await?;
    d.approve(conn, &approved).await?;
    d.pledge(conn, &d.charity, &fertiliser, 3, "支持春耕")
        .await?;
    let refused = d
        .pledge(conn, &d.enterprise, &fertiliser, 1, "一袋")
        .await?;
    let a = &d.approver;
    let reason = "同一企业已在本村认捐同类物资，请先完成交付";
    pledge_flow::reject(conn, &a.auth, &a.actor, refused.id, reason).await?;
    let dropped = d
        .pledge(conn, &d.enterprise, &fertiliser, 1, "一袋")
        .await?;
    let e = &d.enterprise;
    pledge_flow::cancel(conn, &e.auth, &e.actor, dropped.id, Some("库存不足")).await?;

    // rejected, with the reason the household reads.
    let roof = d.post(conn, &ROOF, 15, 120).await?;
    d.review(conn, &roof, Some("请补充危房鉴定材料后重新提交"))
        .await?;

    // withdrawn: the donor pledged, then cancelled; the household took the need back.
    let tricycle = d.post(conn, &TRICYCLE, 30, 90).await?;
    d.review(conn, &tricycle, None).await?;
    let p = d.pledge(conn, &d.donor, &tricycle, 1, "一点心意").await?;
    let dn = &d.donor;
    pledge_flow::cancel(conn, &dn.auth, &dn.actor, p.id, Some("计划有变")).await?;
    let why = Some("亲戚已经帮忙买了");
    need_flow::withdraw(conn, &h.auth, &h.actor, tricycle.id, why).await?;

    // expired: posted 45 days ago, due 40 days later, never reviewed in time; the expiry job's
    // own function closes it.
    d.post(conn, &FILTER, 45, 40).await?;
    need_flow::expire_due(conn, d.now, 100).await?;

    // pending_review: just posted, in the village officials' queue.
    d.post(conn, &HEARING_AID, 1, 60).await?;
    Ok(7)
}

const QUILTS: Ask = Ask {
    title: "过冬厚棉被两条",
    description: "家里老人怕冷，旧棉被已经用了十多年，需要两条厚棉被过冬。",
    category: "food_clothing",
    quantity: 2,
    unit: "条",
    value_fen: 30_000,
    urgency: "urgent",
};
const BED: Ask = Ask {
    title: "护理床两张",
    description: "父亲中风后长期卧床，母亲腿脚不便，需要两张可摇起的护理床。",
    category: "care",
    quantity: 2,
    unit: "张",
    value_fen: 360_000,
    urgency: "urgent",
};
const FERTILISER: Ask = Ask {
    title: "春耕化肥十袋",
    description: "家里种了三亩玉米，春耕需要复合化肥十袋（每袋五十斤）。",
    category: "production",
    quantity: 10,
    unit: "袋",
    value_fen: 150_000,
    urgency: "normal",
};
const ROOF: Ask = Ask {
    title: "房顶漏雨维修",
    description: "老房子房顶漏雨，雨季屋里积水，需要请人翻修房顶。",
    category: "housing",
    quantity: 1,
    unit: "次",
    value_fen: 800_000,
    urgency: "normal",
};
const TRICYCLE: Ask = Ask {
    title: "电动三轮车一辆",
    description: "需要一辆电动三轮车，方便送父亲去镇卫生院复查。",
    category: "care",
    quantity: 1,
    unit: "辆",
    value_fen: 300_000,
    urgency: "normal",
};
const FILTER: Ask = Ask {
    title: "家用净水器一台",
    description: "村里井水水垢重，家里需要一台净水器。",
    category: "drinking_water",
    quantity: 1,
    unit: "台",
    value_fen: 120_000,
    urgency: "normal",
};
const HEARING_AID: Ask = Ask {
    title: "老人助听器一副",
    description: "母亲听力下降，和家人说话困难，需要配一副助听器。",
    category: "care",
    quantity: 1,
    unit: "副",
    value_fen: 150_000,
    urgency: "normal",
};
