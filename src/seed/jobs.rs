//! The demo's jobs (就业扶贫): the demo enterprise, once its county verified it, posts a village
//! workshop (扶贫车间) in 杜关村, packing work in the county seat and cold-store work in the city; the
//! charity posts care work. A village official records who can work in the README household and in
//! households of 杜关村; applications stand in every state, and one hire started 30 days ago so its
//! 30-day check is due. Every step goes through the service functions, as over the API.

use super::household_account::{person, Person, EMAIL as HOUSEHOLD};
use crate::domain::employment::application::ApplicationAction;
use crate::domain::employment::application_fields::{ApplicationContent, HireTerms};
use crate::domain::employment::posting::JobContent;
use crate::domain::employment::work::WorkProfile;
use crate::domain::employment::{AgeBand, PayPeriod, Skill, Travel};
use crate::domain::RegionCode;
use crate::service::household_work;
use crate::service::job_applications as application_flow;
use crate::service::job_postings as posting_flow;
use crate::store::job_postings::JobPosting;
use crate::store::{households, job_postings, organizations, Conn};
use chrono::{Duration, Utc};
use uuid::Uuid;

const ENTERPRISE: &str = "enterprise@demo.bangfu.cn";
const CHARITY: &str = "charity@demo.bangfu.cn";
/// The second county official verifies the enterprise: the first stays free to certify its products
/// (the two-people rule keeps a verifier from certifying for the organization it verified).
const COUNTY_OFFICIAL: &str = "official.lushi2@demo.bangfu.cn";
const VILLAGE_OFFICIAL: &str = "official.duguancun@demo.bangfu.cn";
/// 杜关村, the README household's village and the workshop's.
const VILLAGE: &str = "411224101200";

struct Posting {
    employer: &'static str,
    title: &'static str,
    description: &'static str,
    region: &'static str,
    positions: i32,
    pay: (i64, i64, PayPeriod),
    skills: &'static [Skill],
    housing: bool,
    open_days: i64,
}

const POSTINGS: &[Posting] = &[
    Posting {
        employer: ENTERPRISE,
        title: "杜关村扶贫车间 手工编织工",
        description: "村里的扶贫车间编织藤编收纳篮和草编工艺品，在家门口上班，照顾老人孩子两不误。会针线活优先，不会的车间师傅手把手教。按天结算工钱。",
        region: VILLAGE,
        positions: 8,
        pay: (8_000, 12_000, PayPeriod::Day),
        skills: &[Skill::Handicraft, Skill::Sewing],
        housing: false,
        open_days: 90,
    },
    Posting {
        employer: ENTERPRISE,
        title: "卢氏香菇分拣包装工",
        description: "县城食用菌加工厂招分拣包装工，分拣干香菇、称重装袋、贴标。包住宿，工作日管午饭，旺季有加班费。",
        region: "411224100",
        positions: 12,
        pay: (280_000, 360_000, PayPeriod::Month),
        skills: &[Skill::Manufacturing, Skill::Logistics],
        housing: true,
        open_days: 60,
    },
    Posting {
        employer: ENTERPRISE,
        title: "三门峡果品冷库 搬运装卸工",
        description: "市里的苹果冷库招搬运装卸工，叉车司机另有补贴。包吃住，月休四天。",
        region: "4112",
        positions: 6,
        pay: (400_000, 500_000, PayPeriod::Month),
        skills: &[Skill::Logistics, Skill::Driving],
        housing: true,
        open_days: 45,
    },
    Posting {
        employer: CHARITY,
        title: "卢氏县居家养老护理员",
        description: "为县里的独居老人上门做饭、打扫、陪护，机构统一培训并发证书。",
        region: "411224",
        positions: 5,
        pay: (220_000, 300_000, PayPeriod::Month),
        skills: &[Skill::Care, Skill::Cooking],
        housing: false,
        open_days: 60,
    },
];

/// Who can work in 杜关村's demo households, after the README household's: (able, skills, travel).
const WORKERS: &[(i16, &[Skill], Travel)] = &[
    (2, &[Skill::Handicraft, Skill::Sewing], Travel::County),
    (1, &[Skill::Handicraft], Travel::County),
    (
        3,
        &[Skill::Logistics, Skill::Driving, Skill::Farming],
        Travel::Province,
    ),
    (1, &[Skill::Cooking, Skill::Care], Travel::County),
];

