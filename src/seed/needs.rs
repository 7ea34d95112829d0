//! Demo households and needs in Lushi County's real townships and villages: a few hundred households,
//! most of them poor through illness or disability (as in the county's figures), and about a thousand
//! needs in every category and status. Generated from a fixed seed, so every run makes the same data;
//! a second run finds the data there and adds nothing.

use crate::domain::need::{
    Category, HardshipCause, MonitoringStatus, NeedContent, NeedStatus, Urgency,
};
use crate::domain::pledge::PledgeStatus;
use crate::domain::review::{self, ReviewRules, SiblingNeed};
use crate::domain::IdNumber;
use crate::domain::Role;
use crate::schema::{households, regions, users};
use crate::store::{audit, needs, pledges, Conn};
use chrono::{Duration, Utc};
use diesel::prelude::*;
use diesel_async::{AsyncConnection, RunQueryDsl};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use serde_json::json;
use uuid::Uuid;

/// How much demo data to make.
#[derive(Debug, Clone, Copy)]
pub struct DemoSize {
    pub households: usize,
    pub needs: usize,
}

impl Default for DemoSize {
    fn default() -> Self {
        Self {
            households: 300,
            needs: 1000,
        }
    }
}
const ACCOUNT_EVERY: usize = 3; // every third household has its own login

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭",
];
const GIVEN: &[&str] = &[
    "建国", "秀兰", "桂芳", "玉梅", "国强", "志刚", "春花", "淑珍", "红霞", "永福", "德胜", "金凤",
    "海军", "明亮", "丽娟", "长庚", "福生", "小燕", "建华", "凤英", "保国", "来福", "翠萍", "宏伟",
    "书文", "满仓", "巧云", "天佑", "素芬", "根生",
];

/// (title, description, unit, quantity range, value per unit in fen)
type Template = (
    &'static str,
    &'static str,
    &'static str,
    (i32, i32),
    (i64, i64),
);

