//! Demo needs in Lushi County's real townships and villages: about a thousand needs in every
//! category and status, for a few hundred households ([`super::demo_households`]), with their reviews and
//! pledges ([`super::pledges`]). Generated from a fixed seed, so every run makes the same data; a
//! second run finds the data there and adds nothing.

use super::demo_households;
use super::need_texts::*;
use super::pledges::seed_pledges;
use crate::domain::need::{NeedStatus, Urgency};
use crate::domain::need_fields::NeedContent;
use crate::domain::review::{self, ReviewRules, SiblingNeed};
use crate::store::{audit, demo, need_reviews, needs, Conn};
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
            let household_rows = demo_households::make(
                conn,
                &mut rng,
                size.households,
                &villages,
                &officials,
                (county, county2),
                password_hash,
            )
            .await?;
            let mut made: Vec<(Uuid, NeedContent)> = Vec::new();
            for n in 0..size.needs {
                let h = &household_rows[n % size.households.max(1)];
                let (household_id, village, causes, monitoring, poster) =
                    (&h.id, &h.village, &h.causes, &h.monitoring, &h.poster);
                let (reviewer, confirmer) = (&h.reviewer, &h.confirmer);
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
                        chain: audit::AuditChain::of_code(village),
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
                    need_reviews::insert_review(
                        conn,
                        &need_reviews::NewNeedReview {
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
                            chain: audit::AuditChain::of_code(village),
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