/// Posts the demo's jobs once (nothing yet from the demo enterprise): returns lines to print.
pub async fn seed(conn: &mut Conn) -> anyhow::Result<Vec<String>> {
    let enterprise = person(conn, ENTERPRISE).await?;
    let (_, n) = job_postings::of_employer(conn, enterprise.auth.id, 0, 1).await?;
    if n > 0 {
        return Ok(vec![format!(
            "  jobs: {ENTERPRISE} already posts {n} job(s)"
        )]);
    }
    verify_enterprise(conn, &enterprise).await?;
    let mut posted = Vec::new();
    for p in POSTINGS {
        let employer = person(conn, p.employer).await?;
        let content = JobContent {
            title: p.title.to_owned(),
            description: p.description.to_owned(),
            region_code: RegionCode::from_trusted(p.region.to_owned()),
            positions: p.positions,
            pay_min_fen: p.pay.0,
            pay_max_fen: p.pay.1,
            pay_period: p.pay.2,
            skills: p.skills.to_vec(),
            housing: p.housing,
            valid_until: Utc::now() + Duration::days(p.open_days),
        };
        posted.push(posting_flow::create(conn, &employer.auth, &employer.actor, &content).await?);
    }
    let workers = record_workers(conn).await?;
    let applications = applications(conn, &posted, &enterprise, &workers).await?;
    Ok(vec![format!(
        "  jobs: {} posted (a workshop in 杜关村), {} households with members able to work, {applications} applications (one hire's 30-day check is due)",
        posted.len(),
        workers.len() + 1,
    )])
}

/// The county verifies the enterprise's credit code (only verified organizations post jobs).
async fn verify_enterprise(conn: &mut Conn, enterprise: &Person) -> anyhow::Result<()> {
    let official = person(conn, COUNTY_OFFICIAL).await?;
    let Some(user) = crate::store::users::find(conn, enterprise.auth.id).await? else {
        anyhow::bail!("the demo enterprise is missing");
    };
    if let (Some(org), Some(by)) = (user.organization_id, official.actor.user_id()) {
        organizations::verify(conn, org, by, Utc::now()).await?;
    }
    Ok(())
}

/// The village official records who can work: the README household, then others of 杜关村.
async fn record_workers(conn: &mut Conn) -> anyhow::Result<Vec<Uuid>> {
    let official = person(conn, VILLAGE_OFFICIAL).await?;
    let readme = readme_household(conn).await?;
    let profile = WorkProfile {
        able_to_work: 2,
        skills: vec![Skill::Farming, Skill::Handicraft, Skill::Sewing],
        willing_to_travel: Travel::County,
    };
    household_work::record(conn, &official.actor, readme, &profile).await?;
    let (rows, _) = households::list_in_scope(conn, &format!("{VILLAGE}%"), 0, 20).await?;
    let mut others = Vec::new();
    for (h, (able, skills, travel)) in rows.iter().filter(|h| h.id != readme).zip(WORKERS.iter()) {
        let profile = WorkProfile {
            able_to_work: *able,
            skills: skills.to_vec(),
            willing_to_travel: *travel,
        };
        household_work::record(conn, &official.actor, h.id, &profile).await?;
        others.push(h.id);
    }
    Ok(others)
}

async fn readme_household(conn: &mut Conn) -> anyhow::Result<Uuid> {
    match person(conn, HOUSEHOLD).await?.actor {
        crate::domain::access::Actor::Household { household_id, .. } => Ok(household_id),
        _ => anyhow::bail!("{HOUSEHOLD} is not a household"),
    }
}

/// Applications in every state: the README household applied to the packing job itself; for others
/// the village official applied to the workshop, one is invited, one hired 30 days ago.
async fn applications(
    conn: &mut Conn,
    posted: &[JobPosting],
    enterprise: &Person,
    workers: &[Uuid],
) -> anyhow::Result<usize> {
    let (Some(workshop), Some(packing)) = (posted.first(), posted.get(1)) else {
        anyhow::bail!("the demo jobs are missing");
    };
    let household = person(conn, HOUSEHOLD).await?;
    let official = person(conn, VILLAGE_OFFICIAL).await?;
    let content = |age_band, skills: &[Skill], note: &str| ApplicationContent {
        age_band,
        skills: skills.to_vec(),
        note: note.to_owned(),
    };
    let mine = content(
        AgeBand::From35To44,
        &[Skill::Manufacturing],
        "在家种过香菇，会分拣。",
    );
    application_flow::apply(
        conn,
        &household.auth,
        &household.actor,
        packing.id,
        None,
        &mine,
    )
    .await?;
    let mut made = 1;
    let (ea, ec) = (&enterprise.auth, &enterprise.actor);
    for (i, h) in workers.iter().take(2).enumerate() {
        let c = content(
            AgeBand::From45To54,
            &[Skill::Handicraft],
            "会编草帽和竹篮。",
        );
        let a = application_flow::apply(
            conn,
            &official.auth,
            &official.actor,
            workshop.id,
            Some(*h),
            &c,
        )
        .await?;
        made += 1;
        application_flow::act(conn, ea, ec, a.id, ApplicationAction::Invite, None).await?;
        if i == 0 {
            let (oa, oc) = (&official.auth, &official.actor);
            application_flow::act(conn, oa, oc, a.id, ApplicationAction::Accept, None).await?;
            let terms = HireTerms {
                start_date: (Utc::now() - Duration::days(30)).date_naive(),
                pay_fen: 10_000,
            };
            application_flow::hire(conn, ea, ec, a.id, terms).await?;
        }
    }
    Ok(made)
}