fn templates(c: Category) -> &'static [Template] {
    match c {
        Category::Medical => &[
            (
                "慢性病长期用药补助",
                "家中老人患高血压、糖尿病多年，每月药费三百余元，收入难以负担。",
                "月",
                (3, 12),
                (25_000, 40_000),
            ),
            (
                "住院手术费用缺口",
                "户主因病需在县医院手术，新农合报销后仍有自付部分无力承担。",
                "元",
                (2_000, 8_000),
                (100, 100),
            ),
            (
                "透析治疗往返交通补助",
                "家人尿毒症每周透析三次，往返县城车费负担重。",
                "次",
                (24, 72),
                (3_000, 5_000),
            ),
            (
                "胰岛素及血糖试纸",
                "糖尿病需长期注射胰岛素，需要药品和试纸。",
                "盒",
                (6, 24),
                (6_000, 12_000),
            ),
            (
                "术后康复药品",
                "手术后需服用康复药物三个月。",
                "疗程",
                (1, 3),
                (50_000, 90_000),
            ),
        ],
        Category::Care => &[
            (
                "轮椅一台",
                "家人因脑梗后遗症偏瘫，出行就医需要轮椅。",
                "台",
                (1, 1),
                (60_000, 120_000),
            ),
            (
                "护理床一张",
                "长期卧床老人需要可升降护理床，防止褥疮。",
                "张",
                (1, 1),
                (150_000, 300_000),
            ),
            (
                "助行器一个",
                "腿脚残疾，行走需要助行器。",
                "个",
                (1, 2),
                (15_000, 30_000),
            ),
            (
                "成人纸尿裤",
                "失能老人长期卧床，需要纸尿裤。",
                "包",
                (10, 40),
                (4_000, 6_000),
            ),
            (
                "康复训练服务",
                "孩子脑瘫，需要到县康复中心做康复训练。",
                "次",
                (10, 30),
                (8_000, 15_000),
            ),
            (
                "适配助听器",
                "老人听力残疾，需要适配助听器。",
                "副",
                (1, 2),
                (80_000, 200_000),
            ),
        ],
        Category::Education => &[
            (
                "高中学杂费",
                "孩子在县一高上学，学杂费和住宿费家里拿不出。",
                "学期",
                (1, 2),
                (150_000, 250_000),
            ),
            (
                "大学新生路费和生活费",
                "孩子考上大学，需要路费和第一个月生活费。",
                "元",
                (2_000, 5_000),
                (100, 100),
            ),
            (
                "学习用品和书包",
                "两个孩子上小学，需要书包、文具和课外书。",
                "套",
                (1, 3),
                (8_000, 15_000),
            ),
            (
                "冬季校服和棉鞋",
                "孩子冬天上学没有厚衣服和棉鞋。",
                "套",
                (1, 3),
                (15_000, 25_000),
            ),
            (
                "寄宿生活费补助",
                "孩子在镇中学寄宿，每周生活费困难。",
                "月",
                (3, 10),
                (30_000, 50_000),
            ),
        ],
        Category::Housing => &[
            (
                "危房屋顶修缮",
                "土坯房屋顶漏雨，雨季有安全隐患，需要瓦片和人工。",
                "平方米",
                (20, 60),
                (6_000, 10_000),
            ),
            (
                "门窗更换",
                "老房门窗破损，冬天漏风。",
                "扇",
                (2, 6),
                (30_000, 60_000),
            ),
            (
                "冬季取暖用煤",
                "山区冬季寒冷，需要取暖用煤。",
                "吨",
                (1, 2),
                (90_000, 120_000),
            ),
            (
                "厨房灶台改造",
                "灶台破旧冒烟，需要改造。",
                "套",
                (1, 1),
                (100_000, 200_000),
            ),
        ],
        Category::DrinkingWater => &[
            (
                "入户自来水管道",
                "村里集中供水已通，家里到主管道还差一段水管。",
                "米",
                (30, 150),
                (1_500, 3_000),
            ),
            (
                "家用净水设备",
                "井水水质偏硬，需要净水器。",
                "台",
                (1, 1),
                (80_000, 150_000),
            ),
            (
                "水窖修缮",
                "旱季吃水靠水窖，水窖开裂渗漏。",
                "口",
                (1, 1),
                (200_000, 400_000),
            ),
            (
                "大容量储水桶",
                "山上取水不便，需要大储水桶。",
                "个",
                (2, 4),
                (8_000, 15_000),
            ),
        ],
        Category::FoodClothing => &[
            (
                "冬季棉被棉衣",
                "家里老人过冬没有厚棉被和棉衣。",
                "套",
                (1, 4),
                (20_000, 40_000),
            ),
            (
                "米面油口粮",
                "家中劳动力因病丧失，口粮困难。",
                "袋",
                (4, 12),
                (5_000, 10_000),
            ),
            (
                "冬衣和棉鞋",
                "孩子和老人需要冬衣和棉鞋。",
                "套",
                (2, 5),
                (10_000, 25_000),
            ),
        ],
        Category::Production => &[
            (
                "核桃树苗",
                "想扩种核桃，需要优质嫁接苗。",
                "株",
                (50, 200),
                (800, 1_500),
            ),
            (
                "香菇菌棒",
                "发展香菇种植，需要菌棒。",
                "棒",
                (1_000, 5_000),
                (250, 400),
            ),
            (
                "复合化肥",
                "春耕需要化肥。",
                "袋",
                (5, 20),
                (12_000, 18_000),
            ),
            (
                "仔猪养殖",
                "想养猪增收，需要仔猪。",
                "头",
                (2, 5),
                (60_000, 90_000),
            ),
            (
                "养蜂蜂箱",
                "山区适合养蜂，需要蜂箱和蜂种。",
                "箱",
                (5, 20),
                (30_000, 50_000),
            ),
            (
                "连翘种苗",
                "种植中药材连翘，需要种苗。",
                "株",
                (200, 1_000),
                (100, 300),
            ),
        ],
        Category::Employment => &[
            (
                "电焊技能培训",
                "家中青年想学电焊外出务工，需要培训费。",
                "人次",
                (1, 1),
                (150_000, 300_000),
            ),
            (
                "家政服务培训",
                "妇女想学家政技能就近务工。",
                "人次",
                (1, 2),
                (50_000, 120_000),
            ),
            (
                "就近务工岗位",
                "因照顾病人不能外出，希望在附近企业找到工作。",
                "个",
                (1, 1),
                (0, 0),
            ),
            (
                "农村电商培训",
                "想在网上卖核桃和香菇，需要电商培训。",
                "人次",
                (1, 2),
                (30_000, 80_000),
            ),
        ],
        Category::Other => &[
            (
                "手机和话费",
                "老人独居，子女外出，需要老人手机联系。",
                "部",
                (1, 1),
                (20_000, 40_000),
            ),
            (
                "证件办理路费",
                "需要去市里办理残疾证评定，路费困难。",
                "次",
                (1, 3),
                (5_000, 10_000),
            ),
        ],
    }
}

