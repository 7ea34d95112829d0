//! Demo households and needs in Lushi County's real townships and villages: a few hundred households,
//! most of them poor through illness or disability (as in the county's figures), and about a thousand
//! needs in every category and status. Generated from a fixed seed, so every run makes the same data;
//! a second run finds the data there and adds nothing.

use super::need_texts::*;
use crate::domain::need::{HardshipCause, MonitoringStatus, NeedContent, NeedStatus, Urgency};
use crate::domain::pledge::PledgeStatus;
use crate::domain::review::{self, ReviewRules, SiblingNeed};
use crate::domain::Role;
use crate::store::{audit, demo, needs, pledges, Conn};
use chrono::{Duration, Utc};
use diesel_async::AsyncConnection;
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
/// Seeds the households and needs; returns lines to print.
pub async fn seed(
    conn: &mut Conn,
    password_hash: &str,
    size: DemoSize,
) -> anyhow::Result<Vec<String>> {
    // The first official of each place before its second (official.duguan before official.duguan2),
    // so that the choices below are the same on every run.
    let mut officials: Vec<(Uuid, String, String)> = demo::officials(conn).await?;
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
    let already: i64 = demo::households_created_by(conn, &official_ids).await?;
    if already > 0 {
        return Ok(vec![format!(
            "demo households and needs: already there ({already} households)"
        )]);
    }
    let villages: Vec<String> = demo::villages_under(conn, "411224").await?;
    anyhow::ensure!(
        !villages.is_empty(),
        "Lushi County's villages are not loaded"
    );
    let supporters: Vec<Uuid> = demo::user_ids(
        conn,
        &[
            "donor@demo.bangfu.cn",
            "enterprise@demo.bangfu.cn",
            "charity@demo.bangfu.cn",
        ],
    )
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
                demo::insert_household(
                    conn,
                    &crate::store::households::NewHousehold {
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
                    },
                )
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
                demo::insert_need(
                    conn,
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
                    pledged,
                    if status == NeedStatus::Fulfilled {
                        quantity
                    } else {
                        0
                    },
                )
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
        demo::insert_pledge(
            conn,
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
            demo::PledgeProgress {
                status,
                receipt_code: decided.then(|| format!("{:06}", rng.gen_range(0..1_000_000))),
                decided_by: decided.then_some(official),
                decided_at: decided.then(|| at + Duration::days(1)),
                delivered_at: delivered.then(|| at + Duration::days(5)),
                delivery_note: delivered.then_some("已送到家中"),
                confirmed_at: confirmed.then(|| at + Duration::days(6)),
                confirmed_by: confirmed.then_some(confirmer),
                rating: confirmed.then(|| rng.gen_range(4..=5i16)),
                thanks: confirmed.then(|| THANKS[rng.gen_range(0..THANKS.len())]),
            },
        )
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