/// Which status a demo need is in, with its weight (per 100).
const STATUSES: &[(NeedStatus, u32)] = &[
    (NeedStatus::PendingReview, 15),
    (NeedStatus::Open, 45),
    (NeedStatus::FullyPledged, 5),
    (NeedStatus::Fulfilled, 10),
    (NeedStatus::Rejected, 8),
    (NeedStatus::Withdrawn, 5),
    (NeedStatus::Expired, 12),
];

const REJECTIONS: &[&str] = &[
    "请补充医院诊断证明",
    "与已有需求重复",
    "经核实已享受相关政策保障",
    "金额偏高，请按实际需要修改",
    "请补充学校在读证明",
];

fn pick_status(rng: &mut StdRng) -> NeedStatus {
    let mut roll = rng.gen_range(0..100);
    for (s, w) in STATUSES {
        if roll < *w {
            return *s;
        }
        roll -= w;
    }
    NeedStatus::Open
}

fn pick_category(rng: &mut StdRng, causes: &[HardshipCause]) -> Category {
    // Households poor through illness or disability ask mostly for medical and care support.
    let sick = causes
        .iter()
        .any(|c| matches!(c, HardshipCause::Illness | HardshipCause::Disability));
    if sick && rng.gen_bool(0.55) {
        return if rng.gen_bool(0.5) {
            Category::Medical
        } else {
            Category::Care
        };
    }
    *Category::ALL.choose(rng).unwrap_or(&Category::Other)
}

/// Unique per `seq` (below 62,000): the year and sequence number come from it.
fn id_number(rng: &mut StdRng, seq: usize) -> Option<IdNumber> {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let base = format!(
        "411224{:04}{:02}{:02}{:03}",
        1940 + (seq / 1000) % 62,
        rng.gen_range(1..13),
        rng.gen_range(1..29),
        seq % 1000
    );
    let sum: u32 = WEIGHTS
        .iter()
        .zip(base.bytes())
        .map(|(w, d)| w * u32::from(d - b'0'))
        .sum();
    IdNumber::parse(&format!(
        "{base}{}",
        "10X98765432".as_bytes()[(sum % 11) as usize] as char
    ))
    .ok()
}

/// Seeds the households and needs; returns lines to print.
pub async fn seed(
    conn: &mut Conn,
    password_hash: &str,
    size: DemoSize,
) -> anyhow::Result<Vec<String>> {
    // The first official of each place before its second (official.duguan before official.duguan2),
    // so that the choices below are the same on every run.
    let mut officials: Vec<(Uuid, String, String)> = users::table
        .inner_join(
            crate::schema::jurisdictions::table
                .on(crate::schema::jurisdictions::official_id.eq(users::id)),
        )
        .filter(users::email.like("official.%@demo.bangfu.cn"))
        .order(users::email)
        .select((
            users::id,
            crate::schema::jurisdictions::region_code,
            users::email,
        ))
        .load(conn)
        .await?;
    officials.sort_by(|a, b| (a.2.len(), &a.2).cmp(&(b.2.len(), &b.2)));
    let by_email = |email: &str| {
        officials
            .iter()
            .find(|(_, _, e)| e == email)
            .map(|(id, _, _)| *id)
    };
    let Some(county) = by_email("official.lushi@demo.bangfu.cn") else {
        anyhow::bail!("the demo county official is missing");
    };
    // The second county official registers and posts where no township official does, so that the
    // first (the newcomer's demo official) finds those needs in its review queue.
    let county2 = by_email("official.lushi2@demo.bangfu.cn").unwrap_or(county);
    let officials: Vec<(Uuid, String)> = officials.into_iter().map(|(i, r, _)| (i, r)).collect();
    let official_ids: Vec<Uuid> = officials.iter().map(|(id, _)| *id).collect();
    let already: i64 = households::table
        .filter(households::created_by.eq_any(&official_ids))
        .count()
        .get_result(conn)
        .await?;
    if already > 0 {
        return Ok(vec![format!(
            "demo households and needs: already there ({already} households)"
        )]);
    }
    let villages: Vec<String> = regions::table
        .filter(regions::level.eq("village"))
        .filter(regions::code.like("411224%"))
        .order(regions::code)
        .select(regions::code)
        .load(conn)
        .await?;
    anyhow::ensure!(
        !villages.is_empty(),
        "Lushi County's villages are not loaded"
    );
    let supporters: Vec<Uuid> = users::table
        .filter(users::email.eq_any([
            "donor@demo.bangfu.cn",
            "enterprise@demo.bangfu.cn",
            "charity@demo.bangfu.cn",
        ]))
        .order(users::email)
        .select(users::id)
        .load(conn)
        .await?;
    anyhow::ensure!(!supporters.is_empty(), "the demo supporters are missing");
    let rules = ReviewRules::bundled();
    let mut rng = StdRng::seed_from_u64(2019_0412);
    let now = Utc::now();

    let (households_made, needs_made) = conn
        .transaction::<_, anyhow::Error, _>(async |conn| {
            let mut household_rows = Vec::new();
            for i in 0..size.households {
                let village = villages
                    .choose(&mut rng)
                    .cloned()
                    .unwrap_or_else(|| villages[0].clone());
                let roll = rng.gen_range(0..100);
                let mut causes = match roll {
                    0..=44 => vec![HardshipCause::Illness],
                    45..=71 => vec![HardshipCause::Disability],
                    72..=79 => vec![HardshipCause::SchoolingCosts],
                    80..=86 => vec![HardshipCause::LackOfLabour],
                    87..=92 => vec![HardshipCause::LackOfSkills],
                    93..=96 => vec![HardshipCause::LackOfFunds],
                    97..=98 => vec![HardshipCause::Disaster],
                    _ => vec![HardshipCause::Other],
                };
                if rng.gen_bool(0.3) {
                    let extra = *[
                        HardshipCause::LackOfLabour,
                        HardshipCause::LackOfFunds,
                        HardshipCause::SchoolingCosts,
                    ]
                    .choose(&mut rng)
                    .unwrap_or(&HardshipCause::Other);
                    if !causes.contains(&extra) {
                        causes.push(extra);
                    }
                }
                let monitoring = match rng.gen_range(0..100) {
                    0..=59 => MonitoringStatus::RegisteredPoor,
                    60..=79 => MonitoringStatus::Marginal,
                    80..=94 => MonitoringStatus::Monitored,
                    _ => MonitoringStatus::None,
                };
                let name = format!(
                    "{}{}",
                    SURNAMES.choose(&mut rng).unwrap_or(&"王"),
                    GIVEN.choose(&mut rng).unwrap_or(&"建国")
                );
                // Demo households carry no ID number: its digest needs the server's key, which the
                // seed does not hold. The draw stays so the rest of the demo data is unchanged.
                let _ = id_number(&mut rng, i);
                let has_account = i % ACCOUNT_EVERY == 0;
                let phone = has_account.then(|| {
                    format!(
                        "1{}{:09}",
                        rng.gen_range(3..10),
                        rng.gen_range(0..1_000_000_000u64)
                    )
                });
                let household_id = Uuid::new_v4();
                // The official of the household's township if there is one, else the county's.
                let creator = officials
                    .iter()
                    .find(|(_, r)| r.len() == 9 && village.starts_with(r.as_str()))
                    .map_or(county2, |(id, _)| *id);
                diesel::insert_into(households::table)
                    .values(&crate::store::households::NewHousehold {
                        id: household_id,
                        head_name: &name,
                        region_code: &village,
                        id_number_digest: None,
                        id_number_masked: None,
                        phone: phone.as_deref(),
                        size: Some(rng.gen_range(1..7)),
                        causes: causes.clone(),
                        monitoring_status: monitoring,
                        created_by: Some(creator),
                    })
                    .execute(conn)
                    .await?;
                let poster = if has_account {
                    let user_id = Uuid::new_v4();
                    crate::store::users::insert(
                        conn,
                        &crate::store::users::NewUser {
                            id: user_id,
                            email: &format!("household{:03}@demo.bangfu.cn", i + 1),
                            password_hash,
                            display_name: &format!(
                                "{}家",
                                &name[..name.char_indices().nth(1).map_or(name.len(), |(b, _)| b)]
                            ),
                            role: Role::Household,
                            organization_id: None,
                            household_id: Some(household_id),
                            email_verified_at: Some(chrono::Utc::now()),
                        },
                    )
                    .await?;
                    user_id
                } else {
                    creator
                };
                // Two people: the need is reviewed and its pledges approved by an official other
                // than the one who posted it, and receipt confirmed by yet another.
                let reviewer = other_official(&officials, &village, creator, county);
                let confirmer = other_official(&officials, &village, reviewer, county);
                household_rows.push((
                    household_id,
                    village,
                    causes,
                    monitoring,
                    poster,
                    (reviewer, confirmer),
                ));
            }

            let mut made: Vec<(Uuid, NeedContent)> = Vec::new();
            for n in 0..size.needs {
                let (household_id, village, causes, monitoring, poster, (reviewer, confirmer)) =
                    &household_rows[n % size.households.max(1)];
                let category = pick_category(&mut rng, causes);
                let list = templates(category);
                let (title, description, unit, (qmin, qmax), (vmin, vmax)) =
                    list[rng.gen_range(0..list.len())];
                let quantity = rng.gen_range(qmin..=qmax);
                let value = rng.gen_range(vmin..=vmax) * i64::from(quantity);
                let status = pick_status(&mut rng);
                let created_at = now
                    - Duration::days(rng.gen_range(5..150))
                    - Duration::minutes(rng.gen_range(0..1440));
                let deadline = if status == NeedStatus::Expired {
                    now - Duration::days(rng.gen_range(1..30))
                } else {
                    now + Duration::days(rng.gen_range(10..200))
                };
                let urgency = match rng.gen_range(0..10) {
                    0..=5 => Urgency::Normal,
                    6..=8 => Urgency::Urgent,
                    _ => Urgency::Critical,
                };
                let content = NeedContent {
                    title: title.to_owned(),
                    description: description.to_owned(),
                    category,
                    quantity,
                    unit: unit.to_owned(),
                    estimated_value_fen: value.min(1_000_000_000),
                    urgency,
                    deadline,
                };
                let decided = status != NeedStatus::PendingReview
                    && !(status == NeedStatus::Expired && rng.gen_bool(0.3));
                let published = status != NeedStatus::Rejected && decided;
                let pledged = match status {
                    NeedStatus::FullyPledged | NeedStatus::Fulfilled => quantity,
                    NeedStatus::Open if rng.gen_bool(0.3) => rng.gen_range(0..quantity.max(1)),
                    _ => 0,
                };
                let rejection = (status == NeedStatus::Rejected)
                    .then(|| *REJECTIONS.choose(&mut rng).unwrap_or(&"请补充材料"));
                let id = Uuid::new_v4();
                diesel::insert_into(crate::schema::needs::table)
                    .values((
                        &needs::NewNeed {
                            id,
                            household_id: *household_id,
                            region_code: village,
                            posted_by: *poster,
                            title: &content.title,
                            description: &content.description,
                            category,
                            urgency,
                            quantity,
                            unit: &content.unit,
                            estimated_value_fen: content.estimated_value_fen,
                            deadline,
                            status,
                            rejection_reason: rejection,
                            published_at: published.then(|| created_at + Duration::days(2)),
                            created_at,
                        },
                        crate::schema::needs::pledged_quantity.eq(pledged),
                        crate::schema::needs::confirmed_quantity.eq(
                            if status == NeedStatus::Fulfilled {
                                quantity
                            } else {
                                0
                            },
                        ),
                    ))
                    .execute(conn)
                    .await?;
                crate::search::indexing::enqueue_need(conn, id).await?;
                audit::append(
                    conn,
                    audit::Entry {
                        actor_id: Some(*poster),
                        action: "need.posted",
                        subject_type: "need",
                        subject_id: id,
                        details: json!({ "category": category.as_str(), "demo": true }),
                    },
                )
                .await?;
                if decided {
                    let siblings: Vec<SiblingNeed<'_>> = made
                        .iter()
                        .filter(|(h, _)| h == household_id)
                        .map(|(_, c)| SiblingNeed {
                            id: Uuid::nil(),
                            category: c.category,
                            title: &c.title,
                            description: &c.description,
                        })
                        .collect();
                    let flags = review::flags(&rules, &content, *monitoring, &siblings);
                    let approve = status != NeedStatus::Rejected;
                    needs::insert_review(
                        conn,
                        &needs::NewNeedReview {
                            id: Uuid::new_v4(),
                            need_id: id,
                            official_id: *reviewer,
                            decision: if approve { "approve" } else { "reject" },
                            reason: rejection,
                            flags: serde_json::to_value(&flags)?,
                        },
                    )
                    .await?;
                    audit::append(
                        conn,
                        audit::Entry {
                            actor_id: Some(*reviewer),
                            action: if approve {
                                "need.approved"
                            } else {
                                "need.rejected"
                            },
                            subject_type: "need",
                            subject_id: id,
                            details: json!({ "reason": rejection, "demo": true }),
                        },
                    )
                    .await?;
                }
                if pledged > 0 {
                    seed_pledges(
                        conn,
                        &mut rng,
                        id,
                        village,
                        status,
                        pledged,
                        (*reviewer, *confirmer),
                        &supporters,
                        created_at,
                    )
                    .await?;
                }
                made.push((*household_id, content));
            }
            Ok((household_rows.len(), made.len()))
        })
        .await?;
    Ok(vec![
        format!("demo households: {households_made} in Lushi County's villages (every {ACCOUNT_EVERY}rd with a login: household001@demo.bangfu.cn, household004@…)"),
        format!("demo needs: {needs_made} in every category and status"),
    ])
}

/// An official of the village's jurisdiction other than `not`, at the level nearest the village
/// (the last of equals in the given order); `fallback` when there is none.
fn other_official(officials: &[(Uuid, String)], village: &str, not: Uuid, fallback: Uuid) -> Uuid {
    officials
        .iter()
        .filter(|(id, r)| *id != not && village.starts_with(r.as_str()))
        .max_by_key(|(_, r)| r.len())
        .map_or(fallback, |(id, _)| *id)
}

const THANKS: &[&str] = &[
    "谢谢好心人，东西已经收到了！",
    "感谢爱心企业的帮助，解了燃眉之急。",
    "收到了，全家都很感激。",
    "谢谢你们，孩子可以安心上学了。",
];

/// Pledges behind a demo need's pledged quantity, in states that fit the need's: confirmed for
/// fulfilled needs, approved or delivered for fully pledged ones, waiting or approved for open ones.
#[allow(clippy::too_many_arguments)]
async fn seed_pledges(
    conn: &mut Conn,
    rng: &mut StdRng,
    need_id: Uuid,
    village: &str,
    need_status: NeedStatus,
    pledged: i32,
    (official, confirmer): (Uuid, Uuid),
    supporters: &[Uuid],
    created_at: chrono::DateTime<Utc>,
) -> anyhow::Result<()> {
    // One or two pledges that add up to the pledged quantity.
    let first = if pledged > 1 && rng.gen_bool(0.5) {
        rng.gen_range(1..pledged)
    } else {
        pledged
    };
    let parts: Vec<i32> = if first < pledged {
        vec![first, pledged - first]
    } else {
        vec![pledged]
    };
    for quantity in parts {
        let supporter = supporters[rng.gen_range(0..supporters.len())];
        let status = match need_status {
            NeedStatus::Fulfilled => PledgeStatus::Confirmed,
            NeedStatus::FullyPledged if rng.gen_bool(0.5) => PledgeStatus::Delivered,
            NeedStatus::FullyPledged => PledgeStatus::Approved,
            _ if rng.gen_bool(0.5) => PledgeStatus::Approved,
            _ => PledgeStatus::PendingApproval,
        };
        let confirmed = status == PledgeStatus::Confirmed;
        let delivered = PledgeStatus::DELIVERED.contains(&status);
        let at = created_at + Duration::days(3);
        let decided = status != PledgeStatus::PendingApproval;
        let pledge_id = Uuid::new_v4();
        diesel::insert_into(crate::schema::pledges::table)
            .values((
                &pledges::NewPledge {
                    id: pledge_id,
                    need_id,
                    supporter_id: supporter,
                    region_code: village,
                    quantity,
                    message: "一点心意，希望能帮上忙",
                    expires_at: Utc::now() + Duration::days(if decided { 30 } else { 14 }),
                    created_at: at,
                    updated_at: at,
                    offer_id: None,
                },
                crate::schema::pledges::status.eq(status),
                crate::schema::pledges::receipt_code
                    .eq(decided.then(|| format!("{:06}", rng.gen_range(0..1_000_000)))),
                crate::schema::pledges::decided_by.eq(decided.then_some(official)),
                crate::schema::pledges::decided_at.eq(decided.then(|| at + Duration::days(1))),
                crate::schema::pledges::delivered_at.eq(delivered.then(|| at + Duration::days(5))),
                crate::schema::pledges::delivery_note.eq(delivered.then_some("已送到家中")),
                crate::schema::pledges::confirmed_at.eq(confirmed.then(|| at + Duration::days(6))),
                crate::schema::pledges::confirmed_by.eq(confirmed.then_some(confirmer)),
                crate::schema::pledges::rating.eq(confirmed.then(|| rng.gen_range(4..=5i16))),
                crate::schema::pledges::thanks
                    .eq(confirmed.then(|| THANKS[rng.gen_range(0..THANKS.len())])),
            ))
            .execute(conn)
            .await?;
        audit::append(
            conn,
            audit::Entry {
                actor_id: Some(supporter),
                action: &format!("pledge.{status}"),
                subject_type: "pledge",
                subject_id: pledge_id,
                details: json!({ "need_id": need_id, "quantity": quantity, "to": status, "demo": true }),
            },
        )
        .await?;
    }
    Ok(())
}
